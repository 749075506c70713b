#if canImport(CLibPQ)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CLibPQ
import PandaCore

/// The PostgreSQL engine through libpq: the one place with PQ calls. Statements are the store's, translated
/// by `PostgresDialect`, prepared on the server once per set of parameter types, and executed with text
/// parameters (binary for blobs); results are read whole, then stepped through like SQLite's rows. Writes
/// whose outcome nothing reads at once (`runDeferred`: journal rows, cached rows written back) are sent in
/// pipeline mode without waiting for each answer, and settled at the connection's next other use.
final class PostgresConnection: DatabaseConnection {
    let handle: OpaquePointer
    let url: String
    var dialect: any SQLDialect { PostgresDialect.shared }
    private(set) var totalChanges = 0
    private var nextStatementNumber = 0
    private var busyTimeout = Ledger.defaultBusyTimeout

    init(url: String) throws(DatabaseError) {
        guard let conn = PQconnectdb(url) else {
            throw DatabaseError(sqlstate: nil, failure: .cantOpen, message: "out of memory", sql: nil)
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(conn))
            PQfinish(conn)
            throw DatabaseError(sqlstate: nil, failure: .cantOpen, message: message, sql: nil)
        }
        // Server notices (a skipped `IF NOT EXISTS`, …) are not the user's business on stderr.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        self.handle = conn
        self.url = url
    }

    deinit { PQfinish(handle) }

    static func trimmed(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "" }
        var s = String(cString: p)
        while s.last == "\n" || s.last == " " { s.removeLast() }
        if s.hasPrefix("ERROR:  ") { s.removeFirst(8) }
        if s.hasPrefix("FATAL:  ") { s.removeFirst(8) }
        return s.replacingNewlines()
    }

    /// How PostgreSQL's SQLSTATEs classify (the connection's state when there is none).
    func failure(sqlstate: String?) -> DatabaseFailure {
        // Every error the server reports has an SQLSTATE; one without is libpq's own: the connection failed.
        guard let state = sqlstate else { return .io }
        switch state {
        case "40001", "40P01", "55P03": return .busy  // serialization failure, deadlock, lock timeout
        case "25006": return .readOnly  // read-only transaction (a standby)
        case "53100": return .full
        case "XX001", "XX002": return .corrupt
        case "3D000", "3F000": return .cantOpen
        default:
            if state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("58") { return .io }
            if state.hasPrefix("28") { return .cantOpen }
            if state.hasPrefix("23") { return .constraint }
            return .other
        }
    }

    /// The error of a failed result (which it clears). A statement refused because a write sent ahead had
    /// failed and aborted the transaction (25P02) reports that failure, its cause.
    func error(_ result: OpaquePointer?, _ sql: String?) -> DatabaseError {
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        if state == "25P02", let cause = abortedBy {
            PQclear(result)
            return cause
        }
        let message = result.map { Self.trimmed(PQresultErrorMessage($0)) } ?? Self.trimmed(PQerrorMessage(handle))
        if let result { PQclear(result) }
        return DatabaseError(sqlstate: state, failure: failure(sqlstate: state), message: message.isEmpty ? Self.trimmed(PQerrorMessage(handle)) : message, sql: sql)
    }

    /// Runs `sql` with the simple query protocol (several statements allowed, no parameters).
    func exec(_ sql: String) throws(DatabaseError) {
        try settle(discardingFailure: Self.isRollback(sql))
        if sql.utf8.starts(with: "BEGIN".utf8) { abortedBy = nil }  // (a new transaction: nothing aborted)
        let result = PQexec(handle, sql)
        let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else { throw error(result, sql) }
        if let result {
            totalChanges += Int(String(cString: PQcmdTuples(result))) ?? 0
            PQclear(result)
        }
    }

    // MARK: Statements sent ahead (pipeline mode)

    /// The statements sent ahead whose results are not read yet, by their SQL (for a failure's message).
    private var unsettled: [String] = []
    /// At most this many statements wait unsettled: the results the server holds for us stay small, and a
    /// batch costs one round trip.
    static let unsettledLimit = 1024

    /// Enters pipeline mode for a statement sent ahead (`PostgresStatement.runDeferred`).
    func enterPipeline() throws(DatabaseError) {
        guard PQpipelineStatus(handle) == PQ_PIPELINE_OFF else { return }
        guard PQenterPipelineMode(handle) == 1 else { throw error(nil, nil) }
    }

    /// Counts a statement just sent ahead (as one changed row until its result says otherwise), settling
    /// the batch once it is full.
    func sentAhead(_ sql: String) throws(DatabaseError) {
        unsettled.append(sql)
        totalChanges += 1
        if unsettled.count >= Self.unsettledLimit { try settle() }
    }

    /// Reads the results of the statements sent ahead, in order, and leaves pipeline mode. Throws the first
    /// failure: the server skipped the statements after it, and the transaction stays aborted until a
    /// rollback. Every other use of the connection settles first, so a failure surfaces at the next
    /// statement, before any savepoint is taken after it or the transaction is committed; a rollback
    /// (`discardingFailure`) takes back what was sent, failures included.
    func settle(discardingFailure: Bool = false) throws(DatabaseError) {
        if discardingFailure { abortedBy = nil }
        guard PQpipelineStatus(handle) != PQ_PIPELINE_OFF else { return }
        let sent = unsettled
        unsettled.removeAll(keepingCapacity: true)
        var failure: DatabaseError?
        if PQpipelineSync(handle) != 1 {
            failure = error(nil, sent.first)
        } else {
            var next = 0  // the statement whose results come next
            var separators = 0
            reading: while true {
                guard let r = PQgetResult(handle) else {
                    // Each statement's results end with a null; two in a row, or a lost connection, end them all.
                    separators += 1
                    if separators > 1 || PQstatus(handle) == CONNECTION_BAD {
                        if failure == nil { failure = error(nil, next < sent.count ? sent[next] : nil) }
                        break reading
                    }
                    continue
                }
                separators = 0
                if PQresultStatus(r) == PGRES_PIPELINE_SYNC {
                    PQclear(r)
                    break reading
                }
                let statement = next < sent.count ? sent[next] : nil
                totalChanges -= 1  // (counted as one when sent)
                switch PQresultStatus(r) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                    recordChanges(r)
                    PQclear(r)
                case PGRES_PIPELINE_ABORTED:
                    PQclear(r)
                default:
                    let e = error(r, statement)
                    if failure == nil { failure = e }
                }
                next += 1
            }
        }
        if PQexitPipelineMode(handle) != 1, failure == nil { failure = error(nil, nil) }
        if let failure, !discardingFailure {
            abortedBy = failure
            throw failure
        }
    }

    /// The failure of a write sent ahead, until the rollback (`settle(discardingFailure: true)`) of the
    /// transaction it aborted.
    private var abortedBy: DatabaseError?

    static func isRollback(_ sql: String) -> Bool {
        sql.utf8.starts(with: "ROLLBACK".utf8)
    }

    func prepare(_ sql: String) throws(DatabaseError) -> any PreparedStatement {
        PostgresStatement(connection: self, sql: sql)
    }

    func newStatementName() -> String {
        nextStatementNumber += 1
        return "pandactl_\(nextStatementNumber)"
    }

    func recordChanges(_ result: OpaquePointer) {
        guard let p = PQcmdTuples(result), p.pointee != 0 else { return }
        totalChanges += Int(String(cString: p)) ?? 0
    }

    /// `BEGIN`, then the transaction-scoped advisory lock on the journal head: writers serialise on the
    /// chain head (DESIGN §5) while readers go on. A lock not granted within the busy timeout (55P03, from
    /// `lock_timeout`), a deadlock or a serialization failure is retried until the busy timeout has passed.
    func beginWrite() throws(DatabaseError) {
        let start = BusyWait.monotonicMilliseconds()
        while true {
            do {
                try exec("BEGIN")
                try exec("SELECT pg_advisory_xact_lock(\(PostgresDialect.journalLockKey))")
                return
            } catch {
                try? exec("ROLLBACK")
                if error.failure != .busy, isStandby {
                    throw DatabaseError(sqlstate: "25006", failure: .readOnly, message: "a standby (read-only) server takes no writes", sql: nil)
                }
                guard error.failure == .busy, BusyWait.monotonicMilliseconds() - start < Int64(busyTimeout) else { throw error }
                usleep(useconds_t(500 + UInt32.random(in: 0..<1000)))
            }
        }
    }

    /// True on a server in recovery (a streaming replica): writes there are refused as read-only.
    var isStandby: Bool {
        guard let r = PQexec(handle, "SELECT pg_is_in_recovery()") else { return false }
        defer { PQclear(r) }
        guard PQresultStatus(r) == PGRES_TUPLES_OK, PQntuples(r) == 1, let v = PQgetvalue(r, 0, 0) else { return false }
        return String(cString: v) == "t"
    }

    /// One snapshot for the whole read (a standby serves it as well).
    func beginRead() throws(DatabaseError) {
        try exec("BEGIN ISOLATION LEVEL REPEATABLE READ")
    }

    /// Lock waits end after the busy timeout (`lock_timeout`; 0 would mean forever, so at least 1 ms).
    func setBusyTimeout(milliseconds: Int) throws(DatabaseError) {
        busyTimeout = milliseconds
        try exec("SET lock_timeout = \(max(1, milliseconds))")
    }

    var transactionAborted: Bool { PQtransactionStatus(handle) == PQTRANS_INERROR }
    /// The advisory lock's waiters are queued and granted in order: a writer needs to leave no gap.
    var othersMayWait: Bool { false }

    static var libraryVersion: String {
        let v = Int(PQlibVersion())
        return "\(v / 10000).\(v % 10000)"
    }
}

final class PostgresStatement: PreparedStatement {
    unowned let connection: PostgresConnection
    /// The statement as the store wrote it (for messages).
    let sql: String
    let translated: String
    let parameterCount: Int
    /// Transaction control and settings run with the simple protocol (no server-side preparation).
    let isUtility: Bool
    /// A rollback (to a savepoint) takes back what was sent ahead after it, failures included.
    let isRollback: Bool
    let isCommit: Bool
    /// Server-side prepared statements by the types of their parameters.
    private var prepared: [[Oid]: String] = [:]
    private var lastPrepared: (signature: [Oid], name: String)?
    private var parameters: [SQLValue]
    private var result: OpaquePointer?
    private var row: Int32 = -1
    private var rows: Int32 = 0
    private var types: [Oid] = []

    init(connection: PostgresConnection, sql: String) {
        self.connection = connection
        self.sql = sql
        let t = PostgresDialect.shared.translateCounting(sql)
        self.translated = t.sql
        self.parameterCount = t.parameters
        self.parameters = Array(repeating: .null, count: t.parameters)
        let first = sql.drop(while: { $0 == " " || $0 == "\n" }).prefix(while: { $0 != " " && $0 != "\n" }).uppercased()
        self.isUtility = ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET", "END"].contains(first)
        self.isRollback = first == "ROLLBACK"
        self.isCommit = first == "COMMIT"
    }

    deinit {
        if let result { PQclear(result) }
    }

    func reset() {
        if let result { PQclear(result) }
        result = nil
        row = -1
        rows = 0
        for i in parameters.indices { parameters[i] = .null }
    }

    func bind(_ value: SQLValue, at index: Int32) throws(DatabaseError) {
        guard index >= 1, Int(index) <= parameters.count else {
            throw DatabaseError(sqlstate: nil, failure: .other, message: "parameter \(index) of \(parameters.count)", sql: sql)
        }
        parameters[Int(index) - 1] = value
    }

    private static func oid(_ v: SQLValue) -> Oid {
        switch v {
        case .int: 20      // int8
        case .real: 701    // float8
        case .blob: 17     // bytea
        case .text, .null: 0  // unknown: typed by where it stands, as a literal would be
        }
    }

    private func execute() throws(DatabaseError) -> OpaquePointer {
        try connection.settle(discardingFailure: isRollback)
        let conn = connection.handle
        if isUtility {
            let r = PQexec(conn, translated)
            guard let r, PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK else { throw connection.error(r, sql) }
            // COMMIT of a transaction a failed statement aborted succeeds as a ROLLBACK: never a commit for us.
            if isCommit, let tag = PQcmdStatus(r), String(cString: tag) == "ROLLBACK" {
                PQclear(r)
                throw DatabaseError(sqlstate: "25P02", failure: .other, message: "the server rolled the transaction back at its commit (a statement in it had failed)", sql: sql)
            }
            return r
        }
        let name = try preparedName()
        let r = withParameters { PQexecPrepared(conn, name, $0, $1, $2, $3, 0) }
        guard let r, PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK else { throw connection.error(r, sql) }
        return r
    }

    /// Sent in pipeline mode without waiting for its result: the connection settles it (and reports its
    /// failure) at its next other use, or when a batch is full.
    func runDeferred(_ values: [SQLValue]) throws(DatabaseError) {
        guard !isUtility else { return try run(values) }
        try bind(values)
        defer { reset() }
        let name = try preparedName()
        try connection.enterPipeline()
        let conn = connection.handle
        guard withParameters({ PQsendQueryPrepared(conn, name, $0, $1, $2, $3, 0) }) == 1 else { throw connection.error(nil, sql) }
        try connection.sentAhead(sql)
    }

    /// The server-side statement for the bound parameters' types, prepared on first use (outside pipeline
    /// mode: PQprepare waits for its answer).
    private func preparedName() throws(DatabaseError) -> String {
        // (A statement is nearly always bound with the types it had last time: compared without allocating.)
        if let last = lastPrepared, last.signature.count == parameters.count,
           parameters.indices.allSatisfy({ Self.oid(parameters[$0]) == last.signature[$0] }) {
            return last.name
        }
        let signature = parameters.map(Self.oid)
        let name: String
        if let n = prepared[signature] {
            name = n
        } else {
            try connection.settle()
            let conn = connection.handle
            name = connection.newStatementName()
            let r = signature.withUnsafeBufferPointer { PQprepare(conn, name, translated, Int32(signature.count), $0.baseAddress) }
            guard let r, PQresultStatus(r) == PGRES_COMMAND_OK else { throw connection.error(r, sql) }
            PQclear(r)
            prepared[signature] = name
        }
        lastPrepared = (signature, name)
        return name
    }

    /// Calls `body` with the bound parameters as libpq takes them: count, values, lengths and formats. Values
    /// are NUL-terminated text (blobs: binary, with their length), all in one buffer.
    private func withParameters<R>(_ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>, UnsafePointer<Int32>) -> R) -> R {
        let n = parameters.count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 3 * max(1, n)) { ints in
            // offsets (-1: NULL), lengths, formats
            var bytes: [UInt8] = [0]  // (never empty: its base address is always there)
            bytes.reserveCapacity(256)
            for (i, p) in parameters.enumerated() {
                ints[n + i] = 0
                ints[2 * n + i] = 0
                switch p {
                case .null:
                    ints[i] = -1
                    continue
                case .int(let v): ints[i] = Int32(bytes.count); bytes.append(contentsOf: String(v).utf8)
                case .real(let v): ints[i] = Int32(bytes.count); bytes.append(contentsOf: String(v).utf8)
                case .text(var v): ints[i] = Int32(bytes.count); v.withUTF8 { bytes.append(contentsOf: $0) }
                case .blob(let v):
                    ints[i] = Int32(bytes.count); bytes.append(contentsOf: v)
                    ints[n + i] = Int32(v.count)
                    ints[2 * n + i] = 1
                }
                bytes.append(0)
            }
            return bytes.withUnsafeBufferPointer { b in
                withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: max(1, n)) { values in
                    let base = UnsafeRawPointer(b.baseAddress!)
                    for i in 0..<n { values[i] = ints[i] < 0 ? nil : (base + Int(ints[i])).assumingMemoryBound(to: CChar.self) }
                    return body(Int32(n), n == 0 ? nil : UnsafePointer(values.baseAddress), UnsafePointer(ints.baseAddress! + n), UnsafePointer(ints.baseAddress! + 2 * n))
                }
            }
        }
    }

    func step() throws(DatabaseError) -> Bool {
        if result == nil {
            let r = try execute()
            connection.recordChanges(r)
            result = r
            rows = PQntuples(r)
            row = -1
            let n = PQnfields(r)
            types = (0..<n).map { PQftype(r, $0) }
        }
        row += 1
        return row < rows
    }

    var columnCount: Int32 {
        if let result { return PQnfields(result) }
        return 0
    }

    func isNull(_ i: Int32) -> Bool {
        guard let result, row >= 0, row < rows else { return true }
        return PQgetisnull(result, row, i) != 0
    }

    func text(_ i: Int32) -> String? {
        guard let result, row >= 0, row < rows, PQgetisnull(result, row, i) == 0, let p = PQgetvalue(result, row, i) else { return nil }
        let n = Int(PQgetlength(result, row, i))
        return p.withMemoryRebound(to: UInt8.self, capacity: n) { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) }
    }

    func int(_ i: Int32) -> Int64 {
        if case .int(let v) = value(i) { return v }
        return 0
    }

    func value(_ i: Int32) -> SQLValue {
        guard let t = text(i) else { return .null }
        switch types[Int(i)] {
        case 20, 21, 23, 26:  // int8, int2, int4, oid
            return Int64(t).map { .int($0) } ?? .text(t)
        case 1700:  // numeric: what SUM of integers gives; integral values read as integers
            return Int64(t).map { .int($0) } ?? .text(t)
        case 16:  // bool
            return .int(t == "t" ? 1 : 0)
        case 700, 701:
            return Double(t).map { .real($0) } ?? .text(t)
        case 17:  // bytea, hex output: \x0a1b…
            var bytes: [UInt8] = []
            let u = Array(t.utf8.dropFirst(2))
            bytes.reserveCapacity(u.count / 2)
            var k = 0
            while k + 1 < u.count {
                guard let hi = hexValue(u[k]), let lo = hexValue(u[k + 1]) else { break }
                bytes.append(hi << 4 | lo)
                k += 2
            }
            return .blob(bytes)
        default:
            return .text(t)
        }
    }

    private func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(map { $0 == "\n" ? " " : $0 }).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
#endif
