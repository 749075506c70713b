import Testing

@testable import PandaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// MARK: - Helpers shared by the JSON tests

/// Deterministic PRNG (SplitMix64) so that generated and fuzzed cases are the same on every run.
typealias JSONTestRandom = SplitMix64

extension SplitMix64 {

    /// Uniform in `0..<n` (n > 0); the modulo bias is irrelevant here.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ options: [T]) -> T { options[below(options.count)] }
}

enum JSONTestSupport {
    static func parseError(_ bytes: [UInt8], maxDepth: Int = 128) -> JSONParseError? {
        do throws(JSONParseError) {
            _ = try JSONParser.parse(bytes, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    static func parseError(_ text: String, maxDepth: Int = 128) -> JSONParseError? {
        parseError(Array(text.utf8), maxDepth: maxDepth)
    }

    static func bytes(_ value: JSONValue, sortedKeys: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.write(value, into: &out, sortedKeys: sortedKeys)
        return out
    }

    /// A random JSON value: nested containers, numbers in every grammatical form, and strings
    /// with escapes, controls, multi-byte and astral characters, around the short-string sizes.
    static func randomValue(_ rng: inout JSONTestRandom, depth: Int = 0) -> JSONValue {
        let kind = depth >= 4 ? rng.below(4) : rng.below(6)
        switch kind {
        case 0: return rng.chance(50) ? .null : .bool(rng.chance(50))
        case 1: return .number(JSONNumber(validated: randomNumberText(&rng)))
        case 2, 3: return .string(randomString(&rng))
        case 4:
            return .array((0..<rng.below(6)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<rng.below(7) {
                let key = randomString(&rng)
                if object[key] == nil { object.appendUnique(key, randomValue(&rng, depth: depth + 1)) }
            }
            return .object(object)
        }
    }

    static func randomNumberText(_ rng: inout JSONTestRandom) -> String {
        var text = rng.chance(30) ? "-" : ""
        if rng.chance(20) {
            text += "0"
        } else {
            text += String(rng.below(9) + 1)
            for _ in 0..<rng.below(25) { text += String(rng.below(10)) }
        }
        if rng.chance(30) {
            text += "."
            for _ in 0...rng.below(8) { text += String(rng.below(10)) }
        }
        if rng.chance(20) {
            text += rng.pick(["e", "E", "e+", "e-", "E-"])
            text += String(rng.below(500))
        }
        return text
    }

    static func randomString(_ rng: inout JSONTestRandom) -> String {
        let pieces: [String] = [
            "a", "b", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1f}", "\u{7f}", "é", "ß",
            "€", "\u{FFFF}", "\u{E000}", "😀", "𝄞", "\u{10FFFF}", "key", "amount", "0x52908400098527886E0F",
        ]
        let length = rng.pick([0, 1, 3, 7, 8, 9, 14, 15, 16, 17, 30])
        var s = ""
        while s.utf8.count < length { s += rng.pick(pieces) }
        return s
    }

    /// The directory holding the test fixtures, found from this file's path.
    static var fixturesDirectory: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)  // PandaCoreTests/JSONParserTests.swift
        return parts.joined(separator: "/") + "/Fixtures"
    }

    static func listDirectory(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            result += chunk[0..<n]
        }
        return result
    }
}

private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

private func error(_ text: String, maxDepth: Int = 128) -> JSONParseError? {
    JSONTestSupport.parseError(text, maxDepth: maxDepth)
}

private func error(_ bytes: [UInt8], maxDepth: Int = 128) -> JSONParseError? {
    JSONTestSupport.parseError(bytes, maxDepth: maxDepth)
}

// MARK: - Valid documents

@Suite("JSONParser: valid input")
struct JSONParserValidTests {
    @Test func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("0") == .number(JSONNumber(validated: "0")))
        #expect(try parse("\"\"") == .string(""))
        #expect(try parse(" \t\r\n\"x\" \n") == .string("x"))
    }

    @Test func tradeRecord() throws {
        let line = """
            {"type":"trade","venue":"book","symbol":"FNET","price":"12.345678","amount":17,\
            "buyer":"0x52908400098527886E0F7030069857D2E4169EE7","side":"buy","maker_order":123,\
            "ts":"2026-11-21T10:00:00.000Z","seq":789}
            """
        let object = try #require(try parse(line).objectValue)
        #expect(object.keys == ["type", "venue", "symbol", "price", "amount", "buyer", "side", "maker_order", "ts", "seq"])
        #expect(object["price"] == .string("12.345678"))
        #expect(object["amount"]?.numberValue?.int64Value == 17)
        #expect(object["buyer"]?.stringValue?.utf8.count == 42)
    }

    @Test(arguments: [
        "0", "-0", "1", "-1", "10", "1234567890", "0.0", "-0.0", "0.5", "1.25", "0e0", "0E0", "1e10", "1E+10",
        "1e-10", "-1.5e-300", "1e400", "-1e400", "123456789012345678901234567890", "0.000000000000000000001",
        "9007199254740993", "2.2250738585072011e-308",
    ])
    func numbersKeepTheirText(text: String) throws {
        #expect(try parse(text) == .number(JSONNumber(validated: text)))
        #expect(try parse("[\(text)]") == .array([.number(JSONNumber(validated: text))]))
        #expect(try parse("{\"n\":\(text)}") == ["n": .number(JSONNumber(validated: text))])
    }

    @Test func escapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{c}\n\r\t"))
        #expect(try parse(#""\u0041\u00e9\u20AC\uffff""#) == .string("Aé€\u{FFFF}"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try parse(#""\ud83d\ude00\uD834\uDD1E""#) == .string("😀𝄞"))
        #expect(try parse(#""a\nb""#) == .string("a\nb"))
        #expect(try parse(#""prefix \u00e9 middle \n suffix""#) == .string("prefix é middle \n suffix"))
    }

    @Test func rawUTF8Boundaries() throws {
        for scalar in ["\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFD}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"] {
            #expect(try parse("\"\(scalar)\"") == .string(scalar))
            #expect(try parse("\"x\(scalar)y\(scalar)\"") == .string("x\(scalar)y\(scalar)"))
        }
        #expect(try parse("\"\u{7F}\"") == .string("\u{7F}"))
    }

    @Test func containers() throws {
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object(JSONObject()))
        #expect(try parse(" [ 1 , [ ] , { } , \"a\" ] ") == [1, [], .object(JSONObject()), "a"])
        #expect(try parse(#"{"b":1,"a":{"c":[true,null]}}"#) == ["b": 1, "a": ["c": [true, nil]]])
        // Members keep their source order.
        #expect(try parse(#"{"z":1,"a":2,"m":3}"#).objectValue?.keys == ["z", "a", "m"])
        // The same key in different objects is fine.
        #expect(try parse(#"{"a":{"a":{"a":1}},"b":{"a":2}}"#).objectValue?.count == 2)
    }

    @Test func megabyteStrings() throws {
        let plain = String(repeating: "abcdefghij", count: 100_000) + "é😀"
        #expect(try parse("\"\(plain)\"") == .string(plain))
        let withEscapes = String(repeating: "line\n\"quoted\"\t", count: 70_000)
        var json: [UInt8] = []
        JSONWriter.writeString(withEscapes, into: &json)
        #expect(json.count > 1_000_000)
        #expect(try JSONParser.parse(json) == .string(withEscapes))
    }

    @Test func manyKeysUseTheLargeObjectPath() throws {
        let keys = (0..<1000).map { "key\($0)" }
        let text = "{" + keys.map { "\"\($0)\":0" }.joined(separator: ",") + "}"
        #expect(try parse(text).objectValue?.keys == keys)
    }

    @Test func nestingUpToTheLimit() throws {
        let ok = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect(error(ok) == nil)
        let objects = String(repeating: "{\"a\":", count: 128) + "1" + String(repeating: "}", count: 128)
        #expect(error(objects) == nil)
        let deeper = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(error(deeper, maxDepth: 1000) == nil)
    }

    @Test func shortStringsNearTheEndOfTheBuffer() throws {
        // Strings shorter than 16 bytes are read word-wise when the buffer allows; check both paths.
        for length in 0...20 {
            let s = String(repeating: "q", count: length)
            #expect(try parse("\"\(s)\"") == .string(s))
            #expect(try parse("[\"\(s)\"]") == .string(s).wrappedInArray)
            #expect(try parse("[\"\(s)\"," + String(repeating: " ", count: 40) + "1]").arrayValue?.first == .string(s))
        }
        // Keys that differ only in their length or last bytes must stay distinct.
        let keys = ["abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmno", "abcdefghijklmnp", "abcdefghijklmnop", "\u{0}", ""]
        let text = "{" + keys.enumerated().map { "\"\($0.element.jsonEscaped)\":\($0.offset)" }.joined(separator: ",") + "}"
        for _ in 0..<3 {
            #expect(try parse(text).objectValue?.keys == keys)
        }
        #expect(try parse(#"["\u0000a","a","\u0000"]"#) == ["\u{0}a", "a", "\u{0}"])
    }

    @Test func inputForms() throws {
        let text = #"{"a":[1,"é"]}"#
        let fromString = try JSONParser.parse(text)
        let fromArray = try JSONParser.parse(Array(text.utf8))
        let fromPointer = try Array(text.utf8).withUnsafeBytes { try JSONParser.parse($0) }
        #expect(fromString == fromArray)
        #expect(fromArray == fromPointer)
    }
}

// MARK: - Invalid documents

@Suite("JSONParser: invalid input")
struct JSONParserInvalidTests {
    @Test(arguments: [
        "", " ", "\n\t", "[", "{", "[1", "[1,", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "\"abc",
        "tru", "nul", "f", "-", "1.", "1e", "1e+", "\"\\", "\"\\u12",
    ])
    func truncatedInputEndsUnexpectedly(text: String) {
        #expect(error(text)?.message == "unexpected end of input", "input: \(text)")
        #expect(error(text)?.offset == text.utf8.count, "input: \(text)")
    }

    @Test(arguments: [
        "01", "-01", "00", "+1", ".5", "-.5", "1.e5", "1.5e", "1e+-5", "0x10", "NaN", "-NaN", "Infinity", "-Infinity",
        "1_000", "１", "- 1", "1.0.0", "[01]", "[1.]", "[-]", "[--1]", "{\"a\":01}", "[.1]", "[1e]", "[1E+]",
    ])
    func invalidNumbers(text: String) {
        #expect(error(text) != nil, "input: \(text)")
    }

    @Test func numberMessages() {
        #expect(error("[012]")?.message == "invalid number (leading zero) at byte 1")
        #expect(error("[-a]")?.message == "invalid number at byte 1")
        #expect(error("[1.x]")?.message == "invalid number at byte 1")
        #expect(error("[+1]")?.message == "unexpected character '+' at byte 1")
    }

    @Test(arguments: [
        "[1,]", "[,1]", "[1 2]", "[1,,2]", "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\"::1}", "{a:1}", "{1:1}", "{'a':1}",
        "['a']", "{\"a\":1 \"b\":2}", "[1}", "{\"a\":1]", "1 2", "[] []", "[1]]", "{}}", "[1]x", "nulll", "truefalse",
        "True", "NULL", "[1 /* c */]", "// c\n1", "[1]\u{0}", "\u{FEFF}[]", "[\u{C}1]", "\u{A0}[]", "[\"a\" : 1]",
    ])
    func invalidStructure(text: String) {
        #expect(error(text) != nil, "input: \(text)")
    }

    @Test func structureMessages() {
        #expect(error("[1,]")?.message == "unexpected character ']' at byte 3")
        #expect(error("[1 2]")?.message == "expected ',' or ']' at byte 3")
        #expect(error("{\"a\":1 \"b\":2}")?.message == "expected ',' or '}' at byte 7")
        #expect(error("{\"a\" 1}")?.message == "expected ':' after the key at byte 5")
        #expect(error("{a:1}")?.message == "expected a string key at byte 1")
        #expect(error("[1] x")?.message == "unexpected character 'x' after the value at byte 4")
        #expect(error("[1]\u{0}")?.message == "unexpected byte 0x00 after the value at byte 3")
        #expect(error("")?.message == "unexpected end of input")
        #expect(error("[tru]")?.message == "unexpected character ']' at byte 4")
        #expect(error("[trUe]")?.message == "unexpected character 'U' at byte 3")
    }

    @Test func controlCharactersInStrings() {
        for c in UInt8(0)..<0x20 {
            let bytes: [UInt8] = [0x22, 0x61, c, 0x62, 0x22]
            let e = error(bytes)
            #expect(e?.offset == 2)
            #expect(e?.message.hasPrefix("unescaped control character") == true)
        }
        #expect(error("\"a\nb\"")?.message == "unescaped control character 0x0a in string at byte 2")
        // In the word-at-a-time part of the scan too.
        #expect(error("\"0123456789abcdef\t\"")?.offset == 17)
    }

    @Test func badEscapes() {
        #expect(error(#""\x41""#)?.message == "invalid escape '\\x' at byte 1")
        #expect(error(#""\a""#) != nil)
        #expect(error(#""\U0041""#) != nil)
        #expect(error(#""\u00G1""#)?.message == "invalid \\u escape at byte 1")
        #expect(error(#""\u-123""#) != nil)
        #expect(error([0x22, 0x5C, 0x0A, 0x22]) != nil)
        #expect(error([0x22, 0x5C, 0xC3, 0xA9, 0x22])?.message == "invalid escape at byte 1")
    }

    @Test func loneSurrogates() {
        #expect(error(#""\uD800""#)?.message == "lone surrogate \\ud800 at byte 1")
        #expect(error(#""\uDBFF""#) != nil)
        #expect(error(#""\uDC00""#)?.message == "lone surrogate \\udc00 at byte 1")
        #expect(error(#""\uDFFF\uD800""#) != nil)
        #expect(error(#""ab\uD800x""#)?.message == "lone surrogate \\ud800 at byte 3")
        #expect(error(#""\uD800\u0041""#) != nil)
        #expect(error(#""\uD800\uD800""#) != nil)
        #expect(error(#""\uD800\n""#) != nil)
        #expect(error(#""\uD83D""#) != nil)
        #expect(error(#""\uD83D"#)?.message == "lone surrogate \\ud83d at byte 1")
    }

    @Test func invalidUTF8() {
        let cases: [[UInt8]] = [
            [0x80],  // continuation without a lead
            [0xBF],
            [0xC0, 0xAF],  // overlong '/'
            [0xC1, 0xBF],  // overlong
            [0xE0, 0x80, 0xAF],  // overlong 3-byte
            [0xE0, 0x9F, 0xBF],  // overlong 3-byte (below U+0800)
            [0xF0, 0x80, 0x80, 0xAF],  // overlong 4-byte
            [0xF0, 0x8F, 0xBF, 0xBF],  // overlong 4-byte (below U+10000)
            [0xED, 0xA0, 0x80],  // U+D800 encoded
            [0xED, 0xBF, 0xBF],  // U+DFFF encoded
            [0xF4, 0x90, 0x80, 0x80],  // U+110000
            [0xF5, 0x80, 0x80, 0x80],
            [0xF8, 0x88, 0x80, 0x80, 0x80],
            [0xFE], [0xFF],
            [0xC3],  // truncated before the quote
            [0xE2, 0x82],
            [0xF0, 0x9F, 0x98],
            [0xC3, 0x41],  // lead followed by ASCII
            [0xE2, 0x28, 0xA1],
        ]
        for bad in cases {
            let document = [0x22, 0x61] + bad + [0x22]
            #expect(error(document)?.message == "invalid UTF-8 at byte 2", "bytes: \(bad)")
            // Also past the first 8 bytes, where the scan goes word by word.
            let later = [0x22] + Array("0123456789".utf8) + bad + [0x22]
            #expect(error(later)?.message == "invalid UTF-8 at byte 11", "bytes: \(bad)")
        }
        // Truncated at the very end of input.
        #expect(error([0x22, 0xF0, 0x9F, 0x98])?.message == "invalid UTF-8 at byte 1")
        // Non-ASCII outside strings.
        #expect(error([0x5B, 0xC3, 0xA9, 0x5D])?.message == "unexpected byte 0xc3 at byte 1")
        #expect(error([0xEF, 0xBB, 0xBF, 0x5B, 0x5D]) != nil)
    }

    @Test func duplicateKeys() {
        #expect(error(#"{"amount":1,"amount":2}"#)?.message == #"duplicate key "amount""#)
        #expect(error(#"{"amount":1,"amount":2}"#)?.offset == 12)
        #expect(error(#"{"a":1,"b":2,"a":3}"#) != nil)
        #expect(error(#"{"a":1,"\u0061":2}"#)?.message == #"duplicate key "a""#)
        #expect(error(#"{"é":1,"\u00e9":2}"#) != nil)
        #expect(error(#"{"":1,"":2}"#)?.message == #"duplicate key """#)
        #expect(error(#"{"\n":1,"\n":2}"#)?.message == #"duplicate key "\n""#)
        #expect(error(#"{"x":{"a":1,"a":2}}"#) != nil)
        #expect(error(#"[{"a":1},{"a":1,"b":[{"c":1,"c":2}]}]"#) != nil)
        #expect(error(#"{"a":{"b":1},"a":2}"#) != nil)
        // Past the linear-scan limit, duplicates of early and late keys are still caught.
        let many = (0..<100).map { "\"k\($0)\":0" }.joined(separator: ",")
        #expect(error("{\(many),\"k3\":1}")?.message == #"duplicate key "k3""#)
        #expect(error("{\(many),\"k99\":1}") != nil)
        #expect(error("{\(many),\"new\":1,\"new\":2}") != nil)
        #expect(error("{\(many),\"new\":1}") == nil)
    }

    @Test func nestingLimit() {
        let tooDeep = String(repeating: "[", count: 129) + String(repeating: "]", count: 129)
        #expect(error(tooDeep)?.message == "nesting deeper than 128")
        #expect(error(tooDeep)?.offset == 128)
        let objects = String(repeating: "{\"a\":", count: 129) + "1" + String(repeating: "}", count: 129)
        #expect(error(objects)?.message == "nesting deeper than 128")
        #expect(error("[[[1]]]", maxDepth: 2)?.message == "nesting deeper than 2")
        #expect(error("[[1]]", maxDepth: 2) == nil)
        #expect(error("1", maxDepth: 0) == nil)
        #expect(error("[]", maxDepth: 0) != nil)
    }

    // "Quickly": refused where the limit is crossed, not after reading the rest (the error's offset says so;
    // a time limit here would measure the parallel runner's queue, not the parser).
    @Test func millionOpenBracketsFailQuickly() {
        let bytes = [UInt8](repeating: 0x5B, count: 1_000_000)
        #expect(error(bytes)?.message == "nesting deeper than 128")
        #expect(error(bytes)?.offset == 128)
        let mixed = [UInt8](repeating: 0x5B, count: 10) + Array(String(repeating: "{\"a\":[", count: 500_000).utf8)
        #expect(error(mixed)?.message == "nesting deeper than 128")
        #expect(error(mixed)?.offset ?? .max < 1_000)
        // A large limit is still safe: the parser keeps its own stack.
        #expect(error(bytes, maxDepth: 2_000_000)?.message == "unexpected end of input")
    }
}

// MARK: - Round trips, fuzzing and the corpus

@Suite("JSONParser: generated input")
struct JSONParserGeneratedTests {
    @Test func roundTripsOfRandomValues() throws {
        var rng = JSONTestRandom(seed: 0x5EED_0001)
        for _ in 0..<3000 {
            let value = JSONTestSupport.randomValue(&rng)
            let written = JSONTestSupport.bytes(value)
            let parsed = try JSONParser.parse(written)
            #expect(parsed == value)
            // Sorted output parses to the same members, and sorting is idempotent.
            let sorted = JSONTestSupport.bytes(value, sortedKeys: true)
            #expect(JSONTestSupport.bytes(try JSONParser.parse(sorted), sortedKeys: true) == sorted)
            // Whitespace between tokens does not matter.
            let spaced = JSONWriter.string(value).utf8.flatMap { c -> [UInt8] in
                c == UInt8(ascii: ",") || c == UInt8(ascii: ":") ? [0x20, c, 0x0A] : [c]
            }
            if !containsStringWithPunctuation(value) {
                #expect(try JSONParser.parse(spaced) == value)
            }
        }
    }

    private func containsStringWithPunctuation(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): return s.contains(",") || s.contains(":")
        case .array(let a): return a.contains { containsStringWithPunctuation($0) }
        case .object(let o): return o.contains { $0.key.contains(",") || $0.key.contains(":") || containsStringWithPunctuation($0.value) }
        default: return false
        }
    }

    @Test func mutationFuzz() throws {
        var rng = JSONTestRandom(seed: 0xF022_2026)
        var seeds: [[UInt8]] = (0..<200).map { _ in JSONTestSupport.bytes(JSONTestSupport.randomValue(&rng)) }
        seeds += [
            Array(#"{"type":"trade","price":"1.5","amount":17,"ts":"2026-11-21T10:00:00.000Z"}"#.utf8),
            Array(#"["\ud83d\ude00","\u00e9\n",1e400,-0.5E-3,{"a":[true,false,null]}]"#.utf8),
            Array("\"é😀𝄞\u{10FFFF}\"".utf8),
        ]
        let interesting: [UInt8] = Array(#"{}[],:"\/u0123456789eE+-.tfn "#.utf8) + [0x00, 0x0A, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]
        var parsedCount = 0
        for _ in 0..<20_000 {
            var doc = rng.pick(seeds)
            for _ in 0...rng.below(4) {
                switch rng.below(5) {
                case 0 where !doc.isEmpty:
                    doc[rng.below(doc.count)] ^= UInt8(1 << rng.below(8))
                case 1:
                    doc.insert(rng.chance(50) ? rng.pick(interesting) : UInt8(truncatingIfNeeded: rng.next()), at: rng.below(doc.count + 1))
                case 2 where !doc.isEmpty:
                    doc.remove(at: rng.below(doc.count))
                case 3 where !doc.isEmpty:
                    let start = rng.below(doc.count)
                    let end = min(doc.count, start + rng.below(12))
                    doc.insert(contentsOf: doc[start..<end], at: rng.below(doc.count + 1))
                case 4 where !doc.isEmpty:
                    doc.removeLast(rng.below(doc.count))
                default:
                    break
                }
            }
            let result: Result<JSONValue, JSONParseError> = doc.withUnsafeBytes { raw in
                do throws(JSONParseError) { return .success(try JSONParser.parse(raw, maxDepth: 8)) } catch { return .failure(error) }
            }
            switch result {
            case .success(let value):
                parsedCount += 1
                let rewritten = JSONTestSupport.bytes(value)
                #expect(try JSONParser.parse(rewritten) == value)
                #expect(JSONTestSupport.bytes(try JSONParser.parse(rewritten)) == rewritten)
            case .failure(let e):
                #expect(e.offset >= 0 && e.offset <= doc.count)
                #expect(!e.message.isEmpty)
            }
        }
        // Some mutations must stay valid, or the loop tested only the error paths.
        #expect(parsedCount > 500)
    }

    @Test func corpus() throws {
        let directory = JSONTestSupport.fixturesDirectory + "/json-corpus"
        let files = JSONTestSupport.listDirectory(directory).filter { $0.hasSuffix(".json") }
        try #require(files.count >= 30, "corpus not found at \(directory)")
        // What this parser does with the implementation-defined cases.
        let implementationDefined: [String: Bool] = [
            "i_bom_utf8.json": false,
            "i_string_noncharacter_escape.json": true,
            "i_number_very_long.json": true,
            "i_utf16le.json": false,
        ]
        for name in files {
            let bytes = try #require(JSONTestSupport.readFile(directory + "/" + name))
            let failure = JSONTestSupport.parseError(bytes)
            if name.hasPrefix("y_") {
                #expect(failure == nil, "\(name): \(failure?.message ?? "")")
                if failure == nil {
                    let value = try JSONParser.parse(bytes)
                    #expect(try JSONParser.parse(JSONTestSupport.bytes(value)) == value, "\(name)")
                }
            } else if name.hasPrefix("n_") {
                #expect(failure != nil, "\(name) was accepted")
            } else if name.hasPrefix("i_") {
                guard let expected = implementationDefined[name] else {
                    Issue.record("\(name) has no pinned outcome")
                    continue
                }
                #expect((failure == nil) == expected, "\(name): \(failure?.message ?? "accepted")")
            }
        }
    }
}

extension JSONValue {
    fileprivate var wrappedInArray: JSONValue { .array([self]) }
}

extension String {
    fileprivate var jsonEscaped: String {
        var out: [UInt8] = []
        JSONWriter.writeString(self, into: &out)
        return String(decoding: out.dropFirst().dropLast(), as: UTF8.self)
    }
}
