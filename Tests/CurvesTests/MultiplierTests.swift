import PandaCore
import Testing

@testable import Curves

/// One curve of each family, with parameters that keep prices readable.
enum FamilyCurves {
    static func all() throws -> [Curve] {
        [
            try Curve.quadratic(),
            try Curve(type: "linear", fields: ["a": "0.1", "b": "0.001"]),
            try Curve(type: "exponential", fields: ["p0": "0.01", "k": "0.0005"]),
            try Curve(type: "sigmoid", fields: ["p0": "2", "alpha": "0.0005", "s0": "3000"]),
        ]
    }
}

/// DESIGN §4 "How M acts", on every family: raising M raises the ask by exactly the factor and leaves
/// the bid; a buy costs M times the base curve's integral and all of it enters the reserve; selling pays
/// the base curve; selling the whole supply still returns exactly the reserve.
@Test(arguments: ["quadratic", "linear", "exponential", "sigmoid"])
func multiplierScalesTheBuySideOfEveryFamily(family: String) throws {
    let curve = try FamilyCurves.all().first { $0.kind.rawValue == family }!
    var c = ModelCurve(curve: curve)
    try c.buy(2000)
    let bid = try c.bidPrice(), ask = try c.spotPrice()
    #expect(ask == bid)
    let baseCost = try c.quoteBuy(100).value
    let sellBefore = try c.quoteSell(100).value
    let m = Ratio(7, 5)  // 1.4
    try c.setMultiplier(m)
    let bidAfterM = try c.bidPrice()
    #expect(bidAfterM == bid)
    let raised = try c.spotPrice()
    let expected = (Ratio(BigNat(exactly: bid)!) * m).floor.int128!
    #expect(raised == expected)  // ⌊1.4 × bid⌋: exactly the factor
    let sellAfterM = try c.quoteSell(100).value
    #expect(sellAfterM == sellBefore)  // selling pays the base curve
    let reserveBefore = c.state.reserve
    let t = try c.buy(100)
    if curve.kind.isExact {
        #expect(t.value >= baseCost * 7 / 5 && t.value <= baseCost * 7 / 5 + 2, "\(t.value) vs 1.4 × \(baseCost)")
    } else {
        #expect(abs(Double(t.value) - Double(baseCost) * 1.4) <= Double(baseCost) * 1e-9 + 2)
    }
    #expect(c.state.reserve == reserveBefore + t.value)  // the whole payment enters the reserve
    #expect(t.priceAfter > t.bidAfter)
    #expect(c.checkReserve().ok)
    // The premium raised every holder's bid: v = F⁻¹(R) grew past the supply.
    let bidAfterBuy = try c.bidPrice()
    #expect(bidAfterBuy > bid)
    // The reserve pays back the whole supply, exactly.
    let whole = try c.quoteSell(c.state.supply)
    #expect(whole.value == c.state.reserve)
    // A buyer who sells at once gets back about 1/M of the cost.
    let back = try { var x = c; return try x.sell(100).value }()
    #expect(Double(back) < Double(t.value) / 1.3 && Double(back) > Double(t.value) / 1.5)
    #expect(errorCode { try c.setMultiplier(Ratio(1, 2)) } == .invalid_request)
}

/// The property of DESIGN §4 under M(t): random buys, sells, metric changes, off-curve mints and burns on
/// every family keep `R ≥ F(v)` (the audit's check), the reserve equal to what was paid in less what was
/// paid out, and selling the whole supply equal to the reserve.
@Test(arguments: ["quadratic", "linear", "exponential", "sigmoid"])
func randomTradesUnderAChangingMultiplierKeepTheReserve(family: String) throws {
    let curve = try FamilyCurves.all().first { $0.kind.rawValue == family }!
    var rng = SeededRandom(seed: UInt64(family.utf8.count) &* 104_729)
    var c = ModelCurve(curve: curve)
    var net: Int128 = 0
    for step in 0..<150 {
        let s = c.state.supply
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<4:
            let n = Int64.random(in: 1...800, using: &rng)
            guard let t = try? c.quoteBuy(n) else {
                #expect(errorCode { try c.quoteBuy(n) } == .overflow)  // past the ledger's range: refused, nothing changes
                continue
            }
            c.apply(t)
            net += t.value
        case 4..<6 where s > 1:
            net -= try c.sell(Int64.random(in: 1...(s - 1), using: &rng)).value
        case 6..<8:
            try c.setMultiplier(Ratio(UInt64.random(in: 100...200, using: &rng), 100))
        case 8 where s > 0:
            try c.mintOffCurve(Int64.random(in: 1...max(1, s / 20), using: &rng))
        case 9 where s > 2:
            try c.burnOffCurve(Int64.random(in: 1...(s / 20 + 1), using: &rng))
        default:
            break
        }
        #expect(net == c.state.reserve, "step \(step)")
        #expect(c.checkReserve().ok, "step \(step): R=\(c.state.reserve) needs \(c.checkReserve().required)")
        if c.state.supply > 0 {
            let whole = try c.quoteSell(c.state.supply).value
            #expect(whole == c.state.reserve, "step \(step)")
        }
    }
}
