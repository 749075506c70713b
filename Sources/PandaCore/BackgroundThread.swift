#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A POSIX thread running one closure: the background workers (the journal's text and hashes, the hash
/// of a training input, training passes, a stream's lines parsed ahead) start theirs here.
public enum BackgroundThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread (joinable); nil when the system refuses one, and the caller then
    /// does the work itself.
    public static func start(_ body: @escaping () -> Void) -> pthread_t? {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context) == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}

/// Values a worker thread is done with, handed back to the thread that made them to be released there:
/// a free on another thread contends with that thread's allocations for the allocator's lock.
public final class Handback<Value>: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var values: [Value] = []

    public init() { pthread_mutex_init(lock, nil) }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Hands a value back (on the worker).
    public func put(_ value: Value) {
        pthread_mutex_lock(lock)
        values.append(value)
        pthread_mutex_unlock(lock)
    }

    /// Takes every value handed back and releases them on the caller's thread.
    public func takeAll() {
        var taken: [Value] = []
        pthread_mutex_lock(lock)
        swap(&taken, &values)
        pthread_mutex_unlock(lock)
        _ = taken
    }
}
