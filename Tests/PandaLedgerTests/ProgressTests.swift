import PandaCore
import Testing

@testable import PandaLedger

/// The progress a long run reports: its steps in order, each one's count growing and ending at its total.
private final class ProgressLog {
    var calls: [LedgerProgress] = []
    func record(_ p: LedgerProgress) { calls.append(p) }

    /// The steps in the order they ran (a step's calls are contiguous).
    var steps: [String] {
        var out: [String] = []
        for c in calls where out.last != c.step { out.append(c.step) }
        return out
    }

    /// Checks every step: one unit, one known total, `done` never falling and ending at the total.
    func check(_ sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(steps).count == steps.count, "a step came back: \(steps)", sourceLocation: sourceLocation)
        for step in steps {
            let mine = calls.filter { $0.step == step }
            #expect(Set(mine.map(\.unit)).count == 1, "\(step): units \(Set(mine.map(\.unit)))", sourceLocation: sourceLocation)
            #expect(Set(mine.map(\.total)).count == 1, "\(step): totals \(Set(mine.map(\.total)))", sourceLocation: sourceLocation)
            #expect(zip(mine, mine.dropFirst()).allSatisfy { $0.done <= $1.done }, "\(step): done fell", sourceLocation: sourceLocation)
            let last = mine.last!
            #expect(last.total != nil && last.done == last.total, "\(step) ended at \(last.done) of \(String(describing: last.total))",
                    sourceLocation: sourceLocation)
        }
    }

    func last(_ step: String) -> LedgerProgress? { calls.last { $0.step == step } }
    func count(_ step: String) -> Int { calls.filter { $0.step == step }.count }
}

/// A ledger of 3,001 journal entries (a few hundred kilobytes: several 64 KB chunks of bytes, several
/// reports of rows and entries).
private func busyLedger(_ dir: TempDir) throws -> Ledger {
    let l = try openLedger(dir)
    try l.beginWrite()
    for i in 0..<3000 {
        _ = try l.apply(Request(object: ["op": "fund", "to": .string("account-\(i % 97)"), "amount": "1"]), operation: CoreOperations.fund)
    }
    try l.commit()
    return l
}

@Test func backupRestoreAndCopyReportProgressStepByStep() throws {
    let dir = TempDir()
    let l = try busyLedger(dir)
    let head = try l.journalHead().seq
    #expect(head == 3001)

    let backup = ProgressLog()
    let receipt = try Backup.create(from: l, to: dir.file("b.tar.zst"), toolVersion: "test", progress: backup.record)
    #expect(backup.steps == ["copying", "checksumming", "archiving"])
    backup.check()
    #expect(backup.last("copying")?.unit == "pages")
    #expect(backup.last("checksumming")?.unit == "bytes")
    let bytes = receipt["bytes"]?.numberValue?.int64Value
    #expect(backup.last("checksumming")?.total == bytes && backup.last("archiving")?.total == bytes)
    #expect(bytes! > 4 << 16 && backup.count("archiving") > 4, "several chunks reported")

    let restore = ProgressLog()
    _ = try Backup.restore(archive: dir.file("b.tar.zst"), to: dir.file("r.db"), force: false, progress: restore.record)
    #expect(restore.steps == ["extracting", "checksumming", "auditing"])
    restore.check()
    #expect(restore.last("extracting")?.total == bytes)
    #expect(restore.last("auditing")?.unit == "entries" && restore.last("auditing")?.total == head)
    #expect(restore.count("auditing") > 1)

    // Over an existing ledger, the backup's pages go in through SQLite's backup API.
    let over = ProgressLog()
    _ = try Backup.restore(archive: dir.file("b.tar.zst"), to: dir.file("r.db"), force: true, progress: over.record)
    #expect(over.steps == ["extracting", "checksumming", "auditing", "copying"])
    over.check()
    #expect(over.last("copying")?.unit == "pages")

    let copy = ProgressLog()
    let copied = try LedgerCopy.copy(from: dir.file("l.db"), to: dir.file("c.db"), progress: copy.record)
    #expect(copy.steps == ["copying", "auditing", "comparing"])
    copy.check()
    let rows = copied["rows"]?.numberValue?.int64Value
    #expect(copy.last("copying")?.unit == "rows" && copy.last("copying")?.total == rows)
    #expect(copy.last("comparing")?.total == rows && copy.last("auditing")?.total == head)
    #expect(copy.count("copying") > 2, "rows reported as they are written")
}
