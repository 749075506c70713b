#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSQLite3
import PandaCore

/// A failed SQLite call: the extended result code, SQLite's message and the statement.
struct SQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var sql: String?

    var primaryCode: Int32 { code & 0xFF }
    var description: String { sql.map { "\(message) (in: \($0))" } ?? message }

    /// The pandactl error this SQLite failure means for a user.
    func pandaError(ledger path: String) -> PandaError {
        switch primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return PandaError(.ledger_busy, "ledger '\(path)' is busy (locked by another process past the timeout)")
        case SQLITE_NOTADB:
            return PandaError(.ledger_corrupt, "cannot open ledger '\(path)': not an SQLite database")
        case SQLITE_CORRUPT:
            return PandaError(.ledger_corrupt, "ledger '\(path)' is corrupt: \(message)")
        case SQLITE_FULL:
            return PandaError(.io_error, "ledger '\(path)': disk full")
        case SQLITE_READONLY:
            return PandaError(.io_error, "ledger '\(path)' is read-only")
        case SQLITE_CANTOPEN:
            return PandaError(.io_error, "cannot open ledger '\(path)': \(message)")
        case SQLITE_IOERR, SQLITE_PERM, SQLITE_AUTH:
            return PandaError(.io_error, "ledger '\(path)': I/O error: \(message)")
        default:
            return PandaError(.internal_error, "ledger '\(path)': sqlite: \(description)")
        }
    }
}

// SQLITE_TRANSIENT as the C macro defines it: SQLite copies the bound bytes.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// A minimal SQLite connection: prepared statements cached per SQL text, errors that carry the SQL.
final class SQLiteDatabase {
    let handle: OpaquePointer
    let path: String
    /// Prepared statements by the address of their (static) SQL text: no string hashing per call.
    private var cache: [UnsafeRawPointer: Statement] = [:]

    enum Mode { case readWrite, readOnly, create }

    init(path: String, mode: Mode) throws(SQLiteError) {
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
            throw SQLiteError(code: rc, message: msg, sql: nil)
        }
        sqlite3_extended_result_codes(db, 1)
        self.handle = db
        self.path = path
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(_ rc: Int32, _ sql: String?) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle) != 0 ? sqlite3_extended_errcode(handle) : rc,
                    message: lastMessage, sql: sql)
    }

    /// Runs one or more statements that return no rows.
    func exec(_ sql: String) throws(SQLiteError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql) }
    }

    /// Waits for a lock up to `milliseconds`, retrying every 0.5–1.5 ms (randomized). SQLite's own
    /// busy timeout backs off to 100 ms sleeps, so a waiter can sleep through every short gap between
    /// another writer's transactions and starve; frequent, jittered retries take the gaps.
    func setBusyTimeout(milliseconds: Int) {
        let state = BusyWait(timeout: Int64(milliseconds))
        busyWait = state
        sqlite3_busy_handler(handle, { context, count in
            guard let context else { return 0 }
            let wait = Unmanaged<BusyWait>.fromOpaque(context).takeUnretainedValue()
            let now = BusyWait.monotonicMilliseconds()
            if count == 0 { wait.start = now }
            guard now - wait.start < wait.timeout else { return 0 }
            usleep(useconds_t(500 + UInt32.random(in: 0..<1000)))
            return 1
        }, Unmanaged.passUnretained(state).toOpaque())
    }

    /// The busy handler's state (kept alive by the database that points at it).
    private var busyWait: BusyWait?

    /// A prepared statement for `sql`, reused across calls (reset and unbound on each use).
    func statement(_ sql: StaticString) throws(SQLiteError) -> Statement {
        let key = UnsafeRawPointer(sql.utf8Start)
        if let s = cache[key] {
            s.reset()
            return s
        }
        let s = try Statement(db: self, sql: sql.description)
        cache[key] = s
        return s
    }

    /// Convenience: the first column of the first row as text, or nil.
    func scalarText(_ sql: StaticString, _ args: [SQLValue] = []) throws(SQLiteError) -> String? {
        try statement(sql).first(args) { $0.text(0) } ?? nil
    }

    var totalChanges: Int { Int(sqlite3_total_changes(handle)) }
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }
}

/// A value to bind or read.
enum SQLValue: Equatable, CustomStringConvertible {
    case null
    case int(Int64)
    case text(String)
    case real(Double)
    case blob([UInt8])

    var description: String {
        switch self {
        case .null: "NULL"
        case .int(let v): String(v)
        case .text(let v): v
        case .real(let v): String(v)
        case .blob(let v): "x'" + v.map { String($0, radix: 16) }.joined() + "'"
        }
    }
}

final class Statement {
    let handle: OpaquePointer
    let sql: String
    unowned let db: SQLiteDatabase

    init(db: SQLiteDatabase, sql: String) throws(SQLiteError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(db.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw db.error(rc, sql) }
        self.handle = stmt
        self.sql = sql
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ values: [SQLValue]) throws(SQLiteError) {
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .int(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let v): rc = sqlite3_bind_text(handle, index, v, -1, transient)
        case .blob(let v):
            rc = v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
        }
        guard rc == SQLITE_OK else { throw db.error(rc, sql) }
    }

    /// Advances; true when a row is available.
    @discardableResult
    func step() throws(SQLiteError) -> Bool {
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

    /// Binds, reads the first row (if any) with `read`, and resets, so no read lock stays behind.
    func first<T>(_ values: [SQLValue], _ read: (Statement) throws(SQLiteError) -> T) throws(SQLiteError) -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return try read(self)
    }

    /// Binds, runs to completion, resets.
    func run(_ values: [SQLValue] = []) throws(SQLiteError) {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
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

    /// All rows as values (for audits and tests).
    func all(_ args: [SQLValue] = []) throws(SQLiteError) -> [[SQLValue]] {
        try bind(args)
        var rows: [[SQLValue]] = []
        while try step() { rows.append((0..<columnCount).map { value($0) }) }
        sqlite3_reset(handle)
        return rows
    }
}

// MARK: Strict reads of stored values

/// Every number the ledger reads back from a row goes through these (DESIGN §5): a value pandactl did not
/// write — an amount edited to `9.7e+19`, a count turned into a REAL or text, a NULL — is a corrupt ledger
/// (`ledger_corrupt`, exit 74), never read as 0 or rounded. `what` names the column and row for the message.
extension SQLValue {
    /// An INTEGER column's value.
    func storedInt(_ what: @autoclosure () -> String) throws(SQLiteError) -> Int64 {
        guard case .int(let v) = self else { throw SQLiteError.corruptValue(what(), self) }
        return v
    }

    /// An amount column's value: base units (Int128) as the decimal text the ledger writes.
    func storedUnits(_ what: @autoclosure () -> String) throws(SQLiteError) -> Int128 {
        guard case .text(let t) = self, let units = Amount.units(fromStored: t) else { throw SQLiteError.corruptValue(what(), self) }
        return units
    }
}

/// `rows.map(read)` for a reader that throws `SQLiteError` (a loop: Swift 6.0's `map` only rethrows).
func mapRows<T>(_ rows: [[SQLValue]], _ read: ([SQLValue]) throws(SQLiteError) -> T) throws(SQLiteError) -> [T] {
    var out: [T] = []
    out.reserveCapacity(rows.count)
    for r in rows { out.append(try read(r)) }
    return out
}

extension Statement {
    /// Column `i` of the current row as an INTEGER (see `SQLValue.storedInt`).
    func storedInt(_ i: Int32, _ what: @autoclosure () -> String) throws(SQLiteError) -> Int64 {
        guard sqlite3_column_type(handle, i) == SQLITE_INTEGER else { throw SQLiteError.corruptValue(what(), value(i)) }
        return sqlite3_column_int64(handle, i)
    }

    /// Column `i` of the current row as an amount of base units (see `SQLValue.storedUnits`).
    func storedUnits(_ i: Int32, _ what: @autoclosure () -> String) throws(SQLiteError) -> Int128 {
        try value(i).storedUnits(what())
    }
}

extension SQLiteError {
    /// A stored value that does not read back exactly: SQLite's CORRUPT code, so it maps to `ledger_corrupt`.
    static func corruptValue(_ what: String, _ value: SQLValue) -> SQLiteError {
        let shown: String
        switch value {
        case .text(let t): shown = "'" + (t.count > 40 ? String(t.prefix(37)) + "…" : t) + "'"
        case .real(let d): shown = "\(d) (a REAL)"
        default: shown = value.description
        }
        return SQLiteError(code: SQLITE_CORRUPT, message: "\(what) is \(shown), not a value pandactl writes (edited behind its back?)", sql: nil)
    }
}

/// When the current wait for a lock began, and how long it may last.
final class BusyWait {
    let timeout: Int64
    var start: Int64 = 0
    init(timeout: Int64) { self.timeout = timeout }

    static func monotonicMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
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
