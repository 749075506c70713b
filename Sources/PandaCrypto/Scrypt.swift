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
        var prevOther: UnsafeMutablePointer<UInt32>? = other == nil ? nil : other! + last
        var i = 0
        while i < 2 * r {
            // Even blocks go to the first half of the output, odd ones to the second.
            let dest = output + ((i & 1) * r + (i >> 1)) * 16
            let o: UnsafeMutablePointer<UInt32>? = other == nil ? nil : other! + i * 16
            salsa20_8(prev, prevOther, input + i * 16, o, into: dest)
            prev = dest
            prevOther = nil
            i += 1
        }
    }

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
        var t: UInt32 = 0
        // Written out with plain shifts (no helper calls) so that debug builds stay usable too.
        var round = 0
        while round < 4 {
            // Columns.
            t = x0 &+ x12; x4 ^= (t &<< 7) | (t &>> 25)
            t = x4 &+ x0; x8 ^= (t &<< 9) | (t &>> 23)
            t = x8 &+ x4; x12 ^= (t &<< 13) | (t &>> 19)
            t = x12 &+ x8; x0 ^= (t &<< 18) | (t &>> 14)
            t = x5 &+ x1; x9 ^= (t &<< 7) | (t &>> 25)
            t = x9 &+ x5; x13 ^= (t &<< 9) | (t &>> 23)
            t = x13 &+ x9; x1 ^= (t &<< 13) | (t &>> 19)
            t = x1 &+ x13; x5 ^= (t &<< 18) | (t &>> 14)
            t = x10 &+ x6; x14 ^= (t &<< 7) | (t &>> 25)
            t = x14 &+ x10; x2 ^= (t &<< 9) | (t &>> 23)
            t = x2 &+ x14; x6 ^= (t &<< 13) | (t &>> 19)
            t = x6 &+ x2; x10 ^= (t &<< 18) | (t &>> 14)
            t = x15 &+ x11; x3 ^= (t &<< 7) | (t &>> 25)
            t = x3 &+ x15; x7 ^= (t &<< 9) | (t &>> 23)
            t = x7 &+ x3; x11 ^= (t &<< 13) | (t &>> 19)
            t = x11 &+ x7; x15 ^= (t &<< 18) | (t &>> 14)
            // Rows.
            t = x0 &+ x3; x1 ^= (t &<< 7) | (t &>> 25)
            t = x1 &+ x0; x2 ^= (t &<< 9) | (t &>> 23)
            t = x2 &+ x1; x3 ^= (t &<< 13) | (t &>> 19)
            t = x3 &+ x2; x0 ^= (t &<< 18) | (t &>> 14)
            t = x5 &+ x4; x6 ^= (t &<< 7) | (t &>> 25)
            t = x6 &+ x5; x7 ^= (t &<< 9) | (t &>> 23)
            t = x7 &+ x6; x4 ^= (t &<< 13) | (t &>> 19)
            t = x4 &+ x7; x5 ^= (t &<< 18) | (t &>> 14)
            t = x10 &+ x9; x11 ^= (t &<< 7) | (t &>> 25)
            t = x11 &+ x10; x8 ^= (t &<< 9) | (t &>> 23)
            t = x8 &+ x11; x9 ^= (t &<< 13) | (t &>> 19)
            t = x9 &+ x8; x10 ^= (t &<< 18) | (t &>> 14)
            t = x15 &+ x14; x12 ^= (t &<< 7) | (t &>> 25)
            t = x12 &+ x15; x13 ^= (t &<< 9) | (t &>> 23)
            t = x13 &+ x12; x14 ^= (t &<< 13) | (t &>> 19)
            t = x14 &+ x13; x15 ^= (t &<< 18) | (t &>> 14)
            round += 1
        }
        dest[0] = x0 &+ j0; dest[1] = x1 &+ j1; dest[2] = x2 &+ j2; dest[3] = x3 &+ j3
        dest[4] = x4 &+ j4; dest[5] = x5 &+ j5; dest[6] = x6 &+ j6; dest[7] = x7 &+ j7
        dest[8] = x8 &+ j8; dest[9] = x9 &+ j9; dest[10] = x10 &+ j10; dest[11] = x11 &+ j11
        dest[12] = x12 &+ j12; dest[13] = x13 &+ j13; dest[14] = x14 &+ j14; dest[15] = x15 &+ j15
    }
}
