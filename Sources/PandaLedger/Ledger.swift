#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore
import PandaCrypto

/// How a ledger authenticates requests (DESIGN §3).
public enum AuthMode: String, Sendable, CaseIterable {
    /// `from` is trusted: single-user and test ledgers.
    case open
    /// Every mutating request is signed by its sender.
    case signed
}

/// What a ledger says about itself (from `ledger_meta`).
public struct LedgerInfo: Sendable, Equatable {
    public var chainID: String
    public var auth: AuthMode
    public var admin: String
    public var createdAt: Timestamp
    /// The first journal seq applied under schema 7's issuance rules (grants as promises, the issuance
    /// cap, …); entries before it replay under the old rules. 0 on a ledger created with schema 7 or later.
    public var issuanceRulesSeq: Int64 = 0
    /// The first journal seq applied under schema 10's buy-side M(t); entries before it replay with M
    /// scaling the sigmoid's price only. 0 on a ledger created with schema 10 or later.
    public var multiplierRuleSeq: Int64 = 0
}

/// Verifies a signed request and returns its signer.
public protocol RequestAuthenticator: Sendable {
    func signer(of request: Request, chainID: String) throws(PandaError) -> String
}

/// Ethereum-style request signatures (DESIGN §3): `from`, `nonce`, `chain` and an EIP-191 signature
/// over the request's RFC 8785 canonical JSON, whose signer must be `from`.
public struct EthereumAuthenticator: RequestAuthenticator {
    public init() {}
    public func signer(of request: Request, chainID: String) throws(PandaError) -> String {
        guard let sig = request.object["sig"], !sig.isNull else {
            throw PandaError(.bad_signature, "request is not signed; this ledger accepts only signed requests (use --key or 'pandactl-sign sign')", field: "sig")
        }
        return try RequestSigning.authenticate(request.object, chainID: chainID)
    }
}

/// One pandactl ledger: an SQLite file in WAL mode or a PostgreSQL database (`path` is then its
/// `postgresql://` URL), the journal, and the path every request takes.
public final class Ledger {
    public let path: String
    let db: Database
    let store: LedgerStore
    public internal(set) var info: LedgerInfo
    /// Verifies signatures on `signed` ledgers; without one, signed ledgers refuse mutating requests.
    public var authenticator: RequestAuthenticator?
    /// Busy timeout for write transactions.
    public let busyTimeout: Int

    /// The journal head as of the current write transaction.
    private var head: (seq: Int64, hash: String) = (0, JournalEntry.genesisHash)
    /// `head.hash` as bytes, kept beside it so each entry's hash needs no hex parsing.
    private var headHashBytes = [UInt8](repeating: 0, count: 32)
    /// The time of the journal's last entry: no entry is stamped earlier (DESIGN §5, journal time).
    private var headTs = Timestamp(milliseconds: Int64.min)
    public private(set) var inWriteTransaction = false
    /// The requests applied in the open write transaction, in order, with the hash each gave: replayed
    /// when a request must be taken back after writing rows (see `applyAuthenticated`).
    private var appliedInTransaction: [AppliedRequest] = []
    private var transactionStart: (seq: Int64, hash: String) = (0, JournalEntry.genesisHash)
    private var transactionStartTs = Timestamp(milliseconds: Int64.min)

    private struct AppliedRequest {
        let request: Request
        let operation: Operation
        let sender: String
        let now: Timestamp
        let nonce: UInt64?
        let hash: String
    }

    static let formatName = "pandactl-ledger"
    public static let defaultBusyTimeout = 10_000

    /// Opened read-only (asked for, or a ledger in a directory this process cannot write).
    public private(set) var isReadOnly = false
    /// False for an audit's replica: it checks each replayed entry's hash against the journal it replays
    /// and keeps only its head in memory (a replica's journal would grow with the journal replayed).
    var writesJournal = true
    /// The result of the last entry applied without writing it (for the audit's report of a difference).
    var lastResultText = ""

    /// Streams: each entry's canonical text and chain hash are written on a second thread while the next
    /// requests are applied (`JournalPipeline`), and its journal row is inserted before the commit (or a
    /// read of the journal); receipts then carry an empty `tx` until the commit, which gives each its hash
    /// (`committedHash(seq:)`). Off: each entry is written and hashed as its request is applied.
    public var journalsInBackground = false
    private var pipeline: JournalPipeline?
    /// Jobs handed to the pipeline at a time; the rows of finished entries are inserted after each batch
    /// (tests make it small, so that a few requests go through every path).
    var journalBatchSize = 128
    /// The hashes of the open transaction's entries whose rows are inserted, in order.
    private var transactionHashes: [String] = []
    /// The hashes of the last committed transaction's entries, from its first seq.
    private var committed: (first: Int64, hashes: [String]) = (0, [])

    /// Whether receipts of the open transaction get their `tx` only at the commit.
    public var hashesAfterCommit: Bool { pipeline != nil && inWriteTransaction }

    /// The hash of an entry of the last committed transaction.
    public func committedHash(seq: Int64) -> String? {
        let i = Int(seq - committed.first)
        return i >= 0 && i < committed.hashes.count ? committed.hashes[i] : nil
    }

    deinit { pipeline?.stop() }

    /// Inserts the journal rows the pipeline has written (all that were handed over), making `head` whole.
    private func insertPipelinedEntries() throws(PandaError) {
        guard let pipeline else { return }
        if let e = journalInsertFailure { throw e }
        try insert(pipeline.drain(), from: pipeline)
    }

    /// Inserts the rows of entries the pipeline has finished so far, without waiting for the others: the
    /// inserts are spread over the transaction, while the pipeline works on the next entries, rather than
    /// all left to the commit, which would first wait for the pipeline to finish. A failure is kept and
    /// thrown by the next `insertPipelinedEntries` (the commit, or a read), and the transaction then rolled
    /// back; the request that was just applied is not refused for it.
    private func insertFinishedEntries() {
        guard let pipeline, journalInsertFailure == nil else { return }
        do { try insert(pipeline.takeFinished(), from: pipeline) } catch { journalInsertFailure = error }
    }

    private func insert(_ entries: [JournalEntry], from pipeline: JournalPipeline) throws(PandaError) {
        guard let last = entries.last else { return }
        do {
            for e in entries { try store.appendJournal(e) }
        } catch {
            throw mapped(error)
        }
        transactionHashes.append(contentsOf: entries.map(\.hash))
        // (Requests applied after these entries keep `head` at their seq until their own rows are inserted.)
        if last.seq == head.seq { head = (last.seq, last.hash) }
        pipeline.recycle(entries)
    }

    /// The error of a journal insert made between requests (`insertFinishedEntries`), until the rollback.
    private var journalInsertFailure: PandaError?

    private init(path: String, db: Database, info: LedgerInfo, busyTimeout: Int) {
        self.path = path
        self.db = db
        self.store = LedgerStore(db: db)
        self.info = info
        self.busyTimeout = busyTimeout
    }

    // MARK: Opening and creating

    /// Opens an existing ledger, running pending migrations. Never creates a file.
    public static func open(path: String, readOnly: Bool = false, busyTimeout: Int = defaultBusyTimeout) throws(PandaError) -> Ledger {
        let db: Database
        var frozen = false
        if LedgerLocation.isPostgres(path) {
            db = try connectPostgres(path, busyTimeout: busyTimeout)
            do {
                guard try LedgerStore(db: db).tableExists("ledger_meta") || !(try LedgerStore(db: db).stateTables().isEmpty) else {
                    throw PandaError(.ledger_missing, "no ledger in '\(LedgerLocation.display(path))' (create one with 'pandactl init --ledger URL')")
                }
            } catch let e as PandaError {
                throw e
            } catch {
                throw (error as? DatabaseError)?.pandaError(ledger: path) ?? PandaError(.internal_error, "\(error)")
            }
        } else {
            guard fileExists(path) else {
                throw PandaError(.ledger_missing, "no ledger at '\(path)' (create one with 'pandactl init --ledger \(path)')")
            }
            // In a directory nobody may write, WAL mode cannot create its -shm file and every read would fail.
            // With no -wal file there is nothing uncheckpointed and no writer can exist, so the file is opened
            // as immutable: queries work, writes are refused as read-only.
            frozen = access(Backup.directory(of: path), W_OK) != 0 && !fileExists(path + "-wal")
            let target = frozen ? "file:" + uriEscaped(path) + "?immutable=1" : path
            let connection: SQLiteConnection
            do { connection = try SQLiteConnection(path: target, mode: readOnly || frozen ? .readOnly : .readWrite) } catch { throw error.pandaError(ledger: path) }
            connection.setBusyTimeout(milliseconds: busyTimeout, signalDirectory: readOnly || frozen ? nil : Backup.directory(of: path))
            db = Database(connection, path: path)
            do {
                try db.exec("PRAGMA synchronous = FULL")
                // Savepoints (the transaction's own, and a request's when it must be re-run alone) keep their
                // statement journal (the pages to put back) in memory instead of a temp file written page by
                // page. Durability is the WAL's.
                try db.exec("PRAGMA temp_store = MEMORY")
            } catch {
                throw openFailure(error, path: path)
            }
        }
        let store = LedgerStore(db: db)
        do {
            guard try store.tableExists("ledger_meta"),
                try store.meta("format") == formatName
            else {
                throw PandaError(.ledger_corrupt, "cannot open ledger '\(LedgerLocation.display(path))': not a pandactl ledger")
            }
            let version = try store.schemaVersion() ?? 0
            if version > Migrations.latestVersion {
                throw PandaError(.ledger_too_new, "ledger '\(LedgerLocation.display(path))' has schema version \(version); this pandactl knows up to \(Migrations.latestVersion): upgrade pandactl")
            }
            if version < Migrations.latestVersion {
                guard !readOnly else {
                    throw PandaError(.io_error, "ledger '\(LedgerLocation.display(path))' needs a schema upgrade, which a read-only open cannot do")
                }
                try store.beginImmediate()
                do {
                    // Another process may have migrated while this one waited for the write lock.
                    let version = try store.schemaVersion() ?? 0
                    try migrate(store, from: version)
                    try store.commit()
                } catch {
                    store.rollback()
                    throw error
                }
            }
            let info = try loadInfo(store, path: path)
            let ledger = Ledger(path: path, db: db, info: info, busyTimeout: busyTimeout)
            ledger.isReadOnly = readOnly || frozen
            if info.auth == .signed { ledger.authenticator = EthereumAuthenticator() }
            return ledger
        } catch {
            throw openFailure(error, path: path)
        }
    }

    private static func openFailure(_ error: any Error, path: String) -> PandaError {
        if let e = error as? PandaError { return e }
        if let e = error as? DatabaseError {
            if e.failure == .notADatabase || e.failure == .corrupt {
                return PandaError(.ledger_corrupt, "cannot open ledger '\(LedgerLocation.display(path))': not a pandactl ledger (\(e.message))")
            }
            return e.pandaError(ledger: path)
        }
        return PandaError(.internal_error, "\(error)")
    }

    /// A connection to a PostgreSQL ledger (`postgresql://` or `postgres://`), or why there is none.
    static func connectPostgres(_ url: String, busyTimeout: Int) throws(PandaError) -> Database {
        #if canImport(CLibPQ)
        do {
            let connection = try PostgresConnection(url: url)
            try connection.setBusyTimeout(milliseconds: busyTimeout)
            return Database(connection, path: url)
        } catch {
            throw error.pandaError(ledger: url)
        }
        #else
        throw PandaError(.not_available, "ledger '\(LedgerLocation.display(url))': PostgreSQL ledgers are not available in this build (it has no libpq)")
        #endif
    }

    /// The engine a ledger location names: `sqlite` or `postgresql`.
    public static func engine(of path: String) -> String { LedgerLocation.isPostgres(path) ? "postgresql" : "sqlite" }

    /// A path as the path part of an SQLite URI (percent-encoding what a URI would read otherwise).
    static func uriEscaped(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x21, 0x7F...0xFF:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            default: out.unicodeScalars.append(Unicode.Scalar(b))
            }
        }
        return out
    }

    /// Creates a new ledger file, written under a temporary name and linked into place, so that a
    /// failure leaves nothing behind and an existing file is never overwritten.
    public static func create(path: String, auth: AuthMode, admin: String, chainID: String, now: Timestamp = .now()) throws(PandaError) -> (Ledger, JSONObject) {
        if LedgerLocation.isPostgres(path) { return try createPostgres(url: path, auth: auth, admin: admin, chainID: chainID, now: now) }
        guard !fileExists(path) else {
            throw PandaError(.file_exists, "ledger '\(path)' already exists (refusing to overwrite it)")
        }
        let tmp = path + ".init-\(getpid())"
        removeDatabaseFiles(tmp)
        var receipt = JSONObject()
        do {
            let db = Database(try SQLiteConnection(path: tmp, mode: .create), path: tmp)
            try db.exec("PRAGMA journal_mode = WAL")
            let store = LedgerStore(db: db)
            try store.beginImmediate()
            try migrate(store, from: 0)
            try store.setMeta("format", formatName)
            try store.commit()
            let info = LedgerInfo(chainID: chainID, auth: auth, admin: admin, createdAt: now)
            let ledger = Ledger(path: tmp, db: db, info: info, busyTimeout: defaultBusyTimeout)
            try ledger.beginWrite()
            receipt = try ledger.applyInit(auth: auth, admin: admin, chainID: chainID, now: now)
            try ledger.commit()
        } catch let e as PandaError {
            removeDatabaseFiles(tmp)
            throw e
        } catch let e as SQLiteError {
            removeDatabaseFiles(tmp)
            throw e.pandaError(ledger: path)
        } catch {
            removeDatabaseFiles(tmp)
            throw PandaError(.internal_error, "\(error)")
        }
        // The temporary connection is closed here (WAL checkpointed and removed); link without clobbering.
        if link(tmp, path) != 0 {
            let e = errno
            removeDatabaseFiles(tmp)
            if e == EEXIST { throw PandaError(.file_exists, "ledger '\(path)' already exists (refusing to overwrite it)") }
            throw PandaError(.io_error, "cannot create ledger '\(path)': \(String(cString: strerror(e)))")
        }
        removeDatabaseFiles(tmp)
        let ledger = try open(path: path)
        receipt["ledger"] = .string(path)
        return (ledger, receipt)
    }

    /// Journals `init`, the first entry of every ledger, inside the open write transaction.
    private func applyInit(auth: AuthMode, admin: String, chainID: String, now: Timestamp) throws(PandaError) -> JSONObject {
        var request = JSONObject()
        request.appendUnique("op", "init")
        request.appendUnique("auth", .string(auth.rawValue))
        request.appendUnique("admin", .string(admin))
        request.appendUnique("chain_id", .string(chainID))
        return try applyAuthenticated(Request(object: request), operation: CoreOperations.initOp, sender: admin, now: now).receipt
    }

    /// A fresh in-memory ledger with the current schema.
    static func inMemory() throws(PandaError) -> Ledger { try scratch(path: ":memory:") }

    /// A fresh ledger with the current schema in a scratch file, for the audit's replay: its memory is a
    /// bounded page cache, whatever the journal's length. No rollback journal and no fsync — the file is
    /// thrown away if anything fails. Beside the ledger (same disk, not a RAM-backed /tmp), or in
    /// `$TMPDIR` when the ledger's directory is not writable.
    static func scratchFile(near ledgerPath: String) throws(PandaError) -> Ledger {
        let dir = Backup.directory(of: ledgerPath)
        let base = access(dir, W_OK) == 0 ? dir : (Environment.get("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        Backup.removeStaleTemporaries(directory: base, archive: nil)
        let path = base + "/.pandactl-audit-\(getpid()).db"
        removeDatabaseFiles(path)
        let l = try scratch(path: path)
        do {
            try l.db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY")
        } catch {
            throw error.pandaError(ledger: path)
        }
        return l
    }

    /// Opens a replica kept by an earlier audit (`auditStatePath`); nil when it is missing, unreadable or of
    /// another schema version (the audit then runs in full).
    static func openScratchFile(_ path: String) -> Ledger? {
        guard fileExists(path), let connection = try? SQLiteConnection(path: path, mode: .readWrite) else { return nil }
        let db = Database(connection, path: path)
        let store = LedgerStore(db: db)
        guard (try? db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192; PRAGMA temp_store = MEMORY")) != nil,
              (try? store.meta("format")) == formatName, (try? store.schemaVersion()) == Migrations.latestVersion,
              let info = try? loadInfo(store, path: path)
        else { return nil }
        return Ledger(path: path, db: db, info: info, busyTimeout: 0)
    }

    private static func scratch(path: String) throws(PandaError) -> Ledger {
        do {
            let db = Database(try SQLiteConnection(path: path, mode: .create), path: path)
            let store = LedgerStore(db: db)
            try store.beginImmediate()
            try migrate(store, from: 0)
            try store.setMeta("format", formatName)
            try store.commit()
            let info = LedgerInfo(chainID: "", auth: .open, admin: "", createdAt: Timestamp(milliseconds: 0))
            return Ledger(path: path, db: db, info: info, busyTimeout: 0)
        } catch let e as SQLiteError {
            throw e.pandaError(ledger: path)
        } catch let e as PandaError {
            throw e
        } catch {
            throw PandaError(.internal_error, "\(error)")
        }
    }

    /// Creates the schema in a PostgreSQL database and applies `init`, in one transaction under the
    /// writers' lock: a database that already holds a ledger (or any table of one) is refused, and a
    /// failure leaves the database as it was.
    static func createPostgres(url: String, auth: AuthMode, admin: String, chainID: String, now: Timestamp) throws(PandaError) -> (Ledger, JSONObject) {
        let db = try connectPostgres(url, busyTimeout: defaultBusyTimeout)
        let store = LedgerStore(db: db)
        var receipt = JSONObject()
        do {
            try store.beginImmediate()
            guard try !store.tableExists("ledger_meta"), try !store.tableExists("schema_migrations"), try !store.tableExists("journal") else {
                store.rollback()
                throw PandaError(.file_exists, "ledger '\(LedgerLocation.display(url))' already exists: the database holds a ledger (refusing to overwrite it)")
            }
            try migrate(store, from: 0)
            try store.setMeta("format", formatName)
            let info = LedgerInfo(chainID: chainID, auth: auth, admin: admin, createdAt: now)
            let ledger = Ledger(path: url, db: db, info: info, busyTimeout: defaultBusyTimeout)
            try ledger.beginWrite(transactionOpen: true)
            receipt = try ledger.applyInit(auth: auth, admin: admin, chainID: chainID, now: now)
            try ledger.commit()
        } catch let e as PandaError {
            store.rollback()
            throw e
        } catch let e as DatabaseError {
            store.rollback()
            throw e.pandaError(ledger: url)
        } catch {
            store.rollback()
            throw PandaError(.internal_error, "\(error)")
        }
        let ledger = try open(path: url)
        receipt["ledger"] = .string(LedgerLocation.display(url))
        return (ledger, receipt)
    }

    static func migrate(_ store: LedgerStore, from version: Int) throws {
        try store.createMigrationsTable()
        for m in Migrations.all where m.version > version {
            try store.applyMigration(version: m.version, name: m.name, sql: m.sql, at: .now())
        }
        if version > 0 && version < Migrations.issuanceRulesVersion {
            let next = (try store.journalHead()?.seq ?? 0) + 1
            try IssuanceMigration.convert(store, boundary: next)
        }
        if version > 0 && version < Migrations.multiplierRuleVersion {
            let next = (try store.journalHead()?.seq ?? 0) + 1
            try store.setMeta(MultiplierRuleMigration.metaKey, String(next))
        }
    }

    private static func loadInfo(_ store: LedgerStore, path: String) throws -> LedgerInfo {
        guard let chain = try store.meta("chain_id"), let authText = try store.meta("auth"),
            let auth = AuthMode(rawValue: authText), let admin = try store.meta("admin"),
            let createdText = try store.meta("created_at"), let created = Timestamp(rfc3339: createdText)
        else {
            throw PandaError(.ledger_corrupt, "ledger '\(path)' is corrupt: its meta table is incomplete")
        }
        var info = LedgerInfo(chainID: chain, auth: auth, admin: admin, createdAt: created)
        info.issuanceRulesSeq = Int64(try store.meta(IssuanceMigration.metaKey) ?? "0") ?? 0
        info.multiplierRuleSeq = Int64(try store.meta(MultiplierRuleMigration.metaKey) ?? "0") ?? 0
        return info
    }

    static func fileExists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// `mkdir -p` (mode 0700: a ledger's replayed state is nobody else's business); failures are left to the caller's next step.
    static func makeDirectories(_ dir: String) {
        var prefix = ""
        for part in dir.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + part
            if !fileExists(prefix) { mkdir(prefix, 0o700) }
        }
    }

    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    // MARK: Transactions

    /// Starts a write transaction (`BEGIN IMMEDIATE`, waiting up to the busy timeout), or adopts the one
    /// the store has open (`transactionOpen`: creating a ledger on PostgreSQL, schema and `init` at once).
    public func beginWrite() throws(PandaError) { try beginWrite(transactionOpen: false) }

    func beginWrite(transactionOpen: Bool) throws(PandaError) {
        precondition(!inWriteTransaction)
        do {
            if !transactionOpen { try store.beginImmediate() }
            inWriteTransaction = true
            // An audit's replica that does not store its entries keeps its head in memory once it has one.
            if writesJournal || head.seq == 0 {
                head = try store.journalHead() ?? (0, JournalEntry.genesisHash)
                headHashBytes = [UInt8](hex: head.hash) ?? []
                headTs = try store.journalLastTs() ?? Timestamp(milliseconds: Int64.min)
            }
            transactionStart = head
            transactionStartTs = headTs
            appliedInTransaction.removeAll(keepingCapacity: true)
            transactionHashes.removeAll(keepingCapacity: true)
            journalInsertFailure = nil
            if journalsInBackground && writesJournal && pipeline == nil {
                let p = JournalPipeline(batchSize: journalBatchSize)
                if p.started { pipeline = p }
            }
            pipeline?.reset(after: head.hash)
            try store.openTransactionSavepoint()
            // Books cached from our last commit are current only if nobody wrote since.
            if head.seq != store.booksSeenSeq { store.dropBooks() }
        } catch {
            if inWriteTransaction { store.rollback(); inWriteTransaction = false }
            throw error.pandaError(ledger: path)
        }
    }

    /// Commits; only after this returns are the transaction's receipts durable.
    public func commit() throws(PandaError) {
        precondition(inWriteTransaction)
        do {
            try insertPipelinedEntries()
        } catch {
            rollback()
            throw error
        }
        do {
            try store.commit()
            inWriteTransaction = false
            store.booksSeenSeq = head.seq
            if pipeline != nil {
                committed = (transactionStart.seq + 1, transactionHashes)
                transactionHashes = []
            }
        } catch {
            store.rollback()
            inWriteTransaction = false
            pipeline?.reset(after: transactionStart.hash)
            throw error.pandaError(ledger: path)
        }
    }

    /// After a commit, whether another writer may be waiting for the write lock: a stream about to start
    /// its next transaction leaves it a gap only then (SQLite grants the lock to whoever asks first).
    public var writersMayWait: Bool { store.othersMayWait }

    public func rollback() {
        guard inWriteTransaction else { return }
        store.rollback()
        inWriteTransaction = false
        pipeline?.reset(after: transactionStart.hash)
        transactionHashes.removeAll(keepingCapacity: true)
        journalInsertFailure = nil
    }

    /// A write transaction the engine gave up after it began (`ledger_busy` from a request or the commit:
    /// a deadlock with another session, a serialization failure) is run again from its first request by
    /// the caller, whose receipts were not printed yet. This says whether to: true, after a short random
    /// pause, while `--busy-timeout` has not passed since the first failure (`since`: nil on the first,
    /// which sets it; the caller keeps it until its transaction commits); false, and the caller ends with
    /// 75, after that.
    public func mayRunTransactionAgain(since: inout Int64?) -> Bool {
        let now = BusyWait.monotonicMilliseconds()
        let first = since ?? now
        since = first
        guard now - first < Int64(busyTimeout) else { return false }
        usleep(useconds_t(1000 + UInt32.random(in: 0..<4000)))
        return true
    }

    // MARK: Applying requests

    /// Authenticates and applies one mutating request inside the current write transaction, in its own
    /// savepoint, and journals it. Returns the receipt. On error nothing of the request remains.
    public func apply(_ request: Request, operation: Operation, now: Timestamp = .now()) throws(PandaError) -> JSONObject {
        try applyWithRecords(request, operation: operation, now: now).receipt
    }

    /// `apply`, also returning the records the operation adds after its receipt (`trade` records of a `place`).
    public func applyWithRecords(_ request: Request, operation: Operation, now: Timestamp = .now()) throws(PandaError) -> (receipt: JSONObject, records: [JSONObject]) {
        precondition(operation.kind == .mutating)
        let sender = try authenticate(request)
        if let chain = try request.string("chain"), chain != info.chainID {
            throw PandaError(.wrong_chain, "request is for chain '\(chain)', this ledger is '\(info.chainID)'", field: "chain")
        }
        // Journal time never decreases: the clock stamps max(now, last entry's time), and a given `ts`
        // earlier than the last entry is refused.
        var ts = max(now, headTs)
        if let given = try request.timestamp() {
            guard info.auth == .open || sender == info.admin else {
                throw PandaError(.ts_not_allowed, "'ts' is accepted only from the admin on a signed ledger", field: "ts")
            }
            guard given >= headTs else {
                throw PandaError(.ts_out_of_order, "'ts' \(given.rfc3339) is earlier than the journal's last entry (\(headTs.rfc3339)); journal time never decreases", field: "ts")
            }
            ts = given
        }
        return try applyAuthenticated(request, operation: operation, sender: sender, now: ts)
    }

    /// Runs a query (no journal, no write lock needed) and returns its output.
    public func query(_ request: Request, operation: Operation, now: Timestamp = .now()) throws(PandaError) -> OpOutput {
        precondition(operation.kind == .query)
        if inWriteTransaction { try insertPipelinedEntries() }
        try request.checkFields(allowed: operation.fields, operation: operation.name)
        try request.checkConventions()
        let sender: String
        if let from = try request.string("from") {
            sender = try AccountID.parse(from, allowNames: info.auth == .open, field: "from")
        } else {
            sender = info.admin
        }
        var ctx = OpContext(ledger: self, request: request, sender: sender, now: now, seq: head.seq + 1)
        do { return try operation.handler(&ctx) } catch { throw mapped(error) }
    }

    /// The sender of a request: its verified signer on signed ledgers; `from` (or the admin) on open ones.
    func authenticate(_ request: Request) throws(PandaError) -> String {
        switch info.auth {
        case .open:
            guard let from = try request.string("from") else { return info.admin }
            return try AccountID.parse(from, allowNames: true, field: "from")
        case .signed:
            guard let authenticator else {
                throw PandaError(.signing_unavailable, "ledger '\(LedgerLocation.display(path))' is signed, and signature verification is not available in this build")
            }
            return try authenticator.signer(of: request, chainID: info.chainID)
        }
    }

    /// Applies one authenticated request. Requests run without an SQL savepoint of their own (a savepoint
    /// per request copies every page it touches, about a tenth of the time of a simple request): a request
    /// refused before it wrote a row is taken back through the row cache and the order books alone. One
    /// that fails after writing rows (rare: the ops check before they write) takes the transaction back to
    /// its start, with the write lock kept, replays the requests applied before it — the same requests,
    /// senders and times on the same rows give the same results, which is checked hash by hash — and runs
    /// again in its own savepoint. Either way, on error nothing of the request remains.
    func applyAuthenticated(_ request: Request, operation: Operation, sender: String, now: Timestamp,
                            conventions: Bool = true) throws(PandaError) -> (receipt: JSONObject, records: [JSONObject]) {
        precondition(inWriteTransaction)
        try request.checkFields(allowed: operation.fields, operation: operation.name)
        // The conventions of new input (DESIGN §8); the audit's replay applies the journal as it was accepted.
        if conventions { try request.checkConventions() }
        let nonce = try request.safeInteger("nonce")
        // Checked here, where the audit's replay passes too, against the time the entry is stamped with.
        if let expires = try request.timestamp("expires"), now > expires {
            throw PandaError(.expired, "the request expired at \(expires.rfc3339) (the ledger's time is \(now.rfc3339)); it changes nothing: sign it again with a new nonce", field: "expires")
        }
        do {
            if let nonce, try store.nonceUsed(sender, nonce) {
                if operation.replayedNonceCode == .already_settled {
                    throw PandaError(.already_settled, "receipt \(nonce) of \(sender) was settled before (its nonce is used)", field: "nonce")
                }
                throw PandaError(operation.replayedNonceCode, "nonce \(nonce) of \(sender) was used before", field: "nonce")
            }
        } catch {
            throw mapped(error)
        }
        let changes = store.totalChanges
        store.beginRequest()
        do {
            let performed = try perform(request, operation: operation, sender: sender, now: now, nonce: nonce)
            store.endRequest()
            let out = adopt(performed)
            if performed.handedOver { insertFinishedEntries() }
            return out
        } catch {
            let e = mapped(error)
            if store.totalChanges == changes && !store.transactionAborted {
                store.abandonRequest()
                throw e
            }
            // The database failed as a whole (a lost connection, a full disk): the stream ends and the caller
            // rolls the transaction back; there is nothing to take back request by request.
            if e.code.endsStream { throw e }
        }
        try replayTransaction()
        do {
            try store.savepoint()
        } catch {
            throw mapped(error)
        }
        do {
            let performed = try perform(request, operation: operation, sender: sender, now: now, nonce: nonce)
            try store.releaseSavepoint()
            return adopt(performed)
        } catch {
            try? store.rollbackToSavepoint()
            throw mapped(error)
        }
    }

    /// Runs the operation and journals it; the caller takes it back on error.
    private func perform(_ request: Request, operation: Operation, sender: String, now: Timestamp, nonce: UInt64?) throws -> Performed {
        let seq = head.seq + 1
        // The operation reads the request in the order the journal keeps it (canonical, keys sorted): an
        // operation that walks an object (recipients, weights, tiers) then does the same steps in the same
        // order live and in the audit's replay, however the sender listed them.
        var ordered = request
        ordered.object = request.canonicalObject
        var ctx = OpContext(ledger: self, request: ordered, sender: sender, now: now, seq: seq)
        let output = try operation.handler(&ctx)
        if let nonce { try store.recordNonce(sender, nonce, seq: seq) }
        if let pipeline, writesJournal {
            // The entry's text and hash are written on the pipeline's thread; the receipt's `tx` at the commit.
            let handedOver = pipeline.submit(JournalPipeline.Job(seq: seq, ts: now, op: operation.journalName, sender: sender,
                                                                 request: ordered.object, requestText: request.ahead?.canonicalText,
                                                                 result: output.fields))
            return Performed(receipt: receipt(output, operation: operation, request: request, seq: seq, hash: "", now: now, sender: sender),
                             records: output.records, seq: seq, hashBytes: [],
                             applied: AppliedRequest(request: request, operation: operation, sender: sender, now: now, nonce: nonce, hash: ""),
                             handedOver: handedOver)
        }
        // (Already in order: written without sorting again, or written ahead.)
        let requestText = request.ahead?.canonicalText ?? JSONWriter.string(.object(ordered.object), sortedKeys: true)
        let resultText = JSONWriter.string(.object(output.fields), sortedKeys: true)
        let hashBytes = JournalEntry.chainHashBytes(prev: headHashBytes, seq: seq, ts: now, op: operation.journalName, sender: sender,
                                                    request: requestText, result: resultText)
        let hash = "0x" + hashBytes.hexString
        if writesJournal {
            try store.appendJournal(JournalEntry(seq: seq, ts: now, op: operation.journalName, sender: sender, request: requestText,
                                                 result: resultText, prevHash: head.hash, hash: hash))
        } else {
            lastResultText = resultText
        }
        return Performed(receipt: receipt(output, operation: operation, request: request, seq: seq, hash: hash, now: now, sender: sender),
                         records: output.records, seq: seq, hashBytes: hashBytes,
                         applied: AppliedRequest(request: request, operation: operation, sender: sender, now: now, nonce: nonce, hash: hash))
    }

    private func receipt(_ output: OpOutput, operation: Operation, request: Request, seq: Int64, hash: String, now: Timestamp, sender: String) -> JSONObject {
        var receipt = JSONObject()
        receipt.reserveCapacity(7 + output.fields.count)
        receipt.appendUnique("type", .string(output.recordType))
        receipt.appendUnique("op", .string(operation.name))
        if let id = request.id { receipt.appendUnique("id", id) }
        receipt.appendUnique("seq", .number(JSONNumber(seq)))
        receipt.appendUnique("tx", .string(hash))
        receipt.appendUnique("ts", .string(now.rfc3339))
        receipt.appendUnique("from", .string(sender))
        for (k, v) in output.fields where receipt[k] == nil { receipt.appendUnique(k, v) }
        return receipt
    }

    private struct Performed {
        let receipt: JSONObject
        let records: [JSONObject]
        let seq: Int64
        let hashBytes: [UInt8]
        let applied: AppliedRequest
        /// The pipeline was handed a batch of jobs with this one: a moment to insert the entries it finished.
        var handedOver = false
    }

    /// Makes a performed request the journal's head (after its writes can no longer be taken back alone).
    private func adopt(_ p: Performed) -> (receipt: JSONObject, records: [JSONObject]) {
        head = (p.seq, p.applied.hash)  // (the hash is "" until the pipeline's entries are inserted)
        headTs = p.applied.now
        headHashBytes = p.hashBytes
        appliedInTransaction.append(p.applied)
        return (p.receipt, p.records)
    }

    /// Takes the transaction back to its start and applies its requests again, each checked to give the
    /// hash it gave before (their receipts are already out of our hands). A difference is an internal error
    /// that ends the stream, and the caller rolls the whole transaction back.
    private func replayTransaction() throws(PandaError) {
        let log = appliedInTransaction
        // With the pipeline, the hashes given so far: those inserted and those still being written.
        let given = pipeline.map { transactionHashes + $0.drain().map(\.hash) } ?? []
        do {
            try store.rollbackToTransactionSavepoint()
        } catch {
            throw PandaError(.internal_error, "cannot take the transaction back to its start: \(mapped(error).message)")
        }
        head = transactionStart
        headTs = transactionStartTs
        headHashBytes = [UInt8](hex: head.hash) ?? []
        appliedInTransaction.removeAll(keepingCapacity: true)
        transactionHashes.removeAll(keepingCapacity: true)
        journalInsertFailure = nil
        pipeline?.reset(after: head.hash)
        func differs(_ i: Int) -> PandaError {
            PandaError(.internal_error, "replaying the transaction gave another result for its request \(i + 1) of \(log.count) (journal seq \(transactionStart.seq + Int64(i) + 1)); nothing of the transaction is kept")
        }
        for (i, entry) in log.enumerated() {
            store.beginRequest()
            let performed = try? perform(entry.request, operation: entry.operation, sender: entry.sender, now: entry.now, nonce: entry.nonce)
            store.endRequest()
            guard let performed, performed.applied.hash == entry.hash else { throw differs(i) }
            _ = adopt(performed)
        }
        if pipeline != nil {
            try insertPipelinedEntries()
            if let i = zip(transactionHashes, given).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset { throw differs(i) }
            guard transactionHashes.count == given.count else { throw differs(min(transactionHashes.count, given.count)) }
        }
    }

    func mapped(_ error: any Error) -> PandaError {
        if let e = error as? PandaError { return e }
        if let e = error as? SQLiteError { return e.pandaError(ledger: path) }
        return PandaError(.internal_error, "\(error)")
    }

    // MARK: Reading

    /// The journal entries after `seq` (all when 0), in order.
    public func journal(after seq: Int64 = 0, limit: Int? = nil, _ body: (JournalEntry) throws -> Void) throws(PandaError) {
        if inWriteTransaction { try insertPipelinedEntries() }
        do { try store.journal(after: seq, limit: limit, body) } catch { throw mapped(error) }
    }

    /// The journal's last sequence number and hash.
    public func journalHead() throws(PandaError) -> (seq: Int64, hash: String) {
        if inWriteTransaction { try insertPipelinedEntries() }
        do { return try store.journalHead() ?? (0, JournalEntry.genesisHash) } catch { throw mapped(error) }
    }

    /// Accounts and their PANDA balances, by account.
    public func accounts() throws(PandaError) -> [(account: String, panda: Amount)] {
        do { return try store.accounts() } catch { throw mapped(error) }
    }

    /// The next nonce for `account` when a program signs on its behalf (`--key`): one more than the
    /// largest it has used. Call inside the write transaction that applies the request.
    public func nextNonce(for account: String) throws(PandaError) -> UInt64 {
        do { return (try store.maxNonce(account)).map { $0 + 1 } ?? 1 } catch { throw mapped(error) }
    }

    /// The SQLite library version, for `pandactl version`.
    public static var sqliteVersion: String { SQLiteConnection.libraryVersion }

    /// The libpq version, or nil in a build without it (`pandactl version`).
    public static var libpqVersion: String? {
        #if canImport(CLibPQ)
        return PostgresConnection.libraryVersion
        #else
        return nil
        #endif
    }
}

/// The state an operation's handler works on.
public struct OpContext {
    public let ledger: Ledger
    public let request: Request
    /// The authenticated sender (the admin when an open-ledger request has no `from`).
    public let sender: String
    public let now: Timestamp
    /// The journal sequence number this request will have if it applies.
    public let seq: Int64

    var store: LedgerStore { ledger.store }

    /// An account field, validated for this ledger's auth mode and normalized.
    public func account(_ key: String) throws(PandaError) -> String? {
        guard let text = try request.string(key) else { return nil }
        return try AccountID.parse(text, allowNames: ledger.info.auth == .open, field: key)
    }

    public func requireAccount(_ key: String) throws(PandaError) -> String {
        guard let a = try account(key) else { throw PandaError(.missing_field, "'\(key)' is required", field: key) }
        return a
    }

    /// Refuses unless the sender is the ledger's admin.
    public func requireAdmin() throws(PandaError) {
        let isAdmin: Bool
        do { isAdmin = try store.hasRole(sender, "admin") } catch { throw ledger.mapped(error) }
        guard isAdmin else {
            throw PandaError(.not_authorized, "'\(request.op ?? "")' is for the ledger's admin; \(sender) is not")
        }
    }
}

/// What an operation produces: the fields of its record (also journaled as the result) and any
/// further records that follow it (`trade` after `order`, `account` rows of `accounts`).
public struct OpOutput: Sendable {
    public var recordType: String
    public var fields: JSONObject
    public var records: [JSONObject]

    public init(recordType: String = "receipt", fields: JSONObject = JSONObject(), records: [JSONObject] = []) {
        self.recordType = recordType
        self.fields = fields
        self.records = records
    }
}

/// An operation a program offers as a verb and as `"op"` in a JSON line.
public struct Operation: Sendable {
    public enum Kind: Sendable { case mutating, query }
    public let name: String
    /// The program family the op belongs to ("" for the ledger's own, "curve", …): journal entries
    /// are named `domain.name` so that ops of the same name in different programs stay apart.
    public let domain: String
    public let kind: Kind
    /// The request fields the operation takes (besides the common ones).
    public let fields: Set<String>
    /// One line of help.
    public let summary: String
    let handler: @Sendable (inout OpContext) throws -> OpOutput

    /// The name journal entries carry.
    public var journalName: String { domain.isEmpty ? name : domain + "." + name }

    public init(_ name: String, _ kind: Kind, domain: String = "", fields: Set<String>, summary: String,
                handler: @escaping @Sendable (inout OpContext) throws -> OpOutput) {
        self.name = name
        self.domain = domain
        self.kind = kind
        self.fields = fields
        self.summary = summary
        self.handler = handler
    }

    /// What a request with a nonce its sender used before is refused as: `replayed_nonce`, unless the
    /// operation names its own code (a usage receipt's nonce is its number: `already_settled`).
    public var replayedNonceCode: ErrorCode = .replayed_nonce
}


extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
