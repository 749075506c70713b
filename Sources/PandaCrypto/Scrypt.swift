import CSodium
import PandaCore

/// scrypt (RFC 7914) through libsodium's `crypto_pwhash_scryptsalsa208sha256_ll`, which takes any
/// N, r, p (OpenSSL's EVP scrypt refuses the Web3 test vector's r = 1). Our limits below are checked
/// first, so a hostile key file cannot make libsodium allocate or spin.
public enum Scrypt {
    /// The largest ROMix table (128·r·N bytes) and the largest B buffer (128·r·p bytes) accepted: 2 GiB.
    public static let maxMemory = 1 << 31
    /// The largest N·r·p accepted: 32 times geth's standard (2^21), so a hostile key file cannot keep
    /// a program busy for hours.
    public static let maxWork = 1 << 26
    /// The longest derived key accepted.
    public static let maxKeyLength = 1 << 20

    /// Derives `keyLength` bytes. Throws `bad_keystore` for parameters that are not valid scrypt
    /// parameters or that are beyond the limits above, and when libsodium cannot derive (no memory).
    public static func derive<P: Collection, S: Collection>(
        password: P, salt: S, n: Int, r: Int, p: Int, keyLength: Int
    ) throws(PandaError) -> [UInt8] where P.Element == UInt8, S.Element == UInt8 {
        try validate(n: n, r: r, p: p, keyLength: keyLength)
        _ = sodiumReady
        let password = Array(password), salt = Array(salt)
        var out = [UInt8](repeating: 0, count: keyLength)
        let status = password.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    crypto_pwhash_scryptsalsa208sha256_ll(
                        pw.baseAddress ?? emptyByte, pw.count, s.baseAddress ?? emptyByte, s.count,
                        UInt64(n), UInt32(r), UInt32(p), o.baseAddress!, o.count)
                }
            }
        }
        guard status == 0 else {
            throw PandaError(.bad_keystore, "scrypt n=\(n), r=\(r), p=\(p) failed (cannot allocate \(describe(bytes: n * 128 * r))?)")
        }
        return out
    }

    /// `sodium_init` once (CPU feature detection; safe to call from several threads).
    private static let sodiumReady: Int32 = sodium_init()

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
}
