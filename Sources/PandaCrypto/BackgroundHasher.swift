#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore

/// Keccak-256 of a byte stream computed on its own thread, beside whatever the caller does with the
/// same bytes (parsing rows, on the other core). `finalize` waits for the hashing to catch up and
/// returns the digest.
///
/// Given the descriptor the bytes are read from (`init(source:)`), a regular file is not copied: each
/// `update` only records that the next bytes of the file were read (checked against the descriptor's
/// offset), and the hashing thread reads that range again with pread(2). Hashing may then lag behind
/// the reader by any amount with no memory growing (the caller goes on to other work and the hash
/// catches up beside it). Any other input (a pipe, a terminal, a file whose offset moved under the
/// reader) is hashed from copies queued in a small bounded queue, so `update` then waits when
/// hashing is slower than the caller.
public final class BackgroundHasher: @unchecked Sendable {
    private enum Item {
        /// The file's bytes from the hashed position up to this offset from `base`.
        case file(end: Int)
        case bytes([UInt8])
    }

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [Item] = []
    private var head = 0
    private var closed = false
    private var hasher = Keccak256()
    private var thread = pthread_t()
    private var started = false
    /// Copied chunks waiting at most: memory stays bounded when hashing is slower than the caller.
    private let depth = 8
    /// The regular file the bytes come from, or -1: copies only. Set once, before the thread starts.
    private var fd: Int32 = -1
    /// The reader's side: ranges of `fd` are still recorded (false once the offset moved elsewhere).
    private var byRange = false
    /// The file offset of the first byte given to `update`.
    private var base: off_t = 0
    /// File bytes recorded by `update` (the reader's side) and hashed (the thread's side).
    private var recorded = 0
    private var hashedFromFile = 0
    /// Set by the thread when a file range could not be read back (the file shrank or failed).
    private var failure: Int32 = 0
    private let fileChunk = 1 << 20

    /// A hasher of copies only.
    public convenience init() {
        self.init(source: -1)
    }

    /// A hasher of the bytes read from `source`, from its current offset on; pass -1 (or a pipe) to
    /// hash copies. The descriptor must stay open until `finalize` returns.
    public init(source: Int32) {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
        if source >= 0 {
            var info = stat()
            if fstat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                let offset = lseek(source, 0, SEEK_CUR)
                if offset >= 0 {
                    fd = source
                    base = offset
                }
            }
        }
        if let t = BackgroundThread.start({ [self] in drain() }) {
            thread = t
            started = true
        }
        byRange = started && fd >= 0
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        changed.deallocate()
        lock.deallocate()
    }

    /// Adds the next bytes of the stream: for a regular file source, bytes just read from it (only
    /// their range is recorded when the descriptor's offset shows they are the file's next bytes);
    /// otherwise a copy is queued (hashing inline if no thread could be started).
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard started else { hasher.update(bytes); return }
        guard bytes.count > 0 else { return }
        if byRange {
            let expected = Int(base) + recorded + bytes.count
            if lseek(fd, 0, SEEK_CUR) == off_t(expected) {
                pthread_mutex_lock(lock)
                recorded += bytes.count
                if queue.count > head, case .file = queue[queue.count - 1] {
                    queue[queue.count - 1] = .file(end: recorded)
                } else {
                    queue.append(.file(end: recorded))
                }
                pthread_cond_broadcast(changed)
                pthread_mutex_unlock(lock)
                return
            }
            // Someone else moved the offset (a shared open file): from here on, copies.
            byRange = false
        }
        let chunk = [UInt8](bytes)
        pthread_mutex_lock(lock)
        while queue.count - head >= depth { pthread_cond_wait(changed, lock) }
        queue.append(.bytes(chunk))
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }

    /// The digest of everything given to `update`, or nil when a range of the source file could not
    /// be read back (it was truncated or failed while being hashed); call once.
    public func finalize() -> [UInt8]? {
        if started {
            pthread_mutex_lock(lock)
            closed = true
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
            pthread_join(thread, nil)
            if failure != 0 { return nil }
        }
        return hasher.finalize()
    }

    private func drain() {
        var buffer: UnsafeMutableRawPointer?
        defer { buffer?.deallocate() }
        pthread_mutex_lock(lock)
        while true {
            while queue.count == head && !closed { pthread_cond_wait(changed, lock) }
            if queue.count == head { break }
            switch queue[head] {
            case .bytes(let chunk):
                queue[head] = .file(end: 0)
                pop()
                pthread_mutex_unlock(lock)
                if failure == 0 { chunk.withUnsafeBytes { hasher.update($0) } }
                pthread_mutex_lock(lock)
            case .file(let end):
                if hashedFromFile == end {
                    // Done with this range unless the reader is still extending it (the last item).
                    if queue.count - head == 1 && !closed {
                        pthread_cond_wait(changed, lock)
                    } else {
                        pop()
                    }
                    continue
                }
                if failure != 0 {  // nothing more can be hashed correctly: let the reader go on
                    hashedFromFile = end
                    continue
                }
                let want = min(end - hashedFromFile, fileChunk)
                let offset = base + off_t(hashedFromFile)
                pthread_mutex_unlock(lock)
                if buffer == nil { buffer = .allocate(byteCount: fileChunk, alignment: 16) }
                let got = readFully(buffer!, want, at: offset)
                let code = errno
                if got == want { hasher.update(UnsafeRawBufferPointer(start: buffer, count: want)) }
                pthread_mutex_lock(lock)
                if got != want { failure = got < 0 ? code : EIO }
                hashedFromFile += want
            }
        }
        pthread_mutex_unlock(lock)
    }

    /// Removes the head item (under the lock), compacting now and then, and wakes a waiting reader.
    private func pop() {
        head += 1
        if head > 64 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        pthread_cond_broadcast(changed)
    }

    /// pread(2) of `count` bytes at `offset` (retrying EINTR and short reads): the count read, fewer
    /// at end of file, or -1.
    private func readFully(_ buffer: UnsafeMutableRawPointer, _ count: Int, at offset: off_t) -> Int {
        var got = 0
        while got < count {
            let n = pread(fd, buffer + got, count - got, offset + off_t(got))
            if n < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if n == 0 { break }
            got += n
        }
        return got
    }
}
