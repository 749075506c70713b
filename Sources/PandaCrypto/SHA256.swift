/// SHA-256 (FIPS 180-4), for file checksums and Cosmos-style digests. Pure Swift, so the static
/// binaries need no Foundation.
public struct SHA256Hasher: Sendable {
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
    private var block = [UInt8](repeating: 0, count: 64)
    private var filled = 0
    private var length: UInt64 = 0

    public init() {}

    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var s = SHA256Hasher()
        s.update(bytes)
        return s.finalize()
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { self.absorb(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { absorb($0) } }
    }

    public mutating func update(_ raw: UnsafeRawBufferPointer) { absorb(raw) }

    private mutating func absorb(_ input: UnsafeRawBufferPointer) {
        length &+= UInt64(input.count)
        var offset = 0
        if filled > 0 {
            let take = min(64 - filled, input.count)
            for i in 0..<take { block[filled + i] = input[i] }
            filled += take
            offset = take
            if filled == 64 {
                block.withUnsafeBytes { compress($0.baseAddress!) }
                filled = 0
            }
        }
        while input.count - offset >= 64 {
            compress(input.baseAddress! + offset)
            offset += 64
        }
        if offset < input.count {
            for i in 0..<(input.count - offset) { block[i] = input[offset + i] }
            filled = input.count - offset
        }
    }

    public mutating func finalize() -> [UInt8] {
        let bits = length &* 8
        var pad: [UInt8] = [0x80]
        let padLen = (filled < 56 ? 56 - filled : 120 - filled) - 1
        pad += [UInt8](repeating: 0, count: padLen)
        for i in (0..<8).reversed() { pad.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        let saved = length
        absorb(pad.withUnsafeBytes { UnsafeRawBufferPointer($0) })
        length = saved
        var out: [UInt8] = []
        for w in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
            out += [UInt8(w >> 24), UInt8(truncatingIfNeeded: w >> 16), UInt8(truncatingIfNeeded: w >> 8), UInt8(truncatingIfNeeded: w)]
        }
        return out
    }

    /// One 64-byte block through the shared word-level compression function (`SHA256Words`).
    private mutating func compress(_ p: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 8 + 16 + 64) { mem in
            let state = mem.baseAddress!, block = state + 8, schedule = state + 24
            state[0] = h.0; state[1] = h.1; state[2] = h.2; state[3] = h.3
            state[4] = h.4; state[5] = h.5; state[6] = h.6; state[7] = h.7
            for i in 0..<16 { block[i] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
            SHA256Words.compress(state, block, schedule)
            h = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        }
    }
}
