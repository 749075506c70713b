import PandaCore
import Testing

@testable import PandaCrypto

private typealias S = SigTestSupport

private let chain = "panda-test-1"
private let keyOne = S.key("0000000000000000000000000000000000000000000000000000000000000001")
private let keyTwo = S.key("0000000000000000000000000000000000000000000000000000000000000002")

private func object(_ text: String) throws -> JSONObject {
    guard let o = try JSONParser.parse(text).objectValue else { throw PandaError(.invalid_request, "not an object") }
    return o
}

private func request(from key: PrivateKey, nonce: Int = 1, extra: JSONObject = [:]) -> JSONObject {
    var r: JSONObject = ["op": "transfer", "to": "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF", "amount": "12.5"]
    for (k, v) in extra { r[k] = v }
    r["from"] = .string(key.address)
    r["nonce"] = .number(JSONNumber(nonce))
    r["chain"] = .string(chain)
    return r
}

private func authError(_ r: JSONObject, chainID: String = chain) -> PandaError? {
    do { _ = try RequestSigning.authenticate(r, chainID: chainID) } catch { return error }
    return nil
}

// MARK: - EIP-191

// Computed with eth-account (`_hash_eip191_message(encode_defunct(text=…))`).
@Test func personalMessageHashes() {
    #expect(PersonalMessage.hash("hello").hexString == "50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750")
    #expect(PersonalMessage.hash("").hexString == "5f35dce98ba4fba25530a026ed80b2cecdaa31091ba4958b99b52ea1d068adad")
}

// eth-account: Account.sign_message(encode_defunct(text="hello"), key 1).
@Test func personalSignMatchesEthAccount() throws {
    let sig = Secp256k1.sign(digest: PersonalMessage.hash("hello"), key: keyOne)
    #expect(
        sig.hex
            == "0xe5ddc160e4c8f92de507c7db9b982d4f9b7197bfa421864aeadc586bc96b09ae"
            + "0ba0c5b131650ae4994cff1839341d00f3735ef5abc62ac8fe2cf50f65208e2a1b")
}

// MARK: - Signing and recovering

@Test func signingBytesAreCanonicalWithoutSig() throws {
    let r = try object(#"{"op":"x","b":[1.0,2],"a":"é","sig":"0xdead","nonce":3}"#)
    #expect(String(decoding: try RequestSigning.signingBytes(of: r), as: UTF8.self) == #"{"a":"é","b":[1,2],"nonce":3,"op":"x"}"#)
    // A sig in any position, or none, gives the same bytes.
    let r2 = try object(#"{"sig":"0x00","nonce":3,"op":"x","a":"é","b":[1,2]}"#)
    #expect(try RequestSigning.signingBytes(of: r2) == RequestSigning.signingBytes(of: r))
}

@Test func signThenAuthenticate() throws {
    let unsigned = request(from: keyOne, nonce: 42)
    let signed = try RequestSigning.sign(unsigned, key: keyOne)
    #expect(signed.keys.last == "sig")
    #expect(signed["sig"]?.stringValue?.utf8.count == 132)
    #expect(try RequestSigning.signer(of: signed) == keyOne.address)
    #expect(try RequestSigning.authenticate(signed, chainID: chain) == keyOne.address)
    // Re-signing replaces the signature; deterministic.
    let again = try RequestSigning.sign(signed, key: keyOne)
    #expect(again == signed)
    // Through text (the form it travels in) and back.
    let reparsed = try object(JSONWriter.string(.object(signed)))
    #expect(try RequestSigning.authenticate(reparsed, chainID: chain) == keyOne.address)
    // Lowercase `from` names the same account.
    var lower = unsigned
    lower["from"] = .string(keyOne.address.lowercased())
    #expect(try RequestSigning.authenticate(try RequestSigning.sign(lower, key: keyOne), chainID: chain) == keyOne.address)
}

@Test func authenticationRefusals() throws {
    let signed = try RequestSigning.sign(request(from: keyOne), key: keyOne)

    // Missing fields.
    for field in ["from", "nonce", "chain"] {
        var r = signed
        r[field] = nil
        #expect(authError(r)?.code == .missing_field, "\(field)")
        #expect(authError(r)?.field == field)
    }
    var noSig = signed
    noSig["sig"] = nil
    #expect(authError(noSig)?.code == .bad_signature)
    #expect(authError(noSig)?.message.contains("missing") == true)

    // Another chain.
    let wrong = authError(signed, chainID: "panda-other")
    #expect(wrong?.code == .wrong_chain)
    #expect(wrong?.message.contains("panda-test-1") == true)
    #expect(wrong?.message.contains("panda-other") == true)

    // Signed by someone else than `from`: the message names both.
    var impostor = request(from: keyOne)
    impostor = try RequestSigning.sign(impostor, key: keyTwo)
    let e = authError(impostor)
    #expect(e?.code == .bad_signature)
    #expect(e?.message.contains(keyOne.address) == true)
    #expect(e?.message.contains(keyTwo.address) == true)

    // An edited field after signing.
    var edited = signed
    edited["amount"] = "12.6"
    #expect(authError(edited)?.code == .bad_signature)

    // `from` not an address, or with a broken checksum.
    var badFrom = signed
    badFrom["from"] = "alice"
    #expect(authError(badFrom)?.code == .invalid_account)
    badFrom["from"] = .string("0x7e5F4552091A69125d5DfCb7b8C2659029395Bdf")
    #expect(authError(badFrom)?.code == .invalid_account)
    badFrom["from"] = 5
    #expect(authError(badFrom)?.code == .invalid_account)

    // `chain` of the wrong type.
    var badChain = signed
    badChain["chain"] = 1
    #expect(authError(badChain)?.code == .invalid_request)
}

@Test func nonceRange() throws {
    func nonceError(_ text: String) throws -> PandaError? {
        var r = request(from: keyOne)
        r["nonce"] = try JSONParser.parse(text)
        // A nonce that canonical JSON cannot hold exactly cannot even be signed.
        guard let signed = try? RequestSigning.sign(r, key: keyOne) else {
            r["sig"] = .string(try RequestSigning.sign(request(from: keyOne), key: keyOne)["sig"]!.stringValue!)
            return authError(r)
        }
        return authError(signed)
    }
    for good in ["0", "1", "9007199254740991"] { #expect(try nonceError(good) == nil, "\(good)") }
    for bad in ["-1", "-0", "1.5", "1.0", "1e3", "9007199254740992", "18446744073709551616", "\"7\"", "true", "[1]"] {
        let e = try nonceError(bad)
        #expect(e?.code == .invalid_request, "\(bad)")
        #expect(e?.field == "nonce")
    }
}

@Test func signatureFieldRefusals() throws {
    let signed = try RequestSigning.sign(request(from: keyOne), key: keyOne)
    let sig = try RequestSigning.signature(of: signed)
    let cases: [(JSONValue, String)] = [
        (5, "must be a 0x hex string"),
        (.string("0xnothex"), "not hex"),
        (.string("0x" + Array(sig.bytes[0..<64]).hexString), "65 bytes"),  // truncated
        (.string(String(sig.hex.dropLast(2))), "65 bytes"),
        (.string(sig.hex + "00"), "65 bytes"),
        (.string("0x" + (sig.r + sig.s + [30]).hexString), "v is 30"),
        (.string("0x" + S.highS(sig).hexString), "high S"),
    ]
    for (value, reason) in cases {
        var r = signed
        r["sig"] = value
        let e = authError(r)
        #expect(e?.code == .bad_signature, "\(value)")
        #expect(e?.message.contains(reason) == true, "\(value): \(e?.message ?? "accepted")")
        #expect(e?.field == "sig")
    }
    // v as 0/1 is accepted.
    var r01 = signed
    r01["sig"] = .string("0x" + (sig.r + sig.s + [sig.recoveryID]).hexString)
    #expect(authError(r01) == nil)
}

@Test func inexactNumbersCannotBeSigned() throws {
    // 12345678901234567891 and 12345678901234567890 are the same double: a signature over one must
    // not cover the other, so neither can be signed as a number.
    var r = request(from: keyOne)
    r["amount"] = .number(JSONNumber(validated: "12345678901234567891"))
    #expect(throws: PandaError.self) { try RequestSigning.sign(r, key: keyOne) }
    var forged = try RequestSigning.sign(request(from: keyOne, extra: ["amount": .number(JSONNumber(validated: "1.5"))]), key: keyOne)
    forged["amount"] = .number(JSONNumber(validated: "1.50000000000000000001"))
    #expect(authError(forged)?.code == .invalid_request)
    // Other spellings of the same value are the same request.
    forged["amount"] = .number(JSONNumber(validated: "15e-1"))
    #expect(authError(forged) == nil)
}

/// Every single-bit change of a signed request line either fails to parse, fails
/// authentication, or leaves the request the same (e.g. the case of a hex digit in `sig`).
@Test func everyBitFlipIsCaught() throws {
    let signed = try RequestSigning.sign(
        request(from: keyOne, nonce: 77, extra: ["id": ["k": [1, .number(JSONNumber(validated: "2.5")), "z"]], "memo": "caf\u{E9}"]), key: keyOne)
    let line = Array(JSONWriter.string(.object(signed)).utf8)
    let original = try RequestSigning.signature(of: signed)
    var parsedVariants = 0
    for i in line.indices {
        for bit in 0..<8 {
            var variant = line
            variant[i] ^= UInt8(1 << bit)
            guard let value = try? JSONParser.parse(variant), let r = value.objectValue else { continue }
            parsedVariants += 1
            do {
                let who = try RequestSigning.authenticate(r, chainID: chain)
                // Accepted: only if it is the same request (same fields, same signature bytes).
                var a = r, b = signed
                a["sig"] = nil
                b["sig"] = nil
                #expect(a == b, "byte \(i) bit \(bit) accepted a changed request")
                #expect(try RequestSigning.signature(of: r) == original)
                #expect(who == keyOne.address)
            } catch {
                // Refused; fine.
            }
        }
    }
    #expect(parsedVariants > line.count)
}

// MARK: - Cross-checks with eth-account

/// Requests signed by eth-account (`Tests/Fixtures/eth/gen_signatures.py`): we compute the same
/// canonical text, recover the same signer, and produce the same signature bytes.
@Test func ethAccountSignedRequests() throws {
    let records = S.jsonLines("eth/signed_requests.jsonl")
    #expect(records.count >= 30)
    for record in records {
        guard let text = record["request"]?.stringValue, let canonicalText = record["canonical"]?.stringValue,
            let address = record["address"]?.stringValue, let sigHex = record["sig"]?.stringValue,
            let keyHex = record["key"]?.stringValue
        else {
            Issue.record("incomplete fixture record")
            continue
        }
        let r = try object(text)
        #expect(String(decoding: try RequestSigning.signingBytes(of: r), as: UTF8.self) == canonicalText)
        #expect(try RequestSigning.signer(of: r) == address)
        #expect(try RequestSigning.authenticate(r, chainID: "panda-fixture-7f3a") == address)
        let key = try PrivateKey(hex: keyHex)
        #expect(key.address == address)
        var unsigned = r
        unsigned["sig"] = nil
        #expect(try RequestSigning.sign(unsigned, key: key)["sig"]?.stringValue == sigHex)
    }
}

/// Requests we sign, committed as `Tests/Fixtures/eth/ours_signed.jsonl` for
/// `gen_signatures.py check` to verify with eth-account.
@Test func requestsWeSign() throws {
    var lines = ""
    let bodies: [JSONObject] = [
        ["op": "transfer", "to": "0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69", "amount": "0.000000000000000001"],
        ["op": "buy", "model": "house-prices", "amount": 3, "max_cost": "250", "id": ["n": 1, "tags": ["a", "\u{1F602}"]]],
        ["op": "note", "text": "tab\there \"quoted\" back\\slash \u{7} caf\u{E9} \u{20AC} \u{FB33} \u{1F600}", "\u{FB33}": 1, "\u{1F600}": 2],
        ["op": "set", "fee": .number(JSONNumber(validated: "1.50")), "big": .number(JSONNumber(validated: "1E21")),
         "tiny": .number(JSONNumber(validated: "1e-7")), "ok": true, "none": nil],
    ]
    for (ki, label) in ["pandactl eth ours 1", "pandactl eth ours 2", "pandactl eth ours 3"].enumerated() {
        let key = try PrivateKey(bytes: SHA256Hasher.hash(Array(label.utf8)))
        for (bi, body) in bodies.enumerated() {
            var r = body
            r["from"] = .string(key.address)
            r["nonce"] = .number(JSONNumber(ki * 100 + bi))
            r["chain"] = "panda-ours"
            let signed = try RequestSigning.sign(r, key: key)
            #expect(try RequestSigning.authenticate(signed, chainID: "panda-ours") == key.address)
            let record: JSONObject = [
                "address": .string(key.address),
                "canonical": .string(String(decoding: try RequestSigning.signingBytes(of: signed), as: UTF8.self)),
                "request": .object(signed),
                "sig": signed["sig"]!,
            ]
            lines += JSONWriter.string(.object(record)) + "\n"
        }
    }
    S.checkOrWriteFixture("eth/ours_signed.jsonl", lines)
}
