/// HMAC-SHA256 (RFC 2104 with SHA-256, as tested by RFC 4231).
///
/// The keyed inner and outer hash states are computed once in `init`, so one key can authenticate
/// many messages cheaply (PBKDF2 relies on that).
public struct HMACSHA256: Sendable {
    public static let blockSize = 64
    public static let outputSize = 32

    private let innerStart: SHA256Hasher
    private let outerStart: SHA256Hasher
    private var inner: SHA256Hasher

    /// Starts a MAC under `key` (keys longer than 64 bytes are hashed first, as RFC 2104 says).
    public init<K: Collection>(key: K) where K.Element == UInt8 {
        var k = Array(key)
        if k.count > HMACSHA256.blockSize { k = SHA256Hasher.hash(k) }
        k += [UInt8](repeating: 0, count: HMACSHA256.blockSize - k.count)
        var i = SHA256Hasher()
        i.update(k.map { $0 ^ 0x36 })
        var o = SHA256Hasher()
        o.update(k.map { $0 ^ 0x5c })
        for j in k.indices { k[j] = 0 }
        innerStart = i
        outerStart = o
        inner = i
    }

    /// The 32-byte MAC of `message` under `key`.
    public static func authenticate<K: Collection, M: Collection>(key: K, message: M) -> [UInt8]
    where K.Element == UInt8, M.Element == UInt8 {
        var h = HMACSHA256(key: key)
        h.update(message)
        return h.finalize()
    }

    public mutating func update<M: Collection>(_ message: M) where M.Element == UInt8 {
        inner.update(message)
    }

    /// The MAC of everything given to `update` since `init` or the last `finalize`; the instance is
    /// then ready for a new message under the same key.
    public mutating func finalize() -> [UInt8] {
        let innerDigest = inner.finalize()
        var outer = outerStart
        outer.update(innerDigest)
        inner = innerStart
        return outer.finalize()
    }

    /// The MAC of one whole message under this instance's key (leaves any pending `update`s alone).
    public func mac<M: Collection>(_ message: M) -> [UInt8] where M.Element == UInt8 {
        var i = innerStart
        i.update(message)
        var o = outerStart
        o.update(i.finalize())
        return o.finalize()
    }

    /// Compares two MACs in time that depends only on their lengths.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
