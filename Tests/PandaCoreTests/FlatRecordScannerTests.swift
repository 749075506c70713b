import Testing

@testable import PandaCore

/// The fast path must never disagree with `JSONParser`: whenever it accepts a line, the parser accepts it
/// too and every looked-up field has the same kind and text.
@Suite struct FlatRecordScannerTests {
    static let keys = ["type", "symbol", "price", "amount", "ts", "ok"]

    func scan(_ scanner: FlatRecordScanner, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { scanner.scan($0) }
    }

    /// Checks the scanner against the parser on one line; returns whether the scanner accepted it.
    @discardableResult
    func agree(_ scanner: FlatRecordScanner, _ doc: [UInt8]) -> Bool {
        doc.withUnsafeBytes { raw in
            guard scanner.scan(raw) else { return false }
            let parsed: JSONValue
            do throws(JSONParseError) { parsed = try JSONParser.parse(raw) } catch {
                Issue.record("scanner accepted what the parser refuses (\(error.message)): \(String(decoding: doc, as: UTF8.self))")
                return true
            }
            guard case .object(let object) = parsed else {
                Issue.record("scanner accepted a non-object: \(String(decoding: doc, as: UTF8.self))")
                return true
            }
            for (k, key) in FlatRecordScannerTests.keys.enumerated() {
                switch object[key] {
                case nil:
                    #expect(scanner.kind(k) == .absent, "key \(key)")
                case .string(let s)?:
                    #expect(scanner.string(k).map { Array($0) } == Array(s.utf8), "key \(key)")
                case .number(let n)?:
                    #expect(scanner.number(k).map { Array($0) } == Array(n.text.utf8), "key \(key)")
                case .bool?, .null?:
                    #expect(scanner.kind(k) == .literal, "key \(key)")
                default:
                    Issue.record("scanner accepted a nested value for \(key)")
                }
            }
            return true
        }
    }

    @Test func readsATradeRecord() throws {
        let s = FlatRecordScanner(keys: FlatRecordScannerTests.keys)
        func text(_ b: UnsafeRawBufferPointer?) -> String? { b.map { String(decoding: $0, as: UTF8.self) } }
        let line = Array(#" { "type":"trade", "symbol" : "FNET","price":"1.500000","amount":17,"ts":"2026-11-21T10:00:00.000Z","ok":true,"x":null } "#.utf8)
        line.withUnsafeBytes { raw in
            #expect(s.scan(raw))
            #expect(text(s.string(0)) == "trade")
            #expect(text(s.string(1)) == "FNET")
            #expect(text(s.string(2)) == "1.500000")
            #expect(text(s.number(3)) == "17")
            #expect(s.string(3) == nil)
            #expect(text(s.string(4)) == "2026-11-21T10:00:00.000Z")
            #expect(s.kind(5) == .literal)
        }
        Array(#"{"price":2}"#.utf8).withUnsafeBytes { raw in
            #expect(s.scan(raw))
            #expect(s.kind(0) == .absent && s.kind(4) == .absent)
            #expect(text(s.number(2)) == "2")
        }
        #expect(scan(s, "{}"))
        #expect(scan(s, " {\t} \r"))
    }

    @Test(arguments: [
        #"{"type":"trade","type":"trade"}"#,  // duplicate key
        #"{"a":1,"b":2,"a":3}"#,
        #"{"type":"tr\u0061de"}"#,  // escapes
        #"{"type":"trädé"}"#,  // non-ASCII text
        #"{"meta":{}}"#, #"{"list":[1]}"#,  // nested values
        #"{"amount":01}"#, #"{"amount":1.}"#, #"{"amount":-}"#, #"{"amount":1e}"#, #"{"amount":.5}"#,
        #"{"ok":tru}"#, #"{"ok":nulll}"#, #"{"ok":fals}"#,
        #"{"a":1,}"#, #"{"a":1 "b":2}"#, #"{"a" 1}"#, #"{"a":1}x"#, #"{"a":1"#, #"{"a":"x}"#, "[1]", "\"x\"", "{",
        "{\"a\":\"\u{1}\"}",
    ])
    func leavesUnusualOrInvalidLinesToTheParser(_ line: String) {
        let s = FlatRecordScanner(keys: FlatRecordScannerTests.keys)
        #expect(!scan(s, line))
    }

    @Test func agreesWithTheParserOnMutatedRecords() {
        let scanner = FlatRecordScanner(keys: FlatRecordScannerTests.keys)
        var rng = JSONTestRandom(seed: 0x0C1C_2026)
        var seeds: [[UInt8]] = [
            Array(#"{"type":"trade","venue":"book","symbol":"FNET","price":"1.500000","amount":17,"ts":"2026-11-21T10:00:00.000Z","seq":4}"#.utf8),
            Array(#"{"type":"trade","symbol":"GPTX","price":0.25,"amount":3,"ok":false,"ts":"2026-11-21T10:00:00Z"}"#.utf8),
            Array(#"{ "type" : "candle" , "open" : "1" , "ok" : null }"#.utf8),
        ]
        for _ in 0..<100 {
            var object = JSONObject()
            for _ in 0..<rng.below(8) {
                let key = rng.chance(50) ? rng.pick(FlatRecordScannerTests.keys) : JSONTestSupport.randomString(&rng)
                let value: JSONValue = switch rng.below(4) {
                case 0: .string(JSONTestSupport.randomString(&rng))
                case 1: .number(JSONNumber(validated: JSONTestSupport.randomNumberText(&rng)))
                case 2: rng.chance(50) ? .null : .bool(rng.chance(50))
                default: .string(rng.pick(["trade", "FNET", "1.5", "2026-11-21T10:00:00Z"]))
                }
                if object[key] == nil { object.appendUnique(key, value) }
            }
            seeds.append(JSONTestSupport.bytes(.object(object)))
        }
        let interesting: [UInt8] = Array(#"{}[],:"\u0123456789eE+-.tfn "#.utf8) + [0x00, 0x09, 0x0D, 0x7F, 0x80, 0xC3, 0xFF]
        var accepted = 0
        var refused = 0
        for round in 0..<30_000 {
            var doc = rng.pick(seeds)
            if round % 10 != 0 {
                for _ in 0...rng.below(3) {
                    switch rng.below(4) {
                    case 0 where !doc.isEmpty: doc[rng.below(doc.count)] ^= UInt8(1 << rng.below(8))
                    case 1: doc.insert(rng.pick(interesting), at: rng.below(doc.count + 1))
                    case 2 where !doc.isEmpty: doc.remove(at: rng.below(doc.count))
                    case 3 where !doc.isEmpty:
                        let start = rng.below(doc.count)
                        let end = min(doc.count, start + rng.below(12))
                        doc.insert(contentsOf: doc[start..<end], at: rng.below(doc.count + 1))
                    default: break
                    }
                }
            }
            if agree(scanner, doc) { accepted += 1 } else { refused += 1 }
        }
        // Both outcomes must be common, or the loop checked only one side.
        #expect(accepted > 1_000)
        #expect(refused > 1_000)
    }

    @Test func plainDecimalsAgreeWithAmountParsing() throws {
        var rng = JSONTestRandom(seed: 0xDEC1_2026)
        var fast = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<(1 + rng.below(rng.chance(10) ? 24 : 8)) { text += String(rng.below(10)) }
            if rng.chance(70) {
                text += "."
                for _ in 0..<rng.below(rng.chance(10) ? 22 : 10) { text += String(rng.below(10)) }
            }
            if rng.chance(5) { text = rng.pick(["-", "+", ""]) + text + rng.pick(["", "e3", "x", " "]) }
            let plain = Array(text.utf8).withUnsafeBytes { Amount.units(plainDecimal: $0) }
            let slow = try? Amount(parsing: text).units
            if let plain {
                fast += 1
                #expect(plain == slow, "\(text)")
            }
        }
        #expect(fast > 10_000)
        #expect(Array("0.000000000000000001".utf8).withUnsafeBytes { Amount.units(plainDecimal: $0) } == 1)
        #expect(Array("9999999999999999999.999999999999999999".utf8).withUnsafeBytes { Amount.units(plainDecimal: $0) }
                == Int128(9_999_999_999_999_999_999) * Amount.one + 999_999_999_999_999_999)
        for refused in ["", ".5", "5.", "1.0000000000000000000", "00000000000000000000", "1e3", "-1", "1,5"] {
            #expect(Array(refused.utf8).withUnsafeBytes { Amount.units(plainDecimal: $0) } == nil, "\(refused)")
        }
    }

    @Test func timestampsFromBytesMatchTheStringParser() {
        for text in ["2026-11-21T10:00:00.000Z", "2026-11-21", "2026-02-29T00:00:00Z", "2024-02-29T23:59:59.9999+01:00",
                     "2026-11-21t10:00:00z", "2026-11-21 10:00:00Z", "2026-13-01T00:00:00Z", "2026-11-21T10:00", ""] {
            let fromBytes = Array(text.utf8).withUnsafeBytes { Timestamp(rfc3339Bytes: $0) }
            #expect(fromBytes == Timestamp(rfc3339: text), "\(text)")
        }
    }
}
