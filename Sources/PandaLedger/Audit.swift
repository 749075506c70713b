#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Curves
import PandaCore
import PandaCrypto

/// One broken rule found by `audit`.
public struct AuditFinding: Sendable, Equatable, CustomStringConvertible {
    /// What kind of rule: `integrity`, `journal`, `replay`, `state`, `conservation`, `negative_balance`, `meta`.
    public var rule: String
    public var message: String

    public var description: String { "\(rule): \(message)" }
}

/// What one run of `audit` did.
public struct AuditRun: Sendable {
    /// The broken rules found; empty means everything holds.
    public var findings: [AuditFinding] = []
    /// The journal entries replayed: `from` through `to` (an incremental audit starts after its checkpoint).
    public var from: Int64 = 1
    public var to: Int64 = 0
    /// The sequence number of the checkpoint entry this run wrote, if any.
    public var checkpoint: Int64?
    /// Why an incremental audit ran in full, or why no checkpoint was written.
    public var notes: [String] = []
}

/// Progress of a long audit: entries replayed so far, and how many there are in all.
public typealias AuditProgress = (_ done: Int64, _ total: Int64) -> Void

extension Ledger {
    /// The replayed state an incremental audit resumes from, beside the ledger.
    /// Beside an SQLite ledger (`LEDGER.audit`); for a PostgreSQL ledger, on this host under
    /// `$XDG_STATE_HOME/pandactl/audit/` (else `~/.local/state/…`), named by a hash of the URL (password left out).
    public var auditStatePath: String {
        guard LedgerLocation.isPostgres(path) else { return path + ".audit" }
        let base = (try? NonceAllocator.defaultStateDirectory()) ?? (Environment.get("TMPDIR") ?? "/tmp")
        let name = Array(Keccak256.hash(Array(LedgerLocation.display(path).utf8))[0..<12]).hexString
        return base + "/audit/" + name + ".audit"
    }

    /// Checks the ledger: SQLite integrity, the journal's hash chain, a replay of every journal entry
    /// into a fresh ledger (whose state must equal this one's, table by table, row by row), and the
    /// invariants of DESIGN §5. Returns the findings; empty means everything holds. Reads only.
    public func audit(maxFindings: Int = 20) throws(PandaError) -> [AuditFinding] {
        try audit(incremental: false, checkpoint: false, maxFindings: maxFindings).findings
    }

    /// `audit`, optionally incremental and recording a checkpoint.
    ///
    /// A checkpoint is a journal entry (`audit.checkpoint`, from the admin) holding the digest of the state
    /// the audit verified, so the hash chain covers it and a full audit's replay checks it again; the
    /// replayed state itself is kept beside the ledger (`auditStatePath`). An incremental audit opens that
    /// state, checks that its digest and journal head are the last checkpoint's, verifies the hash chain
    /// from the checkpoint on, replays only the entries after it, compares the state tables and checks the
    /// invariants: its time is in proportion to what is new (and to the state), not to the journal. Without
    /// a usable checkpoint it runs in full and says why. SQLite's integrity check runs in full audits only.
    /// With `checkpoint` (implied by `incremental`), a clean audit appends a checkpoint entry.
    public func audit(incremental: Bool, checkpoint: Bool, maxFindings: Int = 20, progress: AuditProgress? = nil) throws(PandaError) -> AuditRun {
        var run = AuditRun()
        func add(_ rule: String, _ message: String) { if run.findings.count < maxFindings { run.findings.append(AuditFinding(rule: rule, message: message)) } }
        do {
            try store.beginRead()
            var reading = true
            defer { if reading { store.rollback() } }

            // Where to start: after the last checkpoint, from the state kept beside the ledger.
            var replica: Ledger?
            var start: (seq: Int64, hash: String) = (0, JournalEntry.genesisHash)
            if incremental {
                switch try resumableAuditState() {
                case .success(let resumed):
                    replica = resumed.replica
                    start = (resumed.seq, resumed.hash)
                case .failure(let why):
                    run.notes.append("no usable checkpoint (\(why)): auditing in full")
                }
            }
            let scratch: Ledger
            if let replica { scratch = replica } else {
                for problem in try store.integrityCheck() { add("integrity", problem) }
                if LedgerLocation.isPostgres(path) { Ledger.makeDirectories(Backup.directory(of: auditStatePath)) }
                scratch = try Ledger.scratchFile(near: auditStatePath)
            }
            var keep = false
            defer { if !keep && scratch.path != auditStatePath { Ledger.removeDatabaseFiles(scratch.path) } }

            var head = start
            let ok = try verify(from: start, into: scratch, fresh: replica == nil, head: &head, add: add, progress: progress)
            run.from = start.seq + 1
            run.to = head.seq
            guard ok, run.findings.isEmpty, checkpoint || incremental else { return run }
            // Nothing new since the checkpoint resumed from: it stands.
            if replica != nil && head.seq == start.seq { return run }

            // The checkpoint, under the write lock: entries that arrived during the audit are verified first.
            store.rollback()
            reading = false
            guard !isReadOnly else {
                run.notes.append("the ledger was opened read-only: no checkpoint written")
                return run
            }
            try beginWrite()
            var committed = false
            defer { if !committed { rollback() } }
            if let now = try store.journalHead(), now.seq != head.seq {
                let caughtUp = try verify(from: head, into: scratch, fresh: false, head: &head, add: add, progress: progress)
                run.to = head.seq
                guard caughtUp, run.findings.isEmpty else { return run }
            }
            let digest = try scratch.stateDigest()
            var request = JSONObject()
            request.appendUnique("op", "checkpoint")
            request.appendUnique("state", .string(digest))
            request.appendUnique("through", .number(JSONNumber(head.seq)))
            let stamp = max(Timestamp.now(), try store.journalLastTs() ?? Timestamp(milliseconds: 0))
            let receipt = try applyAuthenticated(Request(object: request), operation: CoreOperations.auditCheckpoint, sender: info.admin, now: stamp).receipt
            // The kept replica stores the checkpoint entry alone: the head the next incremental audit resumes at.
            try scratch.beginWrite()
            scratch.writesJournal = true
            _ = try scratch.applyAuthenticated(Request(object: request), operation: CoreOperations.auditCheckpoint, sender: info.admin, now: stamp)
            try scratch.store.pruneJournal(before: head.seq + 1)
            try scratch.commit()
            try commit()
            committed = true
            run.checkpoint = receipt["seq"]?.numberValue.flatMap { Int64($0.text) }
            // The replayed state becomes the one the next incremental audit resumes from.
            if scratch.path != auditStatePath {
                Ledger.removeDatabaseFiles(auditStatePath)
                if rename(scratch.path, auditStatePath) == 0 { keep = true } else {
                    run.notes.append("cannot keep the audited state at \(auditStatePath): \(String(cString: strerror(errno)))")
                }
            }
        } catch let e as PandaError {
            throw e
        } catch {
            throw mapped(error)
        }
        return run
    }

    /// The replica kept beside the ledger, if its journal head is the ledger's last checkpoint and its state
    /// has that checkpoint's digest; otherwise why not.
    private func resumableAuditState() throws -> Result<(replica: Ledger, seq: Int64, hash: String), ResumeRefusal> {
        guard let seqText = try store.meta(CoreOperations.checkpointMetaKey), let seq = Int64(seqText) else { return .failure(ResumeRefusal("none recorded yet")) }
        var entry: JournalEntry?
        try store.journal(after: seq - 1, limit: 1) { entry = $0 }
        guard let entry, entry.seq == seq, entry.op == CoreOperations.auditCheckpoint.journalName,
              let recorded = try? JSONParser.parse(entry.request).objectValue?["state"]?.stringValue
        else { return .failure(ResumeRefusal("entry \(seq) is not an audit checkpoint")) }
        guard let replica = Ledger.openScratchFile(auditStatePath) else { return .failure(ResumeRefusal("\(auditStatePath) is missing or unreadable")) }
        guard let replicaHead = try replica.store.journalHead(), replicaHead.seq == seq, replicaHead.hash == entry.hash else {
            return .failure(ResumeRefusal("\(auditStatePath) is not at checkpoint \(seq)"))
        }
        guard try replica.stateDigest() == recorded else { return .failure(ResumeRefusal("\(auditStatePath) does not have checkpoint \(seq)'s state digest")) }
        return .success((replica, seq, entry.hash))
    }

    struct ResumeRefusal: Error, CustomStringConvertible {
        let description: String
        init(_ value: String) { description = value }
    }

    /// keccak256 of every state table's rows, in table-name and key order: what a checkpoint records.
    func stateDigest() throws -> String {
        var k = Keccak256()
        for table in try store.stateTables() {
            k.update(Array(table.utf8)); k.update([0])
            let c = try store.cursor(of: table)
            while let row = try c.next() {
                // The checkpoint's own pointer is set after the digest it records is taken.
                if table == "ledger_meta", row.first == .text(CoreOperations.checkpointMetaKey) { continue }
                for v in row {
                    switch v {
                    case .null: k.update([0])
                    case .int(let i): k.update([1]); k.update(Array(String(i).utf8)); k.update([0])
                    case .real(let d): k.update([2]); k.update(Array(String(d.bitPattern).utf8)); k.update([0])
                    case .text(let t):
                        k.update([3]); k.update(Array(String(t.utf8.count).utf8)); k.update([0]); k.update(Array(t.utf8))
                    case .blob(let b):
                        k.update([4]); k.update(Array(String(b.count).utf8)); k.update([0]); k.update(b)
                    }
                }
                k.update([0xFF])
            }
        }
        return "0x" + k.finalize().hexString
    }

    /// Verifies the hash chain after `start`, replays those entries into `replica` (a fresh one when `fresh`),
    /// compares the state tables and checks the invariants. False when the chain or the replay broke
    /// (the state was not compared).
    private func verify(from start: (seq: Int64, hash: String), into replica: Ledger, fresh: Bool,
                        head: inout (seq: Int64, hash: String), add: (String, String) -> Void, progress: AuditProgress?) throws -> Bool {
        // 1. The hash chain.
        var expectedSeq = start.seq + 1
        var prev = start.hash
        var chainOK = true
        try store.journal(after: start.seq) { e in
            guard chainOK else { return }
            if e.seq != expectedSeq {
                add("journal", "entry \(e.seq) follows entry \(expectedSeq - 1): entries are missing or renumbered"); chainOK = false; return
            }
            if e.prevHash != prev {
                add("journal", "entry \(e.seq): prev_hash \(e.prevHash) does not match entry \(e.seq - 1)'s hash \(prev)"); chainOK = false; return
            }
            let h = e.expectedHash
            if e.hash != h {
                add("journal", "entry \(e.seq) (\(e.op)): hash \(e.hash) does not match its contents (expected \(h))"); chainOK = false; return
            }
            prev = e.hash
            expectedSeq += 1
        }
        if start.seq == 0 && expectedSeq == 1 && chainOK { add("journal", "the journal is empty (a ledger starts with its init entry)") }
        guard chainOK else { return false }
        let total = expectedSeq - 1 - start.seq

        // 2. Replay the entries into the replica, comparing each result.
        // A ledger migrated from before schema 7: entries before the boundary replay under the old
        // issuance rules, and the replica is converted where the ledger was.
        let boundary = info.issuanceRulesSeq
        replica.info.issuanceRulesSeq = boundary
        // A ledger migrated from before schema 10: entries before the boundary replay under the old M rule.
        replica.info.multiplierRuleSeq = info.multiplierRuleSeq
        var converted = boundary == 0 || (!fresh && start.seq + 1 >= boundary)
        func convertReplica() throws {
            try replica.commit()
            try replica.beginWrite()
            try IssuanceMigration.convert(replica.store, boundary: boundary)
            try replica.commit()
            try replica.beginWrite()
            converted = true
        }
        var replayOK = true
        var inGroup = 0, done: Int64 = 0
        // The replica's file holds the state, not the journal: each entry's hash is checked as it is replayed.
        replica.writesJournal = false
        try replica.beginWrite()
        if fresh && info.multiplierRuleSeq > 0 {
            try replica.store.setMeta(MultiplierRuleMigration.metaKey, String(info.multiplierRuleSeq))
        }
        try store.journal(after: start.seq) { e in
            guard replayOK else { return }
            if !converted && e.seq >= boundary { try convertReplica() }
            guard let op = CoreOperations.replayable[e.op] else {
                add("replay", "entry \(e.seq): unknown operation '\(e.op)'"); replayOK = false; return
            }
            let object: JSONObject
            do {
                guard let o = try JSONParser.parse(e.request).objectValue else { throw PandaError(.malformed_json, "not an object") }
                object = o
            } catch {
                add("replay", "entry \(e.seq): request is not a JSON object"); replayOK = false; return
            }
            if info.auth == .signed && e.seq > 1 && e.op != CoreOperations.auditCheckpoint.journalName {
                do {
                    let signer = try RequestSigning.authenticate(object, chainID: info.chainID)
                    if signer != e.sender {
                        add("signature", "entry \(e.seq) (\(e.op)): signed by \(signer), journaled as from \(e.sender)"); replayOK = false; return
                    }
                } catch {
                    add("signature", "entry \(e.seq) (\(e.op)): \(error)"); replayOK = false; return
                }
            }
            if e.op == CoreOperations.auditCheckpoint.journalName && e.sender != info.admin {
                add("replay", "entry \(e.seq) (audit.checkpoint) is from \(e.sender), not the admin"); replayOK = false; return
            }
            let receipt: JSONObject
            do {
                receipt = try replica.applyAuthenticated(Request(object: object), operation: op, sender: e.sender, now: e.ts,
                                                        conventions: false).receipt
            } catch {
                add("replay", "entry \(e.seq) (\(e.op)) does not apply when replayed: \(error)"); replayOK = false; return
            }
            if receipt["tx"]?.stringValue != e.hash {
                add("replay", "entry \(e.seq) (\(e.op)): replaying it gives \(replica.lastResultText), the journal says \(e.result)")
                replayOK = false; return
            }
            head = (e.seq, e.hash)
            inGroup += 1
            done += 1
            if inGroup == 2000 {
                try replica.commit(); try replica.beginWrite(); inGroup = 0
                progress?(done, total)
            }
        }
        if replayOK && !converted { try convertReplica() }
        try replica.commit()
        progress?(done, total)
        guard replayOK else { return false }

        // 3. The state tables must equal the replayed state.
        let tables = Set(try store.stateTables()).union(try replica.store.stateTables())
        for table in tables.sorted() {
            try compare(table: table, ledger: try store.cursor(of: table), journal: try replica.store.cursor(of: table), add)
        }

        // 4. Invariants on the state as it is.
        var sum: Int128 = 0
        var parseable = true
        for (account, text) in try store.balanceTexts() {
            guard let units = Int128(text) else {
                add("state", "accounts '\(account)': panda '\(text)' is not an integer of base units"); parseable = false; continue
            }
            if units < 0 { add("negative_balance", "account \(account) has \(Amount(units: units)) PANDA") }
            sum += units
        }
        // Model tokens: supply = Σ holdings, the reserve covers the curve, dividends add up.
        var reserves: Int128 = 0, dividendsHeld: Int128 = 0
        // Open orders: a buy's escrow is exactly what its remainder locks; closed orders hold nothing.
        let openOrders = try store.allOpenOrders()
        var escrow: Int128 = 0
        for o in openOrders {
            escrow += o.escrow
            let locks = o.side == .buy ? o.price * Int128(o.remaining) + OrderOperations.fee(o.price * Int128(o.remaining), o.feeBps) : 0
            if o.escrow != locks || o.remaining <= 0 || o.filled + o.remaining > o.amount {
                add("orders", "order \(o.id) (\(o.symbol) \(o.side.rawValue) \(o.remaining) at \(Amount(units: o.price))): escrow \(Amount(units: o.escrow)), locks \(Amount(units: locks))")
            }
        }
        for symbol in try store.modelSymbols() {
            let m: ModelRecord
            do {
                guard let loaded = try store.model(symbol) else { continue }
                m = loaded
            } catch {
                add("state", "model \(symbol) does not load: \(error)"); parseable = false; continue
            }
            let holdings = try store.holdings(ofModel: symbol)
            let held = holdings.reduce(Int64(0)) { $0 + $1.holding.total }
            if held != m.state.supply { add("tokens", "\(symbol): supply is \(m.state.supply), holdings add up to \(held)") }
            for (account, h) in holdings where h.free < 0 || h.locked < 0 {
                add("negative_balance", "\(account) holds \(h.free) free and \(h.locked) locked \(symbol)")
            }
            // Locked tokens are exactly what vesting grants and open sell orders still hold.
            var locks: [String: Int64] = [:]
            for o in openOrders where o.symbol == symbol && o.side == .sell { locks[o.owner, default: 0] += o.remaining }
            for g in try store.grants(symbol) {
                if g.released < 0 || g.forfeited < 0 || g.released + g.forfeited > g.total || g.minted < g.released || g.minted + g.forfeited > g.total { add("vesting", "\(symbol) grant \(g.id): released \(g.released) of \(g.total)") }
                locks[g.account, default: 0] += g.minted - g.released
            }
            for (account, h) in holdings where h.locked != (locks[account] ?? 0) {
                add("locked", "\(account) has \(h.locked) \(symbol) locked; vesting grants and open sell orders hold \(locks[account] ?? 0)")
            }
            for (account, n) in locks where n != 0 && !holdings.contains(where: { $0.account == account }) {
                add("locked", "\(account)'s vesting grants hold \(n) \(symbol) that no holding has")
            }
            if m.state.reserve < 0 { add("reserve", "\(symbol): the reserve is negative (\(Amount(units: m.state.reserve)))") }
            let check = ModelCurve(curve: try m.curve(), state: m.state).checkReserve()
            if !check.ok {
                add("reserve", "\(symbol): the reserve \(Amount(units: m.state.reserve)) does not cover the curve (needs \(Amount(units: check.required)))")
            }
            let owed = holdings.reduce(Int128(0)) { $0 + $1.holding.dividends.owed }
            if owed + m.pool.claimed + m.pool.pending != m.pool.revenue {
                add("dividends", "\(symbol): owed \(Amount(units: owed)) + claimed \(Amount(units: m.pool.claimed)) + dust \(Amount(units: m.pool.pending)) ≠ revenue \(Amount(units: m.pool.revenue))")
            }
            reserves += m.state.reserve
            dividendsHeld += m.pool.revenue - m.pool.claimed
        }
        // Allowances: none is zero or negative (a spent allowance is removed).
        for a in try store.nonPositiveAllowances() {
            add("negative_balance", "\(a.owner) allows \(a.spender) \(a.amount) \(a.symbol)")
        }
        // Index funds: shares issued = shares held.
        for name in try store.indexNames() {
            guard let fund = try store.index(name) else { continue }
            let held = try store.totalShares(name)
            if held != fund.shares { add("shares", "index \(name): \(fund.shares) shares issued, holders have \(held)") }
        }
        if parseable {
            let funded = try store.total("funded"), withdrawn = try store.total("withdrawn")
            let expected = funded.units - withdrawn.units
            if sum + reserves + dividendsHeld + escrow != expected {
                add("conservation", "Σ balances \(Amount(units: sum)) + Σ reserves \(Amount(units: reserves)) + dividends held \(Amount(units: dividendsHeld)) + order escrow \(Amount(units: escrow)) = \(Amount(units: sum + reserves + dividendsHeld + escrow)) PANDA, but Σ funded − Σ withdrawn = \(Amount(units: expected))")
            }
        }
        return true
    }

    /// Compares a table of the ledger with the replica's, row by row in key order (two cursors, one row
    /// each in memory), reporting at most five differences.
    private func compare(table: String, ledger: LedgerStore.TableCursor, journal: LedgerStore.TableCursor,
                         _ add: (String, String) -> Void) throws(SQLiteError) {
        let keyColumns = ledger.columns.isEmpty ? journal.key : ledger.key
        func key(_ row: [SQLValue]) -> String { keyColumns.map { $0 < row.count ? row[$0].description : "" }.joined(separator: "/") }
        func show(_ columns: [String], _ row: [SQLValue]) -> String {
            zip(columns, row).map { "\($0)=\($1)" }.joined(separator: ", ")
        }
        let cols = ledger.columns.isEmpty ? journal.columns : ledger.columns
        var mine = try ledger.next(), theirs = try journal.next()
        var reported = 0
        while reported < 5 {
            switch (mine, theirs) {
            case (nil, nil):
                return
            case (let a?, let b?) where a == b:
                mine = try ledger.next(); theirs = try journal.next()
                continue
            case (let a?, let b?):
                let order = SQLValue.order(keyColumns.map { a[$0] }, keyColumns.map { b[$0] })
                if order == 0 {
                    add("state", "\(table) row '\(key(a))' is {\(show(cols, a))} in the ledger, {\(show(cols, b))} by the journal")
                    mine = try ledger.next(); theirs = try journal.next()
                } else if order < 0 {
                    add("state", "\(table) row {\(show(cols, a))} is in the ledger but not in the journal")
                    mine = try ledger.next()
                } else {
                    add("state", "\(table) row {\(show(cols, b))} is missing from the ledger")
                    theirs = try journal.next()
                }
            case (let a?, nil):
                add("state", "\(table) row {\(show(cols, a))} is in the ledger but not in the journal")
                mine = try ledger.next()
            case (nil, let b?):
                add("state", "\(table) row {\(show(cols, b))} is missing from the ledger")
                theirs = try journal.next()
            }
            reported += 1
        }
    }
}
