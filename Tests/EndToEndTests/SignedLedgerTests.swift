import PandaCore
import Testing

/// A signed ledger with an admin key and a user key, both plain hex key files (mode 0600).
struct SignedFixture {
    let dir = TempDir()
    let path: String
    var adminKey: String { dir.file("admin.key") }
    var aliceKey: String { dir.file("alice.key") }
    var malloryKey: String { dir.file("mallory.key") }
    let admin: String
    let alice: String
    let mallory: String

    init() {
        func keygen(_ file: String) -> String {
            let r = Harness.run("pandactl-sign", ["keygen", "--out", file, "--plain"])
            precondition(r.status == 0, r.stderr)
            return r.records.first!["address"]!.stringValue!
        }
        path = TestEngine.ledger(in: dir, "signed.db")
        admin = keygen(dir.file("admin.key"))
        alice = keygen(dir.file("alice.key"))
        mallory = keygen(dir.file("mallory.key"))
        let i = Harness.run("pandactl", ["init", "--ledger", path, "--admin-key", dir.file("admin.key"), "--chain-id", "e2e-signed"])
        precondition(i.status == 0, i.stderr)
        let f = Harness.run("pandactl", ["fund", "--ledger", path, "--key", dir.file("admin.key"), "--to", alice, "--amount", "100"])
        precondition(f.status == 0, f.stderr)
    }

    func run(_ program: String, _ args: [String], input: String? = nil) -> Harness.Result {
        Harness.run(program, args, stdin: input.map { Array($0.utf8) })
    }

    /// One transfer from alice, signed offline by `pandactl-sign sign`, as a JSON object.
    func signedTransfer(amount: String = "1", nonce: Int? = nil, chain: String = "e2e-signed", key: String? = nil) throws -> JSONObject {
        var line = #"{"op":"transfer","to":"\#(admin)","amount":"\#(amount)""#
        if let nonce { line += #","nonce":\#(nonce)"# }
        line += "}\n"
        let r = run("pandactl-sign", ["sign", "--key", key ?? aliceKey, "--chain-id", chain], input: line)
        precondition(r.status == 0, r.stderr)
        return try #require(r.records.first)
    }

    func apply(_ object: JSONObject) -> Harness.Result {
        run("pandactl", ["--ledger", path], input: JSONWriter.string(.object(object)) + "\n")
    }

    func snapshot() -> String {
        run("pandactl", ["log", "--ledger", path]).stdout + run("pandactl", ["accounts", "--ledger", path]).stdout
    }
}

@Suite struct SignedLedgerEndToEnd {
    @Test func acceptsACorrectlySignedRequestOnceAndAuditsIt() throws {
        let f = SignedFixture()
        let signed = try f.signedTransfer()
        #expect(signed["from"]?.stringValue == f.alice)
        let first = f.apply(signed)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.records.first?["from"]?.stringValue == f.alice)
        let again = f.apply(signed)
        #expect(again.status == 1)
        #expect(again.errorCodes == ["replayed_nonce"])
        let verify = f.run("pandactl-sign", ["verify", "--chain-id", "e2e-signed"], input: JSONWriter.string(.object(signed)) + "\n")
        #expect(verify.status == 0)
        #expect(verify.records.first?["address"]?.stringValue == f.alice)
        #expect(f.run("pandactl", ["audit", "--ledger", f.path]).status == 0)
    }

    @Test func refusesForgeriesWithTheirCodesAndChangesNothing() throws {
        let f = SignedFixture()
        let good = try f.signedTransfer(amount: "2", nonce: 42)
        let sig = try #require(good["sig"]?.stringValue)
        var cases: [(String, JSONObject, String)] = []
        var wrongSigner = try f.signedTransfer(amount: "2", nonce: 43, key: f.malloryKey)
        wrongSigner["from"] = .string(f.alice)
        cases.append(("wrong signer", wrongSigner, "bad_signature"))
        var edited = good
        edited["amount"] = "20"
        cases.append(("edited field", edited, "bad_signature"))
        cases.append(("other chain", try f.signedTransfer(amount: "2", nonce: 44, chain: "elsewhere"), "wrong_chain"))
        var truncated = good
        truncated["sig"] = .string(String(sig.dropLast(4)))
        cases.append(("truncated signature", truncated, "bad_signature"))
        // High-S: s' = n − s with the recovery id flipped is the same signature in the other form.
        var highS = good
        highS["sig"] = .string(flipToHighS(sig))
        cases.append(("high-S signature", highS, "bad_signature"))
        var unsigned = good
        unsigned["sig"] = nil
        cases.append(("unsigned", unsigned, "bad_signature"))
        var withTs = try f.signedTransfer(amount: "2", nonce: 45)
        withTs["sig"] = nil
        withTs["ts"] = "2020-01-01T00:00:00Z"
        let tsSigned = f.run("pandactl-sign", ["sign", "--key", f.aliceKey], input: JSONWriter.string(.object(withTs)) + "\n")
        cases.append(("ts from a non-admin", try #require(tsSigned.records.first), "ts_not_allowed"))

        let before = f.snapshot()
        for (what, object, code) in cases {
            let r = f.apply(object)
            #expect(r.status == 1, "\(what)")
            #expect(r.errorCodes == [code], "\(what): \(r.stdout)")
            #expect(f.snapshot() == before, "\(what) changed the ledger")
        }
        // The untouched request still applies; then its nonce is spent.
        #expect(f.apply(good).status == 0)
        #expect(f.apply(good).errorCodes == ["replayed_nonce"])
        #expect(f.run("pandactl", ["audit", "--ledger", f.path]).status == 0)
    }

    @Test func keyFlagSignsAndRolesHold() {
        let f = SignedFixture()
        let t = f.run("pandactl", ["transfer", "--ledger", f.path, "--key", f.aliceKey, "--to", f.mallory, "--amount", "3"])
        #expect(t.status == 0, "\(t.stderr)")
        let lines = (0..<5).map { _ in #"{"op":"transfer","to":"\#(f.mallory)","amount":"1"}"# }.joined(separator: "\n") + "\n"
        let batch = f.run("pandactl", ["--ledger", f.path, "--key", f.aliceKey], input: lines)
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.records(ofType: "receipt").count == 5)
        let notAdmin = f.run("pandactl", ["fund", "--ledger", f.path, "--key", f.aliceKey, "--to", f.alice, "--amount", "1"])
        #expect(notAdmin.status == 77)
        #expect(notAdmin.errorCodes == ["not_authorized"])
        let unsigned = f.run("pandactl", ["transfer", "--ledger", f.path, "--from", f.alice, "--to", f.mallory, "--amount", "1"])
        #expect(unsigned.status == 77)
        #expect(unsigned.errorCodes == ["bad_signature"])
        #expect(f.run("pandactl", ["audit", "--ledger", f.path]).status == 0)
    }

    @Test func keyFilesReadableByOthersAreRefused() {
        let f = SignedFixture()
        Harness.sh("chmod 644 '\(f.aliceKey)'")
        let r = f.run("pandactl", ["transfer", "--ledger", f.path, "--key", f.aliceKey, "--to", f.mallory, "--amount", "1"])
        #expect(r.status == 77)
        #expect(r.errorCodes == ["key_file_permissions"])
        let s = f.run("pandactl-sign", ["address", "--key", f.aliceKey])
        #expect(s.status == 77)
    }

    @Test func encryptedKeystoresNeedTheirPassphrase() {
        let dir = TempDir()
        let k = Harness.run("pandactl-sign", ["keygen", "--out", dir.file("k.json"), "--light"], env: ["PANDA_PASSPHRASE": "correct horse"])
        #expect(k.status == 0)
        #expect(k.records.first?["encrypted"] == true)
        let ok = Harness.run("pandactl-sign", ["address", "--key", dir.file("k.json")], env: ["PANDA_PASSPHRASE": "correct horse"])
        #expect(ok.records.first?["address"] == k.records.first?["address"])
        let wrong = Harness.run("pandactl-sign", ["address", "--key", dir.file("k.json")], env: ["PANDA_PASSPHRASE": "wrong"])
        #expect(wrong.status == 77)
        #expect(wrong.errorCodes == ["bad_passphrase"])
        let none = Harness.run("pandactl-sign", ["address", "--key", dir.file("k.json")])
        #expect(none.errorCodes == ["bad_passphrase"])
    }

    @Test func messagesHashesFilesAndCosmos() throws {
        let dir = TempDir()
        #expect(Harness.run("pandactl-sign", ["keygen", "--out", dir.file("k"), "--plain"]).status == 0)
        let m = Harness.run("pandactl-sign", ["sign", "--key", dir.file("k"), "--message", "hello"])
        let sig = try #require(m.records.first?["signature"]?.stringValue)
        let address = try #require(m.records.first?["address"]?.stringValue)
        let v = Harness.run("pandactl-sign", ["verify", "--message", "hello", "--signature", sig, "--address", address])
        #expect(v.status == 0)
        #expect(Harness.run("pandactl-sign", ["verify", "--message", "hello!", "--signature", sig, "--address", address]).status == 1)
        Harness.writeFile(dir.file("bundle.bin"), Array(repeating: 7, count: 100_000))
        let fs = Harness.run("pandactl-sign", ["sign", "--key", dir.file("k"), "--file", dir.file("bundle.bin")])
        let fsig = try #require(fs.records.first?["signature"]?.stringValue)
        #expect(Harness.run("pandactl-sign", ["verify", "--file", dir.file("bundle.bin"), "--signature", fsig, "--address", address]).status == 0)
        Harness.writeFile(dir.file("bundle.bin"), Array(repeating: 7, count: 99_999) + [8])
        #expect(Harness.run("pandactl-sign", ["verify", "--file", dir.file("bundle.bin"), "--signature", fsig, "--address", address]).status == 1)
        let c = Harness.run("pandactl-sign", ["sign", "--key", dir.file("k"), "--scheme", "cosmos", "--message", "hello"])
        let csig = try #require(c.records.first?["signature"]?.stringValue)
        let cpub = try #require(c.records.first?["pubkey"]?.stringValue)
        #expect(Harness.run("pandactl-sign", ["verify", "--scheme", "cosmos", "--message", "hello", "--signature", csig, "--pubkey", cpub]).status == 0)
        let line = #"{"message":"hello","signature":"\#(csig)","pubkey":"\#(cpub)"}"# + "\n"
        #expect(Harness.run("pandactl-sign", ["verify"], input: line).records.first?["ok"] == true)
        let hash = "0x" + String(repeating: "ab", count: 32)
        let h = Harness.run("pandactl-sign", ["sign", "--key", dir.file("k"), "--hash", hash])
        let hsig = try #require(h.records.first?["signature"]?.stringValue)
        #expect(Harness.run("pandactl-sign", ["recover", "--hash", hash, "--signature", hsig]).records.first?["address"]?.stringValue == address)
    }
}

/// The same signature with s replaced by n − s and v flipped (valid ECDSA, but high-S).
func flipToHighS(_ hex: String) -> String {
    let n: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
                      0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41]
    var bytes = hexBytes(hex)
    var s = Array(bytes[32..<64])
    var borrow = 0
    for i in (0..<32).reversed() {
        var d = Int(n[i]) - Int(s[i]) - borrow
        borrow = d < 0 ? 1 : 0
        if d < 0 { d += 256 }
        s[i] = UInt8(d)
    }
    bytes.replaceSubrange(32..<64, with: s)
    bytes[64] = bytes[64] == 27 ? 28 : 27
    return "0x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

func hexBytes(_ hex: String) -> [UInt8] {
    let chars = Array(hex.dropFirst(2).utf8)
    return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}
