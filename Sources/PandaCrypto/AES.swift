/// AES-128 block encryption (FIPS-197) and AES-128-CTR, as Web3 keystores use them.
///
/// Table-based ("T-table") encryption; only the forward cipher is needed, since CTR mode decrypts by
/// encrypting. The tables are computed from the field arithmetic on first use rather than typed in.
public struct AES128: Sendable {
    /// The 44 round-key words (11 round keys of four big-endian words).
    private let roundKeys: [UInt32]

    /// The cipher under a 16-byte key, or nil for a key of another length.
    public init?(key: [UInt8]) {
        guard key.count == 16 else { return nil }
        let sbox = AESTables.shared.sbox
        var w = [UInt32](repeating: 0, count: 44)
        for i in 0..<4 {
            w[i] = UInt32(key[4 * i]) << 24 | UInt32(key[4 * i + 1]) << 16 | UInt32(key[4 * i + 2]) << 8 | UInt32(key[4 * i + 3])
        }
        var rcon: UInt8 = 1
        for i in 4..<44 {
            var t = w[i - 1]
            if i % 4 == 0 {
                t = (t << 8) | (t >> 24)  // RotWord
                t = UInt32(sbox[Int(t >> 24)]) << 24 | UInt32(sbox[Int((t >> 16) & 0xff)]) << 16
                    | UInt32(sbox[Int((t >> 8) & 0xff)]) << 8 | UInt32(sbox[Int(t & 0xff)])
                t ^= UInt32(rcon) << 24
                rcon = AESTables.xtime(rcon)
            }
            w[i] = w[i - 4] ^ t
        }
        roundKeys = w
    }

    /// Encrypts one 16-byte block.
    public func encrypt(block: [UInt8]) -> [UInt8] {
        precondition(block.count == 16, "AES blocks are 16 bytes")
        var out = [UInt8](repeating: 0, count: 16)
        block.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in encrypt(i.baseAddress!, o.baseAddress!) }
        }
        return out
    }

    /// Encrypts the 16 bytes at `input` into the 16 bytes at `output` (they may be the same).
    public func encrypt(_ input: UnsafePointer<UInt8>, _ output: UnsafeMutablePointer<UInt8>) {
        let tables = AESTables.shared
        tables.t0.withUnsafeBufferPointer { t0 in
            tables.t1.withUnsafeBufferPointer { t1 in
                tables.t2.withUnsafeBufferPointer { t2 in
                    tables.t3.withUnsafeBufferPointer { t3 in
                        tables.sbox.withUnsafeBufferPointer { sb in
                            roundKeys.withUnsafeBufferPointer { rk in
                                AES128.rounds(input, output, rk.baseAddress!, t0.baseAddress!, t1.baseAddress!,
                                              t2.baseAddress!, t3.baseAddress!, sb.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt32 {
        UInt32(p[i]) << 24 | UInt32(p[i + 1]) << 16 | UInt32(p[i + 2]) << 8 | UInt32(p[i + 3])
    }

    @inline(__always)
    private static func store(_ w: UInt32, _ p: UnsafeMutablePointer<UInt8>, _ i: Int) {
        p[i] = UInt8(truncatingIfNeeded: w >> 24)
        p[i + 1] = UInt8(truncatingIfNeeded: w >> 16)
        p[i + 2] = UInt8(truncatingIfNeeded: w >> 8)
        p[i + 3] = UInt8(truncatingIfNeeded: w)
    }

    private static func rounds(
        _ input: UnsafePointer<UInt8>, _ output: UnsafeMutablePointer<UInt8>, _ rk: UnsafePointer<UInt32>,
        _ t0: UnsafePointer<UInt32>, _ t1: UnsafePointer<UInt32>, _ t2: UnsafePointer<UInt32>,
        _ t3: UnsafePointer<UInt32>, _ sb: UnsafePointer<UInt8>
    ) {
        var s0 = load(input, 0) ^ rk[0]
        var s1 = load(input, 4) ^ rk[1]
        var s2 = load(input, 8) ^ rk[2]
        var s3 = load(input, 12) ^ rk[3]
        // Rounds 1–9: SubBytes, ShiftRows and MixColumns through the tables, then AddRoundKey.
        for round in 1..<10 {
            let k = rk + 4 * round
            let n0 = t0[Int(s0 >> 24)] ^ t1[Int((s1 >> 16) & 0xff)] ^ t2[Int((s2 >> 8) & 0xff)] ^ t3[Int(s3 & 0xff)] ^ k[0]
            let n1 = t0[Int(s1 >> 24)] ^ t1[Int((s2 >> 16) & 0xff)] ^ t2[Int((s3 >> 8) & 0xff)] ^ t3[Int(s0 & 0xff)] ^ k[1]
            let n2 = t0[Int(s2 >> 24)] ^ t1[Int((s3 >> 16) & 0xff)] ^ t2[Int((s0 >> 8) & 0xff)] ^ t3[Int(s1 & 0xff)] ^ k[2]
            let n3 = t0[Int(s3 >> 24)] ^ t1[Int((s0 >> 16) & 0xff)] ^ t2[Int((s1 >> 8) & 0xff)] ^ t3[Int(s2 & 0xff)] ^ k[3]
            s0 = n0; s1 = n1; s2 = n2; s3 = n3
        }
        // Final round: no MixColumns.
        @inline(__always) func last(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ key: UInt32) -> UInt32 {
            (UInt32(sb[Int(a >> 24)]) << 24 | UInt32(sb[Int((b >> 16) & 0xff)]) << 16
                | UInt32(sb[Int((c >> 8) & 0xff)]) << 8 | UInt32(sb[Int(d & 0xff)])) ^ key
        }
        store(last(s0, s1, s2, s3, rk[40]), output, 0)
        store(last(s1, s2, s3, s0, rk[41]), output, 4)
        store(last(s2, s3, s0, s1, rk[42]), output, 8)
        store(last(s3, s0, s1, s2, rk[43]), output, 12)
    }

    /// AES-128-CTR: `data` XORed with the key stream E(iv), E(iv+1), …, where the 16-byte `iv` is one
    /// big-endian 128-bit counter (wrapping at 2^128). Encryption and decryption are the same.
    public func ctr(_ data: [UInt8], iv: [UInt8]) -> [UInt8] {
        precondition(iv.count == 16, "the AES-CTR counter block is 16 bytes")
        var counter = iv
        var stream = [UInt8](repeating: 0, count: 16)
        var out = data
        var offset = 0
        while offset < out.count {
            counter.withUnsafeBufferPointer { c in
                stream.withUnsafeMutableBufferPointer { s in encrypt(c.baseAddress!, s.baseAddress!) }
            }
            let n = min(16, out.count - offset)
            for i in 0..<n { out[offset + i] ^= stream[i] }
            offset += n
            // Increment the whole 128-bit counter, big-endian.
            var i = 15
            while i >= 0 {
                counter[i] &+= 1
                if counter[i] != 0 { break }
                i -= 1
            }
        }
        for i in 0..<16 { stream[i] = 0 }
        return out
    }

    /// AES-128-CTR in one call; nil when the key is not 16 bytes or the counter block not 16 bytes.
    public static func ctr(key: [UInt8], iv: [UInt8], _ data: [UInt8]) -> [UInt8]? {
        guard iv.count == 16, let aes = AES128(key: key) else { return nil }
        return aes.ctr(data, iv: iv)
    }
}

/// The S-box and the four encryption T-tables, derived from GF(2^8) arithmetic.
struct AESTables: Sendable {
    let sbox: [UInt8]
    let t0: [UInt32]
    let t1: [UInt32]
    let t2: [UInt32]
    let t3: [UInt32]

    static let shared = AESTables()

    /// Multiplication by x (that is, 2) modulo x^8 + x^4 + x^3 + x + 1.
    @inline(__always)
    static func xtime(_ a: UInt8) -> UInt8 { (a << 1) ^ (a & 0x80 != 0 ? 0x1b : 0) }

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a, b = b, p: UInt8 = 0
        while b != 0 {
            if b & 1 != 0 { p ^= a }
            a = xtime(a)
            b >>= 1
        }
        return p
    }

    private init() {
        var sbox = [UInt8](repeating: 0, count: 256)
        for x in 0..<256 {
            // The multiplicative inverse is x^254 (and 0 maps to 0).
            var inverse: UInt8 = 0
            if x != 0 {
                var result: UInt8 = 1
                var base = UInt8(x)
                var e = 254
                while e > 0 {
                    if e & 1 != 0 { result = AESTables.multiply(result, base) }
                    base = AESTables.multiply(base, base)
                    e >>= 1
                }
                inverse = result
            }
            // The affine transformation of FIPS-197 §5.1.1.
            func rotl(_ v: UInt8, _ n: UInt8) -> UInt8 { (v << n) | (v >> (8 - n)) }
            sbox[x] = inverse ^ rotl(inverse, 1) ^ rotl(inverse, 2) ^ rotl(inverse, 3) ^ rotl(inverse, 4) ^ 0x63
        }
        var t0 = [UInt32](repeating: 0, count: 256)
        var t1 = t0, t2 = t0, t3 = t0
        for x in 0..<256 {
            let s = sbox[x]
            let s2 = AESTables.xtime(s)
            let s3 = s2 ^ s
            let w = UInt32(s2) << 24 | UInt32(s) << 16 | UInt32(s) << 8 | UInt32(s3)
            t0[x] = w
            t1[x] = (w >> 8) | (w << 24)
            t2[x] = (w >> 16) | (w << 16)
            t3[x] = (w >> 24) | (w << 8)
        }
        self.sbox = sbox
        self.t0 = t0
        self.t1 = t1
        self.t2 = t2
        self.t3 = t3
    }
}
