import CNettle
import PandaCore

/// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA256 as the pseudorandom function: nettle's `pbkdf2_hmac_sha256`.
public enum PBKDF2 {
    /// Derives `keyLength` bytes from `password` and `salt` with `iterations` rounds.
    /// Throws `bad_keystore` for a non-positive iteration count or key length, or a key longer than
    /// PBKDF2 allows.
    public static func sha256<P: Collection, S: Collection>(
        password: P, salt: S, iterations: Int, keyLength: Int
    ) throws(PandaError) -> [UInt8] where P.Element == UInt8, S.Element == UInt8 {
        guard iterations >= 1, iterations <= Int(UInt32.max) else {
            throw PandaError(.bad_keystore, "pbkdf2 iteration count \(iterations) is out of range (1...\(UInt32.max))")
        }
        guard keyLength >= 1, keyLength <= 1 << 32 else {
            throw PandaError(.bad_keystore, "pbkdf2 key length \(keyLength) is out of range")
        }
        return derive(password: Array(password), salt: Array(salt), iterations: iterations, keyLength: keyLength)
    }

    /// The unchecked derivation (callers validated the parameters).
    static func derive(password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: keyLength)
        password.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    nettle_pbkdf2_hmac_sha256(pw.count, pw.baseAddress ?? emptyByte, UInt32(iterations),
                                              s.count, s.baseAddress ?? emptyByte, o.count, o.baseAddress!)
                }
            }
        }
        return out
    }
}
