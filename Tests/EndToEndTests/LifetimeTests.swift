#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

/// Issue 15, cases 4, 5, 8 and 9: nonces outside the ledger, request lifetime (`expires`, `void`), journal
/// time, and values the ledger cannot read back.
@Suite struct LifetimeEndToEnd {
    // MARK: Case 4: the per-key nonce allocator

    /// 8 processes serving a bundle with one device key at once, 10,000 rows each: 80,000 distinct receipt
    /// numbers, and `settle` pays every one.
    @Test func concurrentEdgeReceiptsNeverRepeatANonceAndAllSettle() throws {
        let l = ModelEndToEnd.ledger()
        let dir = l.dir
        #expect(Harness.run("pandactl-sign", ["keygen", "--out", dir.file("owner.key"), "--plain"]).status == 0)
        let device = Harness.run("pandactl-sign", ["keygen", "--out", dir.file("device.key"), "--plain"])
        let deviceAddress = try #require(device.records.first?["address"]?.stringValue)
        #expect(Harness.run("pandactl-train", ["--symbol", "FNET", "--from", "owner", "--ledger", l.path], input: ModelEndToEnd.rows(300)).status == 0)
        let export = Harness.run("pandactl-train", ["export", "--symbol", "FNET", "--out", dir.file("fnet.tar.zst"), "--key", dir.file("owner.key"),
                                                    "--ledger", l.path])
        #expect(export.status == 0, "\(export.stderr)")
        let perProcess = 10_000, processes = 8
        Harness.writeFile(dir.file("rows.jsonl"), Array(ModelEndToEnd.rows(perProcess, seed: 5, label: false).utf8))
        // All started together by one shell; each writes its own receipts file.
        let script = (1...processes).map { i in
            "pandactl-predict --bundle '\(dir.file("fnet.tar.zst"))' --receipts '\(dir.file("usage\(i).jsonl"))' --key '\(dir.file("device.key"))' < '\(dir.file("rows.jsonl"))' > '\(dir.file("out\(i).jsonl"))' & pids=\"$pids $!\"; "
        }.joined() + "fail=0; for p in $pids; do wait $p || fail=1; done; exit $fail"
        let run = Harness.run("/bin/sh", ["-c", script])
        #expect(run.status == 0, "\(run.stderr)")
        var nonces: [Int64] = []
        var all = ""
        for i in 1...processes {
            let text = String(decoding: Harness.readFile(dir.file("usage\(i).jsonl")), as: UTF8.self)
            all += text
            for line in text.split(separator: "\n") {
                let o = try #require(try JSONParser.parse(String(line)).objectValue)
                let nonce = try #require(o["nonce"]?.numberValue?.int64Value)
                #expect(o["receipt"]?.numberValue?.int64Value == nonce)
                nonces.append(nonce)
            }
        }
        #expect(nonces.count == processes * perProcess)
        #expect(Set(nonces).count == processes * perProcess, "receipt numbers repeat across processes")
        // The device pays 0.01 per row: 800 PANDA for all of them.
        #expect(l.pandactl(["fund", "--to", deviceAddress, "--amount", "1000"]).status == 0)
        Harness.writeFile(dir.file("all.jsonl"), Array(all.utf8))
        let settle = Harness.run("pandactl-predict", ["settle", "--input", dir.file("all.jsonl"), "--ledger", l.path])
        #expect(settle.status == 0, "\(settle.stderr.prefix(500))")
        #expect(settle.errorCodes.isEmpty)
        #expect(settle.records(ofType: "receipt").count == processes * perProcess)
        #expect(l.pandactl(["balance", "--account", deviceAddress]).records.first?["panda"] == "200")
        #expect(l.auditPasses())
    }

    /// `pandactl-sign sign` draws nonces from the same state: concurrent signers never repeat one, and a
    /// signer killed mid-stream does not make the next run repeat what it handed out.
    @Test func offlineSignersShareTheKeysNonceStateAcrossProcessesAndCrashes() throws {
        let f = SignedFixture()
        let line = #"{"op":"transfer","to":"\#(f.admin)","amount":"0.001"}"# + "\n"
        Harness.writeFile(f.dir.file("lines.jsonl"), Array(String(repeating: line, count: 500).utf8))
        let script = (1...4).map { i in
            "pandactl-sign sign --key '\(f.aliceKey)' --chain-id e2e-signed < '\(f.dir.file("lines.jsonl"))' > '\(f.dir.file("signed\(i).jsonl"))' & "
        }.joined() + "wait"
        #expect(Harness.run("/bin/sh", ["-c", script]).status == 0)
        // One more signer, killed after its first line: it had reserved its block before printing anything.
        let crash = Harness.run("/bin/sh", ["-c", """
            (printf '%s' '\(line.dropLast())'; echo; sleep 5) | pandactl-sign sign --key '\(f.aliceKey)' --chain-id e2e-signed > '\(f.dir.file("killed.jsonl"))' &
            pid=$!; i=0; while [ ! -s '\(f.dir.file("killed.jsonl"))' ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; kill -9 $pid
            """])
        #expect(crash.status == 0 || crash.status == 137, "\(crash.stderr)")
        let after = try f.signedTransfer(amount: "0.001")
        var nonces: [Int64] = []
        var all = ""
        for name in ["signed1", "signed2", "signed3", "signed4", "killed"] {
            let text = String(decoding: Harness.readFile(f.dir.file(name + ".jsonl")), as: UTF8.self)
            all += text
            for l in text.split(separator: "\n") {
                nonces.append(try #require(try JSONParser.parse(String(l)).objectValue?["nonce"]?.numberValue?.int64Value))
            }
        }
        nonces.append(try #require(after["nonce"]?.numberValue?.int64Value))
        #expect(nonces.count == 4 * 500 + 2)
        #expect(Set(nonces).count == nonces.count, "nonces repeat across signers")
        // Every line applies (alice holds 100; 2,002 × 0.001 = 2.002).
        let applied = f.run("pandactl", ["--ledger", f.path], input: all + JSONWriter.string(.object(after)) + "\n")
        #expect(applied.status == 0, "\(applied.stderr.prefix(300))")
        #expect(applied.records(ofType: "receipt").count == nonces.count)
        #expect(f.run("pandactl", ["audit", "--ledger", f.path]).status == 0)
    }

    // MARK: Case 5: request lifetime

    @Test func aLineSignedWithATtlIsRefusedExpiredAfterItAndChangesNothing() throws {
        let f = SignedFixture()
        let line = #"{"op":"transfer","to":"\#(f.admin)","amount":"1"}"# + "\n"
        let short = f.run("pandactl-sign", ["sign", "--key", f.aliceKey, "--chain-id", "e2e-signed", "--ttl", "1s"], input: line)
        #expect(short.status == 0, "\(short.stderr)")
        let signed = try #require(short.records.first)
        #expect(signed["expires"]?.stringValue != nil)
        let long = try #require(f.run("pandactl-sign", ["sign", "--key", f.aliceKey, "--chain-id", "e2e-signed", "--ttl", "10m"], input: line).records.first)
        sleep(2)
        let before = f.snapshot()
        let late = f.apply(signed)
        #expect(late.status == 1)
        #expect(late.errorCodes == ["expired"])
        #expect(f.snapshot() == before)
        // Signed with a lifetime still running: applies; its nonce was not spent by the refusal of the other.
        let inTime = f.apply(long)
        #expect(inTime.status == 0, "\(inTime.stderr)")
        // `expires` is signed: moving it forward breaks the signature.
        var extended = signed
        extended["expires"] = "2999-01-01T00:00:00Z"
        #expect(f.apply(extended).errorCodes == ["bad_signature"])
        #expect(f.run("pandactl", ["audit", "--ledger", f.path]).status == 0)
    }

    @Test func aVoidedNonceNeverAppliesEvenWhenFundsArriveLater() throws {
        let f = SignedFixture()
        // Alice (100 PANDA) signs a transfer of 500: refused, and it would stay valid forever.
        let big = try f.signedTransfer(amount: "500")
        #expect(f.apply(big).errorCodes == ["insufficient_funds"])
        let nonce = try #require(big["nonce"]?.numberValue?.int64Value)
        let void = f.run("pandactl", ["void", "--nonce", String(nonce), "--key", f.aliceKey, "--ledger", f.path])
        #expect(void.status == 0, "\(void.stderr)")
        #expect(void.records.first?["voided"]?.numberValue?.int64Value == nonce)
        // Funds arrive; the withdrawn line still never applies.
        #expect(f.run("pandactl", ["fund", "--ledger", f.path, "--key", f.adminKey, "--to", f.alice, "--amount", "1000"]).status == 0)
        let before = f.snapshot()
        let replay = f.apply(big)
        #expect(replay.status == 1)
        #expect(replay.errorCodes == ["replayed_nonce"])
        #expect(f.snapshot() == before)
        // A used nonce cannot be voided; a void signed offline as a JSON line works like the verb.
        #expect(f.run("pandactl", ["void", "--nonce", String(nonce), "--key", f.aliceKey, "--ledger", f.path]).errorCodes == ["replayed_nonce"])
        let pending = try f.signedTransfer(amount: "1")
        let pendingNonce = try #require(pending["nonce"]?.numberValue?.int64Value)
        let voidLine = f.run("pandactl-sign", ["sign", "--key", f.aliceKey, "--chain-id", "e2e-signed"],
                             input: #"{"op":"void","nonce":\#(pendingNonce)}"# + "\n")
        #expect(f.run("pandactl", ["--ledger", f.path], input: voidLine.stdout).status == 0)
        #expect(f.apply(pending).errorCodes == ["replayed_nonce"])
        #expect(f.run("pandactl", ["balance", "--ledger", f.path, "--account", f.alice]).records.first?["panda"] == "1100")
        #expect(f.run("pandactl", ["audit", "--ledger", f.path]).status == 0)
    }

    /// A program signing with `--key` draws from the same allocator as offline signing: a line signed
    /// offline and still pending is never overtaken by a nonce the ledger handed out (max used + 1).
    @Test func signingInsideAProgramNeverTakesAPendingOfflineNonce() throws {
        let f = SignedFixture()
        let two = #"{"op":"transfer","to":"\#(f.admin)","amount":"1"}"# + "\n" + #"{"op":"transfer","to":"\#(f.admin)","amount":"2"}"# + "\n"
        let signed = f.run("pandactl-sign", ["sign", "--key", f.aliceKey, "--chain-id", "e2e-signed"], input: two).records
        #expect(signed.count == 2)
        guard signed.count == 2 else { return }
        #expect(f.apply(signed[0]).status == 0)
        let inline = f.run("pandactl", ["transfer", "--key", f.aliceKey, "--ledger", f.path, "--to", f.admin, "--amount", "3"])
        #expect(inline.status == 0, "\(inline.stderr)")
        // The second offline line, still pending, applies.
        let pending = f.apply(signed[1])
        #expect(pending.status == 0, "\(pending.stdout) \(pending.stderr)")
        #expect(f.run("pandactl", ["audit", "--ledger", f.path]).status == 0)
    }

    // MARK: Case 8: journal time never decreases

    @Test func journalTimeNeverGoesBack() throws {
        let l = LedgerFixture()
        let future = Timestamp(milliseconds: Timestamp.now().milliseconds + 86_400_000)
        let ahead = l.pandactl([], input: #"{"op":"fund","to":"bob","amount":"1","ts":"\#(future.rfc3339)"}"# + "\n")
        #expect(ahead.status == 0, "\(ahead.stderr)")
        // The next clock-stamped entry is not earlier than the future one.
        let next = l.pandactl(["fund", "--to", "bob", "--amount", "1"])
        #expect(next.status == 0)
        let stampedText = try #require(next.records.first?["ts"]?.stringValue)
        let stamped = try #require(Timestamp(rfc3339: stampedText))
        #expect(stamped >= future)
        // A ts before the last entry is refused and changes nothing.
        let before = l.snapshot()
        let back = l.pandactl([], input: #"{"op":"fund","to":"bob","amount":"1","ts":"\#(Timestamp.now().rfc3339)"}"# + "\n")
        #expect(back.status == 1)
        #expect(back.errorCodes == ["ts_out_of_order"])
        #expect(l.snapshot() == before)
        // Not RFC 3339 stays invalid_ts; an equal ts is fine.
        #expect(l.pandactl([], input: #"{"op":"fund","to":"bob","amount":"1","ts":"tomorrow"}"# + "\n").errorCodes == ["invalid_ts"])
        #expect(l.pandactl([], input: #"{"op":"fund","to":"bob","amount":"1","ts":"\#(stamped.rfc3339)"}"# + "\n").status == 0)
        // Journal times never decrease, and the audit's replay reproduces every stamp.
        let times = l.pandactl(["log"]).records.compactMap { $0["ts"]?.stringValue.flatMap { Timestamp(rfc3339: $0) } }
        #expect(times.count == 5)
        #expect(times == times.sorted())
        #expect(l.auditPasses())
    }

    // MARK: Case 9: values the ledger cannot read back

    /// SQLite's dynamic types let an edit store a REAL or text anywhere; PostgreSQL's column types refuse
    /// such edits, so this case is SQLite's.
    @Test(.enabled(if: !TestEngine.isPostgres, "edits that only SQLite's dynamic types let through"))
    func aCorruptedAmountEndsTheRunWithLedgerCorruptNeverZero() throws {
        let l = LedgerFixture(funding: [("alice", "100"), ("bob", "5")])
        #expect(Harness.run("pandactl-curve", ["create", "--symbol", "FNET", "--from", "bob", "--ledger", l.path]).status == 0)
        #expect(Harness.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "10", "--from", "alice", "--ledger", l.path]).status == 0)
        #expect(l.auditPasses())
        // An amount column set with the sqlite3 CLI: stored as the text '9.7e+19'.
        #expect(Harness.sh("sqlite3 '\(l.path)' \"UPDATE accounts SET panda = 9.7e+19 WHERE account = 'alice'\"") == 0)
        let balance = l.pandactl(["balance", "--account", "alice"])
        #expect(balance.status == 74)
        #expect(balance.errorCodes == ["ledger_corrupt"])
        #expect(balance.records(ofType: "receipt").isEmpty)
        let accounts = l.pandactl(["accounts"])
        #expect(accounts.status == 74)
        #expect(!accounts.stdout.contains(#""panda":"0""#))
        let stream = l.pandactl([], input: #"{"op":"transfer","from":"alice","to":"bob","amount":"1"}"# + "\n" + #"{"op":"balance","account":"bob"}"# + "\n")
        #expect(stream.status == 74)
        #expect(stream.errorCodes == ["ledger_corrupt"])
        // An integer column turned into a REAL (token supply), and a reserve made unreadable.
        #expect(Harness.sh("sqlite3 '\(l.path)' \"UPDATE accounts SET panda = '90000000000000000000' WHERE account = 'alice'; UPDATE models SET supply = 9.7e+19\"") == 0)
        let stats = Harness.run("pandactl-curve", ["stats", "--symbol", "FNET", "--ledger", l.path])
        #expect(stats.status == 74, "\(stats.stdout)")
        #expect(stats.errorCodes == ["ledger_corrupt"])
        #expect(Harness.sh("sqlite3 '\(l.path)' \"UPDATE models SET supply = 10, reserve = 9.7e+19\"") == 0)
        let buy = Harness.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "1", "--from", "alice", "--ledger", l.path])
        #expect(buy.status == 74)
        #expect(buy.errorCodes == ["ledger_corrupt"])
        // The audit reports the edits.
        #expect(!l.auditPasses())
    }
}
