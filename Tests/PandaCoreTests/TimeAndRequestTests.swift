import Testing

@testable import PandaCore

@Test(arguments: [
    ("1970-01-01T00:00:00Z", Int64(0)), ("2026-11-21T23:57:41.123Z", Int64(1_795_305_461_123)),
    ("2026-11-22T00:57:41.123+01:00", Int64(1_795_305_461_123)), ("2000-02-29T12:00:00.5z", Int64(951_825_600_500)),
    ("1969-12-31T23:59:59Z", Int64(-1000)), ("2024-03-01", Int64(1_709_251_200_000)),
])
func rfc3339(text: String, ms: Int64) throws {
    let t = try #require(Timestamp(rfc3339: text))
    #expect(t.milliseconds == ms)
    #expect(Timestamp(rfc3339: t.rfc3339) == t)
}

@Test(arguments: ["", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2025-02-29", "2026-11-21T24:00:00Z",
                  "2026-11-21T10:00:00", "2026-11-21T10:00:00+1", "2026-11-21T10:00:00Zjunk", "yesterday"])
func rfc3339Rejects(text: String) {
    #expect(Timestamp(rfc3339: text) == nil)
}

@Test func rfc3339FormatIsFixedWidth() {
    #expect(Timestamp(milliseconds: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
    #expect(Timestamp(milliseconds: 1_795_305_461_123).rfc3339 == "2026-11-21T23:57:41.123Z")
}

@Test func timeSpans() {
    #expect(TimeSpan(parsing: "90s")?.milliseconds == 90_000)
    #expect(TimeSpan(parsing: "24h")?.description == "1d")
    #expect(TimeSpan(parsing: "7d")?.milliseconds == 604_800_000)
    #expect(TimeSpan(parsing: "500ms")?.milliseconds == 500)
    #expect(TimeSpan(parsing: "15m")?.description == "15m")
    #expect(TimeSpan(parsing: "m") == nil)
    #expect(TimeSpan(parsing: "-5s") == nil)
    #expect(TimeSpan(parsing: "99999999999999999999d") == nil)
}

@Test func requestFieldAccess() throws {
    let r = Request(object: ["op": "transfer", "to": "bob", "amount": .number(JSONNumber(validated: "1.25")), "n": 7, "flag": true])
    #expect(r.op == "transfer")
    #expect(try r.requireString("to") == "bob")
    #expect(try r.requireAmount("amount") == Amount(units: 1_250_000_000_000_000_000))
    #expect(try r.safeInteger("n") == 7)
    #expect(try r.bool("flag") == true)
    #expect(throws: PandaError.self) { try r.requireString("missing") }
    #expect(throws: PandaError.self) { try r.string("n") }
    #expect(throws: PandaError.self) { try r.checkFields(allowed: ["to"]) }
    try r.checkFields(allowed: ["to", "amount", "n", "flag"])
}

@Test func requestAmountsAndTokensRejectBadValues() {
    for bad: JSONValue in ["-1", "0", .number(JSONNumber(validated: "1e400")), "1.0000000000000000001", [1], ["a": 1], .null] {
        let r = Request(object: ["amount": bad])
        if bad.isNull {
            #expect((try? r.amount("amount")) == .some(nil))
        } else {
            #expect(throws: PandaError.self) { try r.requireAmount("amount") }
        }
    }
    for bad: JSONValue in ["-3", "2.5", "0", .number(JSONNumber(validated: "1e30")), "x"] {
        #expect(throws: PandaError.self) { try Request(object: ["amount": bad]).tokens("amount") }
    }
    #expect(throws: PandaError.self) { try Request(object: ["nonce": .number(JSONNumber(validated: "9007199254740992"))]).safeInteger("nonce") }
    #expect(throws: PandaError.self) { try Request(object: ["nonce": .number(JSONNumber(validated: "-1"))]).safeInteger("nonce") }
}

@Test func errorCodesAreStableAndMapped() {
    #expect(ErrorCode.insufficient_funds.exitStatus == .rejected)
    #expect(ErrorCode.malformed_json.exitStatus == .malformed)
    #expect(ErrorCode.bad_signature.exitStatus == .permission)
    #expect(ErrorCode.ledger_missing.exitStatus == .missing)
    #expect(ErrorCode.ledger_busy.exitStatus == .busy)
    for c in ErrorCode.allCases { #expect(!c.summary.isEmpty) }
}
