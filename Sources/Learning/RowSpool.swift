// A temporary file of rows of doubles, for fits that need several passes (logistic regression).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Rows of `width` doubles (features then label), appended to a temporary binary file (native
/// byte order) and read back any number of times in chunks. Memory: one buffer of about 512 KB.
///
/// The file is either created with `mkstemp` in a directory (`$TMPDIR`, else `/tmp`) and unlinked
/// at once — it vanishes when the spool is closed or the process dies — or created at a path the
/// caller gives (it must not exist yet) and removed by `close()` or when the spool is released.
/// Not thread-safe.
public final class RowSpool {
    /// Doubles per row.
    public let width: Int
    /// The file's path, or nil when it was unlinked at creation.
    public let path: String?
    /// Rows appended so far.
    public private(set) var rowCount = 0

    private var fd: Int32
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<Double>
    /// Doubles waiting in `buffer` (while appending).
    private var buffered = 0
    /// Doubles written to the file.
    private var written = 0

    /// Creates an anonymous spool in `directory` (default `$TMPDIR`, else `/tmp`).
    public init(width: Int, directory: String? = nil) throws(LearningError) {
        precondition(width > 0, "a row spool needs a positive width")
        var dir = directory ?? getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        if dir.isEmpty { dir = "/tmp" }
        if dir.hasSuffix("/") && dir.count > 1 { dir.removeLast() }
        var template = Array((dir + "/pandactl-rows-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw LearningError.ioError("cannot create a row spool in '\(dir)': \(RowSpool.errorText(errno))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.width = width
        self.path = nil
        self.fd = fd
        capacity = max(width, (1 << 16) / width * width)
        buffer = .allocate(capacity: capacity)
    }

    /// Creates a spool at `path`, which must not exist yet; the file is removed by `close()`.
    public init(width: Int, path: String) throws(LearningError) {
        precondition(width > 0, "a row spool needs a positive width")
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LearningError.ioError("cannot create row spool '\(path)': \(RowSpool.errorText(errno))")
        }
        self.width = width
        self.path = path
        self.fd = fd
        capacity = max(width, (1 << 16) / width * width)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        close()
        buffer.deallocate()
    }

    /// Closes the file and deletes it (if it has a path). Idempotent.
    public func close() {
        guard fd >= 0 else { return }
        closeDescriptor(fd)
        fd = -1
        if let path { _ = unlink(path) }
    }

    /// Appends one row of exactly `width` doubles.
    public func append(_ row: UnsafeBufferPointer<Double>) throws(LearningError) {
        precondition(row.count == width, "row of \(row.count) values in a spool of width \(width)")
        guard fd >= 0 else { throw LearningError.ioError("row spool is closed") }
        if buffered + width > capacity { try flush() }
        (buffer + buffered).update(from: row.baseAddress!, count: width)
        buffered += width
        rowCount += 1
    }

    /// Appends one row: `width − 1` doubles, then `last` (features, then the label).
    public func append(_ head: UnsafeBufferPointer<Double>, last: Double) throws(LearningError) {
        precondition(head.count == width - 1, "row of \(head.count + 1) values in a spool of width \(width)")
        guard fd >= 0 else { throw LearningError.ioError("row spool is closed") }
        if buffered + width > capacity { try flush() }
        if let source = head.baseAddress { (buffer + buffered).update(from: source, count: head.count) }
        buffer[buffered + head.count] = last
        buffered += width
        rowCount += 1
    }

    /// Appends one row of exactly `width` doubles.
    public func append(_ row: [Double]) throws(LearningError) {
        let result: Result<Void, LearningError> = row.withUnsafeBufferPointer { r in
            do throws(LearningError) {
                try append(r)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    private func flush() throws(LearningError) {
        var offset = 0
        let bytes = buffered * MemoryLayout<Double>.stride
        let raw = UnsafeRawPointer(buffer)
        while offset < bytes {
            let n = pwrite(fd, raw + offset, bytes - offset, off_t((written * 8) + offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw LearningError.ioError("cannot write the row spool: \(RowSpool.errorText(errno))")
            }
            offset += n
        }
        written += buffered
        buffered = 0
    }

    /// Calls `body` with consecutive chunks of whole rows (row-major, `rows × width` doubles),
    /// covering every row appended so far, in order.
    public func forEachChunk(_ body: (_ values: UnsafeBufferPointer<Double>, _ rows: Int) -> Void) throws(LearningError) {
        guard fd >= 0 else { throw LearningError.ioError("row spool is closed") }
        if buffered > 0 { try flush() }
        let chunkRows = capacity / width
        var done = 0  // rows read
        while done < written / width {
            let rows = min(chunkRows, written / width - done)
            try readRows(done..<(done + rows), into: buffer)
            body(UnsafeBufferPointer(start: buffer, count: rows * width), rows)
            done += rows
        }
    }

    /// Writes out the rows still buffered, so that `readRows` sees every row appended so far.
    public func finishWriting() throws(LearningError) {
        guard fd >= 0 else { throw LearningError.ioError("row spool is closed") }
        if buffered > 0 { try flush() }
    }

    /// Copies rows `rows` (row-major, `rows.count × width` doubles) into `destination`. Reads only
    /// what `finishWriting` (or a replay) wrote out, with pread(2): several threads may read at once
    /// while nothing is appended.
    public func readRows(_ rows: Range<Int>, into destination: UnsafeMutablePointer<Double>) throws(LearningError) {
        guard fd >= 0 else { throw LearningError.ioError("row spool is closed") }
        precondition(rows.lowerBound >= 0 && rows.upperBound * width <= written, "rows \(rows) not written out")
        let bytes = rows.count * width * 8
        let start = rows.lowerBound * width * 8
        let raw = UnsafeMutableRawPointer(destination)
        var got = 0
        while got < bytes {
            let n = pread(fd, raw + got, bytes - got, off_t(start + got))
            if n < 0 {
                if errno == EINTR { continue }
                throw LearningError.ioError("cannot read the row spool: \(RowSpool.errorText(errno))")
            }
            if n == 0 { throw LearningError.ioError("row spool is shorter than written") }
            got += n
        }
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}

private func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #elseif canImport(Musl)
    _ = Musl.close(fd)
    #endif
}
