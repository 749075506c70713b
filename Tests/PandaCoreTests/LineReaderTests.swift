import Testing

@testable import PandaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What `next()` returned for one line.
private enum Outcome: Equatable, CustomStringConvertible {
    case line(Int, String)
    case tooLong(Int)

    var description: String {
        switch self {
        case .line(let n, let s): "\(n):\(s.debugDescription)"
        case .tooLong(let n): "\(n):too long"
        }
    }
}

private func makePipe() -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    let status = pipe(&fds)
    precondition(status == 0, "pipe failed")
    return (fds[0], fds[1])
}

private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        precondition(n > 0, "write failed")
        offset += n
    }
}

private func readAll(_ fd: Int32) -> [UInt8] {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        result += chunk[0..<n]
    }
    return result
}

/// Writes `bytes` to a temporary file and returns a descriptor open for reading (the file is
/// already unlinked).
private func temporaryFile(_ bytes: [UInt8]) -> Int32 {
    var template = Array("/tmp/pandactl-linereader-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    precondition(fd >= 0, "mkstemp failed")
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    writeAll(fd, bytes)
    _ = lseek(fd, 0, SEEK_SET)
    return fd
}

private func outcomes(_ bytes: [UInt8], bufferSize: Int = 1 << 20, maxLineLength: Int = 16 << 20) throws -> [Outcome] {
    let fd = temporaryFile(bytes)
    defer { close(fd) }
    let reader = LineReader(fd: fd, bufferSize: bufferSize, maxLineLength: maxLineLength)
    var result: [Outcome] = []
    while let line = try reader.next() {
        if line.tooLong {
            #expect(line.bytes.isEmpty)
            result.append(.tooLong(line.number))
        } else {
            result.append(.line(line.number, String(decoding: line.bytes, as: UTF8.self)))
        }
    }
    #expect(try reader.next() == nil, "end of input is sticky")
    return result
}

private func outcomes(_ text: String, bufferSize: Int = 1 << 20, maxLineLength: Int = 16 << 20) throws -> [Outcome] {
    try outcomes(Array(text.utf8), bufferSize: bufferSize, maxLineLength: maxLineLength)
}

@Suite("LineReader")
struct LineReaderTests {
    @Test func terminators() throws {
        #expect(try outcomes("") == [])
        #expect(try outcomes("a\nb\n") == [.line(1, "a"), .line(2, "b")])
        #expect(try outcomes("a\r\nb\r\n") == [.line(1, "a"), .line(2, "b")])
        #expect(try outcomes("a\nb") == [.line(1, "a"), .line(2, "b")], "a last line without newline is a line")
        #expect(try outcomes("a\r\nb\r") == [.line(1, "a"), .line(2, "b\r")], "a lone CR at the end is data")
        #expect(try outcomes("a\rb\n") == [.line(1, "a\rb")], "a CR inside a line is data")
        #expect(try outcomes("\r\n") == [.line(1, "")])
        #expect(try outcomes("x\r\r\n") == [.line(1, "x\r")])
    }

    @Test func emptyLinesAreCounted() throws {
        #expect(try outcomes("\n\n") == [.line(1, ""), .line(2, "")])
        #expect(try outcomes("a\n\n\nb\n") == [.line(1, "a"), .line(2, ""), .line(3, ""), .line(4, "b")])
    }

    @Test func linesLongerThanTheBufferGrowIt() throws {
        let long = String(repeating: "0123456789", count: 50)
        let text = "short\n\(long)\r\nafter\n\(long)"
        #expect(try outcomes(text, bufferSize: 8) == [.line(1, "short"), .line(2, long), .line(3, "after"), .line(4, long)])
        #expect(try outcomes(text, bufferSize: 2) == [.line(1, "short"), .line(2, long), .line(3, "after"), .line(4, long)])
    }

    @Test func tooLongLinesAreSkipped() throws {
        let long = String(repeating: "x", count: 100)
        let text = "ok\n\(long)\nnext\n"
        #expect(try outcomes(text, bufferSize: 8, maxLineLength: 10) == [.line(1, "ok"), .tooLong(2), .line(3, "next")])
        // The same when the buffer is large enough to hold the whole line.
        #expect(try outcomes(text, bufferSize: 4096, maxLineLength: 10) == [.line(1, "ok"), .tooLong(2), .line(3, "next")])
        // At the end of input, with and without a final newline.
        #expect(try outcomes("ok\n\(long)", bufferSize: 8, maxLineLength: 10) == [.line(1, "ok"), .tooLong(2)])
        #expect(try outcomes("\(long)\n", bufferSize: 8, maxLineLength: 10) == [.tooLong(1)])
        // Several in a row, and a very long one.
        let huge = String(repeating: "y", count: 100_000)
        #expect(
            try outcomes("\(long)\n\(huge)\r\n\(long)\nend", bufferSize: 16, maxLineLength: 50)
                == [.tooLong(1), .tooLong(2), .tooLong(3), .line(4, "end")])
    }

    @Test func lengthLimitIsExact() throws {
        let ten = String(repeating: "z", count: 10)
        let eleven = ten + "z"
        for bufferSize in [2, 5, 11, 12, 13, 64] {
            #expect(try outcomes("\(ten)\n", bufferSize: bufferSize, maxLineLength: 10) == [.line(1, ten)])
            #expect(try outcomes("\(ten)\r\n", bufferSize: bufferSize, maxLineLength: 10) == [.line(1, ten)])
            #expect(try outcomes(ten, bufferSize: bufferSize, maxLineLength: 10) == [.line(1, ten)])
            #expect(try outcomes("\(eleven)\n", bufferSize: bufferSize, maxLineLength: 10) == [.tooLong(1)])
            #expect(try outcomes("\(eleven)\r\n", bufferSize: bufferSize, maxLineLength: 10) == [.tooLong(1)])
            #expect(try outcomes(eleven, bufferSize: bufferSize, maxLineLength: 10) == [.tooLong(1)])
        }
    }

    @Test func randomContentMatchesASimpleSplit() throws {
        var rng = JSONTestRandom(seed: 42)
        for round in 0..<60 {
            var bytes: [UInt8] = []
            var expected: [Outcome] = []
            let maxLineLength = rng.pick([5, 40, 1000])
            func outcome(_ number: Int, _ content: [UInt8]) -> Outcome {
                content.count > maxLineLength ? .tooLong(number) : .line(number, String(decoding: content, as: UTF8.self))
            }
            let count = rng.below(40) + 1
            for number in 1...count {
                let length = rng.pick([0, 1, 3, 5, 6, 20, 41, 200, 3000])
                var line = (0..<length).map { _ in rng.pick(Array("abc{}\"\\ \t\r".utf8)) }
                let last = number == count
                if last && rng.chance(50) {
                    // No final newline: the bytes up to the end are the last line, a CR included.
                    bytes += line
                    if !line.isEmpty { expected.append(outcome(number, line)) }
                } else if rng.chance(30) {
                    bytes += line + [0x0D, 0x0A]
                    expected.append(outcome(number, line))
                } else {
                    bytes += line + [0x0A]
                    // A CR right before the newline is part of the terminator.
                    if line.last == 0x0D { line.removeLast() }
                    expected.append(outcome(number, line))
                }
            }
            let bufferSize = rng.pick([2, 3, 7, 64, 4096])
            #expect(try outcomes(bytes, bufferSize: bufferSize, maxLineLength: maxLineLength) == expected, "round \(round)")
        }
    }

    @Test func hasBufferedLineThroughAPipe() throws {
        let (r, w) = makePipe()
        defer { close(r) }
        let reader = LineReader(fd: r, bufferSize: 64)
        #expect(!reader.hasBufferedLine, "nothing read yet")

        writeAll(w, Array("one\ntwo\nthr".utf8))
        #expect(try reader.next().map { String(decoding: $0.bytes, as: UTF8.self) } == "one")
        #expect(reader.hasBufferedLine, "'two' is complete in the buffer")
        #expect(try reader.next().map { String(decoding: $0.bytes, as: UTF8.self) } == "two")
        #expect(!reader.hasBufferedLine, "'thr' has no newline yet and input is open")

        writeAll(w, Array("ee\n".utf8))
        #expect(!reader.hasBufferedLine, "new data is not read until next()")
        #expect(try reader.next().map { String(decoding: $0.bytes, as: UTF8.self) } == "three")
        #expect(!reader.hasBufferedLine)

        close(w)
        #expect(!reader.hasBufferedLine, "end of input is not known before a read")
        #expect(try reader.next() == nil)
        #expect(reader.hasBufferedLine, "end of input is known now")
        #expect(try reader.next() == nil)
    }

    @Test func lineNumbersAndBytesThroughAPipe() throws {
        let (r, w) = makePipe()
        defer { close(r) }
        writeAll(w, Array("{\"a\":1}\r\n\n[2]".utf8))
        close(w)
        let reader = LineReader(fd: r)
        let first = try #require(try reader.next())
        #expect(first.number == 1 && !first.tooLong)
        #expect(try JSONParser.parse(first.bytes) == ["a": 1])
        #expect(try reader.next()?.bytes.count == 0)
        let third = try #require(try reader.next())
        #expect(third.number == 3)
        #expect(try JSONParser.parse(third.bytes) == [2])
        #expect(try reader.next() == nil)
    }

    @Test func readErrorsAreReported() {
        let reader = LineReader(fd: -1)
        do {
            _ = try reader.next()
            Issue.record("reading fd -1 succeeded")
        } catch {
            #expect(error.errno == EBADF)
            #expect(error.message.hasPrefix("read failed: "))
        }
    }
}

private final class ReadBox: @unchecked Sendable {
    var fd: Int32 = 0
    var data: [UInt8] = []
}

@Suite("OutputWriter")
struct OutputWriterTests {
    @Test func buffersUntilFlush() throws {
        let (r, w) = makePipe()
        defer { close(r) }
        let writer = OutputWriter(fd: w, capacity: 64)
        writer.write("hello ")
        writer.write(Array("world\n".utf8))
        var flags = fcntl(r, F_GETFL)
        flags |= O_NONBLOCK
        _ = fcntl(r, F_SETFL, flags)
        var probe: UInt8 = 0
        #expect(read(r, &probe, 1) == -1, "nothing written before flush")
        _ = fcntl(r, F_SETFL, flags & ~O_NONBLOCK)
        try writer.flush()
        close(w)
        #expect(String(decoding: readAll(r), as: UTF8.self) == "hello world\n")
    }

    @Test func writesThroughWhenTheBufferFills() throws {
        let (r, w) = makePipe()
        defer { close(r) }
        let writer = OutputWriter(fd: w, capacity: 4)
        var expected: [UInt8] = []
        var rng = JSONTestRandom(seed: 7)
        for _ in 0..<200 {
            let chunk = (0..<rng.below(10)).map { _ in UInt8(ascii: "a") + UInt8(rng.below(26)) }
            writer.write(chunk)
            expected += chunk
        }
        writer.write(String(repeating: "é", count: 100))
        expected += Array(String(repeating: "é", count: 100).utf8)
        try writer.flush()
        close(w)
        #expect(readAll(r) == expected)
    }

    @Test func largeWritesThroughAPipeReaderThread() throws {
        // More than the pipe holds, so write(2) blocks and returns partial counts.
        let (r, w) = makePipe()
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        var reader = pthread_t()
        let box = ReadBox()
        box.fd = r
        let context = Unmanaged.passRetained(box).toOpaque()
        let created = pthread_create(&reader, nil, { raw in
            let box = Unmanaged<ReadBox>.fromOpaque(raw!).takeRetainedValue()
            box.data = readAll(box.fd)
            return nil
        }, context)
        try #require(created == 0)
        let writer = OutputWriter(fd: w, capacity: 1000)
        writer.write(payload)
        writer.write(payload)
        try writer.flush()
        close(w)
        pthread_join(reader, nil)
        close(r)
        #expect(box.data == payload + payload)
    }

    @Test func brokenPipeIsAnError() {
        signal(SIGPIPE, SIG_IGN)
        let (r, w) = makePipe()
        defer { close(w) }
        close(r)
        let writer = OutputWriter(fd: w, capacity: 16)
        writer.write("this line is longer than the buffer\n")
        writer.write("and later writes are dropped\n")
        do {
            try writer.flush()
            Issue.record("flush to a closed pipe succeeded")
        } catch {
            #expect(error.errno == EPIPE)
            #expect(error.message == "write failed: broken pipe")
        }
    }

    @Test func badDescriptorIsAnError() {
        let writer = OutputWriter(fd: -1)
        writer.write("x")
        do {
            try writer.flush()
            Issue.record("flush to fd -1 succeeded")
        } catch {
            #expect(error.errno == EBADF)
        }
    }
}
