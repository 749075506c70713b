import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import PandaLedger

/// A connection other threads may use in turn (the test hands it over and waits).
private final class Handed: @unchecked Sendable {
    let ledger: Ledger
    var failure: String?
    init(_ ledger: Ledger) { self.ledger = ledger }
}

/// A stream pauses after a full group only when another writer waits for SQLite's write lock: the waiter
/// says so while its busy handler retries, and the holder sees it.
@Test func theHolderOfTheWriteLockSeesAWriterWaitingForIt() throws {
    let dir = TempDir()
    _ = try openLedger(dir)
    let holder = try Ledger.open(path: dir.file("l.db"))
    let waiter = Handed(try Ledger.open(path: dir.file("l.db"), busyTimeout: 20_000))
    try holder.beginWrite()
    #expect(!holder.writersMayWait, "nobody waits yet")
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        do {
            try waiter.ledger.beginWrite()
            try waiter.ledger.commit()
        } catch {
            waiter.failure = "\(error)"
        }
        done.signal()
    }
    var seen = false
    for _ in 0..<2000 where !seen {  // up to about 10 s
        usleep(5000)
        seen = holder.writersMayWait
    }
    #expect(seen, "the waiting writer was never seen")
    try holder.commit()
    done.wait()
    #expect(waiter.failure == nil)
    // The waiter has its lock (and let it go): it no longer says it waits.
    #expect(!holder.writersMayWait)
    try holder.beginWrite()
    #expect(!holder.writersMayWait)
    holder.rollback()
}
