#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore

// The seam between the ledger's store and its database engines (DESIGN §5, "Several hosts"): a connection
// and its prepared statements, implemented once per engine (SQLite.swift, PostgreSQL.swift). Every SQL
// statement is written once, in SQLite's plain spelling, in the store; each engine's `SQLDialect`
// (Dialect.swift) translates it when the statement is prepared.

/// What failed in a database call, in the terms the ledger acts on (each engine classifies its own codes).
enum DatabaseFailure: Sendable, Equatable {
    /// A lock was not granted within the busy timeout, or the engine gave up the transaction to a
    /// concurrent one (SQLite BUSY/LOCKED; PostgreSQL 40001, 40P01, 55P03): retry, then exit 75.
    case busy
    case notADatabase
    case corrupt
    case full
    case readOnly
    case cantOpen
    case io
    case constraint
    case other
}

/// A failed database call: the engine's code, its message and the statement. (Named `SQLiteError` before
/// the second engine; the alias below keeps the store's `throws(SQLiteError)` signatures.)
struct DatabaseError: Error, CustomStringConvertible {
    /// SQLite's extended result code (0 for PostgreSQL).
    var code: Int32
    var message: String
    var sql: String?
    /// PostgreSQL's SQLSTATE (nil for SQLite).
    var sqlstate: String? = nil
    var failure: DatabaseFailure
    var engine: DatabaseEngine

    init(code: Int32, message: String, sql: String?) {
        self.code = code
        self.message = message
        self.sql = sql
        self.failure = SQLiteConnection.failure(code: code)
        self.engine = .sqlite
    }

    init(sqlstate: String?, failure: DatabaseFailure, message: String, sql: String?) {
        self.code = 0
        self.message = message
        self.sql = sql
        self.sqlstate = sqlstate
        self.failure = failure
        self.engine = .postgresql
    }

    var primaryCode: Int32 { code & 0xFF }
    var description: String {
        let m = sqlstate.map { "\(message) [SQLSTATE \($0)]" } ?? message
        return sql.map { "\(m) (in: \($0))" } ?? m
    }

    /// The pandactl error this failure means for a user.
    func pandaError(ledger path: String) -> PandaError {
        let path = LedgerLocation.display(path)
        switch failure {
        case .busy:
            return PandaError(.ledger_busy, "ledger '\(path)' is busy (locked by another process past the timeout)")
        case .notADatabase:
            return PandaError(.ledger_corrupt, "cannot open ledger '\(path)': not an SQLite database")
        case .corrupt:
            return PandaError(.ledger_corrupt, "ledger '\(path)' is corrupt: \(message)")
        case .full:
            return PandaError(.io_error, "ledger '\(path)': disk full")
        case .readOnly:
            return PandaError(.io_error, "ledger '\(path)' is read-only")
        case .cantOpen:
            return PandaError(.io_error, "cannot open ledger '\(path)': \(message)")
        case .io:
            return PandaError(.io_error, "ledger '\(path)': I/O error: \(message)")
        case .constraint, .other:
            return PandaError(.internal_error, "ledger '\(path)': \(engine.rawValue): \(description)")
        }
    }
}

typealias SQLiteError = DatabaseError

/// One engine's connection.
protocol DatabaseConnection: AnyObject {
    var dialect: any SQLDialect { get }
    /// A prepared statement for `sql` as the store writes it (the engine translates it).
    func prepare(_ sql: String) throws(DatabaseError) -> any PreparedStatement
    /// Runs one or more statements that return no rows (schema, settings).
    func exec(_ sql: String) throws(DatabaseError)
    /// Starts the write transaction: the engine's write lock on the journal head, waited for up to the busy
    /// timeout (SQLite `BEGIN IMMEDIATE`; PostgreSQL a transaction-scoped advisory lock).
    func beginWrite() throws(DatabaseError)
    /// Starts a read transaction (one consistent snapshot).
    func beginRead() throws(DatabaseError)
    func setBusyTimeout(milliseconds: Int) throws(DatabaseError)
    /// Rows inserted, updated or deleted on this connection so far.
    var totalChanges: Int { get }
    /// True when a statement failed inside the open transaction and the engine needs a rollback (to a
    /// savepoint) before it runs another (PostgreSQL); SQLite undoes a failed statement alone.
    var transactionAborted: Bool { get }
    /// Whether another connection may be waiting for the write lock this one holds (SQLite, where a waiter
    /// needs a gap between transactions to take it). PostgreSQL queues lock requests in order: false.
    var othersMayWait: Bool { get }
}

/// One engine's prepared statement: bind, step, read columns.
protocol PreparedStatement: AnyObject {
    var sql: String { get }
    /// Readies the statement for another use (its result and bindings dropped).
    func reset()
    func bind(_ value: SQLValue, at index: Int32) throws(DatabaseError)
    /// Binds `values` to parameters 1, 2, …
    func bind(_ values: [SQLValue]) throws(DatabaseError)
    /// Advances; true when a row is available.
    @discardableResult
    func step() throws(DatabaseError) -> Bool
    /// Binds `values` and runs a statement that returns no rows and whose outcome nothing reads at once (a
    /// journal row, a cached row written back): an engine may send it without waiting for it, and report its
    /// failure at the connection's next statement instead (PostgreSQL's pipeline). SQLite runs it at once.
    func runDeferred(_ values: [SQLValue]) throws(DatabaseError)
    var columnCount: Int32 { get }
    func isNull(_ i: Int32) -> Bool
    func int(_ i: Int32) -> Int64
    func text(_ i: Int32) -> String?
    func value(_ i: Int32) -> SQLValue
}

/// The statement type the store's code names.
typealias Statement = any PreparedStatement

extension PreparedStatement {
    func bind(_ values: [SQLValue]) throws(DatabaseError) {
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    /// Binds, reads the first row (if any) with `read`, and resets, so no read lock stays behind.
    func first<T>(_ values: [SQLValue], _ read: (any PreparedStatement) throws(DatabaseError) -> T) throws(DatabaseError) -> T? {
        try bind(values)
        defer { reset() }
        guard try step() else { return nil }
        return try read(self)
    }

    /// Binds, runs to completion, resets.
    func run(_ values: [SQLValue] = []) throws(DatabaseError) {
        try bind(values)
        defer { reset() }
        while try step() {}
    }

    func runDeferred(_ values: [SQLValue]) throws(DatabaseError) { try run(values) }

    /// All rows as values (for audits and tests).
    func all(_ args: [SQLValue] = []) throws(DatabaseError) -> [[SQLValue]] {
        try bind(args)
        defer { reset() }
        var rows: [[SQLValue]] = []
        while try step() { rows.append((0..<columnCount).map { value($0) }) }
        return rows
    }

    /// Column `i` of the current row as an INTEGER (see `SQLValue.storedInt`).
    func storedInt(_ i: Int32, _ what: @autoclosure () -> String) throws(DatabaseError) -> Int64 {
        try value(i).storedInt(what())
    }

    /// Column `i` of the current row as an amount of base units (see `SQLValue.storedUnits`).
    func storedUnits(_ i: Int32, _ what: @autoclosure () -> String) throws(DatabaseError) -> Int128 {
        try value(i).storedUnits(what())
    }
}

/// A connection with its prepared statements cached per SQL text: the store's one handle on a database.
final class Database {
    let connection: any DatabaseConnection
    /// Where the ledger is: a file path, or a PostgreSQL URL.
    let path: String
    /// Prepared statements by the address of their (static) SQL text: no string hashing per call.
    private var cache: [UnsafeRawPointer: any PreparedStatement] = [:]

    init(_ connection: any DatabaseConnection, path: String) {
        self.connection = connection
        self.path = path
    }

    deinit { cache.removeAll() }

    var dialect: any SQLDialect { connection.dialect }
    var isPostgres: Bool { dialect.engine == .postgresql }

    /// A prepared statement for `sql`, reused across calls (reset and unbound on each use).
    func statement(_ sql: StaticString) throws(DatabaseError) -> any PreparedStatement {
        let key = UnsafeRawPointer(sql.utf8Start)
        if let s = cache[key] {
            s.reset()
            return s
        }
        let s = try connection.prepare(sql.description)
        cache[key] = s
        return s
    }

    /// A statement prepared for one use (SQL built at run time: table names of the audit).
    func prepare(_ sql: String) throws(DatabaseError) -> any PreparedStatement { try connection.prepare(sql) }

    func exec(_ sql: String) throws(DatabaseError) { try connection.exec(sql) }

    /// Convenience: the first column of the first row as text, or nil.
    func scalarText(_ sql: StaticString, _ args: [SQLValue] = []) throws(DatabaseError) -> String? {
        try statement(sql).first(args) { $0.text(0) } ?? nil
    }

    /// The SQLite connection's handle (the online backup copies through it); nil on PostgreSQL.
    var sqliteHandle: OpaquePointer? { (connection as? SQLiteConnection)?.handle }

    var totalChanges: Int { connection.totalChanges }
    var transactionAborted: Bool { connection.transactionAborted }
    var othersMayWait: Bool { connection.othersMayWait }
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

// MARK: Strict reads of stored values

/// Every number the ledger reads back from a row goes through these (DESIGN §5): a value pandactl did not
/// write — an amount edited to `9.7e+19`, a count turned into a REAL or text, a NULL — is a corrupt ledger
/// (`ledger_corrupt`, exit 74), never read as 0 or rounded. `what` names the column and row for the message.
extension SQLValue {
    /// An INTEGER column's value.
    func storedInt(_ what: @autoclosure () -> String) throws(DatabaseError) -> Int64 {
        guard case .int(let v) = self else { throw DatabaseError.corruptValue(what(), self) }
        return v
    }

    /// An amount column's value: base units (Int128) as the decimal text the ledger writes.
    func storedUnits(_ what: @autoclosure () -> String) throws(DatabaseError) -> Int128 {
        guard case .text(let t) = self, let units = Amount.units(fromStored: t) else { throw DatabaseError.corruptValue(what(), self) }
        return units
    }
}

/// `rows.map(read)` for a reader that throws `DatabaseError` (a loop: Swift 6.0's `map` only rethrows).
func mapRows<T>(_ rows: [[SQLValue]], _ read: ([SQLValue]) throws(DatabaseError) -> T) throws(DatabaseError) -> [T] {
    var out: [T] = []
    out.reserveCapacity(rows.count)
    for r in rows { out.append(try read(r)) }
    return out
}

extension DatabaseError {
    /// A stored value that does not read back exactly: a corrupt ledger (`ledger_corrupt`).
    static func corruptValue(_ what: String, _ value: SQLValue) -> DatabaseError {
        let shown: String
        switch value {
        case .text(let t): shown = "'" + (t.count > 40 ? String(t.prefix(37)) + "…" : t) + "'"
        case .real(let d): shown = "\(d) (a REAL)"
        default: shown = value.description
        }
        var e = DatabaseError(code: 11 /* SQLITE_CORRUPT */, message: "\(what) is \(shown), not a value pandactl writes (edited behind its back?)", sql: nil)
        e.failure = .corrupt
        return e
    }
}

/// When the current wait for a lock began, and how long it may last.
final class BusyWait {
    let timeout: Int64
    var start: Int64 = 0
    /// SQLite: a wait for the write lock is announced to its holder through `signal`.
    var waitingToWrite = false
    var signal: WaitSignal?
    init(timeout: Int64) { self.timeout = timeout }

    func stopWaiting() {
        waitingToWrite = false
        signal?.withdraw()
    }

    static func monotonicMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// Where a ledger lives: a file (SQLite) or a `postgresql://` / `postgres://` URL.
enum LedgerLocation {
    static func isPostgres(_ path: String) -> Bool {
        path.hasPrefix("postgresql://") || path.hasPrefix("postgres://")
    }

    /// The location as messages show it: a URL's password replaced by `***`.
    static func display(_ path: String) -> String {
        guard isPostgres(path) else { return path }
        let u = Array(path.utf8)
        // scheme "://" authority [/ or ?]…: a password is between the authority's first ':' and its last '@'.
        var start = 0
        while start + 2 < u.count, !(u[start] == 0x3A && u[start + 1] == 0x2F && u[start + 2] == 0x2F) { start += 1 }
        start += 3
        var end = start
        while end < u.count, u[end] != 0x2F, u[end] != 0x3F { end += 1 }
        let authority = start < end ? Array(u[start..<end]) : []
        if let at = authority.lastIndex(of: 0x40), let colon = authority[..<at].firstIndex(of: 0x3A) {
            let shown = Array(u[..<(start + colon)]) + Array(":***".utf8) + Array(u[(start + at)...])
            return redactQueryPassword(String(decoding: shown, as: UTF8.self))
        }
        return redactQueryPassword(path)
    }

    private static func redactQueryPassword(_ url: String) -> String {
        guard let q = url.firstIndex(of: "?") else { return url }
        let params = url[url.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map { p in
            p.hasPrefix("password=") ? "password=***" : String(p)
        }
        return String(url[...q]) + params.joined(separator: "&")
    }
}
