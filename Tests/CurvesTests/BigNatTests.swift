import Testing

@testable import Curves

@Test func bigNatSmallArithmeticMatchesUInt128() {
    var rng = SeededRandom(seed: 1)
    for _ in 0..<2000 {
        let a = UInt128(rng.next() >> UInt64.random(in: 0..<64, using: &rng)), b = UInt128(rng.next() >> UInt64.random(in: 0..<64, using: &rng))
        let x = BigNat(a), y = BigNat(b)
        #expect(x + y == BigNat(a + b))
        #expect(x * y == BigNat(a * b))
        #expect((x < y) == (a < b))
        if a >= b { #expect(x - y == BigNat(a - b)) } else { #expect(x.subtractingIfPossible(y) == nil) }
        if b != 0 {
            let big = BigNat(a * b + (a % b))
            let (q, r) = big.quotientAndRemainder(dividingBy: y)
            #expect(q == BigNat((a * b + a % b) / b))
            #expect(r == BigNat((a * b + a % b) % b))
        }
        #expect(BigNat(a * b).description == String(a * b))
        #expect(BigNat(decimal: String(a * b)) == BigNat(a * b))
    }
}

@Test func bigNatDivisionIdentityOnLargeRandomValues() {
    var rng = SeededRandom(seed: 2)
    for _ in 0..<3000 {
        let u = rng.bigNat(maxLimbs: 12)
        var v = rng.bigNat(maxLimbs: 7)
        if v.isZero { v = BigNat(UInt64.random(in: 1...UInt64.max, using: &rng)) }
        let (q, r) = u.quotientAndRemainder(dividingBy: v)
        #expect(r < v)
        #expect(q * v + r == u)
    }
}

/// Cases that exercise the rare add-back step of Knuth's algorithm D (q̂ one too large) and q̂ = 2⁶⁴ − 1.
@Test func bigNatDivisionEdgeCases() {
    let cases: [(BigNat, BigNat)] = [
        (BigNat(limbs: [0, 0, 0x8000_0000_0000_0000]), BigNat(limbs: [1, 0x8000_0000_0000_0000])),
        (BigNat(limbs: [0, .max, 0x7FFF_FFFF_FFFF_FFFF]), BigNat(limbs: [.max, 0x8000_0000_0000_0000])),
        (BigNat(limbs: [.max, .max, .max, .max]), BigNat(limbs: [.max, .max])),
        (BigNat(limbs: [0, 0, 0, 1]), BigNat(limbs: [1, 0, 1])),
        (BigNat(limbs: [3, 0, 0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF]), BigNat(limbs: [1, 0, 0x8000_0000_0000_0000])),
        (big("340282366920938463463374607431768211456"), big("18446744073709551617")),
    ]
    for (u, v) in cases {
        let (q, r) = u.quotientAndRemainder(dividingBy: v)
        #expect(r < v)
        #expect(q * v + r == u)
    }
    let (q, r) = BigNat(5 as UInt64).quotientAndRemainder(dividingBy: BigNat(7 as UInt64))
    #expect(q == .zero)
    #expect(r == BigNat(5 as UInt64))
}

@Test func bigNatDecimalText() {
    let twoTo200 = "1606938044258990275541962092341162602522202993782792835301376"
    #expect((BigNat.one << 200).description == twoTo200)
    #expect(big(twoTo200) == BigNat.one << 200)
    #expect(big("000123") == BigNat(123 as UInt64))
    #expect(BigNat.zero.description == "0")
    #expect(big("0") == .zero)
    #expect(BigNat(decimal: "") == nil)
    #expect(BigNat(decimal: "-1") == nil)
    #expect(BigNat(decimal: "12a") == nil)
    #expect(BigNat.pow10(40).description == "1" + String(repeating: "0", count: 40))
    #expect(BigNat.pow10(100).description == "1" + String(repeating: "0", count: 100))
    var rng = SeededRandom(seed: 3)
    for _ in 0..<300 {
        let x = rng.bigNat(maxLimbs: 10)
        #expect(big(x.description) == x)
    }
    // 10¹⁹ boundaries of the chunked formatter.
    #expect(big("10000000000000000000").description == "10000000000000000000")
    #expect(big("100000000000000000000000000000000000001").description == "100000000000000000000000000000000000001")
}

@Test func bigNatShiftsAndPowers() {
    var rng = SeededRandom(seed: 4)
    for _ in 0..<500 {
        let x = rng.bigNat(maxLimbs: 6)
        let k = Int.random(in: 0..<300, using: &rng)
        #expect((x << k) >> k == x)
        #expect(x << k == x * (BigNat.one << k))
        #expect(x >> k == x / (BigNat.one << k))
    }
    #expect(BigNat(3 as UInt64).power(0) == .one)
    #expect(BigNat(3 as UInt64).power(5) == BigNat(243 as UInt64))
    #expect(BigNat(10 as UInt64).power(30) == BigNat.pow10(30))
    #expect(BigNat(UInt128.max).int128 == nil)
    #expect(BigNat(UInt128(Int128.max)).int128 == Int128.max)
    #expect(BigNat(exactly: Int128(-1)) == nil)
    #expect((BigNat.one << 64).uint64 == nil)
    #expect(BigNat.gcd(BigNat(84 as UInt64), BigNat(36 as UInt64)) == BigNat(12 as UInt64))
}

@Test func bigNatToDouble() {
    #expect(BigNat.zero.double == 0)
    #expect((BigNat.one << 200).double == 0x1p200)
    #expect(BigNat.pow10(30).double == 1e30)
    #expect(BigNat.pow10(300).double == 1e300)
    #expect((BigNat.one << 1100).double == .infinity)
    // Round to nearest even at the 53-bit boundary, with the sticky bit far below.
    let x = (BigNat.one << 100) + (BigNat.one << 47) + .one  // just above the half-way point
    #expect(x.double == 0x1p100 + 0x1p48)
    let y = (BigNat.one << 100) + (BigNat.one << 47)  // exactly half-way: ties to even
    #expect(y.double == 0x1p100)
}

@Test func ratioArithmeticAndConversions() {
    let a = Ratio(BigNat(1 as UInt64), BigNat(3 as UInt64)), b = Ratio(BigNat(1 as UInt64), BigNat(6 as UInt64))
    #expect(a + b == Ratio(1, 2))
    #expect(a - b == b)
    #expect(a * b == Ratio(1, 18))
    #expect(a / b == Ratio(2, 1))
    #expect(Ratio(7, 2).floor == BigNat(3 as UInt64))
    #expect(Ratio(7, 2).ceiling == BigNat(4 as UInt64))
    #expect(Ratio(8, 2).ceiling == BigNat(4 as UInt64))
    #expect(Ratio(3, 8).description == "0.375")
    #expect(Ratio(1, 3).description == "1/3")
    #expect(Ratio(20, 2).description == "10")
    #expect(Ratio(1, 3).double == 1.0 / 3.0)
    #expect(Ratio(BigNat.pow10(50), BigNat(7 as UInt64)).double == 1e50 / 7)
    #expect(Ratio(exactly: 0.1)!.double == 0.1)
    #expect(Ratio(exactly: 0.375)! == Ratio(3, 8))
    #expect(Ratio(exactly: Double.leastNonzeroMagnitude)!.double == Double.leastNonzeroMagnitude)
    #expect(Ratio(exactly: -1) == nil)
    #expect(Ratio(exactly: .infinity) == nil)
    #expect(Ratio(1, 3).decimalText(digits: 5) == "0.33333")
}

@Test func decimalParametersParseExactly() throws {
    #expect(try parseDecimal("1000000", field: "scale").value == Ratio(1_000_000, 1))
    #expect(try parseDecimal("1e6", field: "scale").text == "1000000")
    #expect(try parseDecimal("0.000123", field: "scale").value == Ratio(123, 1_000_000))
    #expect(try parseDecimal("2.50", field: "scale").text == "2.5")
    #expect(try parseDecimal("-3", field: "s0").negative)
    #expect(errorCode { try parseDecimal("abc", field: "scale") } == .invalid_request)
    #expect(errorCode { try parseDecimal("1e41", field: "scale") } == .invalid_request)
    #expect(errorCode { try parseDecimal("1e-41", field: "scale") } == .invalid_request)
    #expect(try parseDecimal("0e999", field: "k").value.isZero)
}

@Test func storedTextMatchesStringConversion() {
    var rng = SeededRandom(seed: 5)
    let edge: [Int128] = [0, 1, -1, Int128(Int64.max), Int128(Int64.max) + 1, Int128(Int64.min) - 1, .max, .min + 1,
                          10_000_000_000_000_000_000, 99_999_999_999_999_999_999]
    for v in edge { #expect(storedText(v) == String(v)) }
    for _ in 0..<1000 {
        let v = Int128(bitPattern: UInt128(rng.next()) << 64 | UInt128(rng.next())) >> Int.random(in: 0..<127, using: &rng)
        #expect(storedText(v) == String(v))
    }
}

/// The allocation-free UInt128 path and the BigNat path of the polynomial arithmetic agree.
@Test func polynomialFastPathAgreesWithTheExactPath() throws {
    var rng = SeededRandom(seed: 6)
    let curves = [try Curve.quadratic(), try Curve.quadratic(scale: "0.37"),
                  try Curve(type: "linear", fields: ["a": "0.0013", "b": "0.00000021"])]
    for curve in curves {
        guard case .polynomial(let poly) = curve.shape else { continue }
        for _ in 0..<500 {
            let n0 = UInt64.random(in: 0...(UInt64(1) << UInt64.random(in: 1...44, using: &rng)), using: &rng)
            let n1 = n0 + UInt64.random(in: 0...1_000_000, using: &rng)
            if let fast = poly.fastDifferenceNumerator(n0, n1), let d = poly.denominator128 {
                let exact = poly.difference(BigNat(n0), BigNat(n1), over: .one)
                #expect(Ratio(BigNat(fast), BigNat(d)) == exact)
            }
            if let fast = poly.fastPriceNumerator(n1), let d = poly.denominator128 {
                #expect(Ratio(BigNat(fast), BigNat(d)) == poly.price(BigNat(n1), over: .one))
            }
            // And through the ratio path: with ρ = 1/2, F(ρ·2n) = F(n) and p(ρ·2n)·ρ = p(n)/2.
            let half = ScaledPolynomial(poly, ratio: VirtualRatio(roundingDown: Ratio(1, 2)))
            #expect(half.difference(2 * n0, 2 * n1) == poly.difference(BigNat(n0), BigNat(n1), over: .one))
            #expect(half.pricePerToken(2 * n1) == poly.price(BigNat(n1), over: .one) * Ratio(1, 2))
        }
    }
}
