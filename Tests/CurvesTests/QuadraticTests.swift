import PandaCore
import Testing

@testable import Curves

/// A quadratic curve at supply `s`, holding exactly the reserve the seed's buys would have paid in one
/// go, or nil when that reserve is beyond the ledger's range.
func quadraticAt(_ s: Int64, scale: String = "1000000", scaleNum: UInt64 = 1_000_000, scaleDen: UInt64 = 1) throws -> ModelCurve? {
    let curve = try Curve.quadratic(scale: scale)
    guard let reserve = seedIntegral(0, s, scaleNum: scaleNum, scaleDen: scaleDen).ceiling.int128 else { return nil }
    return ModelCurve(curve: curve, state: CurveState(supply: s, reserve: reserve))
}

struct QuadraticCase: Sendable, CustomTestStringConvertible {
    var supply: Int64
    var amount: Int64
    var testDescription: String { "s=\(supply) n=\(amount)" }
}

enum QuadraticCases {
    static let trades: [QuadraticCase] = [
        QuadraticCase(supply: 0, amount: 1), QuadraticCase(supply: 0, amount: 1000), QuadraticCase(supply: 1, amount: 1),
        QuadraticCase(supply: 2, amount: 1), QuadraticCase(supply: 999, amount: 1), QuadraticCase(supply: 1000, amount: 500),
        QuadraticCase(supply: 123_456, amount: 789), QuadraticCase(supply: 1_000_000, amount: 1_000_000),
        QuadraticCase(supply: 3, amount: 100_000_000), QuadraticCase(supply: 1 << 30, amount: 3),
        QuadraticCase(supply: 4_000_000_000, amount: 1),
    ]
    static let scales: [(String, UInt64, UInt64)] = [("1000000", 1_000_000, 1), ("2.5", 5, 2), ("0.000123", 123, 1_000_000), ("7", 7, 1)]
}

@Test(arguments: QuadraticCases.trades)
func quadraticCostsAreTheSeedFormulasRoundedAgainstTheUser(c: QuadraticCase) throws {
    for (scale, num, den) in QuadraticCases.scales {
        let exact = seedIntegral(c.supply, c.amount, scaleNum: num, scaleDen: den)
        guard let m = try quadraticAt(c.supply, scale: scale, scaleNum: num, scaleDen: den) else { continue }
        guard let cost = exact.ceiling.int128, !m.state.reserve.addingReportingOverflow(cost).overflow else {
            #expect(errorCode { try m.quoteBuy(c.amount) } == .overflow, "scale \(scale)")
            continue
        }
        let buy = try m.quoteBuy(c.amount)
        #expect(buy.value == exact.ceiling.int128!, "buy at scale \(scale)")
        #expect(Ratio(BigNat(UInt128(buy.value))) >= exact && Ratio(BigNat(UInt128(buy.value))) < exact + .one)
        // The sell of the same tokens, from the supply after the buy.
        let after = ModelCurve(curve: m.curve, state: buy.after)
        if c.supply > 0 {
            let sell = try after.quoteSell(c.amount)
            #expect(sell.value == exact.floor.int128!, "sell at scale \(scale)")
            #expect(sell.after.supply == c.supply)
        }
    }
}

@Test func quadraticSeedNumbers() throws {
    // The seed's quickstart: buying 1000 FNET at supply 0 costs 1000³/(3·10⁶) = 333.33… PANDA.
    var m = ModelCurve(curve: try Curve.quadratic())
    let t = try m.buy(1000)
    #expect(t.value == 333_333_333_333_333_333_334)
    #expect(Amount(units: t.value).description == "333.333333333333333334")
    #expect(t.priceBefore == unit / 1_000_000)  // p(0) reported as 1/scale
    #expect(t.priceAfter == unit)  // 1000²/10⁶ = 1 PANDA
    #expect(try m.spotPrice() == unit)
    #expect(m.state.reserve == t.value)
    // Selling 500 pays [1000³ − 500³]/(3·10⁶) = 291.66… rounded down.
    let s = try m.sell(500)
    #expect(s.value == 291_666_666_666_666_666_666)
    #expect(try m.spotPrice() == unit / 4)
    #expect(s.averagePrice == s.value / 500)
}

@Test func quadraticPriceIsSupplySquaredOverScale() throws {
    for s: Int64 in [1, 2, 10, 999, 1_000_000, 123_456_789] {
        let m = try #require(try quadraticAt(s))
        let expected = (BigNat(UInt64(s)).power(2) * BigNat.pow10(18)) / BigNat(1_000_000 as UInt64)
        #expect(try m.spotPrice() == expected.int128!)
    }
    #expect(try ModelCurve(curve: try Curve.quadratic(scale: "2.5")).spotPrice() == unit * 2 / 5)
}

/// Random buys and sells by several accounts: every cost and payout is the seed's formula rounded
/// against the user, money is conserved exactly, R ≥ F(S) exactly after every step, and the last
/// seller receives exactly the reserve.
@Test(arguments: [UInt64(11), 12, 13, 14])
func quadraticRandomTradesConserveAndStaySolvent(seed: UInt64) throws {
    var rng = SeededRandom(seed: seed)
    let (scale, num, den) = QuadraticCases.scales[Int(seed % 4)]
    var m = ModelCurve(curve: try Curve.quadratic(scale: scale))
    var holdings = [Int64](repeating: 0, count: 5)
    var paidIn: Int128 = 0, paidOut: Int128 = 0
    for step in 0..<1500 {
        let who = Int.random(in: 0..<holdings.count, using: &rng)
        let s = m.state.supply
        let big = Int.random(in: 0..<10, using: &rng) == 0
        if holdings[who] == 0 || Bool.random(using: &rng) {
            let n = Int64.random(in: 1...(big ? 50_000 : 300), using: &rng)
            let t = try m.buy(n)
            #expect(t.value == seedIntegral(s, n, scaleNum: num, scaleDen: den).ceiling.int128!, "step \(step)")
            holdings[who] += n
            paidIn += t.value
        } else {
            let n = Int64.random(in: 1...holdings[who], using: &rng)
            let reserveBefore = m.state.reserve
            let t = try m.sell(n)
            if n == s {
                #expect(t.value == reserveBefore)  // the whole reserve
            } else {
                #expect(t.value == seedIntegral(s - n, n, scaleNum: num, scaleDen: den).floor.int128!, "step \(step)")
            }
            holdings[who] -= n
            paidOut += t.value
        }
        #expect(m.state.supply == holdings.reduce(0, +))
        #expect(paidIn - paidOut == m.state.reserve)
        #expect(m.state.ratio.isOne)
        let f = seedIntegral(0, m.state.supply, scaleNum: num, scaleDen: den)
        #expect(Ratio(BigNat(UInt128(m.state.reserve))) >= f)
        #expect(m.checkReserve().ok)
        #expect(m.checkReserve().surplus <= Int128(step + 1))  // at most one unit of dust per trade
    }
    // Everyone sells out; the last sale takes exactly what is left.
    for who in holdings.indices where holdings[who] > 0 {
        let reserveBefore = m.state.reserve
        let last = m.state.supply == holdings[who]
        let t = try m.sell(holdings[who])
        paidOut += t.value
        holdings[who] = 0
        if last { #expect(t.value == reserveBefore) }
    }
    #expect(m.state == CurveState.empty)
    #expect(paidIn == paidOut)
}

@Test func sellingTheWholeSupplyReturnsExactlyTheReserve() throws {
    var m = ModelCurve(curve: try Curve.quadratic())
    try m.buy(7)
    try m.buy(1)
    try m.buy(3)
    try m.sell(2)
    let r = m.state.reserve
    let t = try m.quoteSell(m.state.supply)
    #expect(t.value == r)
    #expect(t.after == .empty)
    #expect(t.priceAfter == unit / 1_000_000)
}

@Test func offCurveMintDilutesAndBurnConcentrates() throws {
    var m = ModelCurve(curve: try Curve.quadratic())
    try m.buy(1000)
    let reserve = m.state.reserve
    let v = m.state.virtualSupply
    let price = try m.spotPrice()
    try m.mintOffCurve(250)  // improvement reward
    #expect(m.state.supply == 1250)
    #expect(m.state.reserve == reserve)
    #expect(m.state.ratio.description == "0.8")
    #expect(m.state.virtualSupply == v)
    let diluted = try m.spotPrice()
    #expect(diluted < price)
    // p(v)·v/S = 1 PANDA × 0.8
    #expect(diluted == unit * 4 / 5)
    try m.burnOffCurve(450)  // access burns
    #expect(m.state.supply == 800)
    #expect(m.state.reserve == reserve)
    #expect(m.state.ratio.description == "1.25")
    #expect(m.state.virtualSupply == v)
    #expect(try m.spotPrice() == unit * 5 / 4)
    // Buying and selling now follow F(v ± n·v/S): 8 tokens move v by 10.
    let b = try m.quoteBuy(8)
    #expect(b.value == (seedIntegral(0, 1010) - seedIntegral(0, 1000)).ceiling.int128!)
    let s = try m.quoteSell(8)
    #expect(s.value == (seedIntegral(0, 1000) - seedIntegral(0, 990)).floor.int128!)
    // And the whole supply still takes exactly the reserve.
    #expect(try m.quoteSell(800).value == reserve)
}

/// Random trades interleaved with off-curve mints and burns: conservation, R ≥ F(v) exactly, and the
/// whole supply always sells for exactly R.
@Test(arguments: [UInt64(21), 22, 23])
func offCurveRandomSequencesStaySolvent(seed: UInt64) throws {
    var rng = SeededRandom(seed: seed)
    var m = ModelCurve(curve: try Curve.quadratic())
    var net: Int128 = 0  // Σ paid in − Σ paid out
    for step in 0..<800 {
        let s = m.state.supply
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<4:
            let n = Int64.random(in: 1...5000, using: &rng)
            let before = m.state
            // A burn-concentrated ratio can push a buy past the ledger's range: refused, nothing changed.
            if errorCode({ try m.quoteBuy(n) }) == .overflow {
                #expect(errorCode { try m.buy(n) } == .overflow)
                #expect(m.state == before)
                continue
            }
            let t = try m.buy(n)
            net += t.value
            #expect(t.after.ratio == t.before.ratio || t.before.supply == 0)
        case 4..<7 where s > 0:
            let t = try m.sell(Int64.random(in: 1...s, using: &rng))
            net -= t.value
        case 7 where s > 0:
            let before = m.state
            try m.mintOffCurve(Int64.random(in: 1...max(1, s), using: &rng))
            #expect(m.state.virtualSupply <= before.virtualSupply)
            #expect(m.state.reserve == before.reserve)
        case 8 where s > 1:
            let before = m.state
            try m.burnOffCurve(Int64.random(in: 1...(Int.random(in: 0..<4, using: &rng) == 0 ? s - 1 : max(1, s / 3)), using: &rng))
            #expect(m.state.virtualSupply <= before.virtualSupply)
            #expect(m.state.reserve == before.reserve)
        default:
            if s > 0 { #expect(try m.quoteSell(s).value == m.state.reserve) }
        }
        #expect(net == m.state.reserve, "step \(step)")
        let check = m.checkReserve()
        #expect(check.ok, "step \(step): R=\(m.state.reserve) F(v)=\(check.required)")
        if m.state.supply > 0 { #expect(try m.quoteSell(m.state.supply).value == m.state.reserve) }
    }
    if m.state.supply > 0 {
        let r = m.state.reserve
        #expect(try m.sell(m.state.supply).value == r)
    }
    #expect(m.state == .empty)
}

@Test func mintBeforeAnyBuyIsUnbackedAndTheNextBuyStartsAtTheOrigin() throws {
    var m = ModelCurve(curve: try Curve.quadratic())
    try m.mintOffCurve(1000)  // e.g. an initial supply for the team
    #expect(m.state.ratio.isZero)
    #expect(m.state.reserve == 0)
    #expect(try m.spotPrice() == unit / 1_000_000)
    #expect(try m.quoteSell(10).value == 0)  // nothing backs them
    let t = try m.buy(1000)
    #expect(t.value == seedIntegral(0, 1000).ceiling.int128!)
    #expect(m.state.ratio.description == "0.5")  // v = 1000 over S = 2000
    #expect(m.checkReserve().ok)
    #expect(try m.quoteSell(2000).value == m.state.reserve)
    // Burning the whole unbacked supply is allowed only while nothing is held.
    var u = ModelCurve(curve: try Curve.quadratic())
    try u.mintOffCurve(5)
    try u.burnOffCurve(5)
    #expect(u.state == .empty)
}

@Test func guardsRefuseAndChangeNothing() throws {
    var m = ModelCurve(curve: try Curve.quadratic(maxSupply: 1000))
    try m.buy(900)
    let before = m.state
    #expect(errorCode { try m.buy(0) } == .invalid_amount)
    #expect(errorCode { try m.buy(-5) } == .invalid_amount)
    #expect(errorCode { try m.sell(0) } == .invalid_amount)
    #expect(errorCode { try m.sell(-1) } == .invalid_amount)
    #expect(errorCode { try m.sell(901) } == .insufficient_tokens)
    #expect(errorCode { try m.buy(101) } == .max_supply)
    #expect(errorCode { try m.mintOffCurve(101) } == .max_supply)
    #expect(errorCode { try m.mintOffCurve(0) } == .invalid_amount)
    #expect(errorCode { try m.burnOffCurve(901) } == .insufficient_tokens)
    #expect(errorCode { try m.burnOffCurve(900) } == .insufficient_tokens)  // would strand the reserve
    #expect(errorCode { try m.burnOffCurve(-1) } == .invalid_amount)
    let cost = try m.quoteBuy(100).value
    #expect(errorCode { try m.buy(100, maxCost: cost - 1) } == .slippage)
    let payout = try m.quoteSell(10).value
    #expect(errorCode { try m.sell(10, minPayout: payout + 1) } == .slippage)
    #expect(m.state == before)
    try m.sell(10, minPayout: payout)
    try m.buy(110, maxCost: Int128.max)
    #expect(m.state.supply == 1000)
    // Overflow of the ledger's range is refused, not wrapped.
    let huge = ModelCurve(curve: try Curve.quadratic(scale: "0.000001"))
    #expect(errorCode { try huge.quoteBuy(Int64.max) } == .overflow)
    #expect(errorCode { try huge.quoteBuy(10_000_000_000) } == .overflow)
    var nearMax = ModelCurve(curve: try Curve.quadratic(), state: CurveState(supply: Int64.max - 1, reserve: 0))
    #expect(errorCode { try nearMax.mintOffCurve(2) } == .overflow)
}

@Test func curveValidation() throws {
    #expect(errorCode { try Curve(type: "cubic", fields: [:]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "quadratic", fields: ["scale": "0"]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "quadratic", fields: ["scale": "-5"]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "quadratic", fields: ["scale": "x"]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "quadratic", fields: ["a": "1"]) } == .unknown_field)
    #expect(errorCode { try Curve(type: "linear", fields: ["a": "1"]) } == .missing_field)
    #expect(errorCode { try Curve(type: "linear", fields: ["a": "0", "b": "0"]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "linear", fields: ["a": "-1", "b": "1"]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "exponential", fields: ["p0": "1"]) } == .missing_field)
    #expect(errorCode { try Curve(type: "exponential", fields: ["p0": "0", "k": "1"]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "exponential", fields: ["p0": "1", "k": "-0.1"]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "sigmoid", fields: ["p0": "1", "alpha": "0"]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "sigmoid", fields: ["p0": "1", "alpha": "1", "s0": "-3"]) } == .invalid_request)
    #expect(errorCode { try Curve(type: "sigmoid", fields: ["p0": "1", "alpha": "1", "scale": "3"]) } == .unknown_field)
    for bad in ["0", "-1", "1.5", "x", "1e30"] {
        #expect(errorCode { try Curve(type: "quadratic", fields: ["max_supply": bad]) } == .invalid_request, "max_supply \(bad)")
    }
    do {
        _ = try Curve(type: "linear", fields: ["b": "nope"])
        Issue.record("accepted b=nope")
    } catch {
        #expect(error.field == "b")
    }
    let q = try Curve(type: "quadratic", fields: [:])
    #expect(q.fields == ["scale": "1000000"])
    let l = try Curve(type: "linear", fields: ["b": "0.50", "max_supply": "1e6"])
    #expect(l.fields == ["a": "0", "b": "0.5", "max_supply": "1000000"])
    #expect(l.maxSupply == 1_000_000)
    let rebuilt = try Curve(type: l.kind.rawValue, fields: l.fields)
    #expect(rebuilt.fields == l.fields)
    let s = try Curve(type: "sigmoid", fields: ["p0": "1", "alpha": "0.001"])
    #expect(s.fields == ["p0": "1", "alpha": "0.001", "s0": "0"])
}

@Test func storedStateRoundTrips() throws {
    var m = ModelCurve(curve: try Curve.quadratic())
    try m.buy(1000)
    try m.mintOffCurve(3)
    let st = m.state
    let back = try CurveState(supply: st.supply, reserve: st.reserveText, ratio: st.ratioText, multiplier: st.multiplierText)
    #expect(back == st)
    #expect(st.ratioText == "0.997008973080757726819541375872382851")
    #expect(st.multiplierText == "1")
    #expect(errorCode { try CurveState(supply: 1, reserve: "-1", ratio: "1") } == .ledger_corrupt)
    #expect(errorCode { try CurveState(supply: -1, reserve: "0", ratio: "1") } == .ledger_corrupt)
    #expect(errorCode { try CurveState(supply: 1, reserve: "0", ratio: "0.1234567890123456789012345678901234567") } == .ledger_corrupt)
    #expect(errorCode { try CurveState(supply: 1, reserve: "0", ratio: "abc") } == .ledger_corrupt)
    #expect(errorCode { try CurveState(supply: 1, reserve: "0", ratio: "1", multiplier: "0.5") } == .ledger_corrupt)
    #expect(try CurveState(supply: 1, reserve: "5", ratio: "1", multiplier: "1.8625").multiplier == Ratio(18625, 10000))
}

@Test func tablePointsFollowTheCurve() throws {
    let m = ModelCurve(curve: try Curve.quadratic())
    let points = try m.table(from: 0, to: 1000, steps: 4)
    #expect(points.map(\.supply) == [0, 250, 500, 750, 1000])
    #expect(points[0].price == unit / 1_000_000)
    #expect(points[0].reserve == 0)
    #expect(points[2].price == unit / 4)
    #expect(points[4].reserve == seedIntegral(0, 1000).ceiling.int128!)
    #expect(try m.table(from: 5, to: 5, steps: 1).map(\.supply) == [5, 5])
    #expect(try m.table(from: 0, to: 10, steps: 3).map(\.supply) == [0, 3, 6, 10])
    #expect(errorCode { try m.table(from: -1, to: 10, steps: 3) } == .invalid_request)
    #expect(errorCode { try m.table(from: 10, to: 1, steps: 3) } == .invalid_request)
    #expect(errorCode { try m.table(from: 0, to: 10, steps: 0) } == .invalid_request)
    #expect(errorCode { try m.table(from: 0, to: 10, steps: 10_001) } == .invalid_request)
    let capped = ModelCurve(curve: try Curve.quadratic(maxSupply: 100))
    #expect(errorCode { try capped.table(from: 0, to: 101, steps: 1) } == .max_supply)
    // After a mint, the table shows the diluted prices of the model's own curve.
    var diluted = ModelCurve(curve: try Curve.quadratic())
    try diluted.buy(1000)
    try diluted.mintOffCurve(1000)
    let p = try diluted.table(from: 2000, to: 2000, steps: 1)
    let spot = try diluted.spotPrice()
    #expect(p[0].price == spot)
    #expect(p[0].reserve == diluted.state.reserve)
}
