import Curves
import PandaCore
import Testing

@testable import PandaLedger

/// DESIGN §4 "How M acts", as the ledger applies it: random buys, sells, metric changes (by a verifier)
/// and weight changes (by the owner) on each curve family keep every invariant of the audit (the reserve
/// covers `F(v)`, PANDA is conserved, the journal replays to the same state), and the whole supply
/// always sells for exactly the reserve.
@Test(arguments: [#"{"type":"quadratic"}"#, #"{"type":"linear","a":"0.1","b":"0.001"}"#,
                  #"{"type":"exponential","p0":"0.01","k":"0.0005"}"#, #"{"type":"sigmoid","p0":"2","alpha":"0.0005","s0":"3000"}"#])
func ledgerTradesUnderChangingMultipliersKeepEveryInvariant(curve: String) throws {
    let dir = TempDir()
    let l = try openLedger(dir)
    for who in ["creator", "ver", "alice", "bob", "carol"] {
        try apply(l, ["op": "fund", "to": .string(who), "amount": "10000000"], op: CoreOperations.fund)
    }
    let spec = try JSONParser.parse(curve)
    try apply(l, ["op": "create", "from": "creator", "symbol": "M", "curve": spec], op: CurveOperations.create)
    try apply(l, ["op": "verifier", "from": "creator", "symbol": "M", "account": "ver"], op: MintOperations.verifier)
    var rng = PropertyRng(seed: UInt64(curve.utf8.count) &* 7_919)
    let traders = ["alice", "bob", "carol"]
    var held: [String: Int64] = [:]
    var multipliers = Set<String>()
    for step in 0..<120 {
        let who = traders[rng.int(traders.count)]
        switch rng.int(10) {
        case 0..<4:
            let n = Int64(1 + rng.int(300))
            try apply(l, ["op": "buy", "from": .string(who), "symbol": "M", "amount": .number(JSONNumber(n))], op: CurveOperations.buy)
            held[who, default: 0] += n
        case 4..<7:
            guard let h = held[who], h > 0 else { continue }
            let n = Int64(1 + rng.int(Int(h)))
            try apply(l, ["op": "sell", "from": .string(who), "symbol": "M", "amount": .number(JSONNumber(n))], op: CurveOperations.sell)
            held[who] = h - n
        case 7..<9:
            let r = try apply(l, ["op": "metrics", "from": "ver", "symbol": "M", "adoption": .string("0.\(rng.int(10))"),
                                  "growth": .string("0.\(rng.int(10))"), "accuracy": .string("0.\(5 + rng.int(5))")], op: CurveOperations.metrics)
            multipliers.insert(r["multiplier"]?.stringValue ?? "")
        default:
            try apply(l, ["op": "set", "from": "creator", "symbol": "M", "weights": ["adoption": .string("0.\(rng.int(10))")]],
                      op: CurveOperations.set)
        }
        let m = try #require(try l.store.model("M"))
        let c = ModelCurve(curve: try m.curve(), state: m.state)
        #expect(c.checkReserve().ok, "step \(step)")
        if m.state.supply > 0 {
            let whole = try c.quoteSell(m.state.supply).value
            #expect(whole == m.state.reserve, "step \(step)")
        }
        if step % 30 == 29 {
            let findings = try l.audit()
            #expect(findings.isEmpty, "step \(step): \(findings)")
        }
    }
    #expect(multipliers.count > 3)
    // Everyone sells out: the reserve is exactly what was left, and goes to zero.
    for who in traders where held[who, default: 0] > 0 {
        try apply(l, ["op": "sell", "from": .string(who), "symbol": "M", "amount": .number(JSONNumber(held[who]!))], op: CurveOperations.sell)
    }
    let m = try #require(try l.store.model("M"))
    #expect(m.state.supply == 0 && m.state.reserve == 0)
    #expect(try l.audit().isEmpty)
}
