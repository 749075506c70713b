#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore

/// A stream's lines read and parsed into requests on a second thread, ahead of the thread that applies
/// them: what each line means (a request, a refusal, nothing) depends on the line alone, so it can be
/// worked out while the requests before it are applied. Items come out in input order, at most
/// `capacity` ahead of the consumer. Without a thread (the system refused one) the consumer reads and
/// parses each line itself, with the same results.
final class LinePrefetcher: @unchecked Sendable {
    enum Item {
        /// A request, with the size of its line.
        case request(Request, line: Int, bytes: Int)
        /// A line refused before it is applied (too long, not JSON, not an object, an unknown record type).
        case refused(PandaError, line: Int)
        /// A blank line, or a record this program passes by.
        case passed(line: Int)
        /// Reading the input failed after `line`.
        case readFailed(LineReaderError, afterLine: Int)
    }

    private let reader: LineReader
    private let prepare: (RawLine) -> Item
    private let capacity: Int
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let itemsAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let roomAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var thread: pthread_t?
    // Under the lock:
    private var ready: [Item] = []
    /// The producer has handed over its last item (end of input or a read error).
    private var ended = false
    /// The producer is in (or about to enter) a read(2) that may block: no item is on its way.
    private var reading = false
    private var stopping = false
    private var consumerWaits = false
    private var producerWaits = false
    // The consumer's own: the batch it took, and where it is in it.
    private var taken: [Item] = []
    private var next = 0
    private var lastLine = 0

    init(reader: LineReader, capacity: Int = 1024, prepare: @escaping (RawLine) -> Item) {
        self.reader = reader
        self.capacity = capacity
        self.prepare = prepare
        pthread_mutex_init(lock, nil)
        pthread_cond_init(itemsAvailable, nil)
        pthread_cond_init(roomAvailable, nil)
        ready.reserveCapacity(capacity)
        thread = BackgroundThread.start { [self] in produce() }
    }

    deinit {
        pthread_cond_destroy(roomAvailable)
        pthread_cond_destroy(itemsAvailable)
        pthread_mutex_destroy(lock)
        roomAvailable.deallocate()
        itemsAvailable.deallocate()
        lock.deallocate()
    }

    /// The next item, waiting for the input if none is ready; nil at the end of the input.
    func nextItem() -> Item? {
        if next < taken.count {
            defer { next += 1 }
            return taken[next]
        }
        guard thread != nil else { return readAndPrepare() }
        taken.removeAll(keepingCapacity: true)
        next = 0
        pthread_mutex_lock(lock)
        while ready.isEmpty && !ended {
            consumerWaits = true
            pthread_cond_wait(itemsAvailable, lock)
            consumerWaits = false
        }
        swap(&taken, &ready)
        if producerWaits { pthread_cond_signal(roomAvailable) }
        pthread_mutex_unlock(lock)
        guard !taken.isEmpty else { return nil }
        next = 1
        return taken[0]
    }

    /// True when `nextItem()` returns without waiting for more input to arrive (an item is ready or on
    /// its way from input already read, or the input has ended).
    var hasItem: Bool {
        if next < taken.count { return true }
        guard thread != nil else { return reader.hasBufferedLine }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return !ready.isEmpty || ended || !reading
    }

    /// Ends the producer: joined unless it waits in a read that may never return (a terminal or a pipe
    /// whose writer is still there), which then ends with the process. The consumer takes no more items.
    func stop() {
        guard let thread else { return }
        pthread_mutex_lock(lock)
        stopping = true
        pthread_cond_signal(roomAvailable)
        let blocked = reading && !ended
        pthread_mutex_unlock(lock)
        if blocked { pthread_detach(thread) } else { pthread_join(thread, nil) }
        self.thread = nil
    }

    private func produce() {
        while true {
            let mayBlock = !reader.hasBufferedLine
            pthread_mutex_lock(lock)
            while ready.count >= capacity && !stopping {
                producerWaits = true
                pthread_cond_wait(roomAvailable, lock)
                producerWaits = false
            }
            if stopping {
                pthread_mutex_unlock(lock)
                return
            }
            reading = mayBlock
            pthread_mutex_unlock(lock)
            let item = readAndPrepare()
            pthread_mutex_lock(lock)
            reading = false
            if let item { ready.append(item) }
            switch item {
            case nil, .readFailed?: ended = true
            default: break
            }
            if consumerWaits { pthread_cond_signal(itemsAvailable) }
            let done = ended
            pthread_mutex_unlock(lock)
            if done { return }
        }
    }

    private func readAndPrepare() -> Item? {
        do {
            guard let raw = try reader.next() else { return nil }
            lastLine = raw.number
            return prepare(raw)
        } catch {
            return .readFailed(error, afterLine: lastLine)
        }
    }
}
