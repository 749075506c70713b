import PandaCore
import Testing

/// `pandactl audit --checkpoint / --incremental` (issue 20): what an incremental audit verifies, what it
/// leaves to a full one, and that it never trusts the state it resumes from without checking it.
@Suite struct IncrementalAuditEndToEnd {
    static func transfers(_ n: Int, from: String = "alice", to: String = "bob") -> String {
        (0..<n).map { _ in #"{"op":"transfer","from":"\#(from)","to":"\#(to)","amount":"0.01"}"# }.joined(separator: "\n") + "\n"
    }

    static func checkpoints(_ l: LedgerFixture) -> [JSONObject] {
        l.pandactl(["log"]).records(ofType: "entry").filter { $0["op"]?.stringValue == "audit.checkpoint" }
    }

    @Test func checkpointsChainAndIncrementalAuditsVerifyOnlyWhatIsNew() throws {
        let l = LedgerFixture()
        #expect(l.pandactl([], input: Self.transfers(50)).status == 0)
        // The first incremental audit has no checkpoint: it runs in full, silently, and records one.
        let first = l.pandactl(["audit", "--incremental"])
        #expect(first.status == 0 && first.stdout.isEmpty && first.stderr.isEmpty, "\(first.stderr)")
        var marks = Self.checkpoints(l)
        #expect(marks.count == 1)
        #expect(marks.first?["request"]?.objectValue?["through"] == 52)  // init, fund and 50 transfers
        if !TestEngine.isPostgres { #expect(Harness.sh("test -f '\(l.path).audit'") == 0) }
        // Nothing new: the checkpoint stands, no new entry.
        #expect(l.pandactl(["audit", "--incremental"]).status == 0)
        #expect(Self.checkpoints(l).count == 1)
        // New entries: verified from the checkpoint on, and a new checkpoint.
        #expect(l.pandactl([], input: Self.transfers(20, from: "bob", to: "carol")).status == 0)
        let second = l.pandactl(["audit", "--incremental"])
        #expect(second.status == 0 && second.stderr.isEmpty, "\(second.stderr)")
        marks = Self.checkpoints(l)
        #expect(marks.count == 2)
        #expect(marks.last?["request"]?.objectValue?["through"] == 73)
        // A full audit replays the checkpoints too, and checks each one's digest again.
        #expect(l.auditPasses())
    }

    @Test(.enabled(if: !TestEngine.isPostgres, "copies ledger files and edits them with sqlite3"))
    func tamperingBeforeTheCheckpointIsLeftToTheFullAuditAfterItIsCaught() {
        let l = LedgerFixture()
        #expect(l.pandactl([], input: Self.transfers(30)).status == 0)
        #expect(l.pandactl(["audit", "--checkpoint"]).status == 0)
        #expect(l.pandactl([], input: Self.transfers(30)).status == 0)
        let before = l.dir.file("before.db"), after = l.dir.file("after.db")
        for copy in [before, after] { Harness.sh("cp '\(l.path)' '\(copy)' && cp '\(l.path).audit' '\(copy).audit'") }
        // An entry before the checkpoint, edited behind the tools' back: the incremental audit does not read
        // it again (by design), the full audit finds it.
        Harness.sh("sqlite3 '\(before)' \"UPDATE journal SET result = replace(result, '0.01', '0.02') WHERE seq = 10\"")
        let incremental = Harness.run("pandactl", ["audit", "--incremental", "--ledger", before])
        #expect(incremental.status == 0, "\(incremental.stdout)")
        let full = Harness.run("pandactl", ["audit", "--ledger", before])
        #expect(full.status == 1)
        #expect(full.stdout.contains("entry 10 (transfer): hash"))
        // An entry after the checkpoint, edited: the incremental audit finds it.
        Harness.sh("sqlite3 '\(after)' \"UPDATE journal SET result = replace(result, '0.01', '0.02') WHERE seq = (SELECT MAX(seq) FROM journal)\"")
        let caught = Harness.run("pandactl", ["audit", "--incremental", "--ledger", after])
        #expect(caught.status == 1)
        #expect(caught.stdout.contains("does not match its contents"))
    }

    @Test(.enabled(if: !TestEngine.isPostgres, "copies ledger files and edits them with sqlite3"))
    func theStateAndTheKeptReplicaAreCheckedNotTrusted() {
        let l = LedgerFixture()
        #expect(l.pandactl([], input: Self.transfers(30)).status == 0)
        #expect(l.pandactl(["audit", "--checkpoint"]).status == 0)
        // A balance edited after the checkpoint, with no new entry: the state comparison finds it.
        let edited = l.dir.file("edited.db")
        Harness.sh("cp '\(l.path)' '\(edited)' && cp '\(l.path).audit' '\(edited).audit'")
        Harness.sh("sqlite3 '\(edited)' \"UPDATE accounts SET panda = '1' WHERE account = 'bob'\"")
        let state = Harness.run("pandactl", ["audit", "--incremental", "--ledger", edited])
        #expect(state.status == 1)
        #expect(state.stdout.contains("accounts row 'bob'"))
        // The kept replica edited (to match a forged state): its digest no longer matches the checkpoint's,
        // so the audit runs in full, says so, and finds the forged balance.
        let forged = l.dir.file("forged.db")
        Harness.sh("cp '\(l.path)' '\(forged)' && cp '\(l.path).audit' '\(forged).audit'")
        Harness.sh("sqlite3 '\(forged)' \"UPDATE accounts SET panda = '1' WHERE account = 'bob'\"")
        Harness.sh("sqlite3 '\(forged).audit' \"UPDATE accounts SET panda = '1' WHERE account = 'bob'\"")
        let r = Harness.run("pandactl", ["audit", "--incremental", "--ledger", forged])
        #expect(r.status == 1)
        #expect(r.stderr.contains("does not have checkpoint"))
        #expect(r.stdout.contains("accounts row 'bob'"))
        #expect(l.auditPasses())
    }

    @Test(.enabled(if: !TestEngine.isPostgres, "looks beside a ledger file"))
    func aPlainAuditWritesNothingAndClearsAKilledAuditsScratchFile() {
        let l = LedgerFixture()
        let before = l.snapshot()
        Harness.sh("touch '\(l.dir.path)/.pandactl-audit-4000000.db'")  // a process that does not exist
        let r = l.pandactl(["audit"])
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty)
        #expect(l.snapshot() == before)
        #expect(Harness.sh("test -e '\(l.path).audit'") != 0)
        #expect(Harness.sh("ls -a '\(l.dir.path)' | grep -q pandactl-audit") != 0)  // the scratch replica is gone
    }
}
