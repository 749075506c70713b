#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PandaCore

/// The curve families of DESIGN §4 ("Bonding curves").
public enum CurveKind: String, Sendable, CaseIterable {
    /// `p = x² / scale` (the seed's curve); `p(0)` is reported as `1/scale`, as the seed does.
    case quadratic
    /// `p = a + b·x`.
    case linear
    /// `p = p0 · e^{k·x}`.
    case exponential
    /// `p = P0 / (1 + e^{−α(x − s0)})`; with the buy-side M(t) its ask is paper eq. 3.
    case sigmoid

    /// Whether costs are computed exactly (rational arithmetic) rather than in Double.
    public var isExact: Bool { self == .quadratic || self == .linear }
}

/// A bonding curve's parameters: a price function `p(x)` of supply in PANDA per token and its integral
/// `F(x) = ∫₀ˣ p`, with an optional `max_supply`. Immutable; the state that trades change is `CurveState`.
///
/// Parameters are decimal text, parsed exactly. Field names are those of the `create` request's `curve`
/// object (DESIGN §7): `scale` (quadratic, default 1000000) · `a`, `b` (linear; `a` defaults to 0) ·
/// `p0`, `k` (exponential) · `p0`, `alpha`, `s0` (sigmoid; `s0` defaults to 0) · `max_supply` (any).
/// Validation: `scale`, `p0`, `alpha` > 0; `a`, `b`, `k`, `s0` ≥ 0 with `a + b` > 0; `max_supply` a whole
/// number ≥ 1; every value within 1e-40 … 1e40 with at most 40 significant digits.
public struct Curve: Sendable {
    public var kind: CurveKind { core.kind }
    /// The parameters in canonical decimal text (defaults filled in), `max_supply` included when set:
    /// what the ledger stores and echoes. `Curve(type: kind.rawValue, fields: fields)` rebuilds the curve.
    public var fields: [String: String] { core.fields }
    /// The most tokens that may ever be outstanding, or nil for no limit.
    public var maxSupply: Int64? { core.maxSupply }

    var shape: Shape { core.shape }

    /// The immutable parts behind one reference, so copies of a curve (in quotes, pricers) cost one
    /// retain rather than one per array.
    final class Core: Sendable {
        let kind: CurveKind
        let fields: [String: String]
        let maxSupply: Int64?
        let shape: Shape
        /// The sigmoid's s0, exactly (zero for the other families).
        let center: Ratio

        init(kind: CurveKind, fields: [String: String], maxSupply: Int64?, shape: Shape, center: Ratio) {
            self.kind = kind
            self.fields = fields
            self.maxSupply = maxSupply
            self.shape = shape
            self.center = center
        }
    }

    let core: Core

    /// The quadratic curve's default scale.
    public static let defaultScale = "1000000"

    enum Shape: Sendable {
        /// `F(x) = Σ aₖ·xᵏ / d` exactly, in base units.
        case polynomial(IntegerPolynomial)
        case exponential(p0: Double, k: Double)
        /// `s0Integral`: s0 is a whole number below 2⁵³, so `x − s0` is exact in Double for such x.
        /// (The exact s0 is `Core.center`.)
        case sigmoid(p0: Double, alpha: Double, s0: Double, s0Integral: Bool)
    }

    /// Which fields each family takes, and the defaults of the optional ones.
    public static func parameterNames(of kind: CurveKind) -> (required: [String], defaults: [String: String]) {
        switch kind {
        case .quadratic: ([], ["scale": defaultScale])
        case .linear: (["b"], ["a": "0"])
        case .exponential: (["p0", "k"], [:])
        case .sigmoid: (["p0", "alpha"], ["s0": "0"])
        }
    }

    /// The seed's curve: quadratic with the given scale.
    public static func quadratic(scale: String = defaultScale, maxSupply: Int64? = nil) throws(PandaError) -> Curve {
        var f = ["scale": scale]
        if let m = maxSupply { f["max_supply"] = String(m) }
        return try Curve(type: "quadratic", fields: f)
    }

    /// Builds and validates a curve from its `type` and parameter fields (decimal text).
    /// Errors: `invalid_request` (unknown type, malformed or out-of-range value, field named in `field`),
    /// `missing_field`, `unknown_field` (a field of another family).
    public init(type: String, fields input: [String: String]) throws(PandaError) {
        guard let kind = CurveKind(rawValue: type) else {
            throw PandaError(.invalid_request, "curve type '\(type)' is not one of quadratic, linear, exponential, sigmoid",
                             field: "type")
        }
        let (required, defaults) = Curve.parameterNames(of: kind)
        for name in input.keys.sorted() where name != "max_supply" && !required.contains(name) && defaults[name] == nil {
            throw PandaError(.unknown_field, "a \(kind.rawValue) curve takes no '\(name)' (it takes \((required + defaults.keys.sorted()).joined(separator: ", ")))",
                             field: name)
        }
        var values: [String: DecimalParameter] = [:]
        for name in required {
            guard let text = input[name] else {
                throw PandaError(.missing_field, "a \(kind.rawValue) curve needs '\(name)'", field: name)
            }
            values[name] = try parseDecimal(text, field: name)
        }
        for (name, text) in defaults { values[name] = try parseDecimal(input[name] ?? text, field: name) }
        for (name, v) in values where v.negative {
            throw PandaError(.invalid_request, "\(name) must not be negative, got \(v.text)", field: name)
        }
        func positive(_ name: String) throws(PandaError) -> Ratio {
            let v = values[name]!.value
            if v.isZero { throw PandaError(.invalid_request, "\(name) must be greater than 0", field: name) }
            return v
        }
        var maxSupply: Int64? = nil
        if let text = input["max_supply"] {
            let d: Int128
            do { d = try ExactDecimal(parsing: text).scaled(to: 0) } catch {
                throw PandaError(.invalid_request, "max_supply must be a whole number of tokens, not '\(text)'", field: "max_supply")
            }
            guard d >= 1, d <= Int128(Int64.max) else {
                throw PandaError(.invalid_request, "max_supply must be between 1 and \(Int64.max), got \(text)", field: "max_supply")
            }
            maxSupply = Int64(d)
        }
        let unit = Ratio(BigNat.pow10(Amount.decimals))
        let shape: Shape
        var center = Ratio.zero
        switch kind {
        case .quadratic:
            // F(x) = x³ / (3·scale), in base units.
            let scale = try positive("scale")
            let c3 = unit / (Ratio(3) * scale)
            shape = .polynomial(IntegerPolynomial(terms: [(3, c3)], zeroPrice: unit / scale))
        case .linear:
            // F(x) = a·x + b·x²/2.
            let a = values["a"]!.value, b = values["b"]!.value
            if a.isZero && b.isZero { throw PandaError(.invalid_request, "a linear curve needs a > 0 or b > 0", field: "b") }
            var terms: [(power: Int, coefficient: Ratio)] = []
            if !a.isZero { terms.append((1, unit * a)) }
            if !b.isZero { terms.append((2, unit * b / Ratio(2))) }
            shape = .polynomial(IntegerPolynomial(terms: terms, zeroPrice: nil))
        case .exponential:
            let p0 = try positive("p0").double
            let k = values["k"]!.value.double
            shape = .exponential(p0: p0, k: k)
        case .sigmoid:
            let p0 = try positive("p0").double
            let alpha = try positive("alpha").double
            let s0 = values["s0"]!.value
            let integral = s0.denominator == .one || (s0.numerator % s0.denominator).isZero
            shape = .sigmoid(p0: p0, alpha: alpha, s0: s0.double, s0Integral: integral && s0.double < 0x1p53)
            center = s0
        }
        var canonical: [String: String] = [:]
        for (name, v) in values { canonical[name] = v.text }
        if let m = maxSupply { canonical["max_supply"] = String(m) }
        self.core = Core(kind: kind, fields: canonical, maxSupply: maxSupply, shape: shape, center: center)
    }

    // MARK: Trade values (what `ModelCurve` calls)

    /// Values and prices at one ratio ρ and multiplier M: made once per quote.
    struct Pricer {
        let curve: Curve
        let ratio: VirtualRatio
        /// M(t) as a Double (only the sigmoid uses it).
        let multiplier: Double
        /// For polynomial curves under a ratio other than 1.
        let scaled: ScaledPolynomial?

        /// `F(ρ·n1) − F(ρ·n0)` in base units for whole supplies `n0 ≤ n1`, rounded once: up for a cost,
        /// down for a payout. Exact for polynomials; Double with `doubleMargin` otherwise.
        func value(from n0: Int64, to n1: Int64, roundingUp up: Bool) throws(PandaError) -> Int128 {
            switch curve.shape {
            case .polynomial(let poly):
                if let scaled {
                    let v = scaled.difference(UInt64(n0), UInt64(n1))
                    return try curve.toUnits(up ? v.ceiling : v.floor)
                }
                if let num = poly.fastDifferenceNumerator(UInt64(n0), UInt64(n1)), let d = poly.denominator128 {
                    let (q, r) = num.quotientAndRemainder(dividingBy: d)
                    return try curve.toUnits(up && r != 0 ? q + 1 : q)
                }
                let v = poly.difference(BigNat(UInt64(n0)), BigNat(UInt64(n1)), over: .one)
                return try curve.toUnits(up ? v.ceiling : v.floor)
            case .exponential, .sigmoid:
                let v = curve.doubleIntegral(curve.span(ratio: ratio, from: n0, to: n1), multiplier: multiplier)
                return up ? try curve.roundUp(v) : try curve.roundDown(v)
            }
        }

        /// `M × [F(ρ·n1) − F(ρ·n0)]`, rounded once (the buy side of DESIGN §4): exact for polynomials.
        func value(from n0: Int64, to n1: Int64, roundingUp up: Bool, times m: Ratio) throws(PandaError) -> Int128 {
            if m == .one { return try value(from: n0, to: n1, roundingUp: up) }
            switch curve.shape {
            case .polynomial(let poly):
                let v = scaled?.difference(UInt64(n0), UInt64(n1)) ?? poly.difference(BigNat(UInt64(n0)), BigNat(UInt64(n1)), over: .one)
                let w = v * m
                return try curve.toUnits(up ? w.ceiling : w.floor)
            case .exponential, .sigmoid:
                let v = curve.doubleIntegral(curve.span(ratio: ratio, from: n0, to: n1), multiplier: multiplier) * m.double
                return up ? try curve.roundUp(v) : try curve.roundDown(v)
            }
        }

        /// The spot price per token `p(ρ·n)·ρ` for a supply n > 0, base units, rounded down.
        func spotPrice(supply n: Int64) throws(PandaError) -> Int128 {
            switch curve.shape {
            case .polynomial(let poly):
                if let scaled { return try curve.toUnits(scaled.pricePerToken(UInt64(n)).floor) }
                if let num = poly.fastPriceNumerator(UInt64(n)), let d = poly.denominator128 {
                    return try curve.toUnits(num / d)
                }
                return try curve.toUnits(poly.price(BigNat(UInt64(n)), over: .one).floor)
            case .exponential, .sigmoid:
                let sp = curve.span(ratio: ratio, from: n, to: n)
                let rho = ratio.isOne ? 1.0 : ratio.ratio.double
                return try curve.toUnits(curve.priceDouble(sp.x1, u: sp.u1, multiplier: multiplier) * rho, up: false)
            }
        }
    }

    func pricer(ratio: VirtualRatio, multiplier: Ratio) -> Pricer {
        var scaled: ScaledPolynomial? = nil
        if case .polynomial(let poly) = shape, !ratio.isOne { scaled = ScaledPolynomial(poly, ratio: ratio) }
        return Pricer(curve: self, ratio: ratio, multiplier: multiplier.fastDouble, scaled: scaled)
    }

    // MARK: Price and integral at any supply

    /// The price function `p(x)` at a (virtual) supply, in base units per token, rounded down.
    /// `multiplier` is M(t); only the sigmoid uses it. At x = 0 the quadratic reports `1/scale`.
    public func price(at x: Ratio, multiplier: Ratio = .one) throws(PandaError) -> Int128 {
        switch shape {
        case .polynomial(let poly):
            if x.isZero, let z = poly.zeroPrice { return try toUnits(z.floor) }
            return try toUnits(poly.price(x.numerator, over: x.denominator).floor)
        case .exponential, .sigmoid:
            let sp = span(from: .zero, to: x)
            return try toUnits(priceDouble(sp.x1, u: sp.u1, multiplier: multiplier.fastDouble), up: false)
        }
    }

    /// `F(x)` in base units rounded up: the reserve a curve holding virtual supply `x` needs.
    public func reserve(at x: Ratio, multiplier: Ratio = .one) throws(PandaError) -> Int128 {
        let (exact, approximate) = integral(at: x, multiplier: multiplier)
        if let exact { return try toUnits(exact.ceiling) }
        return try roundUp(approximate)
    }

    /// `F(x)` in base units, unrounded (audits and tests): exact for polynomials.
    public func integral(at x: Ratio, multiplier: Ratio = .one) -> (exact: Ratio?, approximate: Double) {
        if case .polynomial(let poly) = shape {
            let v = poly.difference(.zero, x.numerator, over: x.denominator)
            return (v, v.double)
        }
        return (nil, doubleIntegral(span(from: .zero, to: x), multiplier: multiplier.fastDouble))
    }

    /// `F(x)` in base units, in Double, for searches whose result an exact check confirms.
    func integralDouble(_ x: Double, multiplier: Ratio) -> Double {
        if case .polynomial(let poly) = shape { return poly.doubleValue(x) }
        return integral(at: Ratio(exactly: x) ?? .zero, multiplier: multiplier).approximate
    }

    // MARK: Double families

    /// An interval of virtual supply for the Double families: its ends, its width, and the ends less s0
    /// (sigmoid), each computed exactly before one rounding to Double.
    struct Span {
        var x0: Double, x1: Double, delta: Double, u0: Double, u1: Double
    }

    /// The span from `ρ·n0` to `ρ·n1`, without allocating when ρ = 1 and the supplies are below 2⁵³.
    func span(ratio: VirtualRatio, from n0: Int64, to n1: Int64) -> Span {
        if ratio.isOne && n1 < 1 << 53 {
            let x0 = Double(n0), x1 = Double(n1)
            switch shape {
            case .sigmoid(_, _, let s0, true): return Span(x0: x0, x1: x1, delta: x1 - x0, u0: x0 - s0, u1: x1 - s0)
            case .exponential: return Span(x0: x0, x1: x1, delta: x1 - x0, u0: 0, u1: 0)
            default: break
            }
        }
        let r = ratio.ratio
        return span(from: r.multiplied(by: BigNat(UInt64(n0))), to: r.multiplied(by: BigNat(UInt64(n1))))
    }

    /// The span between two exact virtual supplies `x0 ≤ x1`.
    func span(from x0: Ratio, to x1: Ratio) -> Span {
        var sp = Span(x0: x0.double, x1: x1.double, delta: (x1 - x0).double, u0: 0, u1: 0)
        if case .sigmoid = shape {
            sp.u0 = signedDifference(x0, core.center)
            sp.u1 = signedDifference(x1, core.center)
        }
        return sp
    }

    /// p at a span end (`x`, and `u = x − s0` for the sigmoid), base units per token, Double.
    func priceDouble(_ x: Double, u: Double, multiplier: Double) -> Double {
        let unit = 1e18
        switch shape {
        case .polynomial: return .nan  // not used: polynomial prices are exact
        case .exponential(let p0, let k): return p0 * exp(k * x) * unit
        case .sigmoid(let p0, let alpha, _, _): return p0 / (1 + exp(-alpha * u)) * multiplier * unit
        }
    }

    /// `F(x1) − F(x0)` over a span, in base units, Double. Accurate to a few parts in 10¹⁴.
    func doubleIntegral(_ sp: Span, multiplier: Double) -> Double {
        if sp.delta == 0 { return 0 }
        let unit = 1e18
        switch shape {
        case .polynomial: return .nan
        case .exponential(let p0, let k):
            if k == 0 { return p0 * sp.delta * unit }
            // p0/k · e^{k·x0} · (e^{k·Δ} − 1), in the log domain so no intermediate overflows.
            let kd = k * sp.delta
            let lnExpm1 = kd + log(-expm1(-kd))  // ln(e^{kΔ} − 1), accurate for small and large kΔ
            return exp(log(p0 * unit) + k * sp.x0 + lnExpm1 - log(k))
        case .sigmoid(let p0, let alpha, _, _):
            let l = softplusDifference(a0: alpha * sp.u0, a1: alpha * sp.u1, d: alpha * sp.delta)
            return p0 * multiplier / alpha * l * unit
        }
    }

    /// `x − y` as a Double, computed exactly before the one rounding.
    func signedDifference(_ x: Ratio, _ y: Ratio) -> Double {
        x >= y ? (x - y).double : -(y - x).double
    }

    /// The largest x ≥ 0 (by bisection in Double) with `F_M(x) ≤ target` base units; used to re-derive
    /// the sigmoid's virtual supply when M(t) changes.
    func inverseDouble(target: Double, multiplier: Double) -> Double {
        if target <= 0 { return 0 }
        func f(_ x: Double) -> Double { doubleIntegral(span(from: .zero, to: Ratio(exactly: x)!), multiplier: multiplier) }
        var hi = 1.0
        while f(hi) <= target {
            hi *= 2
            if hi > 1e30 { return hi }
        }
        var lo = 0.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid <= lo || mid >= hi { break }
            if f(mid) <= target { lo = mid } else { hi = mid }
        }
        return lo
    }

    // MARK: Rounding to base units

    /// Relative margin applied to Double results before rounding in the ledger's favour: a cost is
    /// rounded up from `value × (1 + margin)`, a payout down from `value × (1 − margin)`. It is far above
    /// the computations' own error (about 1e-14) and far below the 1e-9 the contract allows.
    public static let doubleMargin = 1e-11

    func roundUp(_ v: Double) throws(PandaError) -> Int128 {
        try toUnits(v * (1 + Curve.doubleMargin), up: true)
    }

    func roundDown(_ v: Double) throws(PandaError) -> Int128 {
        try toUnits(v * (1 - Curve.doubleMargin), up: false)
    }

    func toUnits(_ v: Double, up: Bool) throws(PandaError) -> Int128 {
        guard v.isFinite, v < 1.7e38 else { throw Curve.overflowError }
        if v <= 0 { return 0 }
        return Int128(up ? v.rounded(.up) : v.rounded(.down))
    }

    func toUnits(_ n: BigNat) throws(PandaError) -> Int128 {
        guard let v = n.int128 else { throw Curve.overflowError }
        return v
    }

    func toUnits(_ n: UInt128) throws(PandaError) -> Int128 {
        guard n <= UInt128(Int128.max) else { throw Curve.overflowError }
        return Int128(n)
    }

    static var overflowError: PandaError {
        PandaError(.overflow, "the amount exceeds the ledger's range (about 1.7e20 PANDA)")
    }
}

/// `softplus(a1) − softplus(a0)` with `softplus(a) = ln(1 + eᵃ)`, `a1 = a0 + d`, `d ≥ 0`, without
/// cancellation: it equals `ln(1 + y)` with `y = (e^{a1} − e^{a0}) / (1 + e^{a0})`, and `ln y` has a form
/// free of overflow for every a0, d. (α times the integral of the logistic function over a step of d/α.)
func softplusDifference(a0: Double, a1: Double, d: Double) -> Double {
    if d <= 0 { return 0 }
    let lnOneMinusExpNegD = log(-expm1(-d))  // ln(1 − e^{−d})
    let lnY: Double
    if a0 > 0 {
        // y = (e^d − 1) / (1 + e^{−a0})
        lnY = d + lnOneMinusExpNegD - log1p(exp(-a0))
    } else {
        // y = e^{a1}·(1 − e^{−d}) / (1 + e^{a0})
        lnY = a1 + lnOneMinusExpNegD - log1p(exp(a0))
    }
    if lnY > 36 { return lnY + log1p(exp(-lnY)) }
    return log1p(exp(lnY))
}
