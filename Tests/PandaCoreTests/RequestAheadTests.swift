import Testing

@testable import PandaCore

/// A stream's requests are checked and put in canonical order on the thread that reads the lines
/// (`Request.workOutAhead`); the ledger then takes those outcomes instead of working them out again. They
/// must be the ones the ledger would have worked out itself, for any object, and must never describe an
/// object that changed since.
@Suite struct RequestAheadTests {
    static let keys = ["op", "to", "amount", "price", "name", "holder", "from", "id", "weights", "zeta", "Alpha", "é", "b", "a"]
    static let strings = ["12", "0.5", "-3", "1e5", "+1", "01", ".5", "bob", "0x0000000000000000000000000000000000000000",
                          "0x12", "0xAbCdEf0123456789abcdef0123456789ABCDEF01", "a\u{202E}b", "line\nbreak", "", "é"]

    static func value(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        switch rng.below(depth > 1 ? 4 : 6) {
        case 0: return .string(rng.pick(strings))
        case 1: return .number(JSONNumber(Int64(rng.below(1000)) - 500))
        case 2: return .bool(rng.chance(50))
        case 3: return .null
        case 4: return .object(object(&rng, depth: depth + 1))
        default: return .array((0..<rng.below(4)).map { _ in value(&rng, depth: depth + 1) })
        }
    }

    static func object(_ rng: inout SplitMix64, depth: Int = 0) -> JSONObject {
        var o = JSONObject()
        for _ in 0..<rng.below(7) { o[rng.pick(keys)] = value(&rng, depth: depth) }
        return o
    }

    static func outcome(_ body: () throws -> Void) -> PandaError? {
        do { try body(); return nil } catch { return error as? PandaError ?? PandaError(.internal_error, "\(error)") }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func outcomesWorkedOutAheadAreTheLedgersOwn(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let allowed: Set<String> = ["to", "amount", "price", "weights"]
        var refusedByFields = 0, refusedByConventions = 0
        for _ in 0..<2_000 {
            let plain = Request(object: Self.object(&rng))
            var ahead = plain
            ahead.workOutAhead(operation: "transfer", allowed: allowed)
            #expect(ahead.ahead != nil)
            let fields = Self.outcome { try plain.checkFields(allowed: allowed) }
            #expect(Self.outcome { try ahead.checkFields(allowed: allowed, operation: "transfer") } == fields)
            let conventions = Self.outcome { try FieldRules.check(plain.object) }
            #expect(Self.outcome { try ahead.checkConventions() } == conventions)
            #expect(ahead.canonicalObject == plain.object.canonicallyOrdered())
            #expect(JSONValue.object(ahead.canonicalObject).isCanonicallyOrdered)
            #expect(ahead.ahead?.canonicalText == JSONWriter.string(.object(plain.object), sortedKeys: true))
            // Worked out for another operation, the fields are checked again against the given ones.
            #expect(Self.outcome { try ahead.checkFields(allowed: ["name"], operation: "fund") }
                    == Self.outcome { try plain.checkFields(allowed: ["name"]) })
            // Without an operation, only the conventions and the order are worked out.
            var noOp = plain
            noOp.workOutAhead(operation: nil, allowed: nil)
            #expect(Self.outcome { try noOp.checkFields(allowed: allowed, operation: "transfer") } == fields)
            if fields != nil { refusedByFields += 1 }
            if conventions != nil { refusedByConventions += 1 }
        }
        // The objects reach both kinds of refusal, and acceptance.
        #expect(refusedByFields > 100 && refusedByFields < 1_900)
        #expect(refusedByConventions > 100 && refusedByConventions < 1_900)
    }

    @Test func aChangedObjectDropsWhatWasWorkedOut() throws {
        var r = Request(object: ["op": "transfer", "to": "0x12", "amount": "1"])
        r.workOutAhead(operation: "transfer", allowed: ["to", "amount"])
        #expect(throws: PandaError.self) { try r.checkConventions() }
        r.object["to"] = "bob"
        #expect(r.ahead == nil)
        try r.checkConventions()
        r.workOutAhead(operation: "transfer", allowed: ["to", "amount"])
        r.object = ["op": "transfer", "to": "bob", "amount": "1", "memo": "x"]
        #expect(r.ahead == nil)
        #expect(throws: PandaError.self) { try r.checkFields(allowed: ["to", "amount"], operation: "transfer") }
        #expect(r.canonicalObject.keys == ["amount", "memo", "op", "to"])
    }
}
