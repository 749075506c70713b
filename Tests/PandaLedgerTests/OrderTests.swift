#if canImport(Glibc)
import Glibc
#endif
import Curves
import Learning
import PandaCore
import Testing

@testable import PandaLedger

@Suite struct OrderBookLedgerTests {
    /// FNET with alice and bob holding 1000 tokens each and PANDA to spend.
    static func market(_ dir: TempDir) throws -> Ledger {
        let l = try curveLedger(dir, funding: ["creator", "alice", "bob", "carol"])
        _ = try buy(l, "alice", 1000)
        _ = try buy(l, "bob", 1000)
        return l
    }

    static func place(_ l: Ledger, _ object: JSONObject) throws -> (receipt: JSONObject, records: [JSONObject]) {
        try l.beginWrite()
        do {
            var o = object
            o["op"] = "place"
            let r = try l.applyWithRecords(Request(object: o), operation: OrderOperations.place)
            try l.commit()
            return r
        } catch {
            l.rollback()
            throw error
        }
    }

    static func order(_ from: String, _ side: String, _ price: String?, _ amount: Int, tif: String? = nil) -> JSONObject {
        var o: JSONObject = ["from": .string(from), "symbol": "FNET", "side": .string(side), "amount": .number(JSONNumber(amount))]
        if let price { o["price"] = .string(price) }
        if let tif { o["tif"] = .string(tif) }
        return o
    }

    @Test func fillsMoveMoneyAndTokensAtTheRestingPrice() throws {
        let dir = TempDir(), l = try Self.market(dir)
        let alicePanda = try #require(try l.store.sqlBalance("alice"))
        let bobPanda = try #require(try l.store.sqlBalance("bob"))
        let ask = try Self.place(l, Self.order("alice", "sell", "2", 100))
        #expect(ask.receipt["status"] == "open")
        #expect(try l.store.holding("FNET", "alice")?.locked == 100)
        // bob bids above the ask: trades 60 at the resting price 2, not his 3.
        let bid = try Self.place(l, Self.order("bob", "buy", "3", 60))
        #expect(bid.receipt["status"] == "filled")
        #expect(bid.records.count == 1)
        #expect(bid.records.first?["price"] == "2")
        #expect(bid.records.first?["maker_order"] == ask.receipt["order_id"])
        #expect(try l.store.sqlBalance("bob") == Amount(units: bobPanda.units - 120 * Amount.one))
        #expect(try l.store.sqlBalance("alice") == Amount(units: alicePanda.units + 120 * Amount.one))
        #expect(try l.store.holding("FNET", "bob")?.free == 1060)
        #expect(try l.store.holding("FNET", "alice")?.locked == 40)
        // Partial fill of a resting buy, then a cancel after it: the escrow of the rest comes back.
        let rest = try Self.place(l, Self.order("carol", "buy", "1.5", 50))
        let hit = try Self.place(l, Self.order("alice", "sell", "1", 20))
        #expect(hit.records.first?["price"] == "1.5")
        #expect(hit.receipt["status"] == "filled")
        try apply(l, ["op": "cancel", "from": "carol", "order_id": rest.receipt["order_id"]!], op: OrderOperations.cancel)
        #expect(try l.store.sqlBalance("carol") == Amount(units: 100_000 * Amount.one - 30 * Amount.one))
        #expect(try l.store.holding("FNET", "carol")?.free == 20)
        #expect(try l.audit().isEmpty)
    }

    /// The audit walks the ledger's and the replay's tables side by side in key order: a missing row with a
    /// numeric key past 9 is one finding, not a run of rows out of step (keys compared as SQL orders them).
    @Test func auditNamesTheOneMissingOrderRow() throws {
        let dir = TempDir(), l = try Self.market(dir)
        for i in 0..<12 { _ = try Self.place(l, ["from": "alice", "symbol": "FNET", "side": "sell", "amount": 1, "price": .string("\(2 + i)")]) }
        let copy = dir.file("copy.db")
        _ = system("sqlite3 '\(dir.file("l.db"))' \".backup '\(copy)'\" && sqlite3 '\(copy)' 'DELETE FROM orders WHERE order_id = 9'")
        let rows = try Ledger.open(path: copy).audit().filter { $0.rule == "state" }
        #expect(rows.count == 1, "\(rows)")
        #expect(rows.first?.message.hasPrefix("orders row {order_id=9,") == true, "\(rows)")
        #expect(rows.first?.message.hasSuffix("is missing from the ledger") == true, "\(rows)")
        #expect(try l.audit().isEmpty)
    }

    @Test func refusalsChangeNothing() throws {
        let dir = TempDir(), l = try Self.market(dir)
        let ask = try Self.place(l, Self.order("alice", "sell", "2", 100))
        let id = try #require(ask.receipt["order_id"])
        func refused(_ o: JSONObject, _ op: Operation, _ code: ErrorCode) throws {
            var object = o
            if object["op"] == nil { object["op"] = "place" }
            try expectRefused(l, object, op: op, code)
        }
        try refused(Self.order("bob", "buy", "0", 5), OrderOperations.place, .invalid_amount)
        try refused(Self.order("bob", "buy", "-1", 5), OrderOperations.place, .invalid_amount)
        try refused(Self.order("bob", "buy", "1", 0), OrderOperations.place, .invalid_amount)
        try refused(Self.order("bob", "buy", "100000", 2), OrderOperations.place, .insufficient_funds)
        try refused(Self.order("carol", "sell", "2", 5), OrderOperations.place, .insufficient_tokens)
        try refused(Self.order("bob", "buy", "2", 5, tif: "post_only"), OrderOperations.place, .would_take)
        try refused(Self.order("bob", "buy", "2", 101, tif: "fok"), OrderOperations.place, .cannot_fill)
        try refused(["op": "cancel", "from": "bob", "order_id": id], OrderOperations.cancel, .not_authorized)
        try refused(["op": "cancel", "from": "alice", "order_id": 999_999], OrderOperations.cancel, .unknown_order)
        try refused(Self.order("bob", "buy", "1", 5).merging(["symbol": "NOPE"]), OrderOperations.place, .unknown_symbol)
        #expect(try l.audit().isEmpty)
    }

    @Test func selfTradePreventionAndMarketOrders() throws {
        let dir = TempDir(), l = try Self.market(dir)
        let empty = try Self.place(l, ["from": "bob", "symbol": "FNET", "side": "buy", "type": "market", "max_cost": "50"])
        #expect(empty.receipt["status"] == "cancelled")  // nothing to buy: the escrow comes back
        #expect(empty.records.isEmpty)
        _ = try Self.place(l, Self.order("alice", "sell", "2", 10))
        _ = try Self.place(l, Self.order("bob", "sell", "3", 10))
        // alice's buy at 3 would cross her own ask at 2 first: its remainder is cancelled, her ask stays.
        let stp = try Self.place(l, Self.order("alice", "buy", "3", 5))
        #expect(stp.receipt["self_trade_prevented"] == true)
        #expect(stp.records.isEmpty)
        // A market buy of at most 25 PANDA takes 10 at 2 (20 PANDA) and 1 at 3.
        let m = try Self.place(l, ["from": "carol", "symbol": "FNET", "side": "buy", "type": "market", "max_cost": "25"])
        #expect(m.receipt["filled"] == 11)
        #expect(m.receipt["spent"] == "23")
        #expect(try l.store.sqlBalance("carol") == Amount(units: (100_000 - 23) * Amount.one))
        let sell = try Self.place(l, ["from": "bob", "symbol": "FNET", "side": "sell", "type": "market", "amount": 5])
        #expect(sell.receipt["status"] == "cancelled")  // no bids
        #expect(try l.audit().isEmpty)
    }

    @Test func tradingFeeGoesToTheAdminAndEscrowStaysExact() throws {
        let dir = TempDir(), l = try Self.market(dir)
        try apply(l, ["op": "fee", "bps": 25], op: OrderOperations.fee)
        try expectRefused(l, ["op": "fee", "from": "alice", "bps": 0], op: OrderOperations.fee, .not_authorized)
        _ = try Self.place(l, Self.order("bob", "buy", "1.3", 100))  // escrow 130 + 0.325
        _ = try Self.place(l, Self.order("alice", "sell", "1.3", 33))
        _ = try Self.place(l, Self.order("alice", "sell", "1.3", 7))
        #expect(try l.audit().isEmpty)  // the resting bid's escrow is exactly 60 × 1.3 plus its fee
        #expect(try l.store.sqlBalance("admin") == Amount(units: 13 * Amount.one / 100))  // 0.25% of 42.9 + 9.1
    }

    /// Random streams of every order type with cancels: after each step PANDA and tokens are conserved
    /// (the audit's conservation and escrow checks), and the book's trades match what moved.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomOrderStreamsKeepEveryInvariant(seed: UInt64) throws {
        let dir = TempDir(), l = try Self.market(dir)
        _ = try buy(l, "carol", 1000)
        // A trained model, so that predictions pay fees to the holders while their tokens trade.
        let model = FittedModel(algorithm: .linear, intercept: 1, coefficients: [2])
        try apply(l, ["op": "fit", "from": "creator", "symbol": "FNET", "model": .string(model.encoded), "rows": 10, "r2": .number(JSONNumber(validated: "0.5")), "accuracy": 50,
                      "data_hash": .string("0x" + String(repeating: "ab", count: 32))], op: TrainOperations.fit)
        var rng = SplitMix(seed: seed)
        var open: [(id: JSONValue, owner: String)] = []
        let people = ["alice", "bob", "carol"]
        for step in 0..<240 {
            let who = people[Int(rng.next() % 3)]
            if step % 7 == 3 {
                try apply(l, ["op": "run", "from": "creator", "symbol": "FNET", "features": [1], "fee": "0.37"], op: PredictOperations.run)
            }
            let roll = rng.next() % 10
            var o: JSONObject
            if roll < 2, let pick = open.indices.randomElement(using: &rng) {
                let (id, owner) = open.remove(at: pick)
                o = ["op": "cancel", "from": .string(owner), "order_id": id]
                _ = try? apply(l, o, op: OrderOperations.cancel)
                continue
            } else if roll < 4 {
                o = ["from": .string(who), "symbol": "FNET", "side": .string(rng.next() % 2 == 0 ? "buy" : "sell"), "type": "market"]
                if o["side"] == "buy" { o["max_cost"] = .string(String(1 + rng.next() % 40)) } else { o["amount"] = .number(JSONNumber(Int(1 + rng.next() % 20))) }
            } else {
                let tifs = ["gtc", "gtc", "gtc", "ioc", "fok", "post_only"]
                o = Self.order(who, rng.next() % 2 == 0 ? "buy" : "sell", String(format2(9 + Int(rng.next() % 8))), Int(1 + rng.next() % 30),
                               tif: tifs[Int(rng.next() % 6)])
            }
            if let r = try? Self.place(l, o), r.receipt["status"] == "open" || r.receipt["status"] == "partially_filled" {
                open.append((r.receipt["order_id"]!, who))
            }
            if step % 10 == 9 { let f = try l.audit(); #expect(f.isEmpty, "seed \(seed) step \(step): \(f)") }
        }
        #expect(try l.audit().isEmpty)
        let trades = try l.store.tradeRecords(symbol: "FNET", venue: "book", after: 0, from: nil, to: nil, limit: nil)
        #expect(trades.count > 30, "the stream should trade, not only refuse")
    }
}

/// A price of n/10 PANDA as text.
private func format2(_ n: Int) -> String { "\(n / 10).\(n % 10)" }

typealias SplitMix = SplitMix64

extension JSONObject {
    func merging(_ other: JSONObject) -> JSONObject {
        var o = self
        o.merge(other)
        return o
    }
}
