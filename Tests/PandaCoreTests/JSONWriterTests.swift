import Testing

@testable import PandaCore

@Suite("JSONWriter")
struct JSONWriterTests {
    private func written(_ value: JSONValue, sortedKeys: Bool = false) -> String {
        JSONWriter.string(value, sortedKeys: sortedKeys)
    }

    private func escaped(_ s: String) -> String {
        var out: [UInt8] = []
        JSONWriter.writeString(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func scalars() {
        #expect(written(.null) == "null")
        #expect(written(.bool(true)) == "true")
        #expect(written(.bool(false)) == "false")
        #expect(written(.string("")) == #""""#)
        #expect(written(.array([])) == "[]")
        #expect(written(.object(JSONObject())) == "{}")
    }

    @Test func numbersAreWrittenAsTheirText() {
        for text in ["0", "-0", "1e400", "-1.50E-3", "123456789012345678901234567890", "0.1"] {
            #expect(written(.number(JSONNumber(validated: text))) == text)
        }
        #expect(written(.number(JSONNumber(-42))) == "-42")
    }

    @Test func stringEscapes() {
        #expect(escaped("plain") == #""plain""#)
        #expect(escaped("\"\\") == #""\"\\""#)
        #expect(escaped("\u{8}\u{C}\n\r\t") == #""\b\f\n\r\t""#)
        #expect(escaped("\u{0}\u{1}\u{1F}\u{B}\u{E}") == #""\u0000\u0001\u001f\u000b\u000e""#)
        // Not escaped: slash, DEL, and everything non-ASCII (written as raw UTF-8), as in RFC 8785.
        #expect(escaped("/\u{7F}é€😀\u{2028}\u{FEFF}") == "\"/\u{7F}é€😀\u{2028}\u{FEFF}\"")
        #expect(escaped("a\"b\\c\nd") == #""a\"b\\c\nd""#)
        #expect(escaped(String(repeating: "x", count: 100) + "\n") == "\"" + String(repeating: "x", count: 100) + "\\n\"")
    }

    @Test func everyControlCharacter() {
        let short: [UInt8: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
        let hex = Array("0123456789abcdef")
        for c in UInt8(0)..<0x20 {
            let expected = short[c] ?? "\\u00\(hex[Int(c >> 4)])\(hex[Int(c & 0xF)])"
            #expect(escaped(String(decoding: [c], as: UTF8.self)) == "\"\(expected)\"")
        }
    }

    @Test func containersAreCompactAndOrdered() {
        let value: JSONValue = ["b": [1, "two", nil, true], "a": ["z": 1, "y": .object(JSONObject())]]
        #expect(written(value) == #"{"b":[1,"two",null,true],"a":{"z":1,"y":{}}}"#)
        #expect(written(value, sortedKeys: true) == #"{"a":{"y":{},"z":1},"b":[1,"two",null,true]}"#)
    }

    @Test func sortedKeysUseUTF16CodeUnitOrder() {
        // U+E000 is one UTF-16 unit (0xE000); U+1F600 is the pair D83D DE00, so it sorts first in
        // UTF-16 order although its code point is larger (RFC 8785 §3.2.3).
        let object = JSONObject(uniqueMembers: [
            (key: "\u{E000}", value: 1), (key: "😀", value: 2), (key: "b", value: 3), (key: "B", value: 4),
            (key: "", value: 5), (key: "é", value: 6), (key: "ab", value: 7), (key: "a", value: 8),
        ])
        #expect(written(.object(object), sortedKeys: true) == "{\"\":5,\"B\":4,\"a\":8,\"ab\":7,\"b\":3,\"é\":6,\"😀\":2,\"\u{E000}\":1}")
        #expect(written(.object(object)).hasPrefix("{\"\u{E000}\":1,\"😀\":2"))
    }

    /// The byte-order fast path of the key comparison agrees with the UTF-16 view on random keys
    /// drawn from the characters where UTF-8 and UTF-16 orders part (BMP private use vs. astral).
    @Test func keyOrderFastPathAgreesWithUTF16() {
        let alphabet: [Character] = ["a", "b", "\u{7F}", "\u{80}", "é", "\u{D7FF}", "\u{E000}", "\u{FFFD}", "\u{FFFF}", "😀", "\u{10000}", "\u{10FFFF}"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let a = String((0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let b = String((0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            #expect(JSONWriter.utf16Precedes(a, b) == a.utf16.lexicographicallyPrecedes(b.utf16), "\(Array(a.unicodeScalars)) vs \(Array(b.unicodeScalars))")
        }
    }

    @Test func rfc8785Example() throws {
        // The key-sorting example of RFC 8785 §3.2.3 (numbers here are already in canonical form).
        let input = #"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#
        let value = try JSONParser.parse(input)
        let keys = try #require(try JSONParser.parse(written(value, sortedKeys: true)).objectValue?.keys)
        #expect(keys == ["\r", "1", "\u{80}", "ö", "€", "😀", "\u{FB33}"])
    }

    @Test func appendsToExistingBytes() {
        var out = Array("prefix ".utf8)
        JSONWriter.write(["k": "v"], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"prefix {"k":"v"}"#)
    }

    @Test func bridgedAndSubstringBackedStrings() {
        // Strings that are not native contiguous UTF-8 go through the copying path.
        let sub = "xx\"yy\"xx".dropFirst(2).dropLast(2)
        #expect(escaped(String(sub)) == #""\"yy\"""#)
    }
}

@Test func canonicallyOrderedReadsLikeTheSortedTextReadsBack() throws {
    let text = #"{"z":1,"é":[{"b":2,"a":{"y":0,"x":1}}],"a":{"ü":1,"u":2},"\ud83d\ude00":3,"\uffff":4}"#
    let value = try JSONParser.parse(Array(text.utf8))
    let ordered = value.canonicallyOrdered()
    let readBack = try JSONParser.parse(Array(JSONWriter.string(value, sortedKeys: true).utf8))
    #expect(!value.isCanonicallyOrdered)
    #expect(ordered.isCanonicallyOrdered)
    #expect(ordered == readBack)
    #expect(ordered.objectValue?.keys == ["a", "z", "é", "\u{1F600}", "\u{FFFF}"])
}
