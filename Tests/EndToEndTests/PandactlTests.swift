import PandaCore
import Testing

@Suite struct PandactlEndToEnd {
    @Test(arguments: Harness.programs)
    func everyProgramAnswersHelpAndVersion(program: String) {
        let help = Harness.run(program, ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE:"))
        #expect(help.stdout.contains("EXIT STATUS:"))
        let version = Harness.run(program, ["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
    }

    @Test func rejectedLinesGiveErrorRecordsAndChangeNothing() {
        let l = LedgerFixture()
        let before = l.snapshot()
        let input = """
            {"op":"transfer","from":"alice","to":"bob","amount":"100.000000000000000001"}
            {"op":"transfer","from":"alice","to":
            {"op":"launch","from":"alice"}
            {"op":"transfer","from":"ghost","to":"bob","amount":"1"}
            {"op":"balance","account":"nobody"}

            """
        let r = l.pandactl([], input: input)
        #expect(r.status == 1)
        #expect(r.errorCodes == ["insufficient_funds", "malformed_json", "unknown_op", "unknown_account", "unknown_account"])
        #expect(r.records(ofType: "error").map { $0["line"] } == [1, 2, 3, 4, 5])
        #expect(r.stderr.split(separator: "\n").count == 5)
        #expect(r.stderr.contains("pandactl: line 1: insufficient_funds: alice has 100 PANDA, needs 100.000000000000000001"))
        #expect(l.snapshot() == before)
        #expect(l.auditPasses())
    }

    @Test func singleRequestsExitWithTheirClass() {
        let l = LedgerFixture()
        let before = l.snapshot()
        let overdraft = l.pandactl(["transfer", "--from", "alice", "--to", "bob", "--amount", "500"])
        #expect(overdraft.status == 1)
        #expect(overdraft.errorCodes == ["insufficient_funds"])
        let malformed = l.pandactl(["transfer", "--from", "alice", "--to", "bob", "--amount", "five"])
        #expect(malformed.status == 65)
        #expect(malformed.errorCodes == ["invalid_amount"])
        let unknown = l.pandactl(["balance", "--account", "ghost"])
        #expect(unknown.status == 1)
        #expect(unknown.errorCodes == ["unknown_account"])
        let notAdmin = l.pandactl(["fund", "--from", "alice", "--to", "alice", "--amount", "5"])
        #expect(notAdmin.status == 77)
        #expect(notAdmin.errorCodes == ["not_authorized"])
        let usage = l.pandactl(["transfer", "--bogus"])
        #expect(usage.status == 64)
        #expect(l.snapshot() == before)
    }

    @Test func eighteenDecimalAmountsSurviveExactly() throws {
        let l = LedgerFixture(funding: [("alice", "123456789.123456789123456789")])
        let t = l.pandactl(["transfer", "--from", "alice", "--to", "bob", "--amount", "0.000000000000000001"])
        #expect(t.status == 0)
        let receipt = try #require(t.records(ofType: "receipt").first)
        #expect(receipt["balances"]?.objectValue?["alice"] == "123456789.123456789123456788")
        let input = #"{"op":"transfer","from":"alice","to":"bob","amount":0.100000000000000001}"# + "\n"
        #expect(l.pandactl(["-"], input: input).status == 0)
        #expect(l.pandactl([], input: input).status == 0)
        let bob = l.pandactl(["balance", "--account", "bob"])
        #expect(bob.records(ofType: "receipt").first?["panda"] == "0.200000000000000003")
        #expect(l.auditPasses())
    }

    @Test func auditPassesThenFailsAfterAnSQLiteEdit() {
        let l = LedgerFixture()
        #expect(l.pandactl(["transfer", "--from", "alice", "--to", "bob", "--amount", "40"]).status == 0)
        #expect(l.auditPasses())
        Harness.editLedger(l.path, "UPDATE accounts SET panda = '90000000000000000000' WHERE account = 'bob'")
        let audit = l.pandactl(["audit"])
        #expect(audit.status == 1)
        #expect(audit.errorCodes.allSatisfy { $0 == "audit_failed" })
        #expect(audit.stdout.contains("accounts row 'bob'"))
        #expect(audit.stderr.contains("conservation"))
    }

    @Test func twoProcessesWritingAtOnceBothSucceed() throws {
        let l = LedgerFixture(funding: [("a", "100000"), ("b", "100000")])
        let dir = l.dir
        for who in ["a", "b"] {
            let lines = (1...3000).map { i in #"{"op":"transfer","from":"\#(who)","to":"sink\#(i % 7)","amount":"0.5"}"# }
            Harness.writeFile(dir.file("\(who).jsonl"), Array((lines.joined(separator: "\n") + "\n").utf8))
        }
        let bin = Harness.binDir
        let status = Harness.sh(
            "cd '\(dir.path)' || exit 9; "
                + "('\(bin)/pandactl' --ledger '\(l.path)' --input a.jsonl > a.out 2> a.err; echo $? > a.rc) & "
                + "('\(bin)/pandactl' --ledger '\(l.path)' --input b.jsonl > b.out 2> b.err; echo $? > b.rc) & "
                + "wait")
        #expect(status == 0)
        for who in ["a", "b"] {
            #expect(String(decoding: Harness.readFile(dir.file("\(who).rc")), as: UTF8.self) == "0\n")
            let out = String(decoding: Harness.readFile(dir.file("\(who).out")), as: UTF8.self)
            #expect(out.split(separator: "\n").count == 3000)
        }
        let a = l.pandactl(["balance", "--account", "a"]).records.first?["panda"]
        #expect(a == "98500")
        #expect(l.pandactl(["log"]).stdout.split(separator: "\n").count == 3 + 6000)
        #expect(l.auditPasses())
    }

    @Test func badInputNeverCrashes() throws {
        let l = LedgerFixture()
        let before = l.snapshot()
        var input: [UInt8] = []
        func line(_ s: String) { input += Array(s.utf8) + [0x0A] }
        line(#"{"op":"transfer","from":"alice","to":"bob","amou"#)               // truncated
        input += [0x7B, 0x22, 0x6F, 0x70, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D, 0x0A]  // invalid UTF-8
        line(#"{"op":"transfer","from":"alice","to":"bob","amount":"1","memo":""# + String(repeating: "x", count: 1 << 20) + #""}"#)
        line(#"{"op":"transfer","from":"alice","to":"bob","amount":1e400}"#)
        line(#"{"op":"transfer","from":"alice","to":"bob","amount":-5}"#)
        line(#"{"op":"transfer","from":"alice","to":"bob","amount":"0.0000000000000000001"}"#)
        line(#"{"op":"transfer","from":"alice","to":"bob","amount":"NaN"}"#)
        line(String(repeating: "[", count: 100_000))
        line(String(repeating: "{\"a\":", count: 50_000))
        line(#"{"op":"transfer","op":"fund"}"#)
        line(#"[1,2,3]"#)
        line(#""just a string""#)
        line(#"{"op":7}"#)
        line(#"{"op":"transfer","from":"alice","to":"bob","amount":{"x":1}}"#)
        line(#"{"op":"transfer","from":"alice","to":"bob","amount":"1","nonce":1.5}"#)
        line("\u{FEFF}{\"op\":\"balance\"}")
        line(#"{"op":"transfer","from":"al\u0000ice","to":"bob","amount":"1"}"#)
        input += Array(#"{"op":"transfer","from":"alice""#.utf8)            // no final newline, truncated
        let r = Harness.run("pandactl", ["--ledger", l.path], stdin: input)
        #expect(r.signal == nil)
        #expect(r.status == 1)
        #expect(r.records(ofType: "error").count == 18)
        #expect(r.records(ofType: "receipt").isEmpty)
        #expect(r.errorCodes.contains("malformed_json"))
        #expect(r.errorCodes.contains("invalid_amount"))
        #expect(r.errorCodes.contains("unknown_field"))
        #expect(l.snapshot() == before)
        #expect(l.auditPasses())
    }

    @Test func failFastStopsAtTheFirstRejectedLine() {
        let l = LedgerFixture()
        let input = """
            {"op":"transfer","from":"alice","to":"bob","amount":"1"}
            {"op":"transfer","from":"alice","to":"bob","amount":"1000"}
            {"op":"transfer","from":"alice","to":"bob","amount":"2"}

            """
        let r = l.pandactl(["--fail-fast"], input: input)
        #expect(r.status == 1)
        #expect(r.records.map { $0["type"]?.stringValue ?? "" } == ["receipt", "error"])
        #expect(l.pandactl(["balance", "--account", "bob"]).records.first?["panda"] == "1")
    }

    @Test func verbWithDashTakesDefaultsFromFlags() {
        let l = LedgerFixture()
        let input = """
            {"to":"bob","amount":"1"}
            {"to":"carol","amount":"2","id":"second"}
            {"type":"receipt","op":"transfer","seq":99}
            {"op":"balance","account":"carol"}

            """
        let r = l.pandactl(["transfer", "-", "--from", "alice"], input: input)
        #expect(r.status == 0)
        let receipts = r.records(ofType: "receipt")
        #expect(receipts.count == 3)
        #expect(receipts[1]["id"] == "second")
        #expect(receipts[2]["panda"] == "2")
    }

    @Test func tableFormatAndLog() {
        let l = LedgerFixture(funding: [("alice", "5"), ("bob", "7.25")])
        let t = l.pandactl(["accounts", "--format", "table"])
        #expect(t.stdout == "ACCOUNT  PANDA\nalice    5\nbob      7.25\n")
        let log = l.pandactl(["log", "--since", "2"])
        #expect(log.records.map { $0["seq"] } == [3])
        #expect(log.records.first?["request"]?.objectValue?["to"] == "bob")
    }

    @Test func missingAndCorruptLedgers() {
        let dir = TempDir()
        let missing = Harness.run("pandactl", ["balance", "--ledger", dir.file("none.db")])
        #expect(missing.status == 66)
        #expect(missing.errorCodes == ["ledger_missing"])
        Harness.writeFile(dir.file("junk.db"), Array(String(repeating: "junk", count: 1000).utf8))
        let junk = Harness.run("pandactl", ["accounts", "--ledger", dir.file("junk.db")])
        #expect(junk.status == 74)
        #expect(junk.stderr.contains("not a pandactl ledger"))
        let env = Harness.run("pandactl", ["accounts"], env: ["PANDA_LEDGER": dir.file("junk.db")])
        #expect(env.status == 74)
        let again = Harness.run("pandactl", ["init", "--auth", "open", "--ledger", dir.file("junk.db")])
        #expect(again.status == 74)
        #expect(again.errorCodes == ["file_exists"])
    }

    @Test func backupRestoreThroughTheCLI() {
        let l = LedgerFixture()
        let archive = l.dir.file("b.tar.gz")
        let b = l.pandactl(["backup", archive])
        #expect(b.status == 0)
        #expect(b.records.first?["compression"] == "gzip")
        let restored = l.dir.file("restored.db")
        let r = Harness.run("pandactl", ["restore", archive, "--ledger", restored])
        #expect(r.status == 0)
        #expect(Harness.run("pandactl", ["accounts", "--ledger", restored]).stdout == l.pandactl(["accounts"]).stdout)
        #expect(Harness.run("pandactl", ["audit", "--ledger", restored]).status == 0)
    }

    /// Backup, restore and copy draw their progress on stderr when it is a terminal (run here under
    /// `script`, which gives them one), each step to 100%, and clear it; piped, stderr stays empty.
    @Test(.enabled(if: Harness.sh("command -v script >/dev/null") == 0, "needs script(1) for a terminal"))
    func backupRestoreAndCopyShowProgressOnATerminalOnly() {
        let l = LedgerFixture(funding: (0..<40).map { ("account-\($0)", "1") })
        func onTerminal(_ command: String) -> String {
            let r = Harness.run("/usr/bin/env", ["script", "-qec", command, "/dev/null"])
            #expect(r.status == 0, "\(command): \(r.stdout)")
            return r.stdout
        }
        let archive = l.dir.file("b.tar.zst"), restored = l.dir.file("r.db"), copied = l.dir.file("c.db")
        let backup = onTerminal("pandactl backup '\(archive)' --ledger '\(l.path)'")
        for step in ["checksumming", "archiving"] { #expect(backup.contains("pandactl backup: \(step) "), "\(backup)") }
        #expect(backup.contains(" bytes (100%)") && backup.contains("\r\u{1B}[K"), "\(backup)")
        #expect(backup.contains("\"op\":\"backup\""))
        let restore = onTerminal("pandactl restore '\(archive)' --ledger '\(restored)'")
        for step in ["extracting", "checksumming", "auditing"] { #expect(restore.contains("pandactl restore: \(step) "), "\(restore)") }
        #expect(restore.contains(" entries (100%)"), "\(restore)")
        let copy = onTerminal("pandactl copy --ledger '\(l.path)' --to '\(copied)'")
        for step in ["copying", "auditing", "comparing"] { #expect(copy.contains("pandactl copy: \(step) "), "\(copy)") }
        #expect(copy.contains(" rows (100%)"), "\(copy)")

        // Piped: the same runs say nothing on stderr.
        let piped = [l.pandactl(["backup", l.dir.file("p.tar.zst")]), Harness.run("pandactl", ["restore", l.dir.file("p.tar.zst"), "--ledger", l.dir.file("p.db")]),
                     l.pandactl(["copy", "--to", l.dir.file("pc.db")])]
        for r in piped {
            #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        }
    }

    /// A backup removes what killed backups left behind (their processes are gone), not a live one's files.
    @Test func backupRemovesTemporariesOfKilledBackups() {
        let l = LedgerFixture()
        let archive = l.dir.file("nightly.tar.zst")
        let dead = 2_000_000_000  // beyond any pid_max: no such process
        for name in ["nightly.tar.zst.part-\(dead)", ".pandactl-backup-\(dead).db", ".pandactl-backup-\(dead).db-wal", "nightly.tar.zst.part-1"] {
            Harness.writeFile(l.dir.file(name), Array("partial".utf8))
        }
        #expect(l.pandactl(["backup", archive]).status == 0)
        #expect(Harness.sh("test -e '\(l.dir.file("nightly.tar.zst.part-\(dead)"))'") != 0)
        #expect(Harness.sh("test -e '\(l.dir.file(".pandactl-backup-\(dead).db"))'") != 0)
        #expect(Harness.sh("test -e '\(l.dir.file(".pandactl-backup-\(dead).db-wal"))'") != 0)
        #expect(Harness.sh("test -e '\(l.dir.file("nightly.tar.zst.part-1"))'") == 0)  // pid 1 is alive
    }

    /// Restoring over a damaged ledger (the usual reason to restore): refused without --force; with it the
    /// damaged file is moved aside (kept) and the backup takes its place.
    @Test(.enabled(if: !TestEngine.isPostgres, "damages an SQLite file"))
    func restoreReplacesADamagedLedgerAndKeepsIt() throws {
        let l = LedgerFixture()
        let archive = l.dir.file("b.tar.zst")
        #expect(l.pandactl(["backup", archive]).status == 0)
        let accounts = l.pandactl(["accounts"]).stdout
        #expect(Harness.sh("dd if=/dev/urandom of='\(l.path)' bs=1024 seek=1 count=8 conv=notrunc 2>/dev/null") == 0)
        #expect(l.pandactl(["audit"]).status == 74)
        #expect(l.pandactl(["restore", archive]).status == 74)  // file_exists: refuses without --force
        let r = l.pandactl(["restore", archive, "--force"])
        #expect(r.status == 0, "\(r.stderr)")
        let aside = try #require(r.records.first?["damaged_ledger_moved_to"]?.stringValue)
        #expect(Harness.sh("test -s '\(aside)'") == 0)
        #expect(l.pandactl(["accounts"]).stdout == accounts)
        #expect(l.auditPasses())
    }

    @Test func frontDoorDispatchesToPrograms() {
        let r = Harness.run("pandactl", ["curve", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("pandactl-curve"))
        let orders = Harness.run("pandactl", ["orders", "place", "--symbol", "NOPE", "--side", "buy", "--price", "1", "--amount", "1",
                                              "--ledger", "/nonexistent/panda.db"])
        #expect(orders.status == 66)
        let sign = Harness.run("pandactl", ["sign", "keygen"])
        #expect(sign.status == 64)
        #expect(sign.stderr.contains("--out"))
        let unknown = Harness.run("pandactl", ["frobnicate"])
        #expect(unknown.status == 64)
    }
}
