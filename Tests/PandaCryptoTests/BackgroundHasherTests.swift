// The background hasher given the descriptor the bytes come from: a regular file is hashed by range
// (read again on the hashing thread), anything else from copies; the digest is always keccak-256 of
// exactly the bytes read.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore
import Testing

@testable import PandaCrypto

private func randomBytes(_ n: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<n).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
}

/// A temporary file holding `bytes`, opened read-only; the caller closes the descriptor.
private func openFile(_ bytes: [UInt8]) -> Int32 {
    var template = Array("/tmp/pandactl-hasher-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    precondition(fd >= 0)
    bytes.withUnsafeBytes { raw in
        var done = 0
        while done < raw.count { done += write(fd, raw.baseAddress! + done, raw.count - done) }
    }
    let reader = template.withUnsafeBufferPointer { open($0.baseAddress!, O_RDONLY) }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    close(fd)
    return reader
}

/// Reads `fd` to its end the way pandactl-train does (LineReader, every read handed to the hasher),
/// returning the lines seen and the digest.
private func hashWhileReadingLines(_ fd: Int32, bufferSize: Int) throws -> (lines: Int, digest: [UInt8]?) {
    let hasher = BackgroundHasher(source: fd)
    let reader = LineReader(fd: fd, bufferSize: bufferSize)
    reader.onRead = { hasher.update($0) }
    var lines = 0
    while try reader.next() != nil { lines += 1 }
    return (lines, hasher.finalize())
}

@Test func backgroundHasherOfARegularFileIsTheKeccakOfItsBytes() throws {
    // Many reads of a small buffer, so hashing lags and ranges are recorded while earlier ones are hashed.
    var text: [UInt8] = []
    for i in 0..<20_000 { text += Array("{\"features\":[\(i),\(i * 7 % 13)],\"label\":\(i % 2)}\n".utf8) }
    let fd = openFile(text)
    defer { close(fd) }
    let (lines, digest) = try hashWhileReadingLines(fd, bufferSize: 4096)
    #expect(lines == 20_000)
    #expect(digest == Keccak256.hash(text))
}

@Test func backgroundHasherOfAFileWithAPartialLastLine() throws {
    let text = Array("{\"features\":[1],\"label\":0}\n{\"features\":[2],\"la".utf8) + randomBytes(3000, seed: 3).map { $0 | 0x01 == 0x0B ? 0x20 : $0 }
    let fd = openFile(text)
    defer { close(fd) }
    let (_, digest) = try hashWhileReadingLines(fd, bufferSize: 1000)
    #expect(digest == Keccak256.hash(text))
}

@Test func backgroundHasherOfAnEmptyFileAndAnEmptyPipe() throws {
    let fd = openFile([])
    defer { close(fd) }
    let (lines, digest) = try hashWhileReadingLines(fd, bufferSize: 64)
    #expect(lines == 0)
    #expect(digest == Keccak256.hash([UInt8]()))
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    close(ends[1])
    defer { close(ends[0]) }
    #expect(try hashWhileReadingLines(ends[0], bufferSize: 64).digest == Keccak256.hash([UInt8]()))
}

@Test func backgroundHasherOfAPipeHashesCopies() throws {
    let bytes = randomBytes(40_000, seed: 11)
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    defer { close(ends[0]) }
    // Fits in the pipe's buffer (64 KiB), so no writer thread is needed.
    let written = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress!, $0.count) }
    #expect(written == bytes.count)
    close(ends[1])
    let (_, digest) = try hashWhileReadingLines(ends[0], bufferSize: 1024)
    #expect(digest == Keccak256.hash(bytes))
}

@Test func backgroundHasherOfAFileFromItsOffsetAndWhenTheOffsetMoves() throws {
    let bytes = randomBytes(100_000, seed: 17)
    let fd = openFile(bytes)
    defer { close(fd) }
    // Started at offset 1000: only the bytes read from there count.
    #expect(lseek(fd, 1000, SEEK_SET) == 1000)
    let hasher = BackgroundHasher(source: fd)
    var buffer = [UInt8](repeating: 0, count: 7000)
    var seen: [UInt8] = []
    func readChunk() {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        precondition(n >= 0)
        buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        seen += buffer[0..<n]
    }
    for _ in 0..<5 { readChunk() }
    // Someone sharing the open file moves its offset: the next bytes read are not the file's next
    // ones, and the digest is still that of the bytes read.
    #expect(lseek(fd, 5000, SEEK_CUR) > 0)
    for _ in 0..<3 { readChunk() }
    #expect(seen.count == 8 * 7000)
    #expect(hasher.finalize() == Keccak256.hash(seen))
}
