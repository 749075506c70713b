import PandaCore
import Testing

@testable import PandaCrypto

private func canonical(_ text: String, exact: Bool = false) throws -> String {
    try CanonicalJSON.string(try JSONParser.parse(text), exactNumbers: exact)
}

private func numberError(_ text: String, exact: Bool) -> PandaError? {
    do { _ = try CanonicalJSON.number(text, exact: exact) } catch { return error }
    return nil
}

// RFC 8785 Appendix B: IEEE-754 bit patterns and their ECMAScript text.
@Test(arguments: [
    (0x0000_0000_0000_0000, "0"), (0x8000_0000_0000_0000, "0"),
    (0x0000_0000_0000_0001, "5e-324"), (0x8000_0000_0000_0001, "-5e-324"),
    (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"), (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"),
    (0x4340_0000_0000_0000, "9007199254740992"), (0xC340_0000_0000_0000, "-9007199254740992"),
    (0x4430_0000_0000_0000, "295147905179352830000"),
    (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"), (0x44B5_2D02_C7E1_4AF6, "1e+23"),
    (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
    (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"), (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
    (0x444B_1AE4_D6E2_EF50, "1e+21"),
    (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"), (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
    (0x41B3_DE43_5555_5553, "333333333.3333332"), (0x41B3_DE43_5555_5554, "333333333.33333325"),
    (0x41B3_DE43_5555_5555, "333333333.3333333"), (0x41B3_DE43_5555_5556, "333333333.3333334"),
    (0x41B3_DE43_5555_5557, "333333333.33333343"),
    (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
    (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
] as [(UInt64, String)])
func rfc8785AppendixB(bits: UInt64, expected: String) throws {
    let value = Double(bitPattern: bits)
    #expect(CanonicalJSON.number(value) == expected)
    // The same through JSON text: Swift's spelling of the double, and the expected text itself.
    #expect(try CanonicalJSON.number(value.description) == expected)
    #expect(try CanonicalJSON.number(expected) == expected)
}

@Test(arguments: [
    ("1.0", "1"), ("1e21", "1e+21"), ("1E21", "1e+21"), ("0.000001", "0.000001"), ("1e-7", "1e-7"),
    ("-0", "0"), ("-0.0", "0"), ("0e10", "0"), ("1.50", "1.5"), ("4.50", "4.5"), ("2e-3", "0.002"),
    ("1E30", "1e+30"), ("0.000000000000000000000000001", "1e-27"), ("100", "100"), ("-100", "-100"),
    ("1e20", "100000000000000000000"), ("123456789012345678", "123456789012345680"),
    ("9007199254740993", "9007199254740992"), ("9007199254740991", "9007199254740991"),
    ("0.1", "0.1"), ("-1.5e-9", "-1.5e-9"), ("12.34e1", "123.4"), ("1e-6", "0.000001"), ("1.5e-6", "0.0000015"),
    ("999999999999999", "999999999999999"), ("-999999999999999", "-999999999999999"), ("1e-400", "0"),
])
func ecmascriptNumberForms(text: String, expected: String) throws {
    #expect(try CanonicalJSON.number(text) == expected)
}

@Test func numbersBeyondDoubleRangeAreRefused() {
    for text in ["1e400", "-1e400", "1e999999999999999999", "2e308"] {
        #expect(numberError(text, exact: false)?.code == .invalid_request, "\(text)")
    }
    #expect(numberError("abc", exact: false)?.code == .invalid_request)
    #expect(numberError("0x10", exact: false)?.code == .invalid_request)
}

@Test func exactModeRefusesNumbersThatWouldChange() {
    // Same decimal value as the canonical text: accepted.
    for text in ["1.50", "1e21", "1E-7", "-0", "9007199254740991", "0.000001", "1.7976931348623157e308", "12.50e1",
                 "9007199254740992", "-9007199254740992", "1796636354256768", "1000000000000000"] {
        #expect(numberError(text, exact: true) == nil, "\(text)")
    }
    // Digits a double does not keep: two requests would share canonical bytes.
    for text in ["333333333.33333329", "12345678901234567891", "9007199254740993", "-9007199254740993", "9999999999999999",
                 "0.10000000000000000001", "1e-400"] {
        let error = numberError(text, exact: true)
        #expect(error?.code == .invalid_request, "\(text)")
        #expect(error?.message.contains("send it as a string") == true)
        #expect(numberError(text, exact: false) == nil)
    }
}

/// Every number of `Tests/Fixtures/eth/jcs_numbers.txt` (3000 doubles, edge cases and random bit
/// patterns) formats as node's `Number.prototype.toString` does.
@Test func numbersMatchNode() throws {
    guard let data = SigTestSupport.readFile(SigTestSupport.fixturesDirectory + "/eth/jcs_numbers.txt") else {
        Issue.record("fixture eth/jcs_numbers.txt is missing")
        return
    }
    var count = 0
    for line in data.split(separator: UInt8(ascii: "\n")) {
        let parts = line.split(separator: UInt8(ascii: ","))
        guard parts.count == 2, let bits = UInt64(String(decoding: parts[0], as: UTF8.self), radix: 16) else {
            Issue.record("bad line in jcs_numbers.txt")
            continue
        }
        let expected = String(decoding: parts[1], as: UTF8.self)
        let value = Double(bitPattern: bits)
        #expect(CanonicalJSON.number(value) == expected, "\(String(bits, radix: 16))")
        #expect(try CanonicalJSON.number(expected, exact: true) == expected)
        count += 1
    }
    #expect(count == 3000)
}

// RFC 8785 §3.2.3: the sorting example (keys compared as UTF-16 code units).
@Test func rfc8785SortingExample() throws {
    let input = """
        {
          "\\u20ac": "Euro Sign",
          "\\r": "Carriage Return",
          "\\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\\ud83d\\ude00": "Emoji: Grinning Face",
          "\\u0080": "Control",
          "\\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """
    let expected =
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{F6}\":\"Latin Small Letter O With Diaeresis\","
        + "\"\u{20AC}\":\"Euro Sign\",\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
    #expect(try canonical(input) == expected)
}

// The test data published with RFC 8785 ("weird" names and "values").
@Test func rfc8785TestData() throws {
    let weird = """
        {
          "\\u20ac": "Euro Sign",
          "1": "One",
          "\\u0080": "Control\\u007f",
          "\\ud83d\\ude02": "Smiley",
          "\\u00f6": "Latin Small Letter O With Diaeresis",
          "\\ufb33": "Hebrew Letter Dalet With Dagesh",
          "</script>": "Browser Challenge"
        }
        """
    #expect(
        try canonical(weird)
            == "{\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u{80}\":\"Control\u{7F}\",\"\u{F6}\":\"Latin Small Letter O With Diaeresis\","
            + "\"\u{20AC}\":\"Euro Sign\",\"\u{1F602}\":\"Smiley\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}")

    let values = """
        {
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
          "literals": [null, true, false]
        }
        """
    #expect(
        try canonical(values)
            == "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"\u{20AC}$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}")
    // In exact mode 333333333.33333329 is refused: the double does not keep its last digits.
    #expect(throws: PandaError.self) { try canonical(values, exact: true) }
}

@Test func nestedStructuresAndWhitespace() throws {
    let text = " { \"b\" : [ 1 , { \"z\" : null , \"a\" : [ ] } , { } ] , \"a\" : { \"d\" : true , \"c\" : \"x\" } } "
    #expect(try canonical(text) == "{\"a\":{\"c\":\"x\",\"d\":true},\"b\":[1,{\"a\":[],\"z\":null},{}]}")
    #expect(try canonical("[]") == "[]")
    #expect(try canonical("\"\\u001f\\b\"") == "\"\\u001f\\b\"")
}

@Test func keyOrderIsUTF16() {
    // Random keys from a mix of ASCII, BMP below and above the surrogates, and astral planes.
    let pieces = ["a", "b", "Z", "0", "\u{7F}", "\u{80}", "\u{E9}", "\u{D7FF}", "\u{E000}", "\u{FB33}", "\u{FFFD}",
                  "\u{10000}", "\u{1F600}", "\u{1F602}", "\u{10FFFF}", ""]
    var rng = SigTestSupport.Rng(seed: 3)
    for _ in 0..<3000 {
        var a = "", b = ""
        for _ in 0..<Int(rng.next() % 4) { a += pieces[Int(rng.next() % UInt64(pieces.count))] }
        for _ in 0..<Int(rng.next() % 4) { b += pieces[Int(rng.next() % UInt64(pieces.count))] }
        #expect(CanonicalJSON.keyPrecedes(a, b) == a.utf16.lexicographicallyPrecedes(b.utf16), "\(a.unicodeScalars.map(\.value)) vs \(b.unicodeScalars.map(\.value))")
    }
    // The case UTF-8 order gets wrong: U+FB33 sorts after U+1F600 in UTF-16.
    #expect(CanonicalJSON.keyPrecedes("\u{1F600}", "\u{FB33}"))
    #expect(!CanonicalJSON.keyPrecedes("\u{FB33}", "\u{1F600}"))
}
