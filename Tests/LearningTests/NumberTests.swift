// The row reader's number conversion against the standard library's correctly rounded parser.

import Testing
@testable import Learning

private func parse(_ text: String) -> Double? {
    var r = RowReader()
    guard (try? r.read("{\"features\":[\(text)]}")) != nil else { return nil }
    return r.values[0]
}

@Test func randomDecimalsRoundLikeTheStandardLibrary() {
    var g = Generator(state: 42)
    var mismatches: [String] = []
    for i in 0..<200_000 {
        // Digit strings of 1 … 22 digits with a decimal point and exponent in the fast-path range
        // and a bit beyond, so both paths run.
        let digits = Int(g.next() % 22) + 1
        var s = ""
        for k in 0..<digits {
            let d = Int(g.next() % 10)
            s += String(k == 0 && digits > 1 ? max(d, 1) : d)
        }
        let point = Int(g.next() % UInt64(digits + 1))
        if point < digits && point > 0 {
            s.insert(".", at: s.index(s.startIndex, offsetBy: point))
        }
        let e = Int(g.next() % 70) - 35
        if i % 3 != 0 { s += "e\(e)" }
        if i % 2 == 0 { s = "-" + s }
        let ours = parse(s)
        let reference = Double(s)
        if ours?.bitPattern != reference?.bitPattern { mismatches.append(s) }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
}

@Test func randomDoublesRoundTripThroughTheirDescription() {
    var g = Generator(state: 7)
    var failures = 0
    for _ in 0..<100_000 {
        let bits = g.next()
        let x = Double(bitPattern: bits)
        guard x.isFinite else { continue }
        if parse(x.description)?.bitPattern != x.bitPattern { failures += 1 }
        // Python's repr style for small and large exponents.
        if parse("\(x)".replacingOccurrences("e-0", "e-"))?.bitPattern != x.bitPattern { failures += 1 }
    }
    #expect(failures == 0)
}

@Test func halfwayCasesRoundToEven() {
    // 2^53 + 1 and 2^53 + 3 are exact ties between neighbouring doubles.
    #expect(parse("9007199254740993") == 9007199254740992)
    #expect(parse("9007199254740995") == 9007199254740996)
    // A tie broken by a digit far to the right (sticky bit).
    #expect(parse("9007199254740993.0000000001") == 9007199254740994)
    #expect(parse("0.1") == 0.1)
    #expect(parse("1e-27") == 1e-27)
    #expect(parse("1e27") == 1e27)
    #expect(parse("123456789012345678e-27") == 123456789012345678e-27)
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: a) {
            out += rest[..<r.lowerBound] + b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

@Test func jsonNumberTextConvertsLikeTheRowReader() {
    var g = Generator(state: 2026)
    var mismatches: [String] = []
    for i in 0..<50_000 {
        let digits = Int(g.next() % 22) + 1
        var s = i % 2 == 0 ? "-" : ""
        for k in 0..<digits { s += String(k == 0 && digits > 1 ? Int(g.next() % 9) + 1 : Int(g.next() % 10)) }
        if i % 3 == 0 { s += "." + String(g.next() % 100_000) }
        if i % 4 == 0 { s += "e\(Int(g.next() % 700) - 350)" }
        let ours = doubleValue(jsonNumber: s)
        // The row reader refuses non-finite features; the standard library gives ±infinity for them, as this does.
        if ours?.bitPattern != Double(s)?.bitPattern || (ours?.isFinite == true && ours?.bitPattern != parse(s)?.bitPattern) {
            mismatches.append(s)
        }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    #expect(doubleValue(jsonNumber: "1e400") == .infinity)
    #expect(doubleValue(jsonNumber: "-1e400") == -.infinity)
    #expect(doubleValue(jsonNumber: "-0")?.sign == .minus)
    for bad in ["", "-", "1.", ".5", "01x", "1e", "1 ", "+1", "0x10"] {
        #expect(doubleValue(jsonNumber: bad) == nil, "\(bad)")
    }
}

/// Fractions of every length around the eight- and four-digit steps (and past 19 significant
/// digits), after integer parts of several sizes, ended by each byte that may follow a number and by
/// bytes just outside the digit range (which are not digits: the number is then malformed).
@Test func longFractionsRoundLikeTheStandardLibrary() {
    var g = Generator(state: 99)
    var mismatches: [String] = []
    for integer in ["0", "7", "-3", "12", "98765", "123456789012"] {
        for length in 1...26 {
            for fractionStyle in 0..<3 {
                var fraction = ""
                for k in 0..<length {
                    // Leading zeros (style 1), a zero run inside (style 2), or random digits.
                    let zero = (fractionStyle == 1 && k < length / 2) || (fractionStyle == 2 && k % 9 == 4)
                    fraction += zero ? "0" : String(g.next() % 10)
                }
                for ending in ["", "e3", "E-7", ",1", "]"] {
                    let text = integer + "." + fraction + ending
                    let ours = parse(text)
                    let reference: Double? = ending == "]" ? nil : Double(integer + "." + fraction + (ending.hasPrefix(",") ? "" : ending))
                    if ours?.bitPattern != reference?.bitPattern { mismatches.append(text) }
                }
                for outside in [":", "/", "\u{7F}", "@"] {
                    if parse(integer + "." + fraction + outside + "1") != nil { mismatches.append(integer + "." + fraction + outside + "1") }
                }
            }
        }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
}

/// The division by a power of five through its reciprocal gives the hardware division's quotient and
/// remainder, near the edges (high = d − 1, low = 0 or all ones) and at random.
@Test func divisionByAPowerOfFiveMatchesTheFullWidthDivision() {
    var g = Generator(state: 5)
    var mismatches = 0
    for k in 1...27 {
        var p: UInt64 = 1
        for _ in 0..<k { p *= 5 }
        let shift = p.leadingZeroBitCount
        let d = p << UInt64(shift)
        let divisor = NormalizedDivisor(d: d, reciprocal: d.dividingFullWidth((high: ~d, low: UInt64.max)).quotient, shift: shift)
        var cases: [(UInt64, UInt64)] = [(d - 1, 0), (d - 1, UInt64.max), (0, 0), (0, d), (0, d - 1), (d >> 1, d >> 1)]
        for _ in 0..<20_000 { cases.append((g.next() % d, g.next())) }
        for (high, low) in cases {
            let expected = d.dividingFullWidth((high: high, low: low))
            let ours = divide(high: high, low: low, by: divisor)
            if ours.quotient != expected.quotient || ours.remainder != expected.remainder { mismatches += 1 }
        }
    }
    #expect(mismatches == 0)
}
