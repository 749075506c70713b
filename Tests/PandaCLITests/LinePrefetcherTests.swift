#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

@testable import PandaCLI

/// The lines a stream parses ahead on a second thread come out exactly as a direct read would give them:
/// every line, in order, with the same meaning; the consumer is told when the next line has yet to
/// arrive (so it commits instead of holding its transaction open); and stopping never hangs on input
/// that does not come.
@Suite struct LinePrefetcherTests {
    /// A line's meaning, written out for comparison: blank lines pass by, too-long ones are refused, the
    /// rest are requests carrying their text.
    static func prepare(_ raw: RawLine) -> LinePrefetcher.Item {
        if raw.tooLong { return .refused(PandaError(.line_too_long, "too long"), line: raw.number) }
        if raw.isBlank { return .passed(line: raw.number) }
        let text = String(decoding: raw.bytes, as: UTF8.self)
        return .request(Request(object: ["text": .string(text)], line: raw.number), line: raw.number, bytes: raw.bytes.count)
    }

    static func describe(_ item: LinePrefetcher.Item) -> String {
        switch item {
        case .request(let r, let line, let bytes): "request \(line) \(bytes) \(r.object["text"]?.stringValue ?? "?")"
        case .refused(let e, let line): "refused \(line) \(e.code)"
        case .passed(let line): "passed \(line)"
        case .readFailed(let e, let line): "readFailed \(line) \(e.errno)"
        }
    }

    static func randomInput(seed: UInt64, lines: Int) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var out: [UInt8] = []
        for i in 0..<lines {
            switch rng.next() % 7 {
            case 0: out += Array("   ".utf8)  // blank
            case 1: out += Array(repeating: UInt8(ascii: "x"), count: 40 + Int(rng.next() % 40))  // too long (limit 32)
            case 2: out += Array("line \(i)\r".utf8)  // CRLF
            default: out += Array("line \(i) \(rng.next() % 1000)".utf8)
            }
            out.append(0x0A)
        }
        if seed % 2 == 0 { out += Array("last line without newline".utf8) }
        return out
    }

    /// Writes `bytes` into a pipe from another thread in random chunks with short pauses; returns the
    /// read end.
    static func slowPipe(_ bytes: [UInt8], seed: UInt64) -> Int32 {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        let writeEnd = fds[1]
        _ = BackgroundThread.start {
            var rng = SplitMix64(seed: seed ^ 0x5eed)
            var offset = 0
            while offset < bytes.count {
                let n = min(bytes.count - offset, 1 + Int(rng.next() % 200))
                let written = bytes[offset..<(offset + n)].withUnsafeBytes { write(writeEnd, $0.baseAddress, n) }
                if written <= 0 { break }
                offset += written
                if rng.next() % 4 == 0 { usleep(200) }
            }
            close(writeEnd)
        }
        return fds[0]
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func itemsComeOutAsADirectReadGivesThem(seed: UInt64) throws {
        let input = Self.randomInput(seed: seed, lines: 3000)
        // The direct reading, from a file.
        let path = "/tmp/pandactl-prefetch-\(getpid())-\(seed).txt"
        defer { unlink(path) }
        let file = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        _ = input.withUnsafeBytes { write(file, $0.baseAddress, input.count) }
        close(file)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let direct = LineReader(fd: fd, bufferSize: 64, maxLineLength: 32)
        var expected: [String] = []
        while let raw = try direct.next() { expected.append(Self.describe(Self.prepare(raw))) }
        // Parsed ahead, from a pipe fed in small chunks, through a queue of 3 items (the producer waits for room).
        let readEnd = Self.slowPipe(input, seed: seed)
        defer { close(readEnd) }
        let lines = LinePrefetcher(reader: LineReader(fd: readEnd, bufferSize: 64, maxLineLength: 32), capacity: 3, prepare: Self.prepare)
        var got: [String] = []
        while let item = lines.nextItem() { got.append(Self.describe(item)) }
        lines.stop()
        #expect(got.count == expected.count)
        #expect(got == expected)
        #expect(lines.nextItem() == nil)
    }

    @Test func theConsumerIsToldWhenTheNextLineHasNotArrived() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let lines = LinePrefetcher(reader: LineReader(fd: fds[0]), prepare: Self.prepare)
        func send(_ s: String) { _ = Array(s.utf8).withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) } }
        func waitFor(_ condition: () -> Bool) -> Bool {
            for _ in 0..<2000 where !condition() { usleep(1000) }
            return condition()
        }
        send("one\ntwo\n")
        #expect(Self.describe(try #require(lines.nextItem())) == "request 1 3 one")
        #expect(Self.describe(try #require(lines.nextItem())) == "request 2 3 two")
        // Nothing more written: the producer waits in read(2), and says so.
        #expect(waitFor { !lines.hasItem })
        send("thr")  // half a line: still nothing to hand out
        usleep(20_000)
        #expect(!lines.hasItem)
        send("ee\n")
        #expect(waitFor { lines.hasItem })
        #expect(Self.describe(try #require(lines.nextItem())) == "request 3 5 three")
        close(fds[1])
        #expect(waitFor { lines.hasItem })  // the end of the input is ready at once too
        #expect(lines.nextItem() == nil)
        lines.stop()
    }

    @Test func stoppingDoesNotWaitForInputThatNeverComes() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[1]) }  // the writer stays open until the test ends: the read never returns before
        let lines = LinePrefetcher(reader: LineReader(fd: fds[0]), prepare: Self.prepare)
        _ = Array("a\n".utf8).withUnsafeBytes { write(fds[1], $0.baseAddress, 2) }
        #expect(Self.describe(try #require(lines.nextItem())) == "request 1 1 a")
        for _ in 0..<2000 where lines.hasItem { usleep(1000) }
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        lines.stop()
        clock_gettime(CLOCK_MONOTONIC, &end)
        #expect(end.tv_sec - start.tv_sec < 2)
    }
}
