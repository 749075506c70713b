#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CZstd
import PandaCore
import PandaCrypto

/// The byte-exact container of a model bundle (`.tar.zst`, still readable by `tar --zstd -xf`):
///
///     zstd frame (content checksum on, content size in the header) of a ustar archive
///     skippable frame: magic 0x184D2A5B, length 32, SHA-256 of every byte before it (the seal)
///
/// The ustar archive holds the members in a fixed order, each as one 512-byte header (name, mode
/// 0644, uid/gid 0, size, mtime, no user or group names) and its data padded with zeros to 512 bytes,
/// then two zero blocks and nothing else. The reader refuses a file unless it is exactly that: the
/// seal makes every bit of the compressed frame count, the frame must carry its checksum and be the
/// only one, and the archive must be byte for byte the one this writer makes from the members read.
/// So no bit of a bundle (frame header, tar padding, trailing blocks) changes without refusal.
enum BundleArchive {
    static let sealMagic: UInt32 = 0x184D_2A5B
    static let sealBytes = 8 + 32
    static let zstdMagic: UInt32 = 0xFD2F_B528
    /// The largest bundle file and the largest archive inside it.
    static let maxFileBytes = 64 << 20, maxArchiveBytes = 64 << 20
    static let level: Int32 = 19

    // MARK: ustar

    /// The archive of `members` (name, bytes), in this order, every entry dated `mtime` (seconds).
    static func tar(_ members: [(name: String, bytes: [UInt8])], mtime: Int64) -> [UInt8] {
        var out: [UInt8] = []
        for (name, bytes) in members {
            var h = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) { for (i, b) in text.utf8.enumerated() { h[offset + i] = b } }
            func octal(_ value: Int64, width: Int) -> String {  // width-1 digits and a NUL
                let digits = String(value, radix: 8)
                return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
            }
            put(name, at: 0)
            put(octal(0o644, width: 8), at: 100)
            put(octal(0, width: 8), at: 108)
            put(octal(0, width: 8), at: 116)
            put(octal(Int64(bytes.count), width: 12), at: 124)
            put(octal(mtime, width: 12), at: 136)
            h[156] = UInt8(ascii: "0")
            put("ustar", at: 257)
            put("00", at: 263)
            put(octal(0, width: 8), at: 329)
            put(octal(0, width: 8), at: 337)
            for i in 148..<156 { h[i] = 0x20 }
            let sum = h.reduce(0) { $0 + Int64($1) }
            put(octal(sum, width: 7), at: 148)
            h[155] = 0x20
            out += h
            out += bytes
            out += [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
        }
        out += [UInt8](repeating: 0, count: 1024)
        return out
    }

    /// The members and their date as `tar` wrote them, and refusal unless `tar` of them gives back
    /// exactly `archive`.
    static func members(_ archive: [UInt8], names: [String]) throws(PandaError) -> (members: [(name: String, bytes: [UInt8])], mtime: Int64) {
        var members: [(name: String, bytes: [UInt8])] = []
        var offset = 0
        var mtime: Int64 = -1
        for expected in names {
            guard offset + 512 <= archive.count else { throw damaged("the archive ends before \(expected)") }
            let h = Array(archive[offset..<offset + 512])
            let name = String(decoding: h[0..<100].prefix { $0 != 0 }, as: UTF8.self)
            guard name == expected else { throw damaged("member \(members.count + 1) is '\(name)', not \(expected)") }
            guard let size = octalField(h[124..<136]), let time = octalField(h[136..<148]) else {
                throw damaged("the header of \(name) is not a ustar header")
            }
            guard size <= Int64(archive.count - offset - 512) else { throw damaged("\(name) is cut short") }
            if mtime < 0 { mtime = time }
            let start = offset + 512
            members.append((name, Array(archive[start..<start + Int(size)])))
            offset = start + (Int(size) + 511) / 512 * 512
        }
        guard tar(members, mtime: mtime) == archive else {
            throw damaged("the archive is not exactly as written (tar headers, padding or trailing blocks differ)")
        }
        return (members, mtime)
    }

    /// An octal number field (digits, then NUL or space); nil otherwise.
    private static func octalField(_ field: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        for b in field {
            if b == 0 || b == 0x20 { break }
            guard b >= 0x30, b <= 0x37, digits < 21 else { return nil }
            value = value * 8 + Int64(b - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    // MARK: zstd and the seal

    /// One zstd frame of `archive` with its content checksum, then the seal (`checksum: false` and
    /// other levels are for tests).
    static func seal(_ archive: [UInt8], level: Int32 = level, checksum: Bool = true) throws(PandaError) -> [UInt8] {
        guard let cctx = ZSTD_createCCtx() else { throw PandaError(.internal_error, "zstd: out of memory") }
        defer { ZSTD_freeCCtx(cctx) }
        for (parameter, value) in [(ZSTD_c_compressionLevel, level), (ZSTD_c_checksumFlag, checksum ? 1 : 0), (ZSTD_c_contentSizeFlag, 1)] {
            guard ZSTD_isError(ZSTD_CCtx_setParameter(cctx, parameter, value)) == 0 else {
                throw PandaError(.internal_error, "zstd refuses parameter \(parameter.rawValue)=\(value)")
            }
        }
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(archive.count) + sealBytes)
        let n = out.withUnsafeMutableBytes { o in
            archive.withUnsafeBytes { i in ZSTD_compress2(cctx, o.baseAddress, o.count, i.baseAddress, i.count) }
        }
        guard ZSTD_isError(n) == 0 else { throw PandaError(.internal_error, "zstd: \(String(cString: ZSTD_getErrorName(n)))") }
        out.removeLast(out.count - n)
        return sealBytes(of: out)
    }

    /// `bytes` followed by their seal.
    static func sealBytes(of bytes: [UInt8]) -> [UInt8] {
        bytes + le32(sealMagic) + le32(32) + SHA256Hasher.hash(bytes)
    }

    /// The archive inside a sealed file; refuses anything but one checksummed zstd frame and its seal.
    static func unseal(_ file: [UInt8]) throws(PandaError) -> [UInt8] {
        guard file.count > sealBytes + 8 else { throw damaged("too short to be a bundle") }
        let frameEnd = file.count - sealBytes
        guard readLE32(file, frameEnd) == sealMagic, readLE32(file, frameEnd + 4) == 32 else {
            throw damaged("it does not end with the pandactl seal (a bundle exported by this version ends so; export it again)")
        }
        guard Array(file[(frameEnd + 8)...]) == SHA256Hasher.hash(file[0..<frameEnd]) else {
            throw damaged("its bytes do not match their seal")
        }
        // Sealed bytes are the writer's, unless someone resealed them: check the frame strictly anyway.
        guard readLE32(file, 0) == zstdMagic, file[4] & 0x04 != 0 else {
            throw damaged("not one zstd frame with its content checksum")
        }
        let frame = Array(file[0..<frameEnd])
        let size = frame.withUnsafeBytes { ZSTD_findFrameCompressedSize($0.baseAddress, $0.count) }
        guard ZSTD_isError(size) == 0, size == frame.count else { throw damaged("not exactly one zstd frame before the seal") }
        let content = frame.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
        guard content <= UInt64(maxArchiveBytes) else { throw damaged("the frame does not state a content size within \(maxArchiveBytes >> 20) MiB") }
        var archive = [UInt8](repeating: 0, count: Int(content))
        let n = archive.withUnsafeMutableBytes { o in
            frame.withUnsafeBytes { i in ZSTD_decompress(o.baseAddress, o.count, i.baseAddress, i.count) }
        }
        guard ZSTD_isError(n) == 0 else { throw damaged("zstd: \(String(cString: ZSTD_getErrorName(n)))") }
        guard n == archive.count else { throw damaged("the frame holds \(n) bytes, its header says \(archive.count)") }
        return archive
    }

    static func damaged(_ why: String) -> PandaError { PandaError(.bad_bundle, why) }

    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    private static func readLE32(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) }
    }

    // MARK: Files

    /// The whole file, refusing files larger than `maxFileBytes`. Errors: `io_error`, `bad_bundle`.
    static func readFile(_ path: String) throws(PandaError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PandaError(.io_error, "cannot read bundle '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PandaError(.io_error, "cannot read bundle '\(path)': \(String(cString: strerror(errno)))")
            }
            if n == 0 { return out }
            out += chunk[0..<n]
            guard out.count <= maxFileBytes else { throw PandaError(.bad_bundle, "'\(path)' is larger than a model bundle (\(maxFileBytes >> 20) MiB)") }
        }
    }

    /// Writes `bytes` to `path` through a temporary file linked into place (never overwriting).
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(PandaError) {
        let tmp = path + ".part-\(getpid())"
        defer { unlink(tmp) }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PandaError(.io_error, "cannot write '\(path)': \(String(cString: strerror(errno)))") }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let e = errno
                close(fd)
                throw PandaError(.io_error, "cannot write '\(path)': \(String(cString: strerror(e)))")
            }
            off += n
        }
        guard fsync(fd) == 0, close(fd) == 0 else { throw PandaError(.io_error, "cannot write '\(path)': \(String(cString: strerror(errno)))") }
        guard link(tmp, path) == 0 else {
            if errno == EEXIST { throw PandaError(.file_exists, "bundle '\(path)' already exists (refusing to overwrite it)") }
            throw PandaError(.io_error, "cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
    }
}
