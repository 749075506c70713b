/// A non-negative integer of any size: the exact arithmetic behind the polynomial curves, the virtual
/// supply and the dividend counter, whose intermediate values (cubes of supplies at 18 decimals, a
/// counter at 10³⁶ per base unit) do not fit in `Int128`.
///
/// Little-endian 64-bit limbs without trailing zero limbs (zero has none), so `==` is value equality.
/// Subtraction traps when the result would be negative (use `subtractingIfPossible` to test); division
/// by zero traps. Text is plain decimal (`[0-9]+`), the form the ledger stores.
public struct BigNat: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Little-endian limbs; no trailing zero limb.
    public private(set) var limbs: [UInt64]

    public static let zero = BigNat()
    public static let one = BigNat(1 as UInt64)

    public init() { limbs = [] }

    public init(_ value: UInt64) { limbs = value == 0 ? [] : [value] }

    public init(_ value: UInt128) {
        let lo = UInt64(truncatingIfNeeded: value), hi = UInt64(truncatingIfNeeded: value >> 64)
        limbs = hi != 0 ? [lo, hi] : (lo != 0 ? [lo] : [])
    }

    /// A non-negative `Int128`, or nil when it is negative.
    public init?(exactly value: Int128) {
        guard value >= 0 else { return nil }
        self.init(UInt128(value))
    }

    /// A non-negative `Int64`, or nil when it is negative.
    public init?(exactly value: Int64) {
        guard value >= 0 else { return nil }
        self.init(UInt64(value))
    }

    init(limbs: [UInt64]) {
        self.limbs = limbs
        normalize()
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    public var isZero: Bool { limbs.isEmpty }

    /// The number of significant bits (0 for zero).
    public var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 64 - top.leadingZeroBitCount
    }

    /// The value as `UInt64`, or nil when it does not fit.
    public var uint64: UInt64? {
        switch limbs.count {
        case 0: 0
        case 1: limbs[0]
        default: nil
        }
    }

    /// The value as `Int128`, or nil when it does not fit.
    public var int128: Int128? {
        switch limbs.count {
        case 0: return 0
        case 1: return Int128(limbs[0])
        case 2:
            guard limbs[1] >> 63 == 0 else { return nil }
            return Int128(limbs[1]) << 64 | Int128(limbs[0])
        default: return nil
        }
    }

    /// The value as `Int64`, or nil when it does not fit.
    public var int64: Int64? {
        guard let u = uint64, u <= UInt64(Int64.max) else { return nil }
        return Int64(u)
    }

    /// The nearest `Double` (correctly rounded up to a unit in the last place; `+infinity` beyond range).
    public var double: Double {
        let w = bitWidth
        if w <= 64 { return Double(uint64!) }
        // Keep the top 64 bits plus a sticky bit for the rest, so Double's own rounding is (nearly) correct.
        let shift = w - 64
        var top = (self >> shift).uint64!
        if (self.lowBitsNonZero(shift)) { top |= 1 }
        let d = Double(top)
        if shift > 1100 { return .infinity }
        return d * pow2(shift)
    }

    private func lowBitsNonZero(_ bits: Int) -> Bool {
        let whole = bits / 64, part = bits % 64
        for i in 0..<min(whole, limbs.count) where limbs[i] != 0 { return true }
        if part > 0 && whole < limbs.count && limbs[whole] & ((1 << UInt64(part)) - 1) != 0 { return true }
        return false
    }

    // MARK: Comparison

    public static func compare(_ a: BigNat, _ b: BigNat) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    public static func < (a: BigNat, b: BigNat) -> Bool { compare(a, b) < 0 }

    // MARK: Addition and subtraction

    public static func + (a: BigNat, b: BigNat) -> BigNat {
        var r = a
        r += b
        return r
    }

    public static func += (a: inout BigNat, b: BigNat) {
        if b.limbs.count > a.limbs.count { a.limbs.append(contentsOf: repeatElement(0, count: b.limbs.count - a.limbs.count)) }
        var carry = false
        for i in 0..<a.limbs.count {
            if i >= b.limbs.count && !carry { break }
            let bi = i < b.limbs.count ? b.limbs[i] : 0
            let (s1, o1) = a.limbs[i].addingReportingOverflow(bi)
            let (s2, o2) = s1.addingReportingOverflow(carry ? 1 : 0)
            a.limbs[i] = s2
            carry = o1 || o2
        }
        if carry { a.limbs.append(1) }
    }

    /// `a − b`; traps when `b > a` (a bug in the caller: every subtraction here is of a smaller value).
    public static func - (a: BigNat, b: BigNat) -> BigNat {
        guard let r = a.subtractingIfPossible(b) else { preconditionFailure("BigNat subtraction underflow") }
        return r
    }

    public static func -= (a: inout BigNat, b: BigNat) { a = a - b }

    /// `self − b`, or nil when `b > self`.
    public func subtractingIfPossible(_ b: BigNat) -> BigNat? {
        if b.limbs.count > limbs.count { return nil }
        var r = limbs
        var borrow = false
        for i in 0..<r.count {
            if i >= b.limbs.count && !borrow { break }
            let bi = i < b.limbs.count ? b.limbs[i] : 0
            let (d1, o1) = r[i].subtractingReportingOverflow(bi)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow ? 1 : 0)
            r[i] = d2
            borrow = o1 || o2
        }
        if borrow { return nil }
        return BigNat(limbs: r)
    }

    // MARK: Multiplication

    public static func * (a: BigNat, b: BigNat) -> BigNat {
        if a.isZero || b.isZero { return .zero }
        if b.limbs.count == 1 { return a.multiplied(by: b.limbs[0]) }
        if a.limbs.count == 1 { return b.multiplied(by: a.limbs[0]) }
        var r = [UInt64](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            let ai = a.limbs[i]
            if ai == 0 { continue }
            var carry: UInt64 = 0
            for j in 0..<b.limbs.count {
                let (hi, lo) = ai.multipliedFullWidth(by: b.limbs[j])
                let (s1, o1) = lo.addingReportingOverflow(r[i + j])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                r[i + j] = s2
                carry = hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)  // cannot overflow: hi ≤ 2⁶⁴ − 2
            }
            r[i + b.limbs.count] = carry
        }
        return BigNat(limbs: r)
    }

    public static func *= (a: inout BigNat, b: BigNat) { a = a * b }

    /// `self × m` for one limb.
    public func multiplied(by m: UInt64) -> BigNat {
        if m == 0 || isZero { return .zero }
        var r = [UInt64]()
        r.reserveCapacity(limbs.count + 1)
        var carry: UInt64 = 0
        for l in limbs {
            let (hi, lo) = l.multipliedFullWidth(by: m)
            let (s, o) = lo.addingReportingOverflow(carry)
            r.append(s)
            carry = hi &+ (o ? 1 : 0)
        }
        if carry != 0 { r.append(carry) }
        return BigNat(limbs: r)
    }

    /// `self × m + a` in place, for one-limb `m` and `a` (decimal parsing).
    mutating func multiplyAdd(_ m: UInt64, _ a: UInt64) {
        var carry = a
        for i in 0..<limbs.count {
            let (hi, lo) = limbs[i].multipliedFullWidth(by: m)
            let (s, o) = lo.addingReportingOverflow(carry)
            limbs[i] = s
            carry = hi &+ (o ? 1 : 0)
        }
        if carry != 0 { limbs.append(carry) }
    }

    /// `self` raised to a small power.
    public func power(_ exponent: Int) -> BigNat {
        precondition(exponent >= 0)
        var result = BigNat.one, base = self, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * base }
            e >>= 1
            if e > 0 { base = base * base }
        }
        return result
    }

    /// 10ⁿ.
    public static func pow10(_ n: Int) -> BigNat {
        precondition(n >= 0)
        if n < pow10Table.count { return pow10Table[n] }
        return BigNat(10 as UInt64).power(n)
    }

    private static let pow10Table: [BigNat] = {
        var t = [BigNat.one]
        for _ in 1...72 { t.append(t[t.count - 1].multiplied(by: 10)) }
        return t
    }()

    // MARK: Shifts

    public static func << (a: BigNat, n: Int) -> BigNat {
        precondition(n >= 0)
        if a.isZero || n == 0 { return a }
        let whole = n / 64, part = UInt64(n % 64)
        var r = [UInt64](repeating: 0, count: whole)
        r.reserveCapacity(whole + a.limbs.count + 1)
        if part == 0 {
            r.append(contentsOf: a.limbs)
        } else {
            var carry: UInt64 = 0
            for l in a.limbs {
                r.append(l << part | carry)
                carry = l >> (64 - part)
            }
            if carry != 0 { r.append(carry) }
        }
        return BigNat(limbs: r)
    }

    public static func >> (a: BigNat, n: Int) -> BigNat {
        precondition(n >= 0)
        let whole = n / 64, part = UInt64(n % 64)
        if whole >= a.limbs.count { return .zero }
        if part == 0 { return BigNat(limbs: Array(a.limbs[whole...])) }
        var r = [UInt64]()
        r.reserveCapacity(a.limbs.count - whole)
        for i in whole..<a.limbs.count {
            let next = i + 1 < a.limbs.count ? a.limbs[i + 1] : 0
            r.append(a.limbs[i] >> part | next << (64 - part))
        }
        return BigNat(limbs: r)
    }

    // MARK: Division

    /// Quotient and remainder by a one-limb divisor (traps on zero).
    public func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: BigNat, remainder: UInt64) {
        precondition(d != 0, "BigNat division by zero")
        var q = [UInt64](repeating: 0, count: limbs.count)
        var rem: UInt64 = 0
        var i = limbs.count - 1
        while i >= 0 {
            let (qi, ri) = d.dividingFullWidth((rem, limbs[i]))
            q[i] = qi
            rem = ri
            i -= 1
        }
        return (BigNat(limbs: q), rem)
    }

    /// Quotient and remainder (Knuth, TAOCP vol. 2, 4.3.1, algorithm D); traps on a zero divisor.
    public func quotientAndRemainder(dividingBy divisor: BigNat) -> (quotient: BigNat, remainder: BigNat) {
        precondition(!divisor.isZero, "BigNat division by zero")
        if self < divisor { return (.zero, self) }
        if divisor.limbs.count == 1 {
            let (q, r) = quotientAndRemainder(dividingBy: divisor.limbs[0])
            return (q, BigNat(r))
        }
        // Normalize so the divisor's top limb has its high bit set.
        let s = divisor.limbs[divisor.limbs.count - 1].leadingZeroBitCount
        let v = (divisor << s).limbs
        var u = (self << s).limbs
        // The dividend gets one limb more than it had (m + n + 1 limbs in Knuth's terms).
        if u.count == limbs.count { u.append(0) }
        let n = v.count
        let m = u.count - n - 1
        var q = [UInt64](repeating: 0, count: m + 1)
        let vTop = v[n - 1], vNext = v[n - 2]
        var j = m
        while j >= 0 {
            // Estimate q̂ from the top two limbs of the current remainder and the divisor's top limb.
            var qhat: UInt64
            var rhat: UInt64
            var rhatOverflow = false
            if u[j + n] >= vTop {
                qhat = .max
                let (r, o) = u[j + n - 1].addingReportingOverflow(vTop)
                rhat = r
                rhatOverflow = o
            } else {
                (qhat, rhat) = vTop.dividingFullWidth((u[j + n], u[j + n - 1]))
            }
            while !rhatOverflow {
                let (ph, pl) = qhat.multipliedFullWidth(by: vNext)
                if ph > rhat || (ph == rhat && pl > u[j + n - 2]) {
                    qhat -= 1
                    let (r, o) = rhat.addingReportingOverflow(vTop)
                    rhat = r
                    rhatOverflow = o
                } else {
                    break
                }
            }
            // u[j...j+n] −= q̂ × v
            var borrow: UInt64 = 0
            var carry: UInt64 = 0
            for i in 0..<n {
                let (ph, pl) = qhat.multipliedFullWidth(by: v[i])
                let (p, o) = pl.addingReportingOverflow(carry)
                carry = ph &+ (o ? 1 : 0)
                let (d1, b1) = u[i + j].subtractingReportingOverflow(p)
                let (d2, b2) = d1.subtractingReportingOverflow(borrow)
                u[i + j] = d2
                borrow = (b1 ? 1 : 0) + (b2 ? 1 : 0)
            }
            let (d1, b1) = u[j + n].subtractingReportingOverflow(carry)
            let (d2, b2) = d1.subtractingReportingOverflow(borrow)
            u[j + n] = d2
            if b1 || b2 {
                // q̂ was one too large: add the divisor back.
                qhat -= 1
                var c: UInt64 = 0
                for i in 0..<n {
                    let (s1, o1) = u[i + j].addingReportingOverflow(v[i])
                    let (s2, o2) = s1.addingReportingOverflow(c)
                    u[i + j] = s2
                    c = (o1 ? 1 : 0) + (o2 ? 1 : 0)
                }
                u[j + n] = u[j + n] &+ c
            }
            q[j] = qhat
            j -= 1
        }
        let remainder = BigNat(limbs: Array(u[0..<n])) >> s
        return (BigNat(limbs: q), remainder)
    }

    public static func / (a: BigNat, b: BigNat) -> BigNat { a.quotientAndRemainder(dividingBy: b).quotient }
    public static func % (a: BigNat, b: BigNat) -> BigNat { a.quotientAndRemainder(dividingBy: b).remainder }

    /// ⌈a / b⌉.
    public static func divideRoundingUp(_ a: BigNat, _ b: BigNat) -> BigNat {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return r.isZero ? q : q + .one
    }

    /// The greatest common divisor (Euclid).
    public static func gcd(_ a: BigNat, _ b: BigNat) -> BigNat {
        var a = a, b = b
        while !b.isZero { (a, b) = (b, a % b) }
        return a
    }

    // MARK: Decimal text

    /// Parses plain decimal digits (`[0-9]+`, leading zeros allowed), or nil.
    public init?(decimal text: some StringProtocol) {
        var value = BigNat()
        var chunk: UInt64 = 0, chunkDigits = 0, any = false
        for c in text.utf8 {
            let d = c &- 0x30
            guard d < 10 else { return nil }
            any = true
            chunk = chunk * 10 + UInt64(d)
            chunkDigits += 1
            if chunkDigits == 19 {
                value.multiplyAdd(10_000_000_000_000_000_000, chunk)
                chunk = 0
                chunkDigits = 0
            }
        }
        guard any else { return nil }
        if chunkDigits > 0 {
            var scale: UInt64 = 1
            for _ in 0..<chunkDigits { scale *= 10 }
            value.multiplyAdd(scale, chunk)
        }
        value.normalize()
        self = value
    }

    /// Plain decimal digits, `"0"` for zero.
    public var description: String {
        if isZero { return "0" }
        if let u = uint64 { return String(u) }
        // Peel 19 digits at a time by short division of one working copy of the limbs.
        var chunks: [UInt64] = []
        var work = limbs
        let base: UInt64 = 10_000_000_000_000_000_000
        while !work.isEmpty {
            var rem: UInt64 = 0
            var i = work.count - 1
            while i >= 0 {
                let (q, r) = base.dividingFullWidth((rem, work[i]))
                work[i] = q
                rem = r
                i -= 1
            }
            while let last = work.last, last == 0 { work.removeLast() }
            chunks.append(rem)
        }
        var s = String(chunks[chunks.count - 1])
        for c in chunks.dropLast().reversed() {
            let digits = String(c)
            s += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return s
    }
}

/// 2ⁿ as a Double for n in 0…1100 (beyond the exponent range it is +infinity).
@inline(__always)
func pow2(_ n: Int) -> Double {
    if n > 1023 { return .infinity }
    return Double(sign: .plus, exponent: n, significand: 1)
}

/// Decimal text of an `Int128` (the stored form of base-unit amounts), faster than `String(_:)`.
public func storedText(_ v: Int128) -> String {
    if let small = Int64(exactly: v) { return String(small) }
    let magnitude = v.magnitude
    let chunk: UInt128 = 10_000_000_000_000_000_000
    let (q, low) = magnitude.quotientAndRemainder(dividingBy: chunk)
    var text = v < 0 ? "-" : ""
    if q == 0 { return text + String(UInt64(low)) }
    if q >= chunk {
        let (qq, mid) = q.quotientAndRemainder(dividingBy: chunk)
        text += String(UInt64(qq)) + padded(UInt64(mid))
    } else {
        text += String(UInt64(q))
    }
    return text + padded(UInt64(low))
}

private func padded(_ v: UInt64) -> String {
    let s = String(v)
    return s.count >= 19 ? s : String(repeating: "0", count: 19 - s.count) + s
}
