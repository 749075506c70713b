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

/// SplitMix64: a small seeded generator, so property tests are reproducible.
typealias SeededRandom = SplitMix64

extension SplitMix64 {

    /// A BigNat of up to `limbs` random limbs (sometimes with runs of zero or all-one limbs).
    mutating func bigNat(maxLimbs: Int) -> BigNat {
        let count = Int.random(in: 0...maxLimbs, using: &self)
        var limbs: [UInt64] = []
        for _ in 0..<count {
            switch Int.random(in: 0..<6, using: &self) {
            case 0: limbs.append(0)
            case 1: limbs.append(.max)
            default: limbs.append(next())
            }
        }
        return BigNat(limbs: limbs)
    }
}

/// The error code a throwing call ends with, or nil when it succeeds.
/// (The closure is untyped `throws`: Swift 6.0 does not infer typed throws for closures.)
func errorCode<T>(_ body: () throws -> T) -> ErrorCode? {
    do {
        _ = try body()
        return nil
    } catch {
        guard let e = error as? PandaError else { return .internal_error }
        return e.code
    }
}

/// A BigNat from decimal text (tests only).
func big(_ text: String) -> BigNat { BigNat(decimal: text)! }

/// 10¹⁸.
let unit = Amount.one

/// The seed's cost of buying `n` at supply `s` on `p = x²/scale`, in base units, exactly, as a Ratio:
/// `[(s+n)³ − s³] / (3·scale)` with `scale = scaleNum/scaleDen`.
func seedIntegral(_ s: Int64, _ n: Int64, scaleNum: UInt64 = 1_000_000, scaleDen: UInt64 = 1) -> Ratio {
    let a = BigNat(UInt64(s + n)).power(3), b = BigNat(UInt64(s)).power(3)
    return Ratio((a - b) * BigNat.pow10(18) * BigNat(scaleDen), BigNat(3 as UInt64) * BigNat(scaleNum))
}

/// Composite Simpson's rule for ∫ f over [a, b] with `intervals` (even) sub-intervals, in Double,
/// with Kahan summation.
func simpson(_ f: (Double) -> Double, _ a: Double, _ b: Double, intervals: Int) -> Double {
    let n = intervals % 2 == 0 ? intervals : intervals + 1
    let h = (b - a) / Double(n)
    var sum = f(a) + f(b)
    var c = 0.0
    for i in 1..<n {
        let term = (i % 2 == 1 ? 4.0 : 2.0) * f(a + Double(i) * h) - c
        let t = sum + term
        c = (t - sum) - term
        sum = t
    }
    return sum * h / 3
}

/// Tests/Fixtures/curves, found from this file's path.
var curveFixtures: String {
    var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(2)  // CurvesTests/Support.swift
    return parts.joined(separator: "/") + "/Fixtures/curves"
}

func readFile(_ path: String) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
