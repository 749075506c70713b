import PandaCore

/// A non-negative exact fraction `numerator / denominator` of `BigNat`s. Not reduced automatically
/// (comparison and equality are by value, through cross-multiplication); `reduced()` divides out the gcd.
public struct Ratio: Sendable, Comparable, CustomStringConvertible {
    public var numerator: BigNat
    /// Never zero.
    public var denominator: BigNat

    public static let zero = Ratio(BigNat.zero)
    public static let one = Ratio(BigNat.one)

    public init(_ numerator: BigNat, _ denominator: BigNat = .one) {
        precondition(!denominator.isZero, "Ratio with a zero denominator")
        self.numerator = numerator
        self.denominator = denominator
    }

    public init(_ value: Int64) {
        precondition(value >= 0)
        self.init(BigNat(UInt64(value)))
    }

    public var isZero: Bool { numerator.isZero }

    public static func == (a: Ratio, b: Ratio) -> Bool { compare(a, b) == 0 }
    public static func < (a: Ratio, b: Ratio) -> Bool { compare(a, b) < 0 }

    public static func compare(_ a: Ratio, _ b: Ratio) -> Int {
        if a.denominator == b.denominator { return BigNat.compare(a.numerator, b.numerator) }
        return BigNat.compare(a.numerator * b.denominator, b.numerator * a.denominator)
    }

    public static func + (a: Ratio, b: Ratio) -> Ratio {
        if a.denominator == b.denominator { return Ratio(a.numerator + b.numerator, a.denominator) }
        return Ratio(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    /// `a − b`; traps when `b > a`.
    public static func - (a: Ratio, b: Ratio) -> Ratio {
        if a.denominator == b.denominator { return Ratio(a.numerator - b.numerator, a.denominator) }
        return Ratio(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func * (a: Ratio, b: Ratio) -> Ratio {
        Ratio(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    /// `a ÷ b`; traps when `b` is zero.
    public static func / (a: Ratio, b: Ratio) -> Ratio {
        Ratio(a.numerator * b.denominator, a.denominator * b.numerator)
    }

    public func multiplied(by n: BigNat) -> Ratio { Ratio(numerator * n, denominator) }

    /// ⌊self⌋.
    public var floor: BigNat { numerator / denominator }
    /// ⌈self⌉.
    public var ceiling: BigNat { BigNat.divideRoundingUp(numerator, denominator) }

    /// The same value with the gcd divided out.
    public func reduced() -> Ratio {
        let g = BigNat.gcd(numerator, denominator)
        if g == .one || g.isZero { return self }
        return Ratio(numerator / g, denominator / g)
    }

    /// The nearest Double (within one unit in the last place).
    public var double: Double {
        if numerator.isZero { return 0 }
        // Scale the quotient to at least 64 significant bits, then let Double round it.
        let shift = max(0, 66 - (numerator.bitWidth - denominator.bitWidth))
        let (q, r) = (numerator << shift).quotientAndRemainder(dividingBy: denominator)
        var top = q
        if !r.isZero { top = (q << 1) + .one } else { top = q << 1 }  // sticky bit for correct rounding
        // top < 2⁶⁸ converts exactly enough; the binary exponent is applied in one step (subnormals too).
        return Double(sign: .plus, exponent: -(shift + 1), significand: top.double)
    }

    /// ⌊self × 10ᵈ⌋ as decimal text with `d` fraction digits, trailing zeros trimmed (`"0.75"`, `"1"`).
    /// Exact when the denominator divides 10ᵈ.
    public func decimalText(digits d: Int) -> String {
        let scaled = (numerator * BigNat.pow10(d)) / denominator
        return Ratio.format(scaled: scaled, digits: d)
    }

    /// Decimal text of `scaled / 10ᵈ`, trailing zeros trimmed.
    static func format(scaled: BigNat, digits d: Int) -> String {
        var text = scaled.description
        if d == 0 { return text }
        if text.count <= d { text = String(repeating: "0", count: d - text.count + 1) + text }
        var intPart = String(text.prefix(text.count - d))
        var frac = String(text.suffix(d))
        while frac.last == "0" { frac.removeLast() }
        if intPart.isEmpty { intPart = "0" }
        return frac.isEmpty ? intPart : intPart + "." + frac
    }

    /// Exact when it terminates within 40 decimals (every value built from decimal parameters here does).
    public var description: String {
        if numerator == denominator { return "1" }
        let r = reduced()
        var d = r.denominator
        var digits = 0
        while d != .one && digits <= 40 {
            if d.quotientAndRemainder(dividingBy: 10).remainder == 0 {
                d = d.quotientAndRemainder(dividingBy: 10).quotient
            } else if d.quotientAndRemainder(dividingBy: 2).remainder == 0 {
                d = d.quotientAndRemainder(dividingBy: 2).quotient
            } else if d.quotientAndRemainder(dividingBy: 5).remainder == 0 {
                d = d.quotientAndRemainder(dividingBy: 5).quotient
            } else {
                return "\(r.numerator)/\(r.denominator)"
            }
            digits += 1
        }
        return d == .one ? decimalText(digits: digits) : "\(r.numerator)/\(r.denominator)"
    }

    /// The exact value of a finite, non-negative Double.
    public init?(exactly value: Double) {
        guard value.isFinite, value >= 0 else { return nil }
        if value == 0 { self = .zero; return }
        let significand = BigNat(UInt64(value.significandBitPattern) | (value.isNormal ? 1 << 52 : 0))
        let exponent = Int(value.exponent) - 52
        if value.isNormal {
            self = exponent >= 0 ? Ratio(significand << exponent) : Ratio(significand, BigNat.one << -exponent)
        } else {
            // Subnormal: value = significandBitPattern × 2^-1074.
            self = Ratio(significand, BigNat.one << 1074)
        }
    }
}

// MARK: - Parsing decimal parameters

/// A parsed decimal parameter: its exact value, sign, and canonical text.
struct DecimalParameter {
    var value: Ratio
    var negative: Bool
    /// Canonical decimal text (`"1000000"`, `"0.05"`), the form stored and echoed.
    var text: String
}

/// The largest power of ten a parameter may carry (|exponent| of its scientific form): keeps every
/// intermediate value of the exact arithmetic to a few hundred bits.
let maxParameterExponent = 40

/// Parses decimal text (`"1000000"`, `"2.5"`, `"1e-6"`) exactly, or throws `invalid_request` naming `field`.
func parseDecimal(_ text: String, field: String) throws(PandaError) -> DecimalParameter {
    let d: ExactDecimal
    do { d = try ExactDecimal(parsing: text) } catch {
        throw PandaError(.invalid_request, "\(field) must be a decimal number, not '\(text)'", field: field)
    }
    if d.isZero { return DecimalParameter(value: .zero, negative: false, text: "0") }
    let magnitude = d.exponent + d.digits.count - 1
    guard magnitude <= maxParameterExponent, magnitude >= -maxParameterExponent, d.digits.count <= 40 else {
        throw PandaError(.invalid_request, "\(field) '\(text)' is out of range (at most 40 significant digits, 1e-40 … 1e40)", field: field)
    }
    var n = BigNat()
    for digit in d.digits { n.multiplyAdd(10, UInt64(digit)) }
    let value = d.exponent >= 0 ? Ratio(n * BigNat.pow10(d.exponent)) : Ratio(n, BigNat.pow10(-d.exponent))
    let text = value.decimalText(digits: max(0, -d.exponent))
    return DecimalParameter(value: value, negative: d.negative, text: d.negative ? "-" + text : text)
}

extension Ratio {
    /// `double`, without the conversion's work when the value is 1 (the usual multiplier).
    @inline(__always)
    var fastDouble: Double { numerator == denominator ? 1 : double }
}
