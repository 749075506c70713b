import Curves
import PandaCore
import Testing

@testable import PandaLedger

@Suite struct IndexFundTests {
    static func fundLedger(_ dir: TempDir) throws -> Ledger {
        let l = try curveLedger(dir, funding: ["creator", "manager", "alice", "bob", "whale", "payer"])
        try apply(l, ["op": "create", "from": "creator", "symbol": "VISN", "ts": at(0)], op: CurveOperations.create)
        try apply(l, ["op": "create", "from": "manager", "name": "AI2", "weights": ["FNET": .number(JSONNumber(validated: "0.6")), "VISN": "0.4"], "ts": at(0)],
                  op: IndexOperations.create)
        return l
    }

    static func quoteCost(_ l: Ledger, _ symbol: String, _ n: Int64) throws -> Int128 {
        let m = try #require(try l.store.model(symbol))
        return try ModelCurve(curve: try m.curve(), state: m.state).quoteBuy(n).value
    }

    @Test func createRefusals() throws {
        let dir = TempDir(), l = try Self.fundLedger(dir)
        try expectRefused(l, ["op": "create", "from": "alice", "name": "AI2", "weights": ["FNET": 1]], op: IndexOperations.create, .duplicate_index)
        try expectRefused(l, ["op": "create", "from": "alice", "name": "X", "weights": ["NOPE": 1]], op: IndexOperations.create, .unknown_symbol)
        try expectRefused(l, ["op": "create", "from": "alice", "name": "X", "weights": ["FNET": -1]], op: IndexOperations.create, .invalid_request)
        try expectRefused(l, ["op": "create", "from": "alice", "name": "X", "weight_by": "vibes", "members": ["FNET"]], op: IndexOperations.create, .invalid_request)
        try expectRefused(l, ["op": "buy", "from": "alice", "name": "NOPE", "shares": 1000], op: IndexOperations.buy, .unknown_index)
        try expectRefused(l, ["op": "buy", "from": "alice", "name": "AI2", "shares": 999], op: IndexOperations.buy, .below_minimum)
        let dynamic = try apply(l, ["op": "create", "from": "alice", "name": "CAP", "weight_by": "market_cap", "members": ["FNET", "VISN"]],
                                op: IndexOperations.create)
        #expect(dynamic["weights"]?.objectValue?["FNET"] == "0.5")  // nothing outstanding yet: equal weights
    }

    /// The journal keeps the request in canonical form (keys sorted); weights listed out of that order must
    /// normalise to the same units (the rounding remainder to the same member) when the audit replays them.
    @Test func weightsListedOutOfOrderReplayTheSame() throws {
        let dir = TempDir(), l = try Self.fundLedger(dir)
        try apply(l, ["op": "create", "from": "creator", "symbol": "ABCD"], op: CurveOperations.create)
        try apply(l, ["op": "create", "from": "alice", "name": "EQ", "weights": ["VISN": 1, "FNET": 1, "ABCD": 1]], op: IndexOperations.create)
        let fund = try #require(try l.store.index("EQ"))
        #expect(fund.weights.map(\.units).reduce(0, +) == Amount.one)
        let findings = try l.audit()
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func buysFollowTheWeightsAndSellsNeverPayMoreThanTheSharesAreWorth() throws {
        let dir = TempDir(), l = try Self.fundLedger(dir)
        let first = try apply(l, ["op": "buy", "from": "alice", "name": "AI2", "shares": 1000, "max_cost": "1001", "ts": at(1)], op: IndexOperations.buy)
        let fund = try #require(try l.store.index("AI2"))
        // Each member got the most whole tokens its share of 1000 PANDA buys: within one token of the weight.
        var costs: Int128 = 0
        for (symbol, weight) in [("FNET", 6), ("VISN", 4)] {
            let held = try #require(try l.store.holding(symbol, fund.account)).total
            let budget = Int128(weight) * 100 * Amount.one
            // Quoted on the curve as it is now (after the buy): the cost of the holding from zero supply.
            let m = try #require(try l.store.model(symbol))
            let curve = ModelCurve(curve: try m.curve())
            let cost = try curve.quoteBuy(held).value
            #expect(cost <= budget)
            #expect(try curve.quoteBuy(held + 1).value > budget)
            costs += cost
        }
        let fee = (costs * 10 + 9_999) / 10_000
        #expect(first["cost"] == .string(Amount(units: costs + fee).description))
        #expect(first["fee"] == .string(Amount(units: fee).description))
        #expect(try l.store.balance("manager") == Amount(panda: 100000).adding(Amount(units: fee)))
        try expectRefused(l, ["op": "buy", "from": "bob", "name": "AI2", "shares": 500, "max_cost": "1", "ts": at(1)], op: IndexOperations.buy, .slippage)
        // A later buy takes each member's tokens per share, rounded up.
        let heldBefore = try ["FNET", "VISN"].map { try #require(try l.store.holding($0, fund.account)).total }
        try apply(l, ["op": "buy", "from": "bob", "name": "AI2", "shares": 500, "ts": at(1)], op: IndexOperations.buy)
        for (i, symbol) in ["FNET", "VISN"].enumerated() {
            let held = try #require(try l.store.holding(symbol, fund.account)).total
            #expect(held == heldBefore[i] + (heldBefore[i] * 500 + 999) / 1000)
        }
        // NAV = holdings at spot prices + cash.
        let nav = try l.query(Request(object: ["name": "AI2"]), operation: IndexOperations.nav).fields
        var expected: Int128 = 0
        for symbol in ["FNET", "VISN"] {
            expected += Int128(try #require(try l.store.holding(symbol, fund.account)).total) * (try spot(l, symbol))
        }
        expected += try l.store.balance(fund.account)?.units ?? 0
        #expect(nav["nav"] == .string(Amount(units: expected).description))
        #expect(nav["total_shares"] == 1500)
        // Selling 500 of 1500 shares pays at most a third of the NAV.
        try expectRefused(l, ["op": "sell", "from": "alice", "name": "AI2", "shares": 500, "min_payout": "100000", "ts": at(1)],
                          op: IndexOperations.sell, .slippage)
        try expectRefused(l, ["op": "sell", "from": "bob", "name": "AI2", "shares": 501, "ts": at(1)], op: IndexOperations.sell, .insufficient_tokens)
        let sale = try apply(l, ["op": "sell", "from": "alice", "name": "AI2", "shares": 500, "ts": at(1)], op: IndexOperations.sell)
        let payout = try Amount(parsing: sale["payout"]?.stringValue ?? "").units
        #expect(payout > 0)
        #expect(payout <= expected / 3)
        // Everyone out: the fund is empty, and the audit holds.
        try apply(l, ["op": "sell", "from": "alice", "name": "AI2", "shares": 500, "ts": at(1)], op: IndexOperations.sell)
        try apply(l, ["op": "sell", "from": "bob", "name": "AI2", "shares": 500, "ts": at(1)], op: IndexOperations.sell)
        #expect(try l.store.holding("FNET", fund.account)?.total == 0)
        #expect(try l.store.balance(fund.account)?.units ?? 0 == 0)
        #expect(try l.audit().isEmpty)
    }

    /// Rebalancing trades at spot prices in one pass; on deep curves (the fund a small part of each market,
    /// as here: linear curves with a gentle slope) that lands within a percent of the targets.
    @Test func rebalanceWaitsForThePeriodAndRestoresTheWeights() throws {
        let dir = TempDir(), l = try Self.fundLedger(dir)
        try apply(l, ["op": "fund", "to": "whale", "amount": "10000000"], op: CoreOperations.fund)
        for symbol in ["LINA", "LINB"] {
            try apply(l, ["op": "create", "from": "creator", "symbol": .string(symbol), "curve": ["type": "linear", "a": "1", "b": "0.00001"],
                          "ts": at(0)], op: CurveOperations.create)
        }
        try apply(l, ["op": "create", "from": "manager", "name": "LIN", "weights": ["LINA": 3, "LINB": 2], "ts": at(0)], op: IndexOperations.create)
        try apply(l, ["op": "buy", "from": "alice", "name": "LIN", "shares": 5000, "ts": at(1)], op: IndexOperations.buy)
        // Someone else pumps LINA: the fund is now overweight LINA.
        try apply(l, ["op": "buy", "from": "whale", "symbol": "LINA", "amount": 100000, "ts": at(2)], op: CurveOperations.buy)
        let drifted = try l.query(Request(object: ["name": "LIN"]), operation: IndexOperations.portfolio).records
        let linaWeight = try #require(Double(drifted.first { $0["symbol"] == "LINA" }?["weight"]?.stringValue ?? ""))
        #expect(linaWeight > 0.7)
        try expectRefused(l, ["op": "rebalance", "from": "manager", "name": "LIN", "ts": at(6.9)], op: IndexOperations.rebalance, .not_due)
        try expectRefused(l, ["op": "rebalance", "from": "alice", "name": "LIN", "ts": at(8)], op: IndexOperations.rebalance, .not_authorized)
        let r = try apply(l, ["op": "rebalance", "from": "manager", "name": "LIN", "ts": at(8)], op: IndexOperations.rebalance)
        #expect(r["trades"]?.arrayValue?.map { $0.objectValue?["side"]?.stringValue ?? "" } == ["sell", "buy"])
        let after = try l.query(Request(object: ["name": "LIN"]), operation: IndexOperations.portfolio).records
        for (symbol, target) in [("LINA", 0.6), ("LINB", 0.4)] {
            let w = try #require(Double(after.first { $0["symbol"] == .string(symbol) }?["weight"]?.stringValue ?? ""))
            #expect(abs(w - target) < 0.01, "\(symbol): \(w)")
        }
        try expectRefused(l, ["op": "rebalance", "from": "manager", "name": "LIN", "ts": at(9)], op: IndexOperations.rebalance, .not_due)
        #expect(try l.audit().isEmpty)
    }

    @Test func holdingsEarnDividendsIntoCashAndTheAccountTakesNoTransfers() throws {
        let dir = TempDir(), l = try Self.fundLedger(dir)
        try apply(l, ["op": "buy", "from": "alice", "name": "AI2", "shares": 1000, "ts": at(1)], op: IndexOperations.buy)
        let fund = try #require(try l.store.index("AI2"))
        let fnet = try #require(try l.store.holding("FNET", fund.account)).total
        _ = try buy(l, "bob", Int(fnet))  // bob holds as much FNET as the fund
        try payFee(l, "10")
        let nav = try l.query(Request(object: ["name": "AI2"]), operation: IndexOperations.nav).fields
        // Half of the fee, less at most one base unit of the dividend counter's rounding dust.
        let cash = try Amount(parsing: nav["cash"]?.stringValue ?? "").units
        #expect(cash <= 5 * Amount.one && cash >= 5 * Amount.one - 1)
        try apply(l, ["op": "buy", "from": "bob", "name": "AI2", "shares": 100, "ts": at(2)], op: IndexOperations.buy)
        #expect(try l.store.holding("FNET", fund.account)?.dividends.owed == 0)  // collected into cash
        #expect(try l.store.balance(fund.account)?.units == cash + (cash * 100 + 999) / 1000)
        try expectRefused(l, ["op": "transfer", "from": "alice", "to": .string(fund.account), "amount": "1"], op: CoreOperations.transfer, .not_authorized)
        try expectRefused(l, ["op": "transfer", "from": "bob", "symbol": "FNET", "to": .string(fund.account), "amount": 1], op: CurveOperations.transfer,
                          .not_authorized)
    }

    /// Transfers check their recipient against the index accounts read once per write transaction: a fund
    /// created later in the same transaction is refused at once, and one whose creation was rolled back
    /// takes transfers again.
    @Test func indexAccountsCreatedInsideATransactionTakeNoTransfers() throws {
        let dir = TempDir(), l = try Self.fundLedger(dir)
        let transfer = { (to: String) -> JSONObject in ["op": "transfer", "from": "alice", "to": .string(to), "amount": "1"] }
        let create: JSONObject = ["op": "create", "from": "manager", "name": "NEW", "weights": ["FNET": 1]]
        try l.beginWrite()
        _ = try l.apply(Request(object: transfer("bob")), operation: CoreOperations.transfer)  // reads the accounts
        _ = try l.apply(Request(object: create), operation: IndexOperations.create)
        let account = try #require(try l.store.index("NEW")).account
        #expect(throws: PandaError.self) { try l.apply(Request(object: transfer(account)), operation: CoreOperations.transfer) }
        l.rollback()
        #expect(try l.store.index("NEW") == nil)
        // The same name gives the same account, which is no fund's now: the transfer goes through.
        try l.beginWrite()
        _ = try l.apply(Request(object: transfer("bob")), operation: CoreOperations.transfer)
        _ = try l.apply(Request(object: transfer(account)), operation: CoreOperations.transfer)
        try l.commit()
        #expect(try l.audit().isEmpty)
    }
}
