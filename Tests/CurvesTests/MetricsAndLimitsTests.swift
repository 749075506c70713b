import PandaCore
import Testing

@testable import Curves

// MARK: - M(t), paper eq. 4

@Test func noMetricsMeansMultiplierOne() throws {
    let m = try SuccessMetrics()
    #expect(m.multiplier == .one)
    #expect(m.multiplierText == "1")
}

@Test func multiplierFollowsEquationFourWithDefaultWeights() throws {
    // M = 1 + 0.25·(0.9 + 0.75 + 0.9 + 0.9)
    let m = try SuccessMetrics(accuracy: "0.9", adoption: "0.75", improvement: "0.9", growth: "0.9")
    #expect(m.multiplierText == "1.8625")
    #expect(try SuccessMetrics(accuracy: "1", adoption: "1", improvement: "1", growth: "1").multiplierText == "2")
    #expect(try SuccessMetrics(adoption: "0.5").multiplierText == "1.125")
}

struct ClampCase: Sendable, CustomTestStringConvertible {
    var metric: String
    var input: String
    var clamped: String
    var testDescription: String { "\(metric)=\(input) → \(clamped)" }
}

enum ClampCases {
    static let all: [ClampCase] = [
        ClampCase(metric: "accuracy", input: "0.5", clamped: "0.7"), ClampCase(metric: "accuracy", input: "0.85", clamped: "0.85"),
        ClampCase(metric: "accuracy", input: "1.2", clamped: "1"), ClampCase(metric: "accuracy", input: "-3", clamped: "0.7"),
        ClampCase(metric: "adoption", input: "-0.1", clamped: "0"), ClampCase(metric: "adoption", input: "0.3", clamped: "0.3"),
        ClampCase(metric: "adoption", input: "7", clamped: "1"), ClampCase(metric: "improvement", input: "0", clamped: "0.8"),
        ClampCase(metric: "improvement", input: "0.95", clamped: "0.95"), ClampCase(metric: "improvement", input: "2", clamped: "1"),
        ClampCase(metric: "growth", input: "0", clamped: "0"), ClampCase(metric: "growth", input: "1.0001", clamped: "1"),
    ]
}

@Test(arguments: ClampCases.all)
func metricsAreClampedToTheirRanges(c: ClampCase) throws {
    var m = try SuccessMetrics()
    let metric = try #require(SuccessMetrics.Metric(rawValue: c.metric))
    try m.set(metric, c.input)
    #expect(m.text(of: metric) == c.clamped)
    let expected = Ratio.one + Ratio(1, 4) * (try parseDecimal(c.clamped, field: "x").value)
    #expect(m.multiplier == expected)
    #expect(metric.range.contains(try parseDecimal(c.clamped, field: "x").value.double))
}

@Test func metricWeightsAndAccuracyPercent() throws {
    let m = try SuccessMetrics(accuracy: "0.8", growth: "0.5", weights: ["accuracy": "0.5", "growth": "0.1"])
    #expect(m.multiplierText == "1.45")  // 1 + 0.5·0.8 + 0.1·0.5
    #expect(errorCode { try SuccessMetrics(weights: ["speed": "1"]) } == .unknown_field)
    #expect(errorCode { try SuccessMetrics(weights: ["growth": "-1"]) } == .invalid_request)
    #expect(errorCode { try SuccessMetrics(adoption: "lots") } == .invalid_request)
    #expect(try SuccessMetrics.accuracyFraction(percent: "87.5") == "0.875")
    #expect(try SuccessMetrics.accuracyFraction(percent: "100") == "1")
    #expect(try SuccessMetrics.accuracyFraction(percent: "-12.25") == "-0.1225")
    let fromTraining = try SuccessMetrics(accuracy: try SuccessMetrics.accuracyFraction(percent: "-12.25"))
    #expect(fromTraining.text(of: .accuracy) == "0.7")
    // The multiplier is what the curve state stores.
    let st = try CurveState(supply: 0, reserve: "0", ratio: "1", multiplier: m.multiplierText)
    #expect(st.multiplier == m.multiplier)
}

// MARK: - Rate limiter

@Test func rateLimitParsing() throws {
    let r = try RateLimit(parsing: "50%/24h")
    #expect(r.maxMove == Ratio(1, 2))
    #expect(r.window.milliseconds == 86_400_000)
    #expect(r.maxMoveText == "50%")
    #expect(r.windowText == "1d")
    #expect(try RateLimit(maxMove: "0.125", window: "90s").maxMoveText == "12.5%")
    #expect(try RateLimit(maxMove: "200%", window: "7d").maxMove == Ratio(2, 1))
    for bad in ["50%", "0%/1h", "-5%/1h", "x/1h", "50%/", "50%/soon", "50%/0s", "50%/1h/2h"] {
        #expect(errorCode { try RateLimit(parsing: bad) } == .invalid_request, "\(bad)")
    }
}

@Test func rateLimitRefusesMovesBeyondTheBand() throws {
    let r = try RateLimit(parsing: "50%/24h")
    let open = 100 * unit
    try r.check(opening: open, before: open, after: 150 * unit)  // exactly at the bound
    try r.check(opening: open, before: open, after: 50 * unit)
    #expect(errorCode { try r.check(opening: open, before: open, after: 150 * unit + 1) } == .rate_limited)
    #expect(errorCode { try r.check(opening: open, before: 120 * unit, after: 50 * unit - 1) } == .rate_limited)
    // Already outside the band (an off-curve burn): a trade back towards the opening price passes,
    // one further away does not.
    try r.check(opening: open, before: 300 * unit, after: 200 * unit)
    #expect(errorCode { try r.check(opening: open, before: 300 * unit, after: 301 * unit) } == .rate_limited)
    // No reference price: nothing to measure against.
    try r.check(opening: 0, before: 0, after: 1000 * unit)
}

@Test func rateLimitWithCurveQuotes() throws {
    let limit = try RateLimit(parsing: "50%/24h")
    var m = ModelCurve(curve: try Curve.quadratic())
    try m.buy(1000)  // price 1 PANDA
    let opening = try m.spotPrice()
    let small = try m.quoteBuy(200)  // 1.44 PANDA
    try limit.check(opening: opening, before: small.priceBefore, after: small.priceAfter)
    let big = try m.quoteBuy(300)  // 1.69 PANDA
    #expect(errorCode { try limit.check(opening: opening, before: big.priceBefore, after: big.priceAfter) } == .rate_limited)
    let dump = try m.quoteSell(400)  // 0.36 PANDA
    #expect(errorCode { try limit.check(opening: opening, before: dump.priceBefore, after: dump.priceAfter) } == .rate_limited)
}

@Test func openingPriceAndMomentum() throws {
    let h: Int64 = 3_600_000
    let t0 = Timestamp(milliseconds: 1_000 * h)
    func at(_ hours: Int64) -> Timestamp { Timestamp(milliseconds: t0.milliseconds + hours * h) }
    let history = [
        PricePoint(time: at(0), price: 10 * unit), PricePoint(time: at(5), price: 12 * unit),
        PricePoint(time: at(20), price: 8 * unit), PricePoint(time: at(30), price: 20 * unit),
        PricePoint(time: at(40), price: 26 * unit),
    ]
    let limit = try RateLimit(parsing: "50%/24h")
    #expect(limit.windowStart(now: at(44)) == at(20))
    #expect(PricePoint.price(at: limit.windowStart(now: at(44)), in: history) == 8 * unit)
    #expect(PricePoint.price(at: limit.windowStart(now: at(29)), in: history) == 12 * unit)
    #expect(PricePoint.price(at: at(-100), in: history) == 10 * unit)  // younger than the window
    #expect(PricePoint.price(at: at(0), in: []) == nil)
    // μ = 0.7 · (P(now) − P(now − 24h)) / 24h, per hour: 0.7 · (26 − 8) / 24 = 0.525 PANDA/h
    #expect(Momentum.momentum(history: history, now: at(44)) == unit * 525 / 1000)
    // Falling prices give a negative momentum: 0.7 · (8 − 10) / 24 (the window opens at hour 1, price 10)
    let falling = Momentum.momentum(history: history, now: at(25))
    #expect(falling == -(unit * 14 / 240))
    #expect(Momentum.momentum(history: [], now: at(44)) == 0)
    #expect(Momentum.momentum(history: history, now: at(-1)) == 0)
    #expect(Momentum.momentum(history: [history[0]], now: at(44)) == 0)
    // Custom β and T.
    let m = Momentum.momentum(history: history, now: at(40), window: TimeSpan(parsing: "10h")!, beta: .one)
    #expect(m == unit * 6 / 10)  // (26 − 20) / 10h
}
