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
        let d = powersOfFive[k]
        let sw = w.leadingZeroBitCount
        let sd = d.leadingZeroBitCount
        let wn = w << UInt64(sw)
        let dn = d << UInt64(sd)
        let r: UInt64
        if wn < dn {
            (q, r) = dn.dividingFullWidth((high: wn, low: 0))
            binExp = sd - sw - k - 64
        } else {
            (q, r) = dn.dividingFullWidth((high: wn >> 1, low: wn << 63))
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
    // m·2^exponent with m < 2^53 and the exponent far from the subnormal and overflow ranges.
    return Double(sign: negative ? .minus : .plus, exponent: exponent, significand: Double(m))
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
