#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore
import PandaCrypto

/// The journal's text and hash chain, written on a second thread while the caller applies the next
/// requests of a stream: each applied request is handed over with its (canonically ordered) request and
/// result objects; the thread writes their canonical JSON, the entry bytes and `keccak256(prev ‖ entry)`,
/// in order. The caller drains the finished entries before it needs any of them — to insert the journal
/// rows before the commit or a read, to compare hashes in a replay — so the entries, their bytes and
/// hashes are those the caller would have written itself, only computed elsewhere.
final class JournalPipeline: @unchecked Sendable {
    struct Job {
        let seq: Int64
        let ts: Timestamp
        let op: String
        let sender: String
        let request: JSONObject
        /// The request's canonical text when it was written ahead (`Request.Ahead`); nil: written here.
        let requestText: String?
        let result: JSONObject
    }

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workFinished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var thread = pthread_t()
    private(set) var started = false
    // Under the lock:
    private var waiting: [Job] = []
    private var finished: [JournalEntry] = []
    // Memory goes back to the thread that allocated it (`Handback`): jobs the worker is done with are
    // dropped by the caller at its next drain, and entries the caller is done with (`recycle`) by the
    // worker at its next batch.
    private let spentJobs = Handback<[Job]>()
    private let spentEntries = Handback<[JournalEntry]>()
    private var submitted = 0
    private var completed = 0
    private var idle = true
    private var stopping = false
    // The worker's own (read by others only while it is idle and nothing is waiting):
    private var prevBytes: [UInt8] = []
    private var prevHash = JournalEntry.genesisHash

    init(batchSize: Int = 128) {
        self.batchSize = max(1, batchSize)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(workAvailable, nil)
        pthread_cond_init(workFinished, nil)
        if let t = BackgroundThread.start({ [self] in work() }) {
            thread = t
            started = true
        }
    }

    deinit {
        pthread_cond_destroy(workFinished)
        pthread_cond_destroy(workAvailable)
        pthread_mutex_destroy(lock)
        workFinished.deallocate()
        workAvailable.deallocate()
        lock.deallocate()
    }

    /// Ends the thread (after the work handed over); the pipeline takes no more.
    func stop() {
        guard started else { return }
        pthread_mutex_lock(lock)
        stopping = true
        pthread_cond_broadcast(workAvailable)
        pthread_mutex_unlock(lock)
        pthread_join(thread, nil)
        started = false
    }

    /// Starts a new chain after `hash` (a transaction's start), dropping whatever was handed over.
    func reset(after hash: String) {
        outbox.removeAll(keepingCapacity: true)
        pthread_mutex_lock(lock)
        if idle && !waiting.isEmpty { pthread_cond_signal(workAvailable) }
        while completed < submitted { pthread_cond_wait(workFinished, lock) }
        waiting.removeAll(keepingCapacity: true)
        finished.removeAll(keepingCapacity: true)
        prevHash = hash
        prevBytes = [UInt8](hex: hash) ?? []
        pthread_mutex_unlock(lock)
    }

    /// Jobs gathered by the caller before they are handed over: one lock (and at most one wake-up, a system
    /// call on each side) per batch rather than per job, so the caller seldom waits for the worker's lock.
    private let batchSize: Int
    /// The caller's jobs not handed over yet (the caller's own: no lock).
    private var outbox: [Job] = []

    /// Hands a job over; true when this handed a batch to the worker (a moment to take what it finished).
    @discardableResult
    func submit(_ job: Job) -> Bool {
        outbox.append(job)
        guard outbox.count >= batchSize else { return false }
        handOver()
        return true
    }

    /// The entries finished since the last `drain` or `takeFinished`, in order, without waiting for the rest.
    func takeFinished() -> [JournalEntry] {
        pthread_mutex_lock(lock)
        return takeFinishedAndUnlock()
    }

    /// (Under the lock, which it releases.) The finished entries; the jobs the worker is done with are
    /// released here, on the caller's thread.
    private func takeFinishedAndUnlock() -> [JournalEntry] {
        let out = finished
        finished = []
        pthread_mutex_unlock(lock)
        spentJobs.takeAll()
        return out
    }

    private func handOver() {
        guard !outbox.isEmpty else { return }
        let n = outbox.count
        pthread_mutex_lock(lock)
        if waiting.isEmpty {
            swap(&waiting, &outbox)
        } else {
            waiting.append(contentsOf: outbox)
            outbox.removeAll(keepingCapacity: true)
        }
        submitted += n
        if idle { pthread_cond_signal(workAvailable) }
        pthread_mutex_unlock(lock)
    }

    /// Waits for every entry handed over and returns those not drained before, in order.
    func drain() -> [JournalEntry] {
        handOver()
        pthread_mutex_lock(lock)
        if idle && !waiting.isEmpty { pthread_cond_signal(workAvailable) }
        while completed < submitted { pthread_cond_wait(workFinished, lock) }
        return takeFinishedAndUnlock()
    }

    /// Hands drained entries back, to be released on the pipeline's thread.
    func recycle(_ entries: [JournalEntry]) { spentEntries.put(entries) }

    private func work() {
        var batch: [Job] = []
        var done: [JournalEntry] = []
        var buffer: [UInt8] = []
        pthread_mutex_lock(lock)
        while true {
            while waiting.isEmpty && !stopping {
                idle = true
                pthread_cond_wait(workAvailable, lock)
            }
            if waiting.isEmpty && stopping { break }
            idle = false
            swap(&batch, &waiting)
            pthread_mutex_unlock(lock)
            spentEntries.takeAll()
            for job in batch {
                let request = job.requestText ?? JSONWriter.string(.object(job.request), sortedKeys: true)
                let result = JSONWriter.string(.object(job.result), sortedKeys: true)
                buffer.removeAll(keepingCapacity: true)
                buffer.append(contentsOf: prevBytes)
                JournalEntry.appendEntry(into: &buffer, seq: job.seq, ts: job.ts, op: job.op, sender: job.sender, request: request, result: result)
                let hashBytes = Keccak256.hash(buffer)
                let hash = "0x" + hashBytes.hexString
                done.append(JournalEntry(seq: job.seq, ts: job.ts, op: job.op, sender: job.sender, request: request, result: result,
                                         prevHash: prevHash, hash: hash))
                prevBytes = hashBytes
                prevHash = hash
            }
            let count = done.count
            spentJobs.put(batch)
            batch = []
            pthread_mutex_lock(lock)
            // Arrays are swapped rather than copied where they can be: the lock is held as briefly as possible.
            if finished.isEmpty { swap(&finished, &done) } else { finished.append(contentsOf: done) }
            completed += count
            done.removeAll(keepingCapacity: true)
            pthread_cond_broadcast(workFinished)
        }
        idle = true
        pthread_mutex_unlock(lock)
    }
}
