// Buffered line input and output over raw file descriptors, for JSON lines.
//
// No Foundation: read(2)/write(2) with EINTR retries. Lines are handed out as views into the
// reader's own buffer, so the common case (a line shorter than the buffer) copies nothing.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed read(2) or write(2).
public struct LineReaderError: Error, Sendable, CustomStringConvertible {
    /// The `errno` of the failed call (e.g. `EPIPE`, `EIO`, `EAGAIN`).
    public let errno: Int32
    /// A short lowercase message, e.g. `write failed: broken pipe`.
    public let message: String

    public init(errno: Int32, message: String) {
        self.errno = errno
        self.message = message
    }

    public var description: String { message }

    static func system(_ what: String, _ code: Int32) -> LineReaderError {
        var text = String(cString: strerror(code))
        if let first = text.first, first.isUppercase, text.dropFirst().first?.isUppercase != true {
            text = first.lowercased() + text.dropFirst()
        }
        return LineReaderError(errno: code, message: "\(what) failed: \(text)")
    }
}

/// One line handed out by `LineReader.next()`.
public struct RawLine {
    /// 1-based line number, counting every line (empty and too-long ones too).
    public let number: Int
    /// The line without its terminator; valid only until the reader's next `next()` call.
    public let bytes: UnsafeRawBufferPointer
    /// The line was longer than the reader's `maxLineLength`: `bytes` is empty and the reader has
    /// already skipped to the next newline.
    public let tooLong: Bool

    public init(number: Int, bytes: UnsafeRawBufferPointer, tooLong: Bool) {
        self.number = number
        self.bytes = bytes
        self.tooLong = tooLong
    }

    /// Only spaces, tabs and carriage returns (or nothing): a line every program skips.
    public var isBlank: Bool {
        for b in bytes where b != 0x20 && b != 0x09 && b != 0x0D { return false }
        return true
    }
}

/// Reads lines terminated by `\n` or `\r\n` from a file descriptor.
///
/// The buffer starts at `bufferSize` bytes and grows for longer lines up to `maxLineLength` (plus
/// room for the terminator); a longer line is skipped and reported with `tooLong`, so the reader
/// never holds much more than `maxLineLength + bufferSize` bytes. Not thread-safe.
public final class LineReader {
    public let fd: Int32
    public let maxLineLength: Int

    private let initialCapacity: Int
    private var capacity: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    /// Unread data is `buffer[start..<end]`; `buffer[start..<searched]` holds no newline.
    private var start = 0
    private var end = 0
    private var searched = 0
    private var atEOF = false
    private var lineNumber = 0
    /// Called with every chunk as it is read from the file descriptor, before lines are split (for a
    /// hash of the input exactly as given).
    public var onRead: ((UnsafeRawBufferPointer) -> Void)?

    public init(fd: Int32, bufferSize: Int = 1 << 20, maxLineLength: Int = 16 << 20) {
        self.fd = fd
        self.maxLineLength = Swift.max(0, maxLineLength)
        self.initialCapacity = Swift.max(2, bufferSize)
        self.capacity = initialCapacity
        self.buffer = .allocate(capacity: initialCapacity)
    }

    deinit { buffer.deallocate() }

    /// The next line without its terminator (`\n`, or `\r\n` with the CR stripped), or nil at end
    /// of input. `bytes` is valid only until the next call. A last line without a final newline is
    /// still a line.
    public func next() throws(LineReaderError) -> RawLine? {
        while true {
            if let newline = findNewline() {
                return takeLine(through: newline)
            }
            if atEOF {
                guard start < end else { return nil }
                return takeLine(through: nil)
            }
            // The pending bytes hold no newline. Past the limit (one byte of slack for a CR),
            // the line is too long whatever follows.
            if end - start > maxLineLength + 1 {
                return try skipLongLine()
            }
            makeRoom()
            try fill()
        }
    }

    /// True when `next()` can return a line (or end of input) without a read(2) that may block.
    public var hasBufferedLine: Bool {
        atEOF || findNewline() != nil
    }

    // MARK: - Internals

    private func findNewline() -> Int? {
        guard searched < end else { return nil }
        if let hit = memchr(buffer + searched, 0x0A, end - searched) {
            return buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        searched = end
        return nil
    }

    /// Hands out `buffer[start..<newline]` (or up to `end` at end of input) as the next line.
    private func takeLine(through newline: Int?) -> RawLine {
        var lineEnd = newline ?? end
        if newline != nil, lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        var lineStart = start
        start = newline.map { $0 + 1 } ?? end
        searched = start
        lineNumber += 1
        // A UTF-8 byte order mark at the start of the input is not part of the first line (DESIGN §8).
        if lineNumber == 1, lineEnd - lineStart >= 3, buffer[lineStart] == 0xEF, buffer[lineStart + 1] == 0xBB, buffer[lineStart + 2] == 0xBF {
            lineStart += 3
        }
        if lineEnd - lineStart > maxLineLength {
            return RawLine(number: lineNumber, bytes: UnsafeRawBufferPointer(start: nil, count: 0), tooLong: true)
        }
        return RawLine(
            number: lineNumber, bytes: UnsafeRawBufferPointer(start: buffer + lineStart, count: lineEnd - lineStart),
            tooLong: false)
    }

    /// Moves pending bytes to the front, growing the buffer when they fill it and the line may
    /// still be within the limit, and shrinking it back after a long line has passed.
    private func makeRoom() {
        let pending = end - start
        if pending == capacity {
            let newCapacity = Swift.min(Swift.max(capacity * 2, 2), maxLineLength + 2)
            precondition(newCapacity > capacity, "LineReader: no room to grow")
            resize(to: newCapacity)
            return
        }
        if capacity > initialCapacity && pending < initialCapacity / 2 {
            resize(to: initialCapacity)
            return
        }
        if start > 0 {
            if pending > 0 { (buffer).update(from: buffer + start, count: pending) }
            start = 0
            end = pending
            searched = pending
        }
    }

    private func resize(to newCapacity: Int) {
        let pending = end - start
        let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        if pending > 0 { newBuffer.update(from: buffer + start, count: pending) }
        buffer.deallocate()
        buffer = newBuffer
        capacity = newCapacity
        start = 0
        end = pending
        searched = pending
    }

    /// One read(2) into the free tail of the buffer (retrying on EINTR); sets `atEOF` on 0.
    private func fill() throws(LineReaderError) {
        while true {
            let n = systemRead(fd, buffer + end, capacity - end)
            if n > 0 {
                onRead?(UnsafeRawBufferPointer(start: buffer + end, count: n))
                end += n
                return
            }
            if n == 0 {
                atEOF = true
                return
            }
            let code = errno
            if code == EINTR { continue }
            throw LineReaderError.system("read", code)
        }
    }

    /// Discards the current line up to and including its newline, reading as needed.
    private func skipLongLine() throws(LineReaderError) -> RawLine {
        lineNumber += 1
        let tooLong = RawLine(number: lineNumber, bytes: UnsafeRawBufferPointer(start: nil, count: 0), tooLong: true)
        while true {
            if let newline = findNewline() {
                start = newline + 1
                searched = start
                return tooLong
            }
            start = 0
            end = 0
            searched = 0
            if capacity > initialCapacity { resize(to: initialCapacity) }
            if atEOF { return tooLong }
            try fill()
        }
    }
}

/// Buffered output to a file descriptor.
///
/// Writes go to the buffer and through to the descriptor when it fills. A failed write(2) (EPIPE
/// included; the program should ignore SIGPIPE to see it) is kept: later writes are dropped and
/// `flush()` throws it. Call `flush()` before exiting; `deinit` flushes only as a courtesy.
/// Not thread-safe.
public final class OutputWriter {
    public let fd: Int32
    private let capacity: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var failure: LineReaderError?

    public init(fd: Int32, capacity: Int = 1 << 16) {
        self.fd = fd
        self.capacity = Swift.max(1, capacity)
        self.buffer = .allocate(capacity: self.capacity)
    }

    deinit {
        if failure == nil && count > 0 { drain(UnsafeRawPointer(buffer), count) }
        buffer.deallocate()
    }

    /// Appends bytes to the output.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Appends the UTF-8 of `s` to the output.
    public func write(_ s: String) {
        var s = s
        s.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Appends raw bytes to the output.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, let source = bytes.baseAddress, bytes.count > 0 else { return }
        let n = bytes.count
        if n <= capacity - count {
            (UnsafeMutableRawPointer(buffer) + count).copyMemory(from: source, byteCount: n)
            count += n
            return
        }
        if count > 0 {
            drain(UnsafeRawPointer(buffer), count)
            count = 0
            if failure != nil { return }
        }
        if n >= capacity {
            drain(source, n)
        } else {
            UnsafeMutableRawPointer(buffer).copyMemory(from: source, byteCount: n)
            count = n
        }
    }

    /// Writes out everything buffered, or throws the first write error seen so far.
    public func flush() throws(LineReaderError) {
        if count > 0, failure == nil {
            drain(UnsafeRawPointer(buffer), count)
            count = 0
        }
        if let failure { throw failure }
    }

    /// write(2) until all of `n` bytes are out, retrying partial writes and EINTR.
    private func drain(_ source: UnsafeRawPointer, _ n: Int) {
        var offset = 0
        while offset < n {
            let written = systemWrite(fd, source + offset, n - offset)
            if written >= 0 {
                offset += written
                continue
            }
            let code = errno
            if code == EINTR { continue }
            failure = LineReaderError.system("write", code)
            return
        }
    }
}

// Free functions so that the methods named `write` do not shadow the C calls.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
    read(fd, buffer, n)
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, buffer, n)
}
