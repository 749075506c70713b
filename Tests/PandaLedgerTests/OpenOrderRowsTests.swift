import PandaCore
import Testing

@testable import PandaLedger

/// The rows of the open orders the in-memory books hold (`LedgerStore.openOrderRows`) are the ledger's
/// rows at every step of random order sessions — fills, partial fills, cancels, refusals before and after
/// writing (replays), commits and rollbacks — and the journal is the one of the same session with the rows
/// always read from the ledger.
@Suite struct OpenOrderRowsTests {
    enum Step {
        case request(JSONObject, Operation)
        case commit
        case rollback
    }

    static func session(seed: UInt64, count: Int) -> [Step] {
        var rng = PropertyRng(seed: seed)
        let traders = ["alice", "bob", "carol"]
        var steps: [Step] = []
        for _ in 0..<count {
            let who = JSONValue.string(traders[rng.int(traders.count)])
            switch rng.int(100) {
            case 0..<62:
                let side: JSONValue = rng.chance(0.5) ? "buy" : "sell"
                let price = "\(1 + rng.int(2)).\(rng.int(20) * 5)"
                steps.append(.request(["op": "place", "from": who, "symbol": "FNET", "side": side, "price": .string(price),
                                       "amount": .number(JSONNumber(1 + rng.int(40)))], OrderOperations.place))
            case 62..<68:
                steps.append(.request(["op": "place", "from": who, "symbol": "FNET", "side": "sell", "type": "market",
                                       "amount": .number(JSONNumber(1 + rng.int(30)))], OrderOperations.place))
            case 68..<82:
                // Some are someone else's, filled or cancelled already, or unknown: refused before writing.
                steps.append(.request(["op": "cancel", "from": who, "order_id": .number(JSONNumber(1 + rng.int(120)))], OrderOperations.cancel))
            case 82..<86:
                steps.append(.request(["op": "write_then_refuse", "to": .string("x\(rng.int(1000))")], ReplayTests.writeThenRefuse))
            case 86..<96: steps.append(.commit)
            default: steps.append(.rollback)
            }
        }
        steps.append(.commit)
        return steps
    }

    /// Runs the session; `reference`: the rows are dropped before every step, so each is read from the ledger.
    static func run(_ steps: [Step], on l: Ledger, reference: Bool) throws -> [String] {
        var outcomes: [String] = []
        for step in steps {
            if reference { l.store.openOrderRows.removeAll() }
            switch step {
            case .request(let object, let op):
                if !l.inWriteTransaction { try l.beginWrite() }
                do {
                    var receipt = try l.applyWithRecords(Request(object: object), operation: op).receipt
                    for key in ["tx", "ts", "seq"] { receipt[key] = nil }
                    outcomes.append(JSONWriter.string(.object(receipt), sortedKeys: true))
                } catch {
                    outcomes.append(error.code.rawValue)
                }
            case .commit:
                if l.inWriteTransaction { try l.commit() }
            case .rollback:
                l.rollback()
            }
            for (id, row) in l.store.openOrderRows {
                let stored = try l.store.storedOrderRow(id)
                #expect(stored == row, "order \(id): kept \(row), the ledger has \(String(describing: stored))")
                #expect(row.status == "open")
            }
        }
        return outcomes
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func theRowsKeptAreTheLedgersRows(seed: UInt64) throws {
        let steps = Self.session(seed: seed, count: 300)
        var runs: [[String]] = []
        var cached = 0
        for reference in [false, true] {
            let dir = TempDir()
            let l = try OrderBookLedgerTests.market(dir)
            _ = try buy(l, "carol", 1000)
            runs.append(try Self.run(steps, on: l, reference: reference))
            if !reference { cached = l.store.openOrderRows.count }
            #expect(try l.audit().isEmpty)
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0].filter { $0.contains(#""trade""#) || $0.contains(#""filled":"#) }.count > 20)
        _ = cached
    }
}
