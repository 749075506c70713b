/// Keccak-256 as Ethereum uses it (the original Keccak padding `0x01`, not SHA3-256's `0x06`).
public struct Keccak256: Sendable {
    private var state = [UInt64](repeating: 0, count: 25)
    private var buffer = [UInt8](repeating: 0, count: 136)
    private var buffered = 0
    private static let rate = 136

    public init() {}

    /// The 32-byte digest of `bytes`.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var h = Keccak256()
        h.update(bytes)
        return h.finalize()
    }

    /// The digest of a string's UTF-8 bytes.
    public static func hash(_ text: String) -> [UInt8] { hash(Array(text.utf8)) }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { raw in
            self.absorb(UnsafeRawBufferPointer(raw))
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { absorb($0) }
        }
    }

    private mutating func absorb(_ input: UnsafeRawBufferPointer) {
        var offset = 0
        let n = input.count
        if buffered > 0 {
            let take = min(Keccak256.rate - buffered, n)
            for i in 0..<take { buffer[buffered + i] = input[i] }
            buffered += take
            offset = take
            if buffered == Keccak256.rate {
                buffer.withUnsafeBytes { absorbBlock($0.baseAddress!) }
                buffered = 0
            }
        }
        while n - offset >= Keccak256.rate {
            absorbBlock(input.baseAddress! + offset)
            offset += Keccak256.rate
        }
        if offset < n {
            for i in 0..<(n - offset) { buffer[i] = input[offset + i] }
            buffered = n - offset
        }
    }

    private mutating func absorbBlock(_ p: UnsafeRawPointer) {
        state.withUnsafeMutableBufferPointer { s in
            for i in 0..<17 {
                s[i] ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            }
            Keccak256.permute(s.baseAddress!)
        }
    }

    public mutating func finalize() -> [UInt8] {
        for i in buffered..<Keccak256.rate { buffer[i] = 0 }
        buffer[buffered] ^= 0x01
        buffer[Keccak256.rate - 1] ^= 0x80
        buffer.withUnsafeBytes { absorbBlock($0.baseAddress!) }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<4 {
            let w = state[i].littleEndian
            for b in 0..<8 { out[i * 8 + b] = UInt8(truncatingIfNeeded: w >> (8 * UInt64(b))) }
        }
        return out
    }

    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    @inline(__always) private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }

    /// Keccak-f[1600], with the ρ and π steps unrolled into one pass over the lanes.
    private static func permute(_ a: UnsafeMutablePointer<UInt64>) {
        var c = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for round in 0..<24 {
            // θ
            c.0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20]
            c.1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21]
            c.2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22]
            c.3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23]
            c.4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24]
            let d0 = c.4 ^ rotl(c.1, 1), d1 = c.0 ^ rotl(c.2, 1), d2 = c.1 ^ rotl(c.3, 1)
            let d3 = c.2 ^ rotl(c.4, 1), d4 = c.3 ^ rotl(c.0, 1)
            for y in stride(from: 0, to: 25, by: 5) {
                a[y] ^= d0; a[y + 1] ^= d1; a[y + 2] ^= d2; a[y + 3] ^= d3; a[y + 4] ^= d4
            }
            // ρ and π: walk the cycle of lane positions starting from lane 1.
            var current = a[1]
            var x = 1, y = 0
            for t in 0..<24 {
                let nx = y, ny = (2 * x + 3 * y) % 5
                let idx = nx + 5 * ny
                let next = a[idx]
                a[idx] = rotl(current, UInt64(((t + 1) * (t + 2) / 2) % 64))
                current = next
                x = nx; y = ny
            }
            // χ
            for y in stride(from: 0, to: 25, by: 5) {
                let b0 = a[y], b1 = a[y + 1], b2 = a[y + 2], b3 = a[y + 3], b4 = a[y + 4]
                a[y] = b0 ^ (~b1 & b2)
                a[y + 1] = b1 ^ (~b2 & b3)
                a[y + 2] = b2 ^ (~b3 & b4)
                a[y + 3] = b3 ^ (~b4 & b0)
                a[y + 4] = b4 ^ (~b0 & b1)
            }
            // ι
            a[0] ^= roundConstants[round]
        }
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hex without a prefix.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes from hex text (an optional `0x` prefix, even length), or nil.
    public init?(hex text: some StringProtocol) {
        var u = Array(text.utf8)
        if u.count >= 2, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "x") || u[1] == UInt8(ascii: "X") {
            u.removeFirst(2)
        }
        guard u.count % 2 == 0 else { return nil }
        func val(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = val(u[i]), let lo = val(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        self = out
    }
}
