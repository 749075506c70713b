import CNettle

/// SHA-256 (FIPS 180-4), for file checksums and Cosmos-style digests: nettle's `sha256_ctx`.
public struct SHA256Hasher: Sendable {
    private var ctx = sha256_ctx()

    public init() { nettle_sha256_init(&ctx) }

    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var s = SHA256Hasher()
        s.update(bytes)
        return s.finalize()
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { self.update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress, raw.count > 0 else { return }
        nettle_sha256_update(&ctx, raw.count, base.assumingMemoryBound(to: UInt8.self))
    }

    /// The digest of everything given to `update`; the hasher then starts over (nettle resets it).
    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { nettle_sha256_digest(&ctx, 32, $0.baseAddress!) }
        return out
    }
}
