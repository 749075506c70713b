import PandaCore
import Testing

@testable import PandaCrypto

// Keccak-256 vectors: the empty string and "abc" are Ethereum's well-known values; the others were
// computed with pycryptodome's keccak (an independent implementation) around the 136-byte rate.
@Test(arguments: [
    ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
    ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
    ("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"),
    (String(repeating: "x", count: 135), "16570bdb055e663ea1cb57ac6f09194f4bc7b7070847971fc0b86710366dc34f"),
    (String(repeating: "x", count: 136), "50da8ef3747b7a7f01d08563aa11c72a2a668563fb928adc6e8d2a1ab4e36096"),
    (String(repeating: "x", count: 137), "01e0852c139fa337a5d3f746ab3b2d3400442195225e2f10c34702f8f37ae8d3"),
])
func keccakVectors(input: String, hex: String) {
    #expect(Keccak256.hash(input).hexString == hex)
}

@Test func keccakLongInputInPieces() {
    // One million 'a', fed in uneven chunks: the incremental path must equal the one-shot one.
    let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(Keccak256.hash(million).hexString == "fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96")
    var h = Keccak256()
    var i = 0, step = 1
    while i < million.count {
        let end = min(million.count, i + step)
        h.update(million[i..<end])
        i = end
        step = step * 3 % 997 + 1
    }
    #expect(h.finalize().hexString == "fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96")
    let bytes = (0..<3).flatMap { _ in (0..<256).map { UInt8($0) } }
    #expect(Keccak256.hash(bytes).hexString == "00e77ce2c4f77212a0d5df106b08157b77058479357a98a6039b457c469723e4")
}

// SHA-256: FIPS 180-2 examples plus lengths around the 55/56/64-byte padding boundaries (hashlib).
@Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    (String(repeating: "y", count: 55), "fb66d40c3bfff05b0d5af8612d0abfbfacc6f5f26c330bc7ad634f1f44bc20ad"),
    (String(repeating: "y", count: 56), "4877e564e5e36e367c7c8d59670774becd3350610b6df4c399c9fa9b66da5813"),
    (String(repeating: "y", count: 64), "ffbf30ab94107b2c14d75cfb455ec94f200400ddc5ce304e0c21894090db055f"),
])
func sha256Vectors(input: String, hex: String) {
    #expect(SHA256Hasher.hash(Array(input.utf8)).hexString == hex)
}

@Test func sha256Million() {
    #expect(SHA256Hasher.hash([UInt8](repeating: 0x61, count: 1_000_000)).hexString
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}

// EIP-55's own examples.
@Test(arguments: [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
])
func eip55(_ address: String) throws {
    #expect(Address.parse(address.lowercased()) == address)
    #expect(Address.parse("0x" + address.dropFirst(2).uppercased()) == address)
    #expect(Address.parse(address) == address)
    // Flip the case of one letter: the checksum must fail.
    var chars = Array(address)
    let i = try #require(chars.indices.dropFirst(2).first { chars[$0].isLetter })
    chars[i] = chars[i].isUppercase ? Character(chars[i].lowercased()) : Character(chars[i].uppercased())
    #expect(Address.parse(String(chars)) == nil)
}

@Test func accountIDs() throws {
    #expect(try AccountID.parse("alice", allowNames: true) == "alice")
    #expect(throws: PandaError.self) { try AccountID.parse("alice", allowNames: false) }
    #expect(throws: PandaError.self) { try AccountID.parse("", allowNames: true) }
    #expect(throws: PandaError.self) { try AccountID.parse("bad name", allowNames: true) }
    #expect(throws: PandaError.self) { try AccountID.parse(String(repeating: "a", count: 65), allowNames: true) }
    #expect(try AccountID.parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", allowNames: false) == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
}

@Test func hexRoundTrip() {
    #expect([UInt8](hex: "0x00ff10") == [0, 255, 16])
    #expect([UInt8](hex: "abc") == nil)
    #expect([UInt8](hex: "zz") == nil)
    #expect([UInt8]([1, 2, 254]).hexString == "0102fe")
}
/// The background hasher gives the one-shot digest of the concatenated chunks, whatever their sizes.
@Test func backgroundHasherMatchesTheOneShotDigest() {
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<20 {
        let h = BackgroundHasher()
        var all: [UInt8] = []
        for _ in 0..<Int.random(in: 0...40, using: &rng) {
            let chunk = (0..<Int.random(in: 0...3000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            all += chunk
            chunk.withUnsafeBytes { h.update($0) }
        }
        #expect(h.finalize() == Keccak256.hash(all))
    }
}
