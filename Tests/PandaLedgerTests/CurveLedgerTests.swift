#if canImport(Glibc)
import Glibc
#endif
import Curves
import PandaCore
import Testing

@testable import PandaLedger

/// A fresh open ledger with funded accounts and the seed's FNET model created by `creator`.
func curveLedger(_ dir: TempDir, funding: [String] = ["creator", "alice", "bob", "carol", "payer"]) throws -> Ledger {
    let l = try openLedger(dir)
    for who in funding { try apply(l, ["op": "fund", "to": .string(who), "amount": "100000"], op: CoreOperations.fund) }
    try apply(l, ["op": "create", "from": "creator", "symbol": "FNET", "name": "FraudNet"], op: CurveOperations.create)
    return l
}

func buy(_ l: Ledger, _ who: String, _ n: Int) throws -> JSONObject {
    try apply(l, ["op": "buy", "from": .string(who), "symbol": "FNET", "amount": .number(JSONNumber(n))], op: CurveOperations.buy)
}

func sell(_ l: Ledger, _ who: String, _ n: Int) throws -> JSONObject {
    try apply(l, ["op": "sell", "from": .string(who), "symbol": "FNET", "amount": .number(JSONNumber(n))], op: CurveOperations.sell)
}

/// Pays an inference fee to FNET's holders the way `pandactl-predict` will (the library call, directly).
func payFee(_ l: Ledger, _ fee: String) throws {
    let op = Operation("test-fee", .mutating, fields: ["fee"], summary: "") { ctx in
        _ = try CurveOperations.creditInferenceFee(ctx, symbol: "FNET", payer: "payer", fee: try ctx.request.requireAmount("fee"))
        return OpOutput()
    }
    try l.beginWrite()
    defer { l.rollback() }
    var ctx = OpContext(ledger: l, request: Request(object: ["fee": .string(fee)]), sender: "payer", now: .now(), seq: 1_000_000)
    _ = try op.handler(&ctx)
    try l.commit()
}

func owed(_ l: Ledger, _ who: String) throws -> String {
    let out = try l.query(Request(object: ["op": "balance", "account": .string(who)]), operation: CoreOperations.balance)
    return out.fields["owed"]?.objectValue?["FNET"]?.stringValue ?? "0"
}

@Test func seedFormulasExactlyUpToOneBaseUnit() throws {
    let dir = TempDir()
    let l = try curveLedger(dir)
    // (s+n)^3 - s^3 over 3*scale, rounded up; payouts rounded down.
    let r1 = try buy(l, "alice", 1000)
    #expect(r1["cost"] == "333.333333333333333334")
    let r2 = try buy(l, "bob", 10)
    #expect(r2["cost"] == "10.100333333333333334")   // (1010^3 - 1000^3)/3e6 = 10.100333… up
    let r3 = try sell(l, "alice", 500)
    #expect(r3["payout"] == "299.216666666666666666")  // (1010^3 - 510^3)/3e6 = 299.21666… down
    #expect(try l.audit().isEmpty)
}

@Test func sellingTheWholeSupplyReturnsTheReserve() throws {
    let dir = TempDir()
    let l = try curveLedger(dir)
    _ = try buy(l, "alice", 7)
    _ = try buy(l, "bob", 13)
    _ = try sell(l, "alice", 3)
    let before = try l.query(Request(object: ["op": "price", "symbol": "FNET"]), operation: CurveOperations.price).fields["reserve"]
    _ = try sell(l, "alice", 4)
    let last = try sell(l, "bob", 13)
    #expect(last["supply"] == 0)
    #expect(last["reserve"] == "0")
    #expect(before != nil)
    #expect(try l.audit().isEmpty)
}

@Test func dividendsAreFair() throws {
    let dir = TempDir()
    let l = try curveLedger(dir)
    // Fees while nobody holds tokens go to the owner.
    let creatorBefore = try l.accounts().first { $0.account == "creator" }!.panda
    try payFee(l, "1")
    #expect(try l.accounts().first { $0.account == "creator" }!.panda == creatorBefore.adding(Amount(panda: 1)))
    _ = try buy(l, "alice", 300)
    try payFee(l, "3")
    // Bob buys after those fees: he gets none of them.
    _ = try buy(l, "bob", 100)
    #expect(try owed(l, "bob") == "0")
    #expect(try owed(l, "alice") == "3")
    // Later fees split 3:1.
    try payFee(l, "4")
    #expect(try owed(l, "alice") == "6")
    #expect(try owed(l, "bob") == "1")
    // A transfer moves no accrued dividends.
    try apply(l, ["op": "transfer", "from": "alice", "symbol": "FNET", "to": "carol", "amount": 300], op: CurveOperations.transfer)
    #expect(try owed(l, "alice") == "6")
    #expect(try owed(l, "carol") == "0")
    let c = try apply(l, ["op": "claim", "from": "alice", "symbol": "FNET"], op: CurveOperations.claim)
    #expect(c["amount"] == "6")
    do {
        try apply(l, ["op": "claim", "from": "alice", "symbol": "FNET"], op: CurveOperations.claim)
        Issue.record("claimed twice")
    } catch let e as PandaError { #expect(e.code == .nothing_to_claim) }
    // The fees were credited outside the journal (predict's op comes with its issue), so the replay
    // differs; every invariant must still hold.
    let broken = try l.audit().filter { ["dividends", "conservation", "tokens", "reserve", "negative_balance"].contains($0.rule) }
    #expect(broken.isEmpty, "\(broken)")
}

@Test func curveRefusalsChangeNothing() throws {
    let dir = TempDir()
    let l = try curveLedger(dir, funding: ["creator", "alice", "poor"])
    try apply(l, ["op": "create", "from": "creator", "symbol": "CAP", "curve": ["type": "linear", "a": "1", "b": "0", "max_supply": "10"]],
              op: CurveOperations.create)
    _ = try buy(l, "alice", 100)
    try apply(l, ["op": "transfer", "from": "poor", "to": "alice", "amount": "99999.9"], op: CoreOperations.transfer)
    let before = try snapshot(l)
    let cases: [(JSONObject, Operation, ErrorCode)] = [
        (["op": "buy", "from": "alice", "symbol": "FNET", "amount": 10, "max_cost": "0.01"], CurveOperations.buy, .slippage),
        (["op": "sell", "from": "alice", "symbol": "FNET", "amount": 10, "min_payout": "1000"], CurveOperations.sell, .slippage),
        (["op": "buy", "from": "poor", "symbol": "FNET", "amount": 1000], CurveOperations.buy, .insufficient_funds),
        (["op": "sell", "from": "alice", "symbol": "FNET", "amount": 101], CurveOperations.sell, .insufficient_tokens),
        (["op": "buy", "from": "alice", "symbol": "CAP", "amount": 11], CurveOperations.buy, .max_supply),
        (["op": "buy", "from": "alice", "symbol": "NOPE", "amount": 1], CurveOperations.buy, .unknown_symbol),
        (["op": "create", "from": "alice", "symbol": "FNET"], CurveOperations.create, .duplicate_symbol),
        (["op": "buy", "from": "alice", "symbol": "FNET", "amount": 0], CurveOperations.buy, .invalid_amount),
        (["op": "buy", "from": "alice", "symbol": "FNET", "amount": -5], CurveOperations.buy, .invalid_amount),
        (["op": "buy", "from": "alice", "symbol": "FNET", "amount": "1.5"], CurveOperations.buy, .invalid_amount),
        (["op": "transfer", "from": "alice", "symbol": "FNET", "to": "bob", "amount": 500], CurveOperations.transfer, .insufficient_tokens),
        (["op": "metrics", "from": "alice", "symbol": "FNET", "adoption": "0.5"], CurveOperations.metrics, .not_authorized),
        (["op": "create", "from": "alice", "symbol": "bad symbol"], CurveOperations.create, .invalid_request),
        (["op": "create", "from": "alice", "symbol": "X1", "curve": ["type": "cubic"]], CurveOperations.create, .invalid_request),
    ]
    for (object, op, code) in cases {
        do {
            try apply(l, object, op: op)
            Issue.record("\(object) applied")
        } catch let e as PandaError {
            #expect(e.code == code, "\(object): \(e)")
        }
        #expect(try snapshot(l) == before)
    }
    #expect(try l.audit().isEmpty)
}

@Test func rateLimiterRefusesLargeMoves() throws {
    let dir = TempDir()
    let l = try curveLedger(dir)
    try apply(l, ["op": "create", "from": "creator", "symbol": "SLOW", "curve": ["type": "linear", "a": "1", "b": "0.01"],
                  "max_move": "10%", "window": "24h"], op: CurveOperations.create)
    try apply(l, ["op": "buy", "from": "alice", "symbol": "SLOW", "amount": 5], op: CurveOperations.buy)
    do {
        try apply(l, ["op": "buy", "from": "alice", "symbol": "SLOW", "amount": 50], op: CurveOperations.buy)
        Issue.record("a 50% move passed a 10% limit")
    } catch let e as PandaError { #expect(e.code == .rate_limited) }
    #expect(try l.audit().isEmpty)
}

@Test func auditCatchesCurveTampering() throws {
    let dir = TempDir()
    let l = try curveLedger(dir)
    _ = try buy(l, "alice", 50)
    #expect(try l.audit().isEmpty)
    for (i, edit) in ["UPDATE models SET reserve = '1'", "UPDATE holdings SET free = free + 1", "UPDATE models SET supply = supply + 1",
                      "UPDATE models SET pending = '5'"].enumerated() {
        let copy = dir.file("tampered\(i).db")
        _ = system("sqlite3 '\(dir.file("l.db"))' \".backup '\(copy)'\" && sqlite3 '\(copy)' \"\(edit)\"")
        #expect(!(try Ledger.open(path: copy).audit().isEmpty), "audit missed: \(edit)")
    }
}

/// Random buys and sells by several accounts through the ledger: after every step PANDA is conserved,
/// supply equals the holdings, and every rejected step changed nothing (a deterministic PRNG).
@Test func randomTradingKeepsEveryInvariant() throws {
    let dir = TempDir()
    let l = try curveLedger(dir)
    var rng: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
        rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((rng >> 33) % UInt64(bound))
    }
    let traders = ["alice", "bob", "carol"]
    var held: [String: Int] = [:]
    for step in 0..<150 {
        let who = traders[next(traders.count)]
        let n = 1 + next(40)
        let before = try snapshot(l)
        do {
            if next(2) == 0 {
                _ = try buy(l, who, n)
                held[who, default: 0] += n
            } else {
                _ = try sell(l, who, n)
                held[who, default: 0] -= n
            }
        } catch let e as PandaError {
            #expect(e.code == .insufficient_tokens, "step \(step): \(e)")
            #expect(try snapshot(l) == before, "step \(step): a refused trade changed the ledger")
        }
        if step % 10 == 0 {
            let broken = try l.audit().filter { ["conservation", "tokens", "reserve", "dividends", "negative_balance"].contains($0.rule) }
            #expect(broken.isEmpty, "step \(step): \(broken)")
        }
    }
    for who in traders {
        let out = try l.query(Request(object: ["op": "balance", "account": .string(who)]), operation: CoreOperations.balance)
        let tokens = out.fields["tokens"]?.objectValue?["FNET"]?.numberValue?.int64Value ?? 0
        #expect(Int(tokens) == held[who, default: 0])
    }
    // Everyone sells out: the reserve goes back to exactly zero.
    for who in traders where held[who, default: 0] > 0 { _ = try sell(l, who, held[who]!) }
    let price = try l.query(Request(object: ["op": "price", "symbol": "FNET"]), operation: CurveOperations.price)
    #expect(price.fields["reserve"] == "0")
    #expect(price.fields["supply"] == 0)
    #expect(try l.audit().isEmpty)
}
