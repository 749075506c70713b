// Decimal text to Double, correctly rounded (round-half-even), without going through strings in
// the common case.
//
// A JSON number is w·10^e with w the significant digits. When w has at most 19 digits (so it fits a
// UInt64) and |e| ≤ 27 (so 5^|e| fits a UInt64), the value is computed exactly with 128-bit
// integer arithmetic: w·5^e (a product) or w/5^|e| (a quotient with its remainder), then rounded
// once to 53 bits with a sticky bit. Everything else (more than 19 significant digits, huge or tiny
// exponents) goes to the standard library's `Double(String)`, which is correctly rounded too.

/// 5^0 … 5^27, all below 2^64.
private let powersOfFive: [UInt64] = {
    var table: [UInt64] = [1]
    for _ in 1...27 { table.append(table.last! &* 5) }
    return table
}()

/// 10^0 … 10^22, every one exact as a double.
let exactPowersOfTen: [Double] = {
    var table: [Double] = [1]
    for _ in 1...22 { table.append(table.last! * 10) }
    return table
}()

/// The double nearest to ±w·10^e, or nil when the fast path does not apply (|e| > 27).
@inline(__always)
func exactDecimalToDouble(_ w: UInt64, _ e: Int, negative: Bool) -> Double? {
    if w == 0 { return negative ? -0.0 : 0.0 }
    guard e >= -27, e <= 27 else { return nil }
    // After the branch: value = (q + a fraction, nonzero iff sticky) · 2^binExp, q in [2^63, 2^64).
    var q: UInt64
    var binExp: Int
    var sticky: Bool
    if e >= 0 {
        let (hi, lo) = w.multipliedFullWidth(by: powersOfFive[e])
        if hi == 0 {
            let s = lo.leadingZeroBitCount
            q = lo << UInt64(s)
            sticky = false
            binExp = e - s
        } else {
            let s = hi.leadingZeroBitCount
            q = s == 0 ? hi : (hi << UInt64(s)) | (lo >> UInt64(64 - s))
            sticky = (lo << UInt64(s)) != 0
            binExp = e + 64 - s
        }
    } else {
        let k = -e
        let divisor = normalizedPowersOfFive[k]
        let sw = w.leadingZeroBitCount
        let sd = divisor.shift
        let wn = w << UInt64(sw)
        let dn = divisor.d
        let r: UInt64
        if wn < dn {
            (q, r) = divide(high: wn, low: 0, by: divisor)
            binExp = sd - sw - k - 64
        } else {
            (q, r) = divide(high: wn >> 1, low: wn << 63, by: divisor)
            binExp = sd - sw - k - 63
        }
        sticky = r != 0
    }
    var m = q >> 11
    let rest = q & 0x7FF
    if rest > 0x400 || (rest == 0x400 && (sticky || m & 1 == 1)) { m += 1 }
    var exponent = binExp + 11
    if m == 1 << 53 {
        m = 1 << 52
        exponent += 1
    }
    // m·2^exponent with 2^52 ≤ m < 2^53 (q had its top bit set) and the exponent far from the
    // subnormal and overflow ranges: the bits are the sign, exponent + 52 biased, m's low 52 bits.
    let bits = UInt64(exponent + 1075) << 52 | (m & ((1 << 52) - 1)) | (negative ? 1 << 63 : 0)
    return Double(bitPattern: bits)
}

/// A power of five shifted left until its top bit is set, and its reciprocal ⌊(2¹²⁸ − 1)/d⌋ − 2⁶⁴.
struct NormalizedDivisor {
    let d: UInt64
    let reciprocal: UInt64
    /// How far 5^k was shifted.
    let shift: Int
}

/// 5^0 … 5^27 as divisors for `divide`.
private let normalizedPowersOfFive: [NormalizedDivisor] = powersOfFive.map { p in
    let shift = p.leadingZeroBitCount
    let d = p << UInt64(shift)
    // (2¹²⁸ − 1) − 2⁶⁴·d = (2⁶⁴ − 1 − d)·2⁶⁴ + (2⁶⁴ − 1); the quotient fits as ~d < d.
    return NormalizedDivisor(d: d, reciprocal: d.dividingFullWidth((high: ~d, low: UInt64.max)).quotient, shift: shift)
}

/// (high·2⁶⁴ + low) divided by `divisor.d`, quotient and remainder, for high < d: two multiplications
/// by the precomputed reciprocal instead of a 128-bit division (Möller and Granlund, "Improved
/// division by invariant integers", 2011, algorithm 4).
@inline(__always)
func divide(high u1: UInt64, low u0: UInt64, by divisor: NormalizedDivisor) -> (quotient: UInt64, remainder: UInt64) {
    let d = divisor.d
    var (q1, q0) = divisor.reciprocal.multipliedFullWidth(by: u1)
    let (sum, carry) = q0.addingReportingOverflow(u0)
    q0 = sum
    q1 = q1 &+ u1 &+ 1 &+ (carry ? 1 : 0)
    var r = u0 &- q1 &* d
    if r > q0 {
        q1 = q1 &- 1
        r = r &+ d
    }
    if r >= d {
        q1 = q1 &+ 1
        r = r &- d
    }
    return (q1, r)
}

/// Parses the text of a JSON number (already checked against the grammar) with the standard library.
/// Overflow gives ±infinity.
func slowDecimalToDouble(_ start: UnsafePointer<UInt8>, _ count: Int) -> Double {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    if let v = Double(text) { return v }
    return start.pointee == UInt8(ascii: "-") ? -.infinity : .infinity
}

/// The double nearest to the text of a JSON number (as `JSONParser` validated it): correctly rounded,
/// exactly as `Double(String)`, ±infinity when it is too large; nil when the text is not a JSON number.
/// Most numbers take the integer fast paths above instead of the C library's `strtod`.
public func doubleValue(jsonNumber text: String) -> Double? {
    var text = text
    return text.withUTF8 { bytes -> Double? in
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        var s = Scanner(base: base, end: base + bytes.count)
        guard let v = try? s.scanNumber(), s.p == s.end else { return nil }
        return v
    }
}
