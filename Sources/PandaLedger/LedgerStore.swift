import Curves
import Learning
import Market
import PandaCore

/// Every SQL statement the ledger runs lives behind this type, so that a second engine
/// (PostgreSQL) is an addition, not a rewrite.
final class LedgerStore {
    let db: Database
    /// Parsed curves by their stored type and fields (curves never change once created).
    var curveCache: [String: (Curve, [String: String])] = [:]
    /// Decoded models by symbol with the hash of the version they are (predictions decode each once).
    var fittedCache: [String: (hash: String, model: FittedModel)] = [:]
    /// In-memory order books of the write transactions, by symbol: built from the open orders on first use,
    /// kept across this process's transactions while nobody else writes (`booksSeenSeq` is the journal head
    /// they match), dropped on any rollback that could have undone their changes.
    var books: [String: OrderBook] = [:]
    var booksTouched: Set<String> = []
    var booksSeenSeq: Int64 = -1
    /// The rows of the open orders the in-memory books hold, by id, each equal to its row in the ledger
    /// (or to the row waiting to be written, `cache.orders`):
    /// read with their levels, kept current by `insertOrder`/`updateOrder` (a filled or cancelled
    /// order leaves), dropped with the books, and by a request taken back after it wrote one
    /// (`orderRowsTouched`). A maker's row is then not read again for each fill.
    var openOrderRows: [Int64: StoredOrder] = [:]
    var orderRowsTouched = false
    /// Order rows changed in a write transaction wait in `cache.orders` until a read of the orders table or
    /// the commit (off: written at once; tests compare both).
    var orderWriteBehind = true

    /// Drops the in-memory books and the rows they hold.
    func dropBooks() {
        books.removeAll()
        openOrderRows.removeAll()
    }
    /// Balances, holdings and models of the open write transaction (see `RowCache`).
    var cache = RowCache()

    init(db: Database) { self.db = db }

    // MARK: Transactions

    func beginImmediate() throws(SQLiteError) {
        cache.reset(active: false)
        try db.connection.beginWrite()
        cache.reset(active: true)
    }
    func beginRead() throws(SQLiteError) {
        cache.reset(active: false)
        try db.connection.beginRead()
    }
    /// Writes the cached rows back, then commits; on failure the caller rolls back.
    func commit() throws(SQLiteError) {
        try flush()
        cache.reset(active: false)
        try db.statement("COMMIT").run()
    }
    func rollback() {
        cache.reset(active: false)
        dropBooks()
        booksSeenSeq = -1
        try? db.exec("ROLLBACK")
    }
    func savepoint() throws(SQLiteError) {
        try db.statement("SAVEPOINT req").run()
        beginRequest()
    }
    func releaseSavepoint() throws(SQLiteError) {
        try db.statement("RELEASE req").run()
        endRequest()
    }
    // A request without an SQL savepoint (see `Ledger.applyAuthenticated`): only the row cache and the
    // order books keep what is needed to take it back, which suffices while it has written no SQL row.
    func beginRequest() {
        if cache.active { cache.undo = [] }
        booksTouched.removeAll(keepingCapacity: true)
        orderRowsTouched = false
    }
    func endRequest() {
        cache.undo = nil
        booksTouched.removeAll(keepingCapacity: true)
        orderRowsTouched = false
    }
    func abandonRequest() {
        cache.rollBackSavepoint()
        for symbol in booksTouched { books[symbol] = nil }
        if orderRowsTouched || !booksTouched.isEmpty { openOrderRows.removeAll() }
        booksTouched.removeAll(keepingCapacity: true)
        orderRowsTouched = false
    }
    /// Rows inserted, updated or deleted on this connection so far (triggers included).
    var totalChanges: Int { db.totalChanges }
    /// A statement failed in the open transaction and the engine will run no other before a rollback
    /// (PostgreSQL): the request cannot be taken back through the row cache alone.
    var transactionAborted: Bool { db.transactionAborted }
    var othersMayWait: Bool { db.othersMayWait }

    /// The savepoint at the start of a write transaction, and the way back to it with the transaction
    /// (and its write lock) kept: every row, cached row and order book as they were at `BEGIN`.
    func openTransactionSavepoint() throws(SQLiteError) {
        try db.statement("SAVEPOINT txn").run()
    }
    func rollbackToTransactionSavepoint() throws(SQLiteError) {
        cache.reset(active: true)
        dropBooks()
        booksTouched.removeAll(keepingCapacity: true)
        try db.statement("ROLLBACK TO txn").run()
    }

    func rollbackToSavepoint() throws(SQLiteError) {
        abandonRequest()
        try db.statement("ROLLBACK TO req").run()
        try db.statement("RELEASE req").run()
    }

    // MARK: Schema

    /// The applied schema version, or nil when the file has no migrations table.
    func schemaVersion() throws(SQLiteError) -> Int? {
        guard try tableExists("schema_migrations") else { return nil }
        return Int(try db.scalarText("SELECT MAX(version) FROM schema_migrations") ?? "0") ?? 0
    }

    func tableExists(_ name: String) throws(SQLiteError) -> Bool {
        try db.statement(db.dialect.tableExistsSQL).first([.text(name)]) { _ in true } ?? false
    }

    func createMigrationsTable() throws(SQLiteError) {
        try db.exec(db.dialect.translateSchema("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """))
    }

    func applyMigration(version: Int, name: String, sql: String, at: Timestamp) throws(SQLiteError) {
        try db.exec(db.dialect.translateSchema(sql))
        try db.statement("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
            .run([.int(Int64(version)), .text(name), .text(at.rfc3339)])
    }

    /// The tables that hold ledger state (everything but the journal and the migrations), for audits.
    func stateTables() throws(SQLiteError) -> [String] {
        try db.statement(db.dialect.stateTablesSQL).all().compactMap { if case .text(let t) = $0.first { t } else { nil } }
    }

    /// Every row of a state table, ordered by its primary key, with the indexes of the key columns.
    func rows(of table: String) throws(SQLiteError) -> (columns: [String], key: [Int], rows: [[SQLValue]]) {
        let c = try cursor(of: table)
        var rows: [[SQLValue]] = []
        while let row = try c.next() { rows.append(row) }
        return (c.columns, c.key, rows)
    }

    /// The rows of a state table in primary-key order, read one at a time: an audit compares two ledgers'
    /// tables with memory bounded by a row, whatever their size.
    final class TableCursor {
        let columns: [String]
        let key: [Int]
        private let statement: Statement?
        private var done = false

        fileprivate init(columns: [String], key: [Int], statement: Statement?) {
            self.columns = columns
            self.key = key
            self.statement = statement
        }

        /// The next row, or nil after the last.
        func next() throws(SQLiteError) -> [SQLValue]? {
            guard !done, let statement else { return nil }
            guard try statement.step() else { done = true; statement.reset(); return nil }
            return (0..<statement.columnCount).map { statement.value($0) }
        }
    }

    /// A cursor over `table` (ordered by its key, then every other column); an empty one when the table does not exist.
    func cursor(of table: String) throws(SQLiteError) -> TableCursor {
        try flush()
        guard try tableExists(table) else { return TableCursor(columns: [], key: [], statement: nil) }
        let info = try db.statement(db.dialect.columnsSQL).all([.text(table)])
        let columns = info.map { $0[0].description }
        var key: [(Int64, Int)] = []
        for (i, row) in info.enumerated() { if case .int(let pk) = row[1], pk > 0 { key.append((pk, i)) } }
        let keyIndexes = key.isEmpty ? Array(columns.indices) : key.sorted { $0.0 < $1.0 }.map(\.1)
        let order = (keyIndexes + columns.indices.filter { !keyIndexes.contains($0) }).map { String($0 + 1) }.joined(separator: ", ")
        return TableCursor(columns: columns, key: keyIndexes, statement: try db.prepare("SELECT * FROM \"\(table)\" ORDER BY \(order)"))
    }

    /// Removes the journal entries before `seq` (a scratch replica keeps only its head).
    func pruneJournal(before seq: Int64) throws(SQLiteError) {
        try db.statement("DELETE FROM journal WHERE seq < ?").run([.int(seq)])
    }

    // MARK: Meta

    func meta(_ key: String) throws(SQLiteError) -> String? {
        if cache.active, let value = cache.meta[key] { return value }
        let value = try db.statement("SELECT value FROM ledger_meta WHERE key = ?").first([.text(key)]) { $0.text(0) } ?? nil
        if cache.active { cache.setMeta(key, value) }
        return value
    }

    func setMeta(_ key: String, _ value: String) throws(SQLiteError) {
        try db.statement("INSERT INTO ledger_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .run([.text(key), .text(value)])
        if cache.active { cache.setMeta(key, value) }
    }

    // MARK: Accounts

    /// The account's PANDA balance, or nil when the account does not exist.
    func balance(_ account: String) throws(SQLiteError) -> Amount? {
        guard cache.active else { return try sqlBalance(account) }
        if let slot = cache.balances[account] { return slot.value }
        let value = try sqlBalance(account)
        cache.setBalance(account, RowCache.Slot(value: value, dirty: false))
        return value
    }

    func sqlBalance(_ account: String) throws(SQLiteError) -> Amount? {
        guard let value = try db.statement("SELECT panda FROM accounts WHERE account = ?").first([.text(account)], { $0.value(0) })
        else { return nil }
        return Amount(units: try value.storedUnits("accounts.panda of '\(account)'"))
    }

    func insertAccount(_ account: String, panda: Amount, seq: Int64) throws(SQLiteError) {
        try db.statement("INSERT INTO accounts (account, panda, created_seq) VALUES (?, ?, ?)")
            .runDeferred([.text(account), .text(String(panda.units)), .int(seq)])
        if cache.active { cache.setBalance(account, RowCache.Slot(value: panda, dirty: false)) }
    }

    func updateBalance(_ account: String, panda: Amount) throws(SQLiteError) {
        guard cache.active else { return try sqlUpdateBalance(account, panda: panda) }
        cache.setBalance(account, RowCache.Slot(value: panda, dirty: true))
    }

    func sqlUpdateBalance(_ account: String, panda: Amount) throws(SQLiteError) {
        try db.statement("UPDATE accounts SET panda = ? WHERE account = ?").runDeferred([.text(String(panda.units)), .text(account)])
    }

    func accounts() throws(SQLiteError) -> [(account: String, panda: Amount)] {
        try flush()
        return try mapRows(db.statement("SELECT account, panda FROM accounts ORDER BY account").all()) { row throws(SQLiteError) in
            let a = row[0].description
            return (a, Amount(units: try row[1].storedUnits("accounts.panda of '\(a)'")))
        }
    }

    /// Raw balance texts, for the audit (which must notice rows that no longer parse).
    func balanceTexts() throws(SQLiteError) -> [(account: String, panda: String)] {
        try flush()
        return try db.statement("SELECT account, panda FROM accounts ORDER BY account").all().map { row in
            (row[0].description, row[1].description)
        }
    }

    // MARK: Roles

    func hasRole(_ account: String, _ role: String, scope: String = "") throws(SQLiteError) -> Bool {
        try db.statement("SELECT 1 FROM roles WHERE account = ? AND role = ? AND scope = ?")
            .first([.text(account), .text(role), .text(scope)]) { _ in true } ?? false
    }

    func grantRole(_ account: String, _ role: String, scope: String = "", seq: Int64) throws(SQLiteError) {
        try db.statement("INSERT INTO roles (account, role, scope, granted_seq) VALUES (?, ?, ?, ?)")
            .run([.text(account), .text(role), .text(scope), .int(seq)])
    }

    // MARK: Nonces

    func nonceUsed(_ account: String, _ nonce: UInt64) throws(SQLiteError) -> Bool {
        try db.statement("SELECT 1 FROM nonces WHERE account = ? AND nonce = ?")
            .first([.text(account), .int(Int64(nonce))]) { _ in true } ?? false
    }

    func maxNonce(_ account: String) throws(SQLiteError) -> UInt64? {
        guard let value = try db.statement("SELECT MAX(nonce) FROM nonces WHERE account = ?").first([.text(account)], { $0.value(0) }),
            value != .null
        else { return nil }
        let n = try value.storedInt("the largest nonce of '\(account)'")
        guard n >= 0 else { throw SQLiteError.corruptValue("the largest nonce of '\(account)'", value) }
        return UInt64(n)
    }

    func recordNonce(_ account: String, _ nonce: UInt64, seq: Int64) throws(SQLiteError) {
        try db.statement("INSERT INTO nonces (account, nonce, seq) VALUES (?, ?, ?)")
            .runDeferred([.text(account), .int(Int64(nonce)), .int(seq)])
    }

    // MARK: Totals

    func total(_ name: String) throws(SQLiteError) -> Amount {
        guard let value = try db.statement("SELECT amount FROM totals WHERE name = ?").first([.text(name)], { $0.value(0) })
        else { return .zero }
        return Amount(units: try value.storedUnits("totals.amount of '\(name)'"))
    }

    func setTotal(_ name: String, _ amount: Amount) throws(SQLiteError) {
        try db.statement("INSERT INTO totals (name, amount) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET amount = excluded.amount")
            .run([.text(name), .text(String(amount.units))])
    }

    // MARK: Journal

    func journalHead() throws(SQLiteError) -> (seq: Int64, hash: String)? {
        try db.statement("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").first([]) { s throws(SQLiteError) in (try s.storedInt(0, "the journal's last seq"), s.text(1) ?? "") }
    }

    /// The time of the journal's last entry, or nil when the journal is empty.
    func journalLastTs() throws(SQLiteError) -> Timestamp? {
        guard let value = try db.statement("SELECT ts FROM journal ORDER BY seq DESC LIMIT 1").first([], { $0.value(0) }) else { return nil }
        return Timestamp(milliseconds: try value.storedInt("the journal's last ts"))
    }

    func appendJournal(_ e: JournalEntry) throws(SQLiteError) {
        try db.statement("INSERT INTO journal (seq, ts, op, sender, request, result, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .runDeferred([.int(e.seq), .int(e.ts.milliseconds), .text(e.op), .text(e.sender), .text(e.request), .text(e.result),
                  .text(e.prevHash), .text(e.hash)])
    }

    /// Journal entries with `seq > after`, in order, at most `limit` (all when nil).
    func journal(after: Int64, limit: Int? = nil, _ body: (JournalEntry) throws -> Void) throws {
        let s = try db.statement("SELECT seq, ts, op, sender, request, result, prev_hash, hash FROM journal WHERE seq > ? ORDER BY seq LIMIT ?")
        try s.bind([.int(after), .int(Int64(limit ?? Int.max))])
        defer { s.reset() }
        while try s.step() {
            let seq = try s.storedInt(0, "a journal seq")
            try body(JournalEntry(
                seq: seq, ts: Timestamp(milliseconds: try s.storedInt(1, "journal.ts of entry \(seq)")), op: s.text(2) ?? "", sender: s.text(3) ?? "",
                request: s.text(4) ?? "", result: s.text(5) ?? "", prevHash: s.text(6) ?? "", hash: s.text(7) ?? ""))
        }
    }

    func journalCount() throws(SQLiteError) -> Int64 {
        Int64(try db.scalarText("SELECT COUNT(*) FROM journal") ?? "0") ?? 0
    }

    func integrityCheck() throws(SQLiteError) -> [String] {
        guard let check = db.dialect.integrityCheckSQL else { return [] }
        return try db.statement(check).all().compactMap { $0.first?.description }.filter { $0 != "ok" }
    }
}

extension LedgerStore {
    /// Every table a ledger keeps: the state tables, the journal and the migrations.
    func allTables() throws(SQLiteError) -> [String] {
        try stateTables() + ["journal", "schema_migrations"]
    }

    /// Replaces every row of this ledger's tables with the rows of `source`'s (same schema version), inside
    /// the caller's write transaction: a ledger moved between engines row for row (backups of PostgreSQL
    /// ledgers are written and restored this way, into and out of the SQLite file the archive holds).
    /// `progress` counts the rows written (step `copying`), of all the source's rows.
    func replaceRows(from source: LedgerStore, progress: ProgressHandler? = nil) throws(SQLiteError) {
        let total = progress == nil ? nil : try source.rowCount()
        var done: Int64 = 0
        report(progress, "copying", "rows", 0, of: total)
        for table in try source.allTables() {
            let (columns, _, rows) = try source.rows(of: table)
            try db.exec("DELETE FROM \"\(table)\"")
            guard !columns.isEmpty else { continue }
            let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let insert = try db.prepare("INSERT INTO \"\(table)\" (\(names)) VALUES (\(marks))")
            for row in rows {
                insert.reset()
                try insert.run(row)
                done += 1
                if done % 1024 == 0 { report(progress, "copying", "rows", done, of: total) }
            }
        }
        report(progress, "copying", "rows", done, of: total)
    }

    /// The number of rows in every table `allTables` names (those that exist).
    func rowCount() throws(SQLiteError) -> Int64 {
        try flush()
        var n: Int64 = 0
        for table in try allTables() where try tableExists(table) {
            n += try db.prepare("SELECT count(*) FROM \"\(table)\"").first([]) { $0.int(0) } ?? 0
        }
        return n
    }
}
