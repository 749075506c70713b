#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore

/// scrypt (RFC 7914): PBKDF2-HMAC-SHA256 around the memory-hard ROMix of Salsa20/8 BlockMix.
///
/// The mixing works on raw `UInt32` buffers (little-endian words, as the RFC reads them) through
/// unsafe pointers, so geth's standard parameters (N = 2^18, r = 8, p = 1: 256 MiB) take about a
/// second in a release build.
public enum Scrypt {
    /// The largest ROMix table (128·r·N bytes) and the largest B buffer (128·r·p bytes) accepted: 2 GiB.
    public static let maxMemory = 1 << 31
    /// The largest N·r·p accepted: 32 times geth's standard (2^21), so a hostile key file cannot keep
    /// a program busy for hours.
    public static let maxWork = 1 << 26
    /// The longest derived key accepted.
    public static let maxKeyLength = 1 << 20

    /// Derives `keyLength` bytes. Throws `bad_keystore` for parameters that are not valid scrypt
    /// parameters or that are beyond the limits above, and when the memory cannot be had.
    public static func derive<P: Collection, S: Collection>(
        password: P, salt: S, n: Int, r: Int, p: Int, keyLength: Int
    ) throws(PandaError) -> [UInt8] where P.Element == UInt8, S.Element == UInt8 {
        try validate(n: n, r: r, p: p, keyLength: keyLength)
        let password = Array(password)
        let words = 32 * r  // one block of 128·r bytes, in 32-bit words
        var b = PBKDF2.derive(password: password, salt: Array(salt), iterations: 1, keyLength: p * 128 * r)

        let tableBytes = n * 128 * r
        guard let table = malloc(tableBytes) else {
            throw PandaError(.bad_keystore, "scrypt cannot allocate \(describe(bytes: tableBytes)) for n=\(n), r=\(r)")
        }
        defer { free(table) }
        let v = table.bindMemory(to: UInt32.self, capacity: n * words)
        let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * words)
        defer {
            scratch.update(repeating: 0, count: 2 * words)
            scratch.deallocate()
        }

        b.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            for lane in 0..<p {
                let bytes = base + lane * 128 * r
                for k in 0..<words {
                    scratch[k] = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self))
                }
                romix(scratch, scratch + words, v, n: n, r: r)
                for k in 0..<words {
                    bytes.storeBytes(of: scratch[k].littleEndian, toByteOffset: 4 * k, as: UInt32.self)
                }
            }
        }
        let out = PBKDF2.derive(password: password, salt: b, iterations: 1, keyLength: keyLength)
        for i in b.indices { b[i] = 0 }
        return out
    }

    /// Checks scrypt parameters without deriving anything.
    public static func validate(n: Int, r: Int, p: Int, keyLength: Int) throws(PandaError) {
        guard n > 1, n & (n - 1) == 0 else {
            throw PandaError(.bad_keystore, "scrypt n=\(n) must be a power of two greater than 1")
        }
        guard r >= 1, p >= 1 else {
            throw PandaError(.bad_keystore, "scrypt r=\(r) and p=\(p) must be at least 1")
        }
        guard r < 1 << 30, p < 1 << 30, r * p < 1 << 30 else {
            throw PandaError(.bad_keystore, "scrypt r·p must be below 2^30 (r=\(r), p=\(p))")
        }
        guard keyLength >= 1, keyLength <= maxKeyLength else {
            throw PandaError(.bad_keystore, "scrypt key length \(keyLength) is out of range (1...\(maxKeyLength))")
        }
        let (table, over1) = n.multipliedReportingOverflow(by: 128 * r)
        guard !over1, table <= maxMemory, 128 * r * p <= maxMemory else {
            let need = over1 ? "more than 2^63 bytes" : describe(bytes: max(table, 128 * r * p))
            throw PandaError(
                .bad_keystore,
                "scrypt n=\(n), r=\(r), p=\(p) needs \(need) of memory; the limit is \(describe(bytes: maxMemory))")
        }
        let (work, over2) = (n * r).multipliedReportingOverflow(by: p)
        guard !over2, work <= maxWork else {
            throw PandaError(
                .bad_keystore, "scrypt n=\(n), r=\(r), p=\(p) is too much work (n·r·p above 2^26)")
        }
    }

    private static func describe(bytes: Int) -> String {
        if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }

    // MARK: - ROMix

    /// ROMix (RFC 7914 §5) in place on the block `x` (32·r words), with `y` as scratch of the same
    /// size and `v` as the N-block table.
    static func romix(
        _ x: UnsafeMutablePointer<UInt32>, _ y: UnsafeMutablePointer<UInt32>, _ v: UnsafeMutablePointer<UInt32>,
        n: Int, r: Int
    ) {
        let words = 32 * r
        // V[0] = X; V[i] = BlockMix(V[i-1]); X = BlockMix(V[N-1]).
        v.update(from: x, count: words)
        var i = 1
        while i < n {
            blockMix(v + (i - 1) * words, nil, into: v + i * words, r: r)
            i += 1
        }
        blockMix(v + (n - 1) * words, nil, into: x, r: r)
        // X = BlockMix(X ⊕ V[Integerify(X) mod N]), N times.
        var a = x
        var b = y
        let mask = n - 1
        i = 0
        while i < n {
            let j = Int(a[words - 16]) & mask
            blockMix(a, v + j * words, into: b, r: r)
            swap(&a, &b)
            i += 1
        }
        // N is even, so after N swaps the result is back in x.
    }

    /// BlockMix (RFC 7914 §4) of `input` (⊕ `other` when given) into `output`; the buffers are
    /// 2·r blocks of 16 words and `output` must not overlap them.
    @inline(__always)
    static func blockMix(
        _ input: UnsafeMutablePointer<UInt32>, _ other: UnsafeMutablePointer<UInt32>?,
        into output: UnsafeMutablePointer<UInt32>, r: Int
    ) {
        let last = (2 * r - 1) * 16
        // T starts as B[2r-1] (⊕ other[2r-1]); each step T = Salsa(T ⊕ B[i] (⊕ other[i])).
        var prev = input + last
        var prevOther = other.map { $0 + last }
        for i in 0..<(2 * r) {
            // Even blocks go to the first half of the output, odd ones to the second.
            let dest = output + ((i & 1) * r + (i >> 1)) * 16
            salsa20_8(prev, prevOther, input + i * 16, other.map { $0 + i * 16 }, into: dest)
            prev = dest
            prevOther = nil
        }
    }

    @inline(__always)
    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &<< n) | (x &>> (32 &- n)) }

    /// dest = Salsa20/8(a ⊕ a2 ⊕ b ⊕ c) (RFC 7914 §3) over 16 words; `a2` and `c` are optional. All
    /// inputs are read before `dest` is written.
    @inline(__always)
    static func salsa20_8(
        _ a: UnsafeMutablePointer<UInt32>, _ a2: UnsafeMutablePointer<UInt32>?,
        _ b: UnsafeMutablePointer<UInt32>, _ c: UnsafeMutablePointer<UInt32>?,
        into dest: UnsafeMutablePointer<UInt32>
    ) {
        var j0 = a[0] ^ b[0], j1 = a[1] ^ b[1], j2 = a[2] ^ b[2], j3 = a[3] ^ b[3]
        var j4 = a[4] ^ b[4], j5 = a[5] ^ b[5], j6 = a[6] ^ b[6], j7 = a[7] ^ b[7]
        var j8 = a[8] ^ b[8], j9 = a[9] ^ b[9], j10 = a[10] ^ b[10], j11 = a[11] ^ b[11]
        var j12 = a[12] ^ b[12], j13 = a[13] ^ b[13], j14 = a[14] ^ b[14], j15 = a[15] ^ b[15]
        if let a2 {
            j0 ^= a2[0]; j1 ^= a2[1]; j2 ^= a2[2]; j3 ^= a2[3]
            j4 ^= a2[4]; j5 ^= a2[5]; j6 ^= a2[6]; j7 ^= a2[7]
            j8 ^= a2[8]; j9 ^= a2[9]; j10 ^= a2[10]; j11 ^= a2[11]
            j12 ^= a2[12]; j13 ^= a2[13]; j14 ^= a2[14]; j15 ^= a2[15]
        }
        if let c {
            j0 ^= c[0]; j1 ^= c[1]; j2 ^= c[2]; j3 ^= c[3]
            j4 ^= c[4]; j5 ^= c[5]; j6 ^= c[6]; j7 ^= c[7]
            j8 ^= c[8]; j9 ^= c[9]; j10 ^= c[10]; j11 ^= c[11]
            j12 ^= c[12]; j13 ^= c[13]; j14 ^= c[14]; j15 ^= c[15]
        }
        var x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7
        var x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15
        for _ in 0..<4 {
            // Columns.
            x4 ^= rotl(x0 &+ x12, 7); x8 ^= rotl(x4 &+ x0, 9)
            x12 ^= rotl(x8 &+ x4, 13); x0 ^= rotl(x12 &+ x8, 18)
            x9 ^= rotl(x5 &+ x1, 7); x13 ^= rotl(x9 &+ x5, 9)
            x1 ^= rotl(x13 &+ x9, 13); x5 ^= rotl(x1 &+ x13, 18)
            x14 ^= rotl(x10 &+ x6, 7); x2 ^= rotl(x14 &+ x10, 9)
            x6 ^= rotl(x2 &+ x14, 13); x10 ^= rotl(x6 &+ x2, 18)
            x3 ^= rotl(x15 &+ x11, 7); x7 ^= rotl(x3 &+ x15, 9)
            x11 ^= rotl(x7 &+ x3, 13); x15 ^= rotl(x11 &+ x7, 18)
            // Rows.
            x1 ^= rotl(x0 &+ x3, 7); x2 ^= rotl(x1 &+ x0, 9)
            x3 ^= rotl(x2 &+ x1, 13); x0 ^= rotl(x3 &+ x2, 18)
            x6 ^= rotl(x5 &+ x4, 7); x7 ^= rotl(x6 &+ x5, 9)
            x4 ^= rotl(x7 &+ x6, 13); x5 ^= rotl(x4 &+ x7, 18)
            x11 ^= rotl(x10 &+ x9, 7); x8 ^= rotl(x11 &+ x10, 9)
            x9 ^= rotl(x8 &+ x11, 13); x10 ^= rotl(x9 &+ x8, 18)
            x12 ^= rotl(x15 &+ x14, 7); x13 ^= rotl(x12 &+ x15, 9)
            x14 ^= rotl(x13 &+ x12, 13); x15 ^= rotl(x14 &+ x13, 18)
        }
        dest[0] = x0 &+ j0; dest[1] = x1 &+ j1; dest[2] = x2 &+ j2; dest[3] = x3 &+ j3
        dest[4] = x4 &+ j4; dest[5] = x5 &+ j5; dest[6] = x6 &+ j6; dest[7] = x7 &+ j7
        dest[8] = x8 &+ j8; dest[9] = x9 &+ j9; dest[10] = x10 &+ j10; dest[11] = x11 &+ j11
        dest[12] = x12 &+ j12; dest[13] = x13 &+ j13; dest[14] = x14 &+ j14; dest[15] = x15 &+ j15
    }
}
