/// Keccak-256 as Ethereum uses it (the original Keccak padding `0x01`, not SHA3-256's `0x06`).
public struct Keccak256: Sendable {
    private var state = [UInt64](repeating: 0, count: 25)
    private var buffer = [UInt8](repeating: 0, count: 136)
    private var buffered = 0
    private static let rate = 136

    public init() {}

    /// The 32-byte digest of `bytes`.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return digest }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }

    /// One-shot digest with the state on the stack (no heap allocation but the result).
    public static func hash(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25 + 17) { mem in
            let state = mem.baseAddress!
            let block = state + 25
            state.initialize(repeating: 0, count: 25 + 17)
            var offset = 0
            let n = input.count
            while n - offset >= rate {
                let p = input.baseAddress! + offset
                for i in 0..<17 { state[i] ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
                permute(state)
                offset += rate
            }
            let tail = UnsafeMutableRawPointer(block)
            if n > offset { tail.copyMemory(from: input.baseAddress! + offset, byteCount: n - offset) }
            tail.storeBytes(of: tail.load(fromByteOffset: n - offset, as: UInt8.self) ^ 0x01, toByteOffset: n - offset, as: UInt8.self)
            tail.storeBytes(of: tail.load(fromByteOffset: rate - 1, as: UInt8.self) ^ 0x80, toByteOffset: rate - 1, as: UInt8.self)
            for i in 0..<17 { state[i] ^= UInt64(littleEndian: block[i]) }
            permute(state)
            var out = [UInt8](repeating: 0, count: 32)
            for i in 0..<4 {
                let w = state[i]
                for b in 0..<8 { out[i * 8 + b] = UInt8(truncatingIfNeeded: w >> (8 * UInt64(b))) }
            }
            return out
        }
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

    @inline(__always) private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x &<< n) | (x &>> (64 &- n)) }

    /// Keccak-f[1600] over 25 local lanes (generated: θ, ρ+π into b, χ back into a, ι).
    private static func permute(_ s: UnsafeMutablePointer<UInt64>) {
        var a00 = s[0]; var a01 = s[1]; var a02 = s[2]; var a03 = s[3]; var a04 = s[4]; var a05 = s[5]; var a06 = s[6]; var a07 = s[7]; var a08 = s[8]; var a09 = s[9]; var a10 = s[10]; var a11 = s[11]; var a12 = s[12]; var a13 = s[13]; var a14 = s[14]; var a15 = s[15]; var a16 = s[16]; var a17 = s[17]; var a18 = s[18]; var a19 = s[19]; var a20 = s[20]; var a21 = s[21]; var a22 = s[22]; var a23 = s[23]; var a24 = s[24]
        roundConstants.withUnsafeBufferPointer { rc in
            for round in 0..<24 {
                let c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20
                let c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21
                let c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22
                let c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23
                let c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24
                let d0 = c4 ^ rotl(c1, 1)
                let d1 = c0 ^ rotl(c2, 1)
                let d2 = c1 ^ rotl(c3, 1)
                let d3 = c2 ^ rotl(c4, 1)
                let d4 = c3 ^ rotl(c0, 1)
                a00 ^= d0; a05 ^= d0; a10 ^= d0; a15 ^= d0; a20 ^= d0
                a01 ^= d1; a06 ^= d1; a11 ^= d1; a16 ^= d1; a21 ^= d1
                a02 ^= d2; a07 ^= d2; a12 ^= d2; a17 ^= d2; a22 ^= d2
                a03 ^= d3; a08 ^= d3; a13 ^= d3; a18 ^= d3; a23 ^= d3
                a04 ^= d4; a09 ^= d4; a14 ^= d4; a19 ^= d4; a24 ^= d4
                let b00 = a00
                let b16 = rotl(a05, 36)
                let b07 = rotl(a10, 3)
                let b23 = rotl(a15, 41)
                let b14 = rotl(a20, 18)
                let b10 = rotl(a01, 1)
                let b01 = rotl(a06, 44)
                let b17 = rotl(a11, 10)
                let b08 = rotl(a16, 45)
                let b24 = rotl(a21, 2)
                let b20 = rotl(a02, 62)
                let b11 = rotl(a07, 6)
                let b02 = rotl(a12, 43)
                let b18 = rotl(a17, 15)
                let b09 = rotl(a22, 61)
                let b05 = rotl(a03, 28)
                let b21 = rotl(a08, 55)
                let b12 = rotl(a13, 25)
                let b03 = rotl(a18, 21)
                let b19 = rotl(a23, 56)
                let b15 = rotl(a04, 27)
                let b06 = rotl(a09, 20)
                let b22 = rotl(a14, 39)
                let b13 = rotl(a19, 8)
                let b04 = rotl(a24, 14)
                a00 = b00 ^ (~b01 & b02)
                a01 = b01 ^ (~b02 & b03)
                a02 = b02 ^ (~b03 & b04)
                a03 = b03 ^ (~b04 & b00)
                a04 = b04 ^ (~b00 & b01)
                a05 = b05 ^ (~b06 & b07)
                a06 = b06 ^ (~b07 & b08)
                a07 = b07 ^ (~b08 & b09)
                a08 = b08 ^ (~b09 & b05)
                a09 = b09 ^ (~b05 & b06)
                a10 = b10 ^ (~b11 & b12)
                a11 = b11 ^ (~b12 & b13)
                a12 = b12 ^ (~b13 & b14)
                a13 = b13 ^ (~b14 & b10)
                a14 = b14 ^ (~b10 & b11)
                a15 = b15 ^ (~b16 & b17)
                a16 = b16 ^ (~b17 & b18)
                a17 = b17 ^ (~b18 & b19)
                a18 = b18 ^ (~b19 & b15)
                a19 = b19 ^ (~b15 & b16)
                a20 = b20 ^ (~b21 & b22)
                a21 = b21 ^ (~b22 & b23)
                a22 = b22 ^ (~b23 & b24)
                a23 = b23 ^ (~b24 & b20)
                a24 = b24 ^ (~b20 & b21)
                a00 ^= rc[round]
            }
        }
        s[0] = a00; s[1] = a01; s[2] = a02; s[3] = a03; s[4] = a04; s[5] = a05; s[6] = a06; s[7] = a07; s[8] = a08; s[9] = a09; s[10] = a10; s[11] = a11; s[12] = a12; s[13] = a13; s[14] = a14; s[15] = a15; s[16] = a16; s[17] = a17; s[18] = a18; s[19] = a19; s[20] = a20; s[21] = a21; s[22] = a22; s[23] = a23; s[24] = a24
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hex without a prefix.
    public var hexString: String {
        // Written straight into the string's storage (no digit table or byte array allocated per call).
        withUnsafeBufferPointer { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { out in
                for (i, b) in bytes.enumerated() {
                    out[2 * i] = hexDigit(b >> 4)
                    out[2 * i + 1] = hexDigit(b & 15)
                }
                return bytes.count * 2
            }
        }
    }

    /// Bytes from hex text (an optional `0x` prefix, even length), or nil.
    public init?(hex text: some StringProtocol) {
        let parsed: [UInt8]?? = text.utf8.withContiguousStorageIfAvailable { Array.parseHex($0) }
        if let parsed { guard let parsed else { return nil }; self = parsed; return }
        guard let slow = Array(text.utf8).withUnsafeBufferPointer({ Array.parseHex($0) }) else { return nil }
        self = slow
    }

    private static func parseHex(_ u: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var start = 0
        if u.count >= 2, u[0] == UInt8(ascii: "0"), u[1] | 0x20 == UInt8(ascii: "x") { start = 2 }
        let n = u.count - start
        guard n % 2 == 0 else { return nil }
        var out = [UInt8](repeating: 0, count: n / 2)
        let ok = out.withUnsafeMutableBufferPointer { o -> Bool in
            hexDigitValues.withUnsafeBufferPointer { table -> Bool in
                var bad: UInt8 = 0
                var i = start, k = 0
                while i < u.count {
                    let hi = table[Int(u[i])], lo = table[Int(u[i + 1])]
                    bad |= hi | lo
                    o[k] = hi &<< 4 | (lo & 0x0F)
                    i += 2
                    k += 1
                }
                return bad & 0xF0 == 0
            }
        }
        return ok ? out : nil
    }
}

/// Hex digit values by byte, 0xFF for bytes that are not hex digits.
private let hexDigitValues: [UInt8] = (0..<256).map { c -> UInt8 in
    switch c {
    case 0x30...0x39: UInt8(c - 0x30)
    case 0x61...0x66: UInt8(c - 0x61 + 10)
    case 0x41...0x46: UInt8(c - 0x41 + 10)
    default: 0xFF
    }
}

/// The lowercase hex digit of a value below 16.
@inline(__always) private func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }
