#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Keccak-256 of a byte stream computed on its own thread: `update` copies a chunk into a small bounded
/// queue and returns; the hashing runs beside whatever the caller does with the same bytes (parsing
/// rows, on the other core). `finalize` waits for the queue to drain and returns the digest.
public final class BackgroundHasher: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [[UInt8]] = []
    private var head = 0
    private var closed = false
    private var hasher = Keccak256()
    private var thread = pthread_t()
    private var started = false
    /// Chunks waiting at most: memory stays bounded when hashing is slower than the caller.
    private let depth = 8

    public init() {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
        let me = Unmanaged.passRetained(self).toOpaque()
        started = pthread_create(&thread, nil, { context in
            let hasher = Unmanaged<BackgroundHasher>.fromOpaque(context!).takeRetainedValue()
            hasher.drain()
            return nil
        }, me) == 0
        if !started { Unmanaged<BackgroundHasher>.fromOpaque(me).release() }
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        changed.deallocate()
        lock.deallocate()
    }

    /// Queues a copy of `bytes` (hashing inline if no thread could be started).
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard started else { hasher.update(bytes); return }
        let chunk = [UInt8](bytes)
        pthread_mutex_lock(lock)
        while queue.count - head >= depth { pthread_cond_wait(changed, lock) }
        queue.append(chunk)
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }

    /// The digest of everything given to `update`; call once.
    public func finalize() -> [UInt8] {
        if started {
            pthread_mutex_lock(lock)
            closed = true
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
            pthread_join(thread, nil)
        }
        return hasher.finalize()
    }

    private func drain() {
        while true {
            pthread_mutex_lock(lock)
            while queue.count == head && !closed { pthread_cond_wait(changed, lock) }
            if queue.count == head {
                pthread_mutex_unlock(lock)
                return
            }
            let chunk = queue[head]
            queue[head] = []
            head += 1
            if head > 64 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
            chunk.withUnsafeBytes { hasher.update($0) }
        }
    }
}
