import CNettle

/// AES-128 (FIPS 197) encryption and CTR mode (NIST SP 800-38A), the keystore cipher: nettle's
/// `aes128_ctx` (AES-NI / ARMv8 crypto extensions where nettle has them).
public struct AES128: Sendable {
    private var ctx = aes128_ctx()

    /// nil unless `key` is 16 bytes.
    public init?(key: [UInt8]) {
        guard key.count == 16 else { return nil }
        key.withUnsafeBufferPointer { nettle_aes128_set_encrypt_key(&ctx, $0.baseAddress!) }
    }

    /// One 16-byte block encrypted.
    public func encrypt(block: [UInt8]) -> [UInt8] {
        precondition(block.count == 16, "an AES block is 16 bytes")
        var out = [UInt8](repeating: 0, count: 16)
        var c = ctx
        block.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in nettle_aes128_encrypt(&c, 16, o.baseAddress!, i.baseAddress!) }
        }
        return out
    }

    /// AES-128-CTR: `data` XORed with the key stream E(iv), E(iv+1), …, where the 16-byte `iv` is one
    /// big-endian 128-bit counter (wrapping at 2^128). Encryption and decryption are the same.
    public func ctr(_ data: [UInt8], iv: [UInt8]) -> [UInt8] {
        precondition(iv.count == 16, "the AES-CTR counter block is 16 bytes")
        if data.isEmpty { return [] }
        var counter = iv
        var out = [UInt8](repeating: 0, count: data.count)
        var c = ctx
        data.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                counter.withUnsafeMutableBufferPointer { k in
                    pandactl_aes128_ctr(&c, k.baseAddress!, i.count, o.baseAddress!, i.baseAddress!)
                }
            }
        }
        return out
    }

    /// AES-128-CTR in one call; nil when the key is not 16 bytes or the counter block not 16 bytes.
    public static func ctr(key: [UInt8], iv: [UInt8], _ data: [UInt8]) -> [UInt8]? {
        guard iv.count == 16, let aes = AES128(key: key) else { return nil }
        return aes.ctr(data, iv: iv)
    }
}
