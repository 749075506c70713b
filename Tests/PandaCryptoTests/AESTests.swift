import Testing

@testable import PandaCrypto

private func unhex(_ s: String) -> [UInt8] { [UInt8](hex: s)! }

@Test(arguments: [
    // FIPS-197 Appendix B (the cipher example) and Appendix C.1 (AES-128).
    ("2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734", "3925841d02dc09fbdc118597196a0b32"),
    ("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", "69c4e0d86a7b0430d8cdb78070b4c55a"),
])
func aes128FIPS197(key: String, plaintext: String, ciphertext: String) throws {
    let aes = try #require(AES128(key: unhex(key)))
    #expect(aes.encrypt(block: unhex(plaintext)).hexString == ciphertext)
}

/// NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt); F.5.2 is the same operation.
@Test func aes128CTRSP80038A() throws {
    let key = unhex("2b7e151628aed2a6abf7158809cf4f3c")
    let counter = unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
    let plaintext = unhex(
        "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
    let ciphertext =
        "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"
    let out = try #require(AES128.ctr(key: key, iv: counter, plaintext))
    #expect(out.hexString == ciphertext)
    #expect(AES128.ctr(key: key, iv: counter, out) == plaintext)
    // A partial last block uses a prefix of the key stream.
    let partial = try #require(AES128.ctr(key: key, iv: counter, Array(plaintext[0..<40])))
    #expect(partial.hexString == String(ciphertext.prefix(80)))
    #expect(AES128.ctr(key: key, iv: counter, []) == [])
}

/// The counter is one 128-bit big-endian number: ff…ff wraps to 00…00. Expected value computed with
/// pycryptodome (`Counter.new(128, initial_value=2**128-1, allow_wraparound=True)`).
@Test func aes128CTRCounterWraps() throws {
    let out = try #require(AES128.ctr(key: unhex("000102030405060708090a0b0c0d0e0f"),
                                       iv: [UInt8](repeating: 0xff, count: 16), [UInt8](repeating: 0, count: 48)))
    #expect(out.hexString
        == "3c441f32ce07822364d7a2990e50bb13c6a13b37878f5b826f4f8162a1c8d8797346139595c0b41e497bbde365f42d0a")
}

@Test func aesRefusesWrongSizes() {
    #expect(AES128(key: [UInt8](repeating: 0, count: 15)) == nil)
    #expect(AES128(key: [UInt8](repeating: 0, count: 32)) == nil)
    #expect(AES128.ctr(key: [UInt8](repeating: 0, count: 16), iv: [1, 2, 3], [1]) == nil)
}

@Test func secureRandomBytes() {
    #expect(SecureRandom.bytes(0).isEmpty)
    let a = SecureRandom.bytes(1000), b = SecureRandom.bytes(1000)
    #expect(a.count == 1000)
    #expect(a != b)
    #expect(Set(a).count > 200)  // 1000 uniform bytes cover far more than 200 values
}
