#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

/// A stream that commits group after group leaves another writer a way in: a single request started
/// while the stream runs applies before the stream ends, not after it (SQLite has no queue for its write
/// lock; the waiter says it waits and the stream leaves a gap after its next full group).
@Suite struct StreamWriterTests {
    @Test func aSingleWriteGetsInWhileALongStreamHoldsTheLockGroupAfterGroup() throws {
        let l = LedgerFixture(funding: [])
        let n = 40_000
        let input = l.dir.file("stream.jsonl")
        var text = ""
        text.reserveCapacity(n * 48)
        for i in 0..<n { text += #"{"op":"fund","to":"s\#(i % 500)","amount":"1"}"# + "\n" }
        Harness.writeFile(input, Array(text.utf8))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let (stream, rc) = Harness.spawn(Harness.binDir + "/pandactl", ["fund", "-", "--ledger", l.path], actions: &actions)
        posix_spawn_file_actions_destroy(&actions)
        #expect(rc == 0)
        // Once the stream has committed a few groups (and is still running), one write from another process.
        var head: Int64 = 0
        for _ in 0..<600 where head < 3_000 {
            usleep(20_000)
            head = l.pandactl(["log", "--since", "2999", "--limit", "1"]).records.first?["seq"]?.numberValue?.int64Value ?? 0
        }
        var status: Int32 = 0
        let runningBefore = waitpid(stream, &status, WNOHANG) == 0
        let single = l.pandactl(["fund", "--to", "gap", "--amount", "7", "--busy-timeout", "60s"])
        let runningAfter = runningBefore && waitpid(stream, &status, WNOHANG) == 0
        if !runningBefore || runningAfter { while waitpid(stream, &status, 0) < 0 && errno == EINTR {} }
        #expect(runningBefore, "the stream ended before the single write started: the test shows nothing")
        #expect(status == 0)
        #expect(single.status == 0, "\(single.stderr)")
        let seq = single.records.first?["seq"]?.numberValue?.int64Value ?? 0
        // The stream's entries are 1 (init) + n; the single write's must not come after all of them.
        #expect(seq > 1 && seq < Int64(n) + 1, "the single write was applied at seq \(seq) of \(n + 2): after the whole stream")
        #expect(runningAfter, "the stream had ended when the single write returned")
    }

    /// Records are written while the next group is applied, but a group never commits after the records of
    /// the one before could not be written: stdout on a full device ends the stream with 74 after its first
    /// group, the rest not applied.
    @Test func aFailedWriteOfRecordsStopsTheStreamBeforeItsNextCommit() throws {
        let l = LedgerFixture(funding: [])
        let input = l.dir.file("stream.jsonl")
        let n = 24_000  // three groups at least (a group is at most 8,000 lines)
        Harness.writeFile(input, Array(String(repeating: #"{"op":"fund","to":"a","amount":"1"}"# + "\n", count: n).utf8))
        let status = Harness.sh("'\(Harness.binDir)/pandactl' fund - --ledger '\(l.path)' < '\(input)' > /dev/full 2>/dev/null")
        #expect(status == 74)
        let head = l.pandactl(["log", "--since", "1"]).records.count
        #expect(head >= 1 && head <= 8_000, "\(head) lines applied after the first group's records failed to print")
        #expect(l.auditPasses())
    }
}
