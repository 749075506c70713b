#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSQLite3
import PandaCore

// SQLITE_TRANSIENT as the C macro defines it: SQLite copies the bound bytes.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
// SQLITE_STATIC (a null destructor): SQLite reads the bound bytes where they are until they are unbound.
private let staticBytes: sqlite3_destructor_type? = nil

/// The SQLite engine: the one place with sqlite3_ calls (besides the online backup in Backup.swift).
/// Errors carry the extended result code and the SQL.
final class SQLiteConnection: DatabaseConnection {
    let handle: OpaquePointer
    let path: String
    var dialect: any SQLDialect { SQLiteDialect.shared }

    enum Mode { case readWrite, readOnly, create }

    /// Configures the library once, before its first connection: no memory statistics (pandactl reads
    /// none), so allocating and freeing takes no global mutex.
    private static let configured: Void = { _ = pandactl_sqlite3_disable_memstatus() }()

    init(path: String, mode: Mode) throws(DatabaseError) {
        Self.configured
        var db: OpaquePointer?
        var flags: Int32 = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw DatabaseError(code: rc, message: msg, sql: nil)
        }
        sqlite3_extended_result_codes(db, 1)
        self.handle = db
        self.path = path
    }

    deinit { sqlite3_close_v2(handle) }

    /// How SQLite's result codes classify.
    static func failure(code: Int32) -> DatabaseFailure {
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_NOTADB: .notADatabase
        case SQLITE_CORRUPT: .corrupt
        case SQLITE_FULL: .full
        case SQLITE_READONLY: .readOnly
        case SQLITE_CANTOPEN: .cantOpen
        case SQLITE_IOERR, SQLITE_PERM, SQLITE_AUTH: .io
        case SQLITE_CONSTRAINT: .constraint
        default: .other
        }
    }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(_ rc: Int32, _ sql: String?) -> DatabaseError {
        DatabaseError(code: sqlite3_extended_errcode(handle) != 0 ? sqlite3_extended_errcode(handle) : rc,
                      message: lastMessage, sql: sql)
    }

    func prepare(_ sql: String) throws(DatabaseError) -> any PreparedStatement {
        try SQLiteStatement(db: self, sql: sql)
    }

    /// Runs one or more statements that return no rows.
    func exec(_ sql: String) throws(DatabaseError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql) }
    }

    private lazy var beginImmediate = try? SQLiteStatement(db: self, sql: "BEGIN IMMEDIATE")
    private lazy var begin = try? SQLiteStatement(db: self, sql: "BEGIN")

    func beginWrite() throws(DatabaseError) {
        // While waiting for the lock, the busy handler says so to the writer holding it (`othersWaiting`).
        busyWait?.waitingToWrite = true
        defer { busyWait?.stopWaiting() }
        guard let s = beginImmediate else { return try exec("BEGIN IMMEDIATE") }
        try s.run()
    }

    /// Whether another connection may be waiting for the write lock: true when one says it waits, and
    /// when this connection cannot tell (no directory to signal through).
    var othersMayWait: Bool { busyWait?.signal?.othersWaiting ?? true }

    func beginRead() throws(DatabaseError) {
        guard let s = begin else { return try exec("BEGIN") }
        try s.run()
    }

    /// Waits for a lock up to `milliseconds`, retrying every 0.5–1.5 ms (randomized). SQLite's own
    /// busy timeout backs off to 100 ms sleeps, so a waiter can sleep through every short gap between
    /// another writer's transactions and starve; frequent, jittered retries take the gaps.
    func setBusyTimeout(milliseconds: Int) { setBusyTimeout(milliseconds: milliseconds, signalDirectory: nil) }

    /// `signalDirectory`: the ledger file's directory, through which a writer waiting for the write lock
    /// tells the one holding it (`WaitSignal`); nil for connections that never write.
    func setBusyTimeout(milliseconds: Int, signalDirectory: String?) {
        let state = BusyWait(timeout: Int64(milliseconds))
        state.signal = signalDirectory.flatMap(WaitSignal.init(directory:))
        busyWait = state
        sqlite3_busy_handler(handle, { context, count in
            guard let context else { return 0 }
            let wait = Unmanaged<BusyWait>.fromOpaque(context).takeUnretainedValue()
            let now = BusyWait.monotonicMilliseconds()
            if count == 0 { wait.start = now }
            if wait.waitingToWrite { wait.signal?.announce() }
            guard now - wait.start < wait.timeout else { return 0 }
            usleep(useconds_t(500 + UInt32.random(in: 0..<1000)))
            return 1
        }, Unmanaged.passUnretained(state).toOpaque())
    }

    /// The busy handler's state (kept alive by the database that points at it).
    private var busyWait: BusyWait?

    var totalChanges: Int { Int(sqlite3_total_changes(handle)) }
    var transactionAborted: Bool { false }
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

final class SQLiteStatement: PreparedStatement {
    let handle: OpaquePointer
    let sql: String
    unowned let db: SQLiteConnection

    init(db: SQLiteConnection, sql: String) throws(DatabaseError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(db.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw db.error(rc, sql) }
        self.handle = stmt
        self.sql = sql
        self.db = db
    }

    deinit {
        sqlite3_finalize(handle)
        bound.deallocate()
    }

    /// The bytes of the text and blob values of the last `bind(_:)`, bound in place (SQLITE_STATIC)
    /// instead of copied into memory SQLite allocates and frees per value. They are rewritten only by the
    /// next `bind(_:)`, which unbinds them first, so no binding points at bytes that changed.
    private var bound = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 8)

    func bind(_ values: [SQLValue]) throws(DatabaseError) {
        var total = 0
        for v in values {
            switch v {
            case .text(let t): total += t.utf8.count
            case .blob(let b): total += b.count
            default: break
            }
        }
        sqlite3_clear_bindings(handle)
        if total > bound.count {
            let size = max(total, 2 * bound.count)
            bound.deallocate()
            bound = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        }
        var offset = 0
        for (i, v) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch v {
            case .text(var t):
                let start = bound.baseAddress! + offset
                let n = t.withUTF8 { bytes in
                    if let base = bytes.baseAddress { start.copyMemory(from: base, byteCount: bytes.count) }
                    return bytes.count
                }
                rc = sqlite3_bind_text(handle, index, start.assumingMemoryBound(to: CChar.self), Int32(n), staticBytes)
                offset += n
            case .blob(let b):
                let start = bound.baseAddress! + offset
                b.withUnsafeBytes { if let base = $0.baseAddress { start.copyMemory(from: base, byteCount: $0.count) } }
                rc = sqlite3_bind_blob(handle, index, start, Int32(b.count), staticBytes)
                offset += b.count
            default:
                try bind(v, at: index)
                continue
            }
            guard rc == SQLITE_OK else { throw db.error(rc, sql) }
        }
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ value: SQLValue, at index: Int32) throws(DatabaseError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .int(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let v):
            // The string's own UTF-8 bytes with their length (no C-string bridge, no strlen); SQLite copies them.
            // (An empty string has no storage to point at, and a null pointer would bind NULL.)
            var text = v
            rc = text.isEmpty ? sqlite3_bind_text(handle, index, "", 0, transient) : text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), transient) }
            }
        case .blob(let v):
            rc = v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
        }
        guard rc == SQLITE_OK else { throw db.error(rc, sql) }
    }

    @discardableResult
    func step() throws(DatabaseError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let e = db.error(rc, sql)
            sqlite3_reset(handle)
            throw e
        }
    }

    var columnCount: Int32 { sqlite3_column_count(handle) }
    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
    func text(_ i: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeRawBufferPointer(start: p, count: n), as: UTF8.self)
    }
    func value(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT: return .text(text(i) ?? "")
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, i))
            guard n > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }
}

extension SQLValue {
    /// Compares two rows as SQLite's ORDER BY does (BINARY collation): NULL, then numbers by value, then
    /// text and blobs by their bytes. Negative, zero or positive.
    static func order(_ a: [SQLValue], _ b: [SQLValue]) -> Int {
        for (x, y) in zip(a, b) {
            let c = order(x, y)
            if c != 0 { return c }
        }
        return a.count - b.count
    }

    static func order(_ x: SQLValue, _ y: SQLValue) -> Int {
        func rank(_ v: SQLValue) -> Int {
            switch v {
            case .null: 0
            case .int, .real: 1
            case .text: 2
            case .blob: 3
            }
        }
        func bytes(_ a: some Sequence<UInt8>, _ b: some Sequence<UInt8>) -> Int {
            a.lexicographicallyPrecedes(b) ? -1 : (b.lexicographicallyPrecedes(a) ? 1 : 0)
        }
        switch (x, y) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.int(let a), .real(let b)): return Double(a) < b ? -1 : (Double(a) > b ? 1 : 0)
        case (.real(let a), .int(let b)): return a < Double(b) ? -1 : (a > Double(b) ? 1 : 0)
        case (.real(let a), .real(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.text(let a), .text(let b)): return bytes(a.utf8, b.utf8)
        case (.blob(let a), .blob(let b)): return bytes(a, b)
        default: return rank(x) - rank(y)
        }
    }
}

/// How a writer waiting for SQLite's write lock lets the writer holding it know, so that a stream that
/// commits group after group leaves a gap for the lock only when somebody waits (SQLite has no queue: a
/// waiter retries, and without a gap it could starve). The waiter holds a shared `flock` on the ledger's
/// directory while it waits; the holder tries a non-blocking exclusive one after a full group (two system
/// calls per group). A directory, not the ledger or its -wal/-shm files: closing any descriptor of those
/// would drop SQLite's own POSIX locks in this process. Ledgers sharing a directory may see each other's
/// waiters: the holder then pauses when it need not, as it did before for every group.
final class WaitSignal {
    private let fd: Int32
    private var announced = false

    init?(directory: String) {
        fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
    }

    deinit { close(fd) }

    /// Says this connection waits (idempotent; tried again at the next retry if the holder is testing).
    func announce() {
        if !announced && flock(fd, LOCK_SH | LOCK_NB) == 0 { announced = true }
    }

    func withdraw() {
        guard announced else { return }
        flock(fd, LOCK_UN)
        announced = false
    }

    /// True when another connection says it waits, or when that cannot be told (the lock call failed).
    var othersWaiting: Bool {
        guard !announced else { return true }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }
}
