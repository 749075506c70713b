#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PandaCore
import Testing

@testable import Curves

/// One line of Tests/Fixtures/curves/integrals.txt (mpmath at 60 digits; see gen.py there).
struct IntegralFixture {
    var family: String
    var fields: [String: String]
    var multiplier: String
    var supply: Int64
    var amount: Int64
    /// F(s+n) − F(s) in base units.
    var integral: Double
    var ceiling: String
    var floor: String

    static func load() -> [IntegralFixture] {
        guard let text = readFile(curveFixtures + "/integrals.txt") else { return [] }
        var result: [IntegralFixture] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: " ").map(String.init)
            guard f.count == 8 else { continue }
            var fields: [String: String] = [:]
            for kv in f[1].split(separator: ",") {
                let p = kv.split(separator: "=")
                fields[String(p[0])] = String(p[1])
            }
            result.append(IntegralFixture(family: f[0], fields: fields, multiplier: f[2], supply: Int64(f[3])!,
                                          amount: Int64(f[4])!, integral: Double(f[5])!, ceiling: f[6], floor: f[7]))
        }
        return result
    }
}

/// |a − b| ≤ 1e-9·|b| plus one base unit of rounding.
func closeTo(_ a: Int128, _ b: Double, relative: Double = 1e-9) -> Bool {
    abs(Double(a) - b) <= relative * abs(b) + 1
}

@Test func costsMatchTheMpmathFixtures() throws {
    let fixtures = IntegralFixture.load()
    #expect(fixtures.count > 70, "Tests/Fixtures/curves/integrals.txt missing or short")
    for fx in fixtures {
        let curve = try Curve(type: fx.family, fields: fx.fields)
        let m = try CurveState(supply: fx.supply, reserve: "0", ratio: "1", multiplier: fx.multiplier).multiplier
        let label = "\(fx.family) \(fx.fields) M=\(fx.multiplier) s=\(fx.supply) n=\(fx.amount)"
        // The buyer's curve holds what its supply needs (a buy at M > 1 re-derives v from the reserve).
        let held = (try? curve.reserve(at: Ratio(BigNat(UInt64(fx.supply))))) ?? Int128.max / 4
        let buyer = ModelCurve(curve: curve, state: CurveState(supply: fx.supply, reserve: held, multiplier: m))
        // A seller at s+n holding a reserve large enough that the payout is never capped.
        let seller = ModelCurve(curve: curve, state: CurveState(supply: fx.supply + fx.amount, reserve: Int128.max / 2, multiplier: m))
        guard fx.integral < 1.7e38 else {
            #expect(errorCode { try buyer.quoteBuy(fx.amount) } == .overflow, "\(label)")
            continue
        }
        let buy = try buyer.quoteBuy(fx.amount)
        // (From supply 0 the sale would be of the whole supply, which takes the whole reserve instead.)
        let sell = fx.supply > 0 ? try seller.quoteSell(fx.amount) : nil
        if curve.kind.isExact {
            #expect(String(buy.value) == fx.ceiling, "\(label)")
            if let sell { #expect(String(sell.value) == fx.floor, "\(label)") }
        } else {
            // The fixtures integrate M·p (paper eq. 3): what a buyer pays. A seller is paid the base curve.
            #expect(closeTo(buy.value, fx.integral), "\(label): buy \(buy.value) vs \(fx.integral)")
            // Rounded in the ledger's favour.
            #expect(Double(buy.value) >= fx.integral * (1 - 1e-14), "\(label)")
            if let sell {
                let base = fx.integral / m.double
                #expect(closeTo(sell.value, base), "\(label): sell \(sell.value) vs \(base)")
                #expect(Double(sell.value) <= base * (1 + 1e-14), "\(label)")
            }
        }
    }
}

/// The price functions written out in the test, independently of the library (PANDA per token).
enum PriceFunction {
    static func linear(a: Double, b: Double) -> (Double) -> Double { { x in a + b * x } }
    static func exponential(p0: Double, k: Double) -> (Double) -> Double { { x in p0 * exp(k * x) } }
    static func sigmoid(p0: Double, alpha: Double, s0: Double, m: Double) -> (Double) -> Double {
        { x in p0 / (1 + exp(-alpha * (x - s0))) * m }
    }
}

struct RandomCurveCase: Sendable, CustomTestStringConvertible {
    var family: String
    var seed: UInt64
    var testDescription: String { "\(family) seed \(seed)" }
}

enum RandomCurveCases {
    static let all: [RandomCurveCase] = ["linear", "exponential", "sigmoid"].flatMap { f in
        (UInt64(1)...3).map { RandomCurveCase(family: f, seed: $0) }
    }
}

/// Random parameters and trades (also after off-curve mints and burns): each cost and payout equals the
/// integral of the price function between the virtual supplies, by Simpson's rule, to 1e-9 relative.
@Test(arguments: RandomCurveCases.all)
func costsEqualTheIntegralOfThePriceFunction(c: RandomCurveCase) throws {
    var rng = SeededRandom(seed: c.seed &* 7919 &+ UInt64(c.family.utf8.count))
    func decimal(_ lo: Int, _ hi: Int) -> String {
        // A random decimal with 1–4 significant digits in 10^lo … 10^hi.
        let digits = Int.random(in: 1...9999, using: &rng)
        let e = Int.random(in: lo...hi, using: &rng)
        return "\(digits)e\(e - 4)"
    }
    let fields: [String: String]
    let price: (Double) -> Double
    var basePrice: ((Double) -> Double)? = nil
    var multiplier = Ratio.one
    switch c.family {
    case "linear":
        fields = ["a": decimal(-4, 1), "b": decimal(-7, -2)]
        price = PriceFunction.linear(a: Double(fields["a"]!)!, b: Double(fields["b"]!)!)
    case "exponential":
        fields = ["p0": decimal(-5, 1), "k": decimal(-7, -4)]
        price = PriceFunction.exponential(p0: Double(fields["p0"]!)!, k: Double(fields["k"]!)!)
    default:
        fields = ["p0": decimal(-3, 2), "alpha": decimal(-5, -2), "s0": String(Int.random(in: 0...200_000, using: &rng))]
        multiplier = Ratio(UInt64.random(in: 100...200, using: &rng), 100)
        price = PriceFunction.sigmoid(p0: Double(fields["p0"]!)!, alpha: Double(fields["alpha"]!)!, s0: Double(fields["s0"]!)!,
                                      m: multiplier.double)
        basePrice = PriceFunction.sigmoid(p0: Double(fields["p0"]!)!, alpha: Double(fields["alpha"]!)!, s0: Double(fields["s0"]!)!, m: 1)
    }
    let curve = try Curve(type: c.family, fields: fields)
    var m = ModelCurve(curve: curve, state: CurveState(supply: 0, reserve: 0, multiplier: multiplier))
    var net: Int128 = 0
    for step in 0..<40 {
        let s = m.state.supply
        let v0 = m.state.virtualSupply.double, rho = m.state.ratio.ratio.double
        switch Int.random(in: 0..<8, using: &rng) {
        case 0..<4:
            let n = Int64.random(in: 1...20_000, using: &rng)
            let effective = s == 0 ? 1.0 : rho
            let exact = simpson(price, v0, v0 + Double(n) * effective, intervals: 20_000) * 1e18
            guard exact < 1e37, Double(m.state.reserve) + exact < 1e38 else { continue }
            let t = try m.buy(n)
            net += t.value
            #expect(closeTo(t.value, exact), "step \(step) buy \(n) at \(s): \(t.value) vs \(exact) (\(fields))")
            #expect(Double(t.value) >= exact * (1 - 1e-12))
        case 4..<6 where s > 1:
            let n = Int64.random(in: 1...(s - 1), using: &rng)
            // Buy-side M: a buyer pays M·p, a seller is paid the base p.
            let exact = simpson(basePrice ?? price, v0 - Double(n) * rho, v0, intervals: 20_000) * 1e18
            let t = try m.sell(n)
            net -= t.value
            #expect(closeTo(t.value, exact), "step \(step) sell \(n) at \(s): \(t.value) vs \(exact) (\(fields))")
            #expect(Double(t.value) <= exact * (1 + 1e-12))
        case 6 where s > 0:
            try m.mintOffCurve(Int64.random(in: 1...s, using: &rng))
        case 7 where s > 1:
            try m.burnOffCurve(Int64.random(in: 1...(s / 2 + 1), using: &rng))
        default:
            break
        }
        #expect(net == m.state.reserve)
        #expect(m.checkReserve().ok, "step \(step): R=\(m.state.reserve) required \(m.checkReserve().required)")
    }
    if m.state.supply > 0 {
        let r = m.state.reserve
        #expect(try m.sell(m.state.supply).value == r)
    }
}

@Test func spotPricesOfEachFamily() throws {
    let lin = ModelCurve(curve: try Curve(type: "linear", fields: ["a": "0.5", "b": "0.001"]),
                         state: CurveState(supply: 1000, reserve: 0))
    #expect(try lin.spotPrice() == unit * 3 / 2)  // 0.5 + 0.001·1000
    #expect(try ModelCurve(curve: lin.curve).spotPrice() == unit / 2)  // p(0) = a
    let ex = ModelCurve(curve: try Curve(type: "exponential", fields: ["p0": "2", "k": "0.001"]),
                        state: CurveState(supply: 1000, reserve: 0))
    #expect(closeTo(try ex.spotPrice(), 2 * exp(1.0) * 1e18, relative: 1e-12))
    #expect(try ModelCurve(curve: ex.curve).spotPrice() <= 2 * unit)
    let sig = ModelCurve(curve: try Curve(type: "sigmoid", fields: ["p0": "4", "alpha": "0.01", "s0": "500"]),
                         state: CurveState(supply: 500, reserve: 0, multiplier: Ratio(3, 2)))
    #expect(closeTo(try sig.spotPrice(), 3e18, relative: 1e-12))  // P0/2 · M at the midpoint
}

/// Under the legacy rule (journal entries before schema 10), when M(t) changes, the sigmoid's virtual
/// supply is re-derived so the reserve still backs the whole supply: R ≥ F_M(v) stays true and the whole
/// supply still sells for exactly R.
@Test func legacySigmoidMultiplierChangeKeepsTheReserveSufficient() throws {
    let curve = try Curve(type: "sigmoid", fields: ["p0": "2", "alpha": "0.0005", "s0": "8000"])
    var m = ModelCurve(curve: curve, rule: .sigmoidPrice)
    try m.buy(6000)
    try m.buy(4000)
    let reserve = m.state.reserve
    for text in ["1.5", "2", "1.25", "1"] {
        let metric = try parseDecimal(text, field: "m").value
        let vBefore = m.state.virtualSupply
        try m.setMultiplier(metric)
        let check = m.checkReserve()
        #expect(check.ok, "M=\(text)")
        // The reserve is (almost) exactly what the new curve needs at the new virtual supply.
        // (`required` is F(v) less the audit's 1e-9 tolerance, so the surplus is about 1e-9·R plus the dust.)
        #expect(Double(check.surplus) <= Double(reserve) * 1.1e-9, "M=\(text) surplus \(check.surplus)")
        #expect(m.state.reserve == reserve)
        if text == "1.5" { #expect(m.state.virtualSupply < vBefore) }
        let t = try m.quoteSell(m.state.supply)
        #expect(t.value == reserve)
        let partial = try m.quoteSell(m.state.supply - 1)
        #expect(partial.value <= reserve)
    }
}
