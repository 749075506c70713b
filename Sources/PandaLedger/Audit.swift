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

extension Ledger {
    /// Checks the ledger: SQLite integrity, the journal's hash chain, a replay of every journal entry
    /// into a fresh ledger (whose state must equal this one's, table by table, row by row), and the
    /// invariants of DESIGN §5. Returns the findings; empty means everything holds.
    public func audit(maxFindings: Int = 20) throws(PandaError) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        func add(_ rule: String, _ message: String) { if findings.count < maxFindings { findings.append(AuditFinding(rule: rule, message: message)) } }
        do {
            try store.beginRead()
            defer { store.rollback() }

            for problem in try store.integrityCheck() { add("integrity", problem) }

            // 1. The hash chain.
            var expectedSeq: Int64 = 1
            var prev = JournalEntry.genesisHash
            var chainOK = true
            try store.journal(after: 0) { e in
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
            if expectedSeq == 1 && chainOK { add("journal", "the journal is empty (a ledger starts with its init entry)") }

            // 2. Replay the journal into a fresh ledger, comparing each result.
            let replica = try Ledger.inMemory()
            var replayOK = chainOK
            // A ledger migrated from before schema 7: entries before the boundary replay under the old
            // issuance rules, and the replica is converted where the ledger was.
            let boundary = info.issuanceRulesSeq
            replica.info.issuanceRulesSeq = boundary
            replica.info.multiplierRuleSeq = info.multiplierRuleSeq
            var converted = boundary == 0
            func convertReplica() throws {
                try replica.commit()
                try replica.beginWrite()
                try IssuanceMigration.convert(replica.store, boundary: boundary)
                try replica.commit()
                try replica.beginWrite()
                converted = true
            }
            if chainOK {
                var inGroup = 0
                try replica.beginWrite()
                if info.multiplierRuleSeq > 0 {
                    try replica.store.setMeta(MultiplierRuleMigration.metaKey, String(info.multiplierRuleSeq))
                }
                try store.journal(after: 0) { e in
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
                    if info.auth == .signed && e.seq > 1 {
                        do {
                            let signer = try RequestSigning.authenticate(object, chainID: info.chainID)
                            if signer != e.sender {
                                add("signature", "entry \(e.seq) (\(e.op)): signed by \(signer), journaled as from \(e.sender)"); replayOK = false; return
                            }
                        } catch {
                            add("signature", "entry \(e.seq) (\(e.op)): \(error)"); replayOK = false; return
                        }
                    }
                    let receipt: JSONObject
                    do {
                        receipt = try replica.applyAuthenticated(Request(object: object), operation: op, sender: e.sender, now: e.ts,
                                                                conventions: false).receipt
                    } catch {
                        add("replay", "entry \(e.seq) (\(e.op)) does not apply when replayed: \(error)"); replayOK = false; return
                    }
                    if receipt["tx"]?.stringValue != e.hash {
                        let replayed = try replica.store.journalHead().map { $0.seq } ?? 0
                        var resultText = ""
                        try replica.store.journal(after: replayed - 1, limit: 1) { resultText = $0.result }
                        add("replay", "entry \(e.seq) (\(e.op)): replaying it gives \(resultText), the journal says \(e.result)")
                        replayOK = false; return
                    }
                    inGroup += 1
                    if inGroup == 2000 { try replica.commit(); try replica.beginWrite(); inGroup = 0 }
                }
                if replayOK && !converted { try convertReplica() }
                try replica.commit()
            }

            // 3. The state tables must equal the replayed state.
            if replayOK {
                let tables = Set(try store.stateTables()).union(try replica.store.stateTables())
                for table in tables.sorted() {
                    let mine = try store.tableExists(table) ? try store.rows(of: table) : ([], [], [])
                    let theirs = try replica.store.tableExists(table) ? try replica.store.rows(of: table) : ([], [], [])
                    compare(table: table, ledger: mine, journal: theirs, add)
                }
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
        } catch let e as PandaError {
            throw e
        } catch {
            throw mapped(error)
        }
        return findings
    }

    private func compare(table: String, ledger: (columns: [String], key: [Int], rows: [[SQLValue]]),
                         journal: (columns: [String], key: [Int], rows: [[SQLValue]]), _ add: (String, String) -> Void) {
        let keyColumns = ledger.columns.isEmpty ? journal.key : ledger.key
        func key(_ row: [SQLValue]) -> String { keyColumns.map { $0 < row.count ? row[$0].description : "" }.joined(separator: "/") }
        func show(_ columns: [String], _ row: [SQLValue]) -> String {
            zip(columns, row).map { "\($0)=\($1)" }.joined(separator: ", ")
        }
        let cols = ledger.columns.isEmpty ? journal.columns : ledger.columns
        var i = 0, j = 0, reported = 0
        while (i < ledger.rows.count || j < journal.rows.count) && reported < 5 {
            if i < ledger.rows.count, j < journal.rows.count, ledger.rows[i] == journal.rows[j] { i += 1; j += 1; continue }
            if i < ledger.rows.count, j < journal.rows.count, key(ledger.rows[i]) == key(journal.rows[j]) {
                add("state", "\(table) row '\(key(ledger.rows[i]))' is {\(show(cols, ledger.rows[i]))} in the ledger, {\(show(cols, journal.rows[j]))} by the journal")
                i += 1; j += 1
            } else if j >= journal.rows.count || (i < ledger.rows.count && key(ledger.rows[i]) < key(journal.rows[j])) {
                add("state", "\(table) row {\(show(cols, ledger.rows[i]))} is in the ledger but not in the journal")
                i += 1
            } else {
                add("state", "\(table) row {\(show(cols, journal.rows[j]))} is missing from the ledger")
                j += 1
            }
            reported += 1
        }
    }
}
