#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing
@testable import Learning

@Test func spoolReplaysRowsInOrderAnyNumberOfTimes() throws {
    let spool = try RowSpool(width: 3)
    #expect(spool.path == nil)
    for i in 0..<50_000 { try spool.append([Double(i), Double(i) * 0.5, -Double(i)]) }
    #expect(spool.rowCount == 50_000)
    for _ in 0..<2 {
        var next = 0
        var chunks = 0
        var ok = true
        try spool.forEachChunk { values, rows in
            chunks += 1
            #expect(values.count == rows * 3)
            for r in 0..<rows {
                let i = Double(next)
                if values[r * 3] != i || values[r * 3 + 1] != i * 0.5 || values[r * 3 + 2] != -i { ok = false }
                next += 1
            }
        }
        #expect(ok)
        #expect(next == 50_000)
        #expect(chunks > 1)
    }
    // Appending after a replay continues the file.
    try spool.append([1, 2, 3])
    var total = 0
    try spool.forEachChunk { _, rows in total += rows }
    #expect(total == 50_001)
    spool.close()
    #expect(throws: LearningError.self) { try spool.forEachChunk { _, _ in } }
}

@Test func spoolAtAPathIsRemovedOnClose() throws {
    let path = "/tmp/pandactl-learning-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).rows"
    let spool = try RowSpool(width: 2, path: path)
    try spool.append([1, 2])
    var rows = 0
    try spool.forEachChunk { _, n in rows += n }
    #expect(rows == 1)
    #expect(access(path, F_OK) == 0)
    // A second spool at the same path is refused.
    #expect(throws: LearningError.self) { try RowSpool(width: 2, path: path) }
    spool.close()
    #expect(access(path, F_OK) != 0)
}

@Test func spoolInAMissingDirectoryFails() {
    do {
        _ = try RowSpool(width: 1, directory: "/nonexistent-dir-for-pandactl-tests")
        Issue.record("spool created in a missing directory")
    } catch {
        #expect(error.code == "io_error")
        #expect(error.message.hasPrefix("cannot create a row spool in '/nonexistent-dir-for-pandactl-tests'"))
    }
}

@Test func logisticTrainerUsesItsSpoolDirectory() throws {
    let trainer = try Trainer(algorithm: .logistic, spoolDirectory: "/nonexistent-dir-for-pandactl-tests")
    #expect(throws: LearningError.self) { try trainer.add(features: [1], label: 1) }
}
