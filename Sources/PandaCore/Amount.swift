/// An amount of PANDA, the ledger's native currency, held as an integer of base units
/// (18 decimals). Never a binary float: text is parsed digit by digit.
public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Base units (10⁻¹⁸ PANDA).
    public var units: Int128

    public static let decimals = 18
    /// Base units per PANDA.
    public static let one: Int128 = 1_000_000_000_000_000_000
    public static let zero = Amount(units: 0)

    public init(units: Int128) { self.units = units }

    /// Whole PANDA (tests, examples).
    public init(panda: Int) { self.units = Int128(panda) * Amount.one }

    /// Parses decimal text such as `"5.25"`, `"100"`, `"1e-3"` or `"0.000000000000000001"` exactly.
    /// Fails when the text is not a decimal number, has more than 18 decimals, or does not fit.
    public init(parsing text: some StringProtocol) throws(DecimalParseError) {
        let d = try ExactDecimal(parsing: text)
        self.units = try d.scaled(to: Amount.decimals)
    }

    /// The base units of plain decimal text (`[0-9]{1,19}(\.[0-9]{1,18})?`, e.g. `1.250000`) without
    /// allocating, or nil for any other form (a sign, an exponent, more digits): `init(parsing:)` decides those.
    /// Where both apply they agree.
    public static func units(plainDecimal b: UnsafeRawBufferPointer) -> Int128? {
        let n = b.count
        var i = 0
        var whole: UInt64 = 0
        while i < n, b[i] &- 0x30 < 10 {
            whole = whole &* 10 &+ UInt64(b[i] &- 0x30)
            i += 1
        }
        guard i > 0, i <= 19 else { return nil }
        var units = Int128(whole) * Amount.one
        guard i < n else { return units }
        guard b[i] == 0x2E else { return nil }
        i += 1
        let start = i
        var fraction: UInt64 = 0
        while i < n, b[i] &- 0x30 < 10 {
            fraction = fraction &* 10 &+ UInt64(b[i] &- 0x30)
            i += 1
        }
        let digits = i - start
        guard i == n, digits >= 1, digits <= Amount.decimals else { return nil }
        var scale: UInt64 = 1
        for _ in digits..<Amount.decimals { scale &*= 10 }
        units += Int128(fraction) * Int128(scale)
        return units
    }

    /// Parses the decimal integer text of base units that the ledger stores (`-?[0-9]+`), or nil.
    public static func units(fromStored text: String) -> Int128? {
        var text = text
        return text.withUTF8 { b -> Int128? in
            guard !b.isEmpty else { return nil }
            var i = 0
            let negative = b[0] == UInt8(ascii: "-")
            if negative { i = 1; guard b.count > 1 else { return nil } }
            guard b.count - i <= 39 else { return nil }
            var value: Int128 = 0
            var chunk: UInt64 = 0, chunkDigits = 0
            while i < b.count {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                chunk = chunk &* 10 &+ UInt64(d)
                chunkDigits += 1
                i += 1
                if chunkDigits == 18 || i == b.count {
                    var scale: Int128 = 1
                    for _ in 0..<chunkDigits { scale *= 10 }
                    let (m, o1) = value.multipliedReportingOverflow(by: scale)
                    let (a, o2) = m.addingReportingOverflow(Int128(chunk))
                    if o1 || o2 { return nil }
                    value = a
                    chunk = 0; chunkDigits = 0
                }
            }
            return negative ? -value : value
        }
    }

    public var isNegative: Bool { units < 0 }
    public var isZero: Bool { units == 0 }

    /// Decimal text with trailing zeros trimmed: `"5.25"`, `"100"`, `"-0.5"`, `"0"`.
    public var description: String { Amount.format(units: units, decimals: Amount.decimals) }

    public static func < (a: Amount, b: Amount) -> Bool { a.units < b.units }

    /// Adds, or returns nil on overflow.
    public func adding(_ other: Amount) -> Amount? {
        let (r, o) = units.addingReportingOverflow(other.units)
        return o ? nil : Amount(units: r)
    }

    /// Subtracts, or returns nil on overflow.
    public func subtracting(_ other: Amount) -> Amount? {
        let (r, o) = units.subtractingReportingOverflow(other.units)
        return o ? nil : Amount(units: r)
    }

    /// Formats an integer of base units with `decimals` decimal places, trailing zeros trimmed.
    public static func format(units: Int128, decimals: Int) -> String {
        let negative = units < 0
        var magnitude = units.magnitude
        // Digits are produced least significant first into a fixed buffer (Int128 has at most 39).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buf in
            var i = 48
            var produced = 0
            var significantFraction = false
            // Peel 18 digits at a time with one 128-bit division, the rest with 64-bit arithmetic.
            while magnitude > 0 || produced <= decimals {
                var chunk: UInt64
                if magnitude >= 1_000_000_000_000_000_000 {
                    let (q, r) = magnitude.quotientAndRemainder(dividingBy: 1_000_000_000_000_000_000)
                    chunk = UInt64(r)
                    magnitude = q
                } else {
                    chunk = UInt64(magnitude)
                    magnitude = 0
                }
                for _ in 0..<18 {
                    if magnitude == 0 && chunk == 0 && produced > decimals { break }
                    let digit = UInt8(chunk % 10)
                    chunk /= 10
                    if produced < decimals {
                        // Fraction digit: drop trailing zeros until a significant one appears.
                        if digit != 0 || significantFraction {
                            significantFraction = true
                            i -= 1; buf[i] = 0x30 + digit
                        }
                    } else {
                        if produced == decimals && significantFraction { i -= 1; buf[i] = UInt8(ascii: ".") }
                        i -= 1; buf[i] = 0x30 + digit
                    }
                    produced += 1
                }
            }
            if negative && (units != 0) { i -= 1; buf[i] = UInt8(ascii: "-") }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[i..<48]), as: UTF8.self)
        }
    }
}

/// Why decimal text could not be taken as an exact amount.
public enum DecimalParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a decimal number (`"abc"`, `"1.2.3"`, `""`).
    case notANumber
    /// More fractional digits than the unit allows (e.g. 19 decimals for PANDA, any for tokens).
    case tooPrecise(maxDecimals: Int)
    /// Too large for the ledger's integer range.
    case outOfRange

    public var description: String {
        switch self {
        case .notANumber: "not a decimal number"
        case .tooPrecise(let n): n == 0 ? "must be a whole number" : "more than \(n) decimals"
        case .outOfRange: "out of range"
        }
    }

    /// The error as the predicate of a sentence about the value: "'amount' '1.5' must be a whole number".
    public var verbPhrase: String {
        switch self {
        case .notANumber: "is not a decimal number"
        case .tooPrecise(let n): n == 0 ? "must be a whole number" : "has more than \(n) decimals"
        case .outOfRange: "is out of range"
        }
    }
}

/// A decimal number parsed exactly from text: `digits × 10^exponent`, with a sign.
/// Accepts plain decimals and JSON-style exponents (`1.5e3`); rejects everything else.
public struct ExactDecimal: Sendable, Equatable {
    public var negative: Bool
    /// Significant digits, without leading zeros (empty for zero).
    public var digits: [UInt8]
    public var exponent: Int

    public init(parsing text: some StringProtocol) throws(DecimalParseError) {
        var negative = false
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        var sawPoint = false
        var it = text.utf8.makeIterator()
        var c = it.next()
        if c == UInt8(ascii: "-") { negative = true; c = it.next() } else if c == UInt8(ascii: "+") { c = it.next() }
        while let ch = c {
            if ch >= 0x30 && ch <= 0x39 {
                sawDigit = true
                if !(digits.isEmpty && ch == 0x30) {
                    if digits.count > 80 { throw .outOfRange }
                    digits.append(ch - 0x30)
                }
                if sawPoint { exponent -= 1 }
            } else if ch == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                break
            }
            c = it.next()
        }
        guard sawDigit else { throw .notANumber }
        if let e = c {
            guard e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { throw .notANumber }
            var expNegative = false
            var expValue = 0
            var sawExpDigit = false
            c = it.next()
            if c == UInt8(ascii: "-") { expNegative = true; c = it.next() } else if c == UInt8(ascii: "+") { c = it.next() }
            while let ch = c {
                guard ch >= 0x30 && ch <= 0x39 else { throw .notANumber }
                sawExpDigit = true
                if expValue < 1_000_000 { expValue = expValue * 10 + Int(ch - 0x30) }
                c = it.next()
            }
            guard sawExpDigit else { throw .notANumber }
            exponent += expNegative ? -expValue : expValue
        }
        // Drop trailing zeros into the exponent so "1.500" and "1.5" are the same number.
        while let last = digits.last, last == 0 { digits.removeLast(); exponent += 1 }
        if digits.isEmpty { exponent = 0; negative = false }
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
    }

    public var isZero: Bool { digits.isEmpty }

    /// The value in units of 10^-decimals, exactly, or an error if it has more decimals or does not fit.
    public func scaled(to decimals: Int) throws(DecimalParseError) -> Int128 {
        if digits.isEmpty { return 0 }
        let shift = exponent + decimals
        guard shift >= 0 else { throw .tooPrecise(maxDecimals: decimals) }
        guard digits.count + shift <= 39 else { throw .outOfRange }
        var value: Int128 = 0
        for d in digits {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int128(d))
            if o1 || o2 { throw .outOfRange }
            value = a
        }
        for _ in 0..<shift {
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            if o { throw .outOfRange }
            value = m
        }
        return negative ? -value : value
    }
}
