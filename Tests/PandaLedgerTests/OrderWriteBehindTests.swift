import PandaCore
import Testing

@testable import PandaLedger

/// Order rows written behind (`RowCache.orders`: inserts and updates kept in the write transaction and
/// written once per order before any read of the orders table and at COMMIT) give, at every step of random
/// order sessions, the orders and receipts of the same session with every order row written at once — fills,
/// partial fills, cancels, queries of orders and of the book inside the transaction, requests refused after
/// changing order rows (with and without SQL writes, so taken back by the undo log or by a replay), commits
/// and rollbacks — and the same rows in the end.
@Suite struct OrderWriteBehindTests {
    enum Step {
        case request(JSONObject, Operation)
        case query(JSONObject, Operation)
        case commit
        case rollback
    }

    /// `place`, then a refusal: the order rows it changed (and its trades, when it filled) must go.
    static let placeThenRefuse = Operation("place_then_refuse", .mutating, domain: "orders", fields: OrderOperations.place.fields,
                                           summary: "test") { ctx in
        _ = try OrderOperations.place.handler(&ctx)
        throw PandaError(.invalid_request, "refused after placing")
    }
    static let cancelThenRefuse = Operation("cancel_then_refuse", .mutating, domain: "orders", fields: OrderOperations.cancel.fields,
                                            summary: "test") { ctx in
        _ = try OrderOperations.cancel.handler(&ctx)
        throw PandaError(.invalid_request, "refused after cancelling")
    }

    /// Reads the sender's orders (a flush of the pending rows), writes a row, then refuses: taken back by a
    /// replay and a run in its own savepoint, where the flushed rows must come back as pending.
    static let listThenRefuse = Operation("list_then_refuse", .mutating, domain: "orders", fields: ["to"], summary: "test") { ctx in
        _ = try ctx.store.orders(owner: ctx.sender, symbol: nil, all: true)
        try ctx.store.insertAccount(try ctx.requireAccount("to"), panda: .zero, seq: ctx.seq)
        throw PandaError(.invalid_request, "refused after listing and writing")
    }

    /// `deep`: mostly small sells over many prices, so that more than a chunk of levels rests and a book
    /// read again after a refusal or a rollback holds only part of a side (`extendBook` reads the rest).
    static func session(seed: UInt64, count: Int, deep: Bool) -> [Step] {
        var rng = PropertyRng(seed: seed)
        let traders = ["alice", "bob", "carol"]
        var steps: [Step] = []
        var lastId = 20
        for _ in 0..<count {
            let who = JSONValue.string(traders[rng.int(traders.count)])
            let roll = rng.int(100)
            func limit(_ side: JSONValue) -> JSONObject {
                let price = deep ? "\(1 + rng.int(9)).\(rng.int(20) * 5)" : "\(1 + rng.int(2)).\(rng.int(20) * 5)"
                let amount = deep ? 1 + rng.int(4) : 1 + rng.int(40)
                return ["op": "place", "from": who, "symbol": "FNET", "side": side, "price": .string(price), "amount": .number(JSONNumber(amount))]
            }
            let side: JSONValue = deep ? (rng.chance(0.8) ? "sell" : "buy") : (rng.chance(0.5) ? "buy" : "sell")
            switch roll {
            case 0..<50:
                steps.append(.request(limit(side), OrderOperations.place))
                lastId += 1
            case 50..<55:
                if deep {
                    steps.append(.request(["op": "place", "from": who, "symbol": "FNET", "side": "buy", "type": "market", "max_cost": "3000",
                                           "amount": .number(JSONNumber(100 + rng.int(400)))], OrderOperations.place))
                } else {
                    steps.append(.request(["op": "place", "from": who, "symbol": "FNET", "side": "sell", "type": "market",
                                           "amount": .number(JSONNumber(1 + rng.int(30)))], OrderOperations.place))
                }
            case 55..<66:
                // Some are someone else's, filled or cancelled already, or unknown: refused before writing.
                steps.append(.request(["op": "cancel", "from": who, "order_id": .number(JSONNumber(1 + rng.int(lastId + 10)))], OrderOperations.cancel))
            case 66..<70:
                steps.append(.request(limit(side), placeThenRefuse))
            case 70..<72:
                steps.append(.request(["op": "cancel_then_refuse", "from": who, "order_id": .number(JSONNumber(1 + rng.int(lastId + 10)))], cancelThenRefuse))
            case 72..<74:
                steps.append(.request(["op": "write_then_refuse", "to": .string("x\(rng.int(1000))")], ReplayTests.writeThenRefuse))
            case 74:
                steps.append(.request(["op": "list_then_refuse", "from": who, "to": .string("y\(rng.int(1000))")], listThenRefuse))
            case 75..<81:
                steps.append(.query(["op": "orders", "account": who, "all": .bool(rng.chance(0.5))], OrderOperations.orders))
            case 81..<85:
                steps.append(.query(["op": "book", "symbol": "FNET", "depth": 1000], OrderOperations.book))
            case 85..<(deep ? 87 : 95): steps.append(.commit)
            case 95..<97: steps.append(.rollback)
            default:
                steps.append(.request(limit(side), OrderOperations.place))
                lastId += 1
            }
        }
        steps.append(.commit)
        return steps
    }

    struct Run {
        var outcomes: [String] = []
        /// The orders read through the ledger after each step (every id up to the journal's head).
        var orders: [[StoredOrder?]] = []
        /// Steps after which order rows were waiting to be written.
        var pendingSteps = 0
    }

    static func run(_ steps: [Step], on l: Ledger) throws -> Run {
        var run = Run()
        // Journal times of the session: past the setup's, the same in both runs (orders keep theirs).
        var now = Timestamp(milliseconds: 4_000_000_000_000)
        for step in steps {
            now = Timestamp(milliseconds: now.milliseconds + 1000)
            switch step {
            case .request(let object, let op):
                if !l.inWriteTransaction { try l.beginWrite() }
                do {
                    var (receipt, records) = try l.applyWithRecords(Request(object: object), operation: op, now: now)
                    receipt["tx"] = nil  // the journal's hashes chain from the setup's entries, at other times in each run
                    run.outcomes.append(JSONWriter.string(.array([.object(receipt)] + records.map(JSONValue.object)), sortedKeys: true))
                } catch {
                    run.outcomes.append(error.code.rawValue + ": " + error.message)
                }
            case .query(let object, let op):
                do {
                    let output = try l.query(Request(object: object), operation: op, now: now)
                    run.outcomes.append(JSONWriter.string(.array([.object(output.fields)] + output.records.map(JSONValue.object)), sortedKeys: true))
                } catch {
                    run.outcomes.append(error.code.rawValue + ": " + error.message)
                }
            case .commit:
                if l.inWriteTransaction { try l.commit() }
            case .rollback:
                l.rollback()
            }
            if !l.store.cache.orders.isEmpty { run.pendingSteps += 1 }
            let head = try l.store.journalHead()?.seq ?? 0
            run.orders.append(try (1...max(head, 1)).map { id throws in try l.store.storedOrder(id) })
        }
        return run
    }

    static func check(seed: UInt64, deep: Bool) throws {
        let steps = Self.session(seed: seed, count: deep ? 400 : 300, deep: deep)
        var runs: [Run] = []
        var tables: [[String: [[SQLValue]]]] = []
        for writeBehind in [true, false] {
            let dir = TempDir()
            let l = try OrderBookLedgerTests.market(dir)
            _ = try buy(l, "carol", 1000)
            l.store.orderWriteBehind = writeBehind
            runs.append(try Self.run(steps, on: l))
            #expect(l.store.cache.orders.isEmpty)
            #expect(try l.audit().isEmpty)
            var rows: [String: [[SQLValue]]] = [:]
            for table in ["orders", "book_trades", "accounts", "holdings", "models"] { rows[table] = try l.store.rows(of: table).rows }
            tables.append(rows)
        }
        for (i, (a, b)) in zip(runs[0].outcomes, runs[1].outcomes).enumerated() where a != b {
            Issue.record("step \(i + 1) (seed \(seed)): written behind \(a), written at once \(b)")
            break
        }
        for (i, (a, b)) in zip(runs[0].orders, runs[1].orders).enumerated() where a != b {
            let differing = zip(a, b).filter { $0.0 != $0.1 }.prefix(3)
            Issue.record("step \(i + 1) (seed \(seed)): orders read differ, e.g. \(differing.map { "\(String(describing: $0.0)) / \(String(describing: $0.1))" })")
            break
        }
        #expect(runs[0].orders.count == runs[1].orders.count)
        for table in tables[0].keys.sorted() { #expect(tables[0][table] == tables[1][table], "table \(table) differs (seed \(seed))") }
        // The session did what it is for: order rows were written behind, orders traded, requests were refused.
        #expect(runs[0].pendingSteps > 20)
        #expect(runs[1].pendingSteps == 0)
        #expect(runs[0].outcomes.filter { $0.contains(#""type":"trade""#) }.count > 10)
        #expect(runs[0].outcomes.filter { $0.hasPrefix("invalid_request: refused after") }.count > 5)
    }

    /// A flush inside a savepoint that is taken back: SQL undoes the writes, so the rows are pending again
    /// and the commit writes them (an insert, and an update of an order already in the ledger).
    @Test func aFlushInARolledBackSavepointLeavesTheRowsPending() throws {
        let dir = TempDir()
        let l = try OrderBookLedgerTests.market(dir)
        _ = try apply(l, ["op": "place", "from": "alice", "symbol": "FNET", "side": "sell", "price": "2", "amount": 10], op: OrderOperations.place)
        let first = try #require(try l.store.storedOrderRow(l.store.journalHead()!.seq))
        try l.beginWrite()
        var changed = first
        changed.filled = 4; changed.remaining = 6
        try l.store.updateOrder(changed)
        var placed = first
        placed.id = first.id + 100; placed.sequence = placed.id; placed.amount = 3; placed.remaining = 3
        try l.store.insertOrder(placed)
        #expect(l.store.cache.orders.count == 2)
        func sql(_ id: Int64) throws -> [[SQLValue]] {
            try l.store.db.statement("SELECT filled, remaining FROM orders WHERE order_id = ?").all([.int(id)])
        }
        #expect(try sql(first.id) == [[.int(0), .int(10)]] && sql(placed.id).isEmpty)
        try l.store.savepoint()
        #expect(try l.store.orders(owner: "alice", symbol: nil, all: true).map(\.id) == [first.id, placed.id])  // flushes
        #expect(l.store.cache.orders.isEmpty)
        #expect(try sql(first.id) == [[.int(4), .int(6)]] && sql(placed.id) == [[.int(0), .int(3)]])
        try l.store.rollbackToSavepoint()
        #expect(try sql(first.id) == [[.int(0), .int(10)]] && sql(placed.id).isEmpty)
        #expect(l.store.cache.orders.count == 2)
        #expect(try l.store.storedOrder(first.id) == changed && l.store.storedOrder(placed.id) == placed)
        try l.commit()
        #expect(try sql(first.id) == [[.int(4), .int(6)]] && sql(placed.id) == [[.int(0), .int(3)]])
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func ordersReadAndWrittenAreThoseWrittenAtOnce(seed: UInt64) throws {
        try Self.check(seed: seed, deep: false)
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func deepBooksReadInPartsSeePendingRows(seed: UInt64) throws {
        try Self.check(seed: seed, deep: true)
    }
}
