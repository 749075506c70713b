import CNettle

/// HMAC-SHA256 (RFC 2104 with SHA-256, as tested by RFC 4231): nettle's `hmac_sha256_ctx`.
///
/// The keyed state is set once in `init`, so one key can authenticate many messages.
public struct HMACSHA256: Sendable {
    public static let blockSize = 64
    public static let outputSize = 32

    /// The state right after keying (copied for `mac`), and the running one.
    private let keyed: hmac_sha256_ctx
    private var running: hmac_sha256_ctx

    /// Starts a MAC under `key` (keys longer than 64 bytes are hashed first, as RFC 2104 says).
    public init<K: Collection>(key: K) where K.Element == UInt8 {
        var ctx = hmac_sha256_ctx()
        var k = Array(key)
        k.withUnsafeBufferPointer { nettle_hmac_sha256_set_key(&ctx, $0.count, $0.baseAddress ?? emptyByte) }
        for j in k.indices { k[j] = 0 }
        keyed = ctx
        running = ctx
    }

    /// The 32-byte MAC of `message` under `key`.
    public static func authenticate<K: Collection, M: Collection>(key: K, message: M) -> [UInt8]
    where K.Element == UInt8, M.Element == UInt8 {
        var h = HMACSHA256(key: key)
        h.update(message)
        return h.finalize()
    }

    public mutating func update<M: Collection>(_ message: M) where M.Element == UInt8 {
        HMACSHA256.absorb(&running, message)
    }

    /// The MAC of everything given to `update` since `init` or the last `finalize`; the instance is
    /// then ready for a new message under the same key.
    public mutating func finalize() -> [UInt8] {
        let out = HMACSHA256.digest(&running)
        running = keyed
        return out
    }

    /// The MAC of one whole message under this instance's key (leaves any pending `update`s alone).
    public func mac<M: Collection>(_ message: M) -> [UInt8] where M.Element == UInt8 {
        var ctx = keyed
        HMACSHA256.absorb(&ctx, message)
        return HMACSHA256.digest(&ctx)
    }

    /// Compares two MACs in time that depends only on their lengths (nettle's `memeql_sec`).
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in nettle_memeql_sec(x.baseAddress!, y.baseAddress!, a.count) != 0 } }
    }

    private static func absorb<M: Collection>(_ ctx: inout hmac_sha256_ctx, _ message: M) where M.Element == UInt8 {
        let done: Void? = message.withContiguousStorageIfAvailable { p in
            if let base = p.baseAddress, p.count > 0 { nettle_hmac_sha256_update(&ctx, p.count, base) }
        }
        if done == nil {
            Array(message).withUnsafeBufferPointer { p in
                if let base = p.baseAddress, p.count > 0 { nettle_hmac_sha256_update(&ctx, p.count, base) }
            }
        }
    }

    private static func digest(_ ctx: inout hmac_sha256_ctx) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { nettle_hmac_sha256_digest(&ctx, 32, $0.baseAddress!) }
        return out
    }
}

/// A valid pointer for zero-length inputs (C functions may not take NULL even with a length of 0).
nonisolated(unsafe) let emptyByte: UnsafePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    p.initialize(to: 0)
    return UnsafePointer(p)
}()
