#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
/// The integral of a polynomial price function with integer coefficients over one common denominator:
/// `F(x) = Σ aₖ·x^{powerₖ} / d` in base units, the aₖ and d without a common factor.
///
/// Supplies are given as `x = xn / xd` (xd = 1 on the common path; 10³⁶ under an off-curve ratio), so
/// every value is an exact fraction of integers, rounded once by the caller. When the supply is 1:1 and
/// every intermediate value fits, the arithmetic runs in `UInt128` without allocating.
final class IntegerPolynomial: Sendable {
    let powers: [Int]
    let coefficients: [BigNat]
    let denominator: BigNat
    let maxPower: Int
    /// The same in `UInt128`, when every coefficient and the denominator fit.
    let coefficients128: [UInt128]?
    let denominator128: UInt128?
    /// The price reported at x = 0 instead of p(0), if any (the quadratic's `1/scale`).
    let zeroPrice: Ratio?
    /// `aₖ / d` in Double: for searches (`F⁻¹`) that an exact check then confirms.
    let doubleCoefficients: [Double]

    /// From exact rational coefficients `(power, cₖ)` of `F(x) = Σ cₖ·x^power` (powers ≥ 1, distinct).
    init(terms: [(power: Int, coefficient: Ratio)], zeroPrice: Ratio?) {
        self.zeroPrice = zeroPrice
        var den = BigNat.one
        for t in terms { den = den * t.coefficient.denominator }
        var nums = terms.map { t in t.coefficient.numerator * (den / t.coefficient.denominator) }
        // Divide out the common factor of every coefficient and the denominator.
        var g = den
        for n in nums where !n.isZero { g = BigNat.gcd(g, n) }
        if g != .one && !g.isZero {
            nums = nums.map { $0 / g }
            den = den / g
        }
        powers = terms.map(\.power)
        coefficients = nums
        denominator = den
        maxPower = powers.max() ?? 1
        let c128 = nums.map { n -> UInt128? in n.limbs.count <= 2 ? UInt128(n) : nil }
        coefficients128 = c128.contains { $0 == nil } ? nil : c128.map { $0! }
        denominator128 = den.limbs.count <= 2 ? UInt128(den) : nil
        doubleCoefficients = nums.map { Ratio($0, den).double }
    }

    /// `F(x)` in base units, in Double (about 1e-15 relative).
    func doubleValue(_ x: Double) -> Double {
        var total = 0.0
        for i in 0..<powers.count { total += doubleCoefficients[i] * pow(x, Double(powers[i])) }
        return total
    }

    // MARK: Fast path (x integral, everything in UInt128)

    /// `Σ aₖ·(n1ᵏ − n0ᵏ)` for whole supplies `n0 ≤ n1`, or nil when something would overflow.
    @inline(__always)
    func fastDifferenceNumerator(_ n0: UInt64, _ n1: UInt64) -> UInt128? {
        guard let a = coefficients128 else { return nil }
        var total: UInt128 = 0
        for i in 0..<powers.count {
            guard let p1 = power128(n1, powers[i]), let p0 = power128(n0, powers[i]) else { return nil }
            let (m, o1) = a[i].multipliedReportingOverflow(by: p1 - p0)
            let (s, o2) = total.addingReportingOverflow(m)
            if o1 || o2 { return nil }
            total = s
        }
        return total
    }

    /// `Σ k·aₖ·n^{k−1}` (p(n)·d) for a whole supply, or nil on overflow.
    @inline(__always)
    func fastPriceNumerator(_ n: UInt64) -> UInt128? {
        guard let a = coefficients128 else { return nil }
        var total: UInt128 = 0
        for i in 0..<powers.count {
            guard let p = power128(n, powers[i] - 1) else { return nil }
            let (m1, o1) = a[i].multipliedReportingOverflow(by: UInt128(powers[i]))
            let (m2, o2) = m1.multipliedReportingOverflow(by: p)
            let (s, o3) = total.addingReportingOverflow(m2)
            if o1 || o2 || o3 { return nil }
            total = s
        }
        return total
    }

    // MARK: Exact path

    /// `F(x1) − F(x0)` for `x = xn / xd`, `xn0 ≤ xn1`, exactly.
    func difference(_ xn0: BigNat, _ xn1: BigNat, over xd: BigNat) -> Ratio {
        let isOne = xd == .one
        var numerator = BigNat.zero
        for i in 0..<powers.count {
            let k = powers[i]
            var term = coefficients[i] * (xn1.power(k) - xn0.power(k))
            if !isOne && k < maxPower { term = term * xd.power(maxPower - k) }
            numerator += term
        }
        return Ratio(numerator, isOne ? denominator : denominator * xd.power(maxPower))
    }

    /// `p(x) = F'(x)` for `x = xn / xd`, exactly.
    func price(_ xn: BigNat, over xd: BigNat) -> Ratio {
        let isOne = xd == .one
        var numerator = BigNat.zero
        for i in 0..<powers.count {
            let k = powers[i]
            var term = coefficients[i].multiplied(by: UInt64(k))
            if k > 1 { term = term * xn.power(k - 1) }
            if !isOne && k < maxPower { term = term * xd.power(maxPower - k) }
            numerator += term
        }
        return Ratio(numerator, isOne || maxPower == 1 ? denominator : denominator * xd.power(maxPower - 1))
    }
}

/// An `IntegerPolynomial` seen through a virtual-supply ratio ρ = r/G: `F(ρ·N) = Σ bₖ·Nᵏ / e` with
/// `bₖ = aₖ·rᵏ·G^{K−k}` and `e = d·G^K`, computed once per quote so that the cost and both spot prices
/// of a trade share it.
final class ScaledPolynomial: Sendable {
    let powers: [Int]
    let coefficients: [BigNat]
    let denominator: BigNat

    init(_ poly: IntegerPolynomial, ratio: VirtualRatio) {
        powers = poly.powers
        if ratio.isOne {
            coefficients = poly.coefficients
            denominator = poly.denominator
            return
        }
        let r = ratio.scaled, g = VirtualRatio.gridDenominator
        coefficients = (0..<poly.powers.count).map { i in
            let k = poly.powers[i]
            var b = poly.coefficients[i] * r.power(k)
            if k < poly.maxPower { b = b * g.power(poly.maxPower - k) }
            return b
        }
        denominator = poly.denominator * g.power(poly.maxPower)
    }

    /// `F(ρ·n1) − F(ρ·n0)`, exactly.
    func difference(_ n0: UInt64, _ n1: UInt64) -> Ratio {
        var numerator = BigNat.zero
        for i in 0..<powers.count {
            let k = powers[i]
            let diff: BigNat
            if let p1 = power128(n1, k), let p0 = power128(n0, k) {
                diff = BigNat(p1 - p0)
            } else {
                diff = BigNat(n1).power(k) - BigNat(n0).power(k)
            }
            numerator += coefficients[i] * diff
        }
        return Ratio(numerator, denominator)
    }

    /// `p(ρ·n)·ρ` — the spot price per token — exactly.
    func pricePerToken(_ n: UInt64) -> Ratio {
        var numerator = BigNat.zero
        for i in 0..<powers.count {
            let k = powers[i]
            var term = coefficients[i].multiplied(by: UInt64(k))
            if k > 1 { term = term * (power128(n, k - 1).map { BigNat($0) } ?? BigNat(n).power(k - 1)) }
            numerator += term
        }
        return Ratio(numerator, denominator)
    }
}

/// nᵏ in UInt128 for k ≤ 3 (the polynomials here), or nil on overflow.
@inline(__always)
func power128(_ n: UInt64, _ k: Int) -> UInt128? {
    switch k {
    case 0: return 1
    case 1: return UInt128(n)
    case 2: return UInt128(n) * UInt128(n)  // < 2¹²⁸
    default:
        var r: UInt128 = 1
        for _ in 0..<k {
            let (m, o) = r.multipliedReportingOverflow(by: UInt128(n))
            if o { return nil }
            r = m
        }
        return r
    }
}

extension UInt128 {
    /// From a BigNat of at most two limbs.
    init(_ n: BigNat) {
        precondition(n.limbs.count <= 2)
        var v: UInt128 = 0
        if n.limbs.count > 1 { v = UInt128(n.limbs[1]) << 64 }
        if n.limbs.count > 0 { v |= UInt128(n.limbs[0]) }
        self = v
    }
}
