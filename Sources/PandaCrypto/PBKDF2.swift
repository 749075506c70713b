import PandaCore

/// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA256 as the pseudorandom function.
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
        let prf = HMACSHA256(key: password)
        var out: [UInt8] = []
        out.reserveCapacity(keyLength + 32)
        var block: UInt32 = 1
        var first = salt
        first += [0, 0, 0, 0]
        while out.count < keyLength {
            let n = first.count
            first[n - 4] = UInt8(truncatingIfNeeded: block >> 24)
            first[n - 3] = UInt8(truncatingIfNeeded: block >> 16)
            first[n - 2] = UInt8(truncatingIfNeeded: block >> 8)
            first[n - 1] = UInt8(truncatingIfNeeded: block)
            var u = prf.mac(first)
            var t = u
            if iterations > 1 {
                for _ in 1..<iterations {
                    u = prf.mac(u)
                    for j in 0..<32 { t[j] ^= u[j] }
                }
            }
            out += t
            block &+= 1
        }
        out.removeLast(out.count - keyLength)
        return out
    }
}
