import PandaCore

/// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA256 as the pseudorandom function.
///
/// The iteration loop works on 32-bit words: the HMAC inner and outer states are computed once, and
/// each further iteration is two SHA-256 compressions of a fixed-layout block, with no allocation.
public enum PBKDF2 {
    /// Derives `keyLength` bytes from `password` and `salt` with `iterations` rounds.
    /// Throws `bad_keystore` for a non-positive iteration count or key length, or a key longer than
    /// PBKDF2 allows.
    public static func sha256<P: Collection, S: Collection>(
        password: P, salt: S, iterations: Int, keyLength: Int
    ) throws(PandaError) -> [UInt8] where P.Element == UInt8, S.Element == UInt8 {
        guard iterations >= 1 else {
            throw PandaError(.bad_keystore, "pbkdf2 iteration count \(iterations) must be at least 1")
        }
        guard keyLength >= 1, keyLength <= 1 << 32 else {
            throw PandaError(.bad_keystore, "pbkdf2 key length \(keyLength) is out of range")
        }
        return derive(password: Array(password), salt: Array(salt), iterations: iterations, keyLength: keyLength)
    }

    /// The unchecked derivation (callers validated the parameters).
    static func derive(password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int) -> [UInt8] {
        // Word buffers: inner and outer HMAC states, the running U and T, a block, a state and the
        // 64-word message schedule.
        let mem = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
        mem.initialize(repeating: 0, count: 128)
        defer {
            mem.update(repeating: 0, count: 128)
            mem.deallocate()
        }
        let innerStart = mem, outerStart = mem + 8, u = mem + 16, t = mem + 24, block = mem + 32, state = mem + 48
        let schedule = mem + 64

        // The HMAC key block, padded (or hashed first when longer than 64 bytes).
        var key = password.count > 64 ? SHA256Hasher.hash(password) : password
        key += [UInt8](repeating: 0, count: 64 - key.count)
        for i in 0..<16 { block[i] = SHA256Words.bigEndianWord(key, 4 * i) ^ 0x3636_3636 }
        SHA256Words.setInitial(innerStart)
        SHA256Words.compress(innerStart, block, schedule)
        for i in 0..<16 { block[i] = SHA256Words.bigEndianWord(key, 4 * i) ^ 0x5c5c_5c5c }
        SHA256Words.setInitial(outerStart)
        SHA256Words.compress(outerStart, block, schedule)
        for i in key.indices { key[i] = 0 }

        let prf = HMACSHA256(key: password)
        var out: [UInt8] = []
        out.reserveCapacity(keyLength + 32)
        var index: UInt32 = 1
        var first = salt + [0, 0, 0, 0]
        while out.count < keyLength {
            let n = first.count
            first[n - 4] = UInt8(truncatingIfNeeded: index >> 24)
            first[n - 3] = UInt8(truncatingIfNeeded: index >> 16)
            first[n - 2] = UInt8(truncatingIfNeeded: index >> 8)
            first[n - 1] = UInt8(truncatingIfNeeded: index)
            let u1 = prf.mac(first)
            for i in 0..<8 {
                u[i] = SHA256Words.bigEndianWord(u1, 4 * i)
                t[i] = u[i]
            }
            var round = 1
            while round < iterations {
                hmacOfDigest(u, innerStart, outerStart, block, state, schedule)
                var i = 0
                while i < 8 {
                    t[i] ^= u[i]
                    i += 1
                }
                round += 1
            }
            for i in 0..<8 {
                out += [UInt8(truncatingIfNeeded: t[i] >> 24), UInt8(truncatingIfNeeded: t[i] >> 16),
                        UInt8(truncatingIfNeeded: t[i] >> 8), UInt8(truncatingIfNeeded: t[i])]
            }
            index &+= 1
        }
        out.removeLast(out.count - keyLength)
        return out
    }

    /// u = HMAC(key, u) for a 32-byte u, given the keyed inner and outer states: the message block
    /// is the 8 words of u, the padding bit and the bit length 768 (64-byte key block + 32 bytes).
    @inline(__always)
    private static func hmacOfDigest(
        _ u: UnsafeMutablePointer<UInt32>, _ innerStart: UnsafeMutablePointer<UInt32>,
        _ outerStart: UnsafeMutablePointer<UInt32>, _ block: UnsafeMutablePointer<UInt32>,
        _ state: UnsafeMutablePointer<UInt32>, _ schedule: UnsafeMutablePointer<UInt32>
    ) {
        block[0] = u[0]; block[1] = u[1]; block[2] = u[2]; block[3] = u[3]
        block[4] = u[4]; block[5] = u[5]; block[6] = u[6]; block[7] = u[7]
        block[8] = 0x8000_0000
        block[9] = 0; block[10] = 0; block[11] = 0; block[12] = 0; block[13] = 0; block[14] = 0
        block[15] = 768
        state[0] = innerStart[0]; state[1] = innerStart[1]; state[2] = innerStart[2]; state[3] = innerStart[3]
        state[4] = innerStart[4]; state[5] = innerStart[5]; state[6] = innerStart[6]; state[7] = innerStart[7]
        SHA256Words.compress(state, block, schedule)
        block[0] = state[0]; block[1] = state[1]; block[2] = state[2]; block[3] = state[3]
        block[4] = state[4]; block[5] = state[5]; block[6] = state[6]; block[7] = state[7]
        u[0] = outerStart[0]; u[1] = outerStart[1]; u[2] = outerStart[2]; u[3] = outerStart[3]
        u[4] = outerStart[4]; u[5] = outerStart[5]; u[6] = outerStart[6]; u[7] = outerStart[7]
        SHA256Words.compress(u, block, schedule)
    }
}

/// The SHA-256 compression function (FIPS 180-4 §6.2.2) on 32-bit words, for PBKDF2's fixed-size
/// inner loop (`SHA256Hasher` is the byte-oriented hash).
enum SHA256Words {
    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func setInitial(_ s: UnsafeMutablePointer<UInt32>) {
        s[0] = 0x6a09e667; s[1] = 0xbb67ae85; s[2] = 0x3c6ef372; s[3] = 0xa54ff53a
        s[4] = 0x510e527f; s[5] = 0x9b05688c; s[6] = 0x1f83d9ab; s[7] = 0x5be0cd19
    }

    @inline(__always)
    static func bigEndianWord(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    /// state = compress(state, block) for one 16-word block; `w` is 64 words of scratch.
    /// Rotations are written out as shifts so that debug builds stay fast enough for tests.
    static func compress(_ state: UnsafeMutablePointer<UInt32>, _ block: UnsafePointer<UInt32>, _ w: UnsafeMutablePointer<UInt32>) {
        k.withUnsafeBufferPointer { kb in
            let k = kb.baseAddress!
            var i = 0
            while i < 16 {
                w[i] = block[i]
                i += 1
            }
            while i < 64 {
                let a = w[i - 15], b = w[i - 2]
                let s0 = ((a &>> 7) | (a &<< 25)) ^ ((a &>> 18) | (a &<< 14)) ^ (a &>> 3)
                let s1 = ((b &>> 17) | (b &<< 15)) ^ ((b &>> 19) | (b &<< 13)) ^ (b &>> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                i += 1
            }
            var a = state[0], b = state[1], c = state[2], d = state[3]
            var e = state[4], f = state[5], g = state[6], h = state[7]
            i = 0
            while i < 64 {
                let sigma1 = ((e &>> 6) | (e &<< 26)) ^ ((e &>> 11) | (e &<< 21)) ^ ((e &>> 25) | (e &<< 7))
                let choose = (e & f) ^ (~e & g)
                let t1 = h &+ sigma1 &+ choose &+ k[i] &+ w[i]
                let sigma0 = ((a &>> 2) | (a &<< 30)) ^ ((a &>> 13) | (a &<< 19)) ^ ((a &>> 22) | (a &<< 10))
                let majority = (a & b) ^ (a & c) ^ (b & c)
                h = g
                g = f
                f = e
                e = d &+ t1
                d = c
                c = b
                b = a
                a = t1 &+ sigma0 &+ majority
                i += 1
            }
            state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
            state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
        }
    }
}
