import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

@testable import PandaCore

/// The published JSONTestSuite (github.com/nst/JSONTestSuite, MIT, copied into
/// Tests/Fixtures/JSONTestSuite/ with its licence) run file by file against `JSONParser`:
/// every `y_` file accepted except the duplicate-key ones (refused on purpose: I-JSON, and a signed
/// request must mean one thing), every `n_` file refused with a clear error (a message and an offset
/// inside the input), and every `i_` file doing what `expectations.txt` beside the files says.
@Suite("JSONTestSuite")
struct JSONTestSuiteTests {
    static let directory = JSONTestSupport.fixturesDirectory + "/JSONTestSuite"

    /// The `y_` files refused on purpose, and the error they must give.
    static let refusedOnPurpose: [String: String] = [
        "y_object_duplicated_key.json": "duplicate key",
        "y_object_duplicated_key_and_value.json": "duplicate key",
    ]

    /// `expectations.txt`: `name<spaces>accepted|refused<spaces>why` for every `i_` file.
    static func expectations() throws -> [String: Bool] {
        let bytes = try #require(JSONTestSupport.readFile(directory + "/expectations.txt"), "no expectations.txt")
        var out: [String: Bool] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2 else { continue }
            let name = String(fields[0])
            #expect(out[name] == nil, "\(name) listed twice in expectations.txt")
            switch fields[1] {
            case "accepted": out[name] = true
            case "refused": out[name] = false
            default: Issue.record("expectations.txt: '\(fields[1])' for \(name) is neither accepted nor refused")
            }
        }
        return out
    }

    static func files(_ prefix: String) throws -> [String] {
        let all = JSONTestSupport.listDirectory(directory + "/test_parsing").filter { $0.hasSuffix(".json") }
        try #require(all.count == 318, "JSONTestSuite not found at \(directory)/test_parsing (\(all.count) files)")
        return all.filter { $0.hasPrefix(prefix) }
    }

    static func read(_ name: String) throws -> [UInt8] {
        try #require(JSONTestSupport.readFile(directory + "/test_parsing/" + name), "cannot read \(name)")
    }

    @Test func everyYFileIsAcceptedButDuplicateKeys() throws {
        let names = try Self.files("y_")
        #expect(names.count == 95)
        var accepted = 0
        for name in names {
            let bytes = try Self.read(name)
            let failure = JSONTestSupport.parseError(bytes)
            if let why = Self.refusedOnPurpose[name] {
                #expect(failure?.message.contains(why) == true, "\(name): \(failure?.message ?? "accepted")")
                continue
            }
            #expect(failure == nil, "\(name) refused: \(failure?.message ?? "")")
            guard failure == nil else { continue }
            accepted += 1
            // What we accept, we write back so that it parses to the same value.
            let value = try JSONParser.parse(bytes)
            let again = try JSONParser.parse(JSONTestSupport.bytes(value))
            #expect(again == value, "\(name) does not round-trip")
        }
        #expect(accepted == 93)
    }

    @Test func everyNFileIsRefusedWithAClearError() throws {
        let names = try Self.files("n_")
        #expect(names.count == 188)
        for name in names {
            let bytes = try Self.read(name)
            guard let failure = JSONTestSupport.parseError(bytes) else {
                Issue.record("\(name) was accepted")
                continue
            }
            #expect(!failure.message.isEmpty, "\(name): empty message")
            #expect(failure.offset >= 0 && failure.offset <= bytes.count, "\(name): offset \(failure.offset) outside the input")
        }
    }

    @Test func everyIFileDoesWhatExpectationsSay() throws {
        let names = try Self.files("i_")
        let expected = try Self.expectations()
        #expect(names.count == 35)
        #expect(Set(expected.keys) == Set(names), "expectations.txt lists other files than test_parsing/i_*")
        for name in names {
            let bytes = try Self.read(name)
            let failure = JSONTestSupport.parseError(bytes)
            guard let accept = expected[name] else { continue }
            #expect((failure == nil) == accept, "\(name): \(failure?.message ?? "accepted")")
            if let failure { #expect(!failure.message.isEmpty, "\(name): empty message") }
        }
    }

    /// Prints what the parser does with every file (PANDACTL_JSONTS_PRINT=1), to write expectations.txt.
    @Test(.enabled(if: getenv("PANDACTL_JSONTS_PRINT") != nil)) func printOutcomes() throws {
        for name in try Self.files("") {
            let failure = JSONTestSupport.parseError(try Self.read(name))
            print("OUTCOME \(name) \(failure == nil ? "accepted" : "refused") \(failure?.message ?? "")")
        }
    }
}
