import PandaCore
import Testing

@testable import PandaCrypto

private func unhex(_ s: String) -> [UInt8] { [UInt8](hex: s.filter { $0 != " " })! }

// MARK: - HMAC-SHA256: RFC 4231 §4.2–4.8

@Test(arguments: [
    // (key, data, HMAC-SHA256); test case 5's MAC is truncated to 128 bits in the RFC.
    ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", String(repeating: "dd", count: 50),
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
    ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
    ("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e",
     "a3b6167473100ee06e0c796c2955552b"),
    (String(repeating: "aa", count: 131),
     "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    (String(repeating: "aa", count: 131),
     "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
])
func hmacSHA256RFC4231(key: String, data: String, mac: String) {
    let out = HMACSHA256.authenticate(key: unhex(key), message: unhex(data))
    #expect(out.hexString.hasPrefix(mac))
    #expect(out.count == 32)
}

@Test func hmacIncrementalAndReusable() {
    let key = unhex("4a656665")
    let message = Array("what do ya want for nothing?".utf8)
    var h = HMACSHA256(key: key)
    for chunk in [message[0..<5], message[5..<6], message[6...]] { h.update(chunk) }
    let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    #expect(h.finalize().hexString == expected)
    // After finalize the instance starts a new message under the same key.
    h.update(message)
    #expect(h.finalize().hexString == expected)
    #expect(h.mac(message).hexString == expected)
    #expect(HMACSHA256.equal([1, 2, 3], [1, 2, 3]))
    #expect(!HMACSHA256.equal([1, 2, 3], [1, 2, 4]))
    #expect(!HMACSHA256.equal([1, 2, 3], [1, 2]))
}

// MARK: - PBKDF2-HMAC-SHA256

/// RFC 7914 §11's two vectors, then lengths that are not a multiple of 32 and a key longer than a
/// block, whose values were computed with Python's hashlib (OpenSSL), an independent implementation.
@Test(arguments: [
    ("passwd", "salt", 1, 64,
     "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
    ("Password", "NaCl", 80000, 64,
     "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
    ("password", "salt", 1, 32, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
    ("password", "salt", 4096, 20, "c5e478d59288c841aa530db6845c4c8d962893a0"),
    ("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 40,
     "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"),
    (String(repeating: "x", count: 100), "", 3, 33, "8bbb2417b3b8f12898ae6553195783b360877eef8935294d3f4000dbecfd9b2295"),
])
func pbkdf2Vectors(password: String, salt: String, iterations: Int, length: Int, expected: String) throws {
    let dk = try PBKDF2.sha256(password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, keyLength: length)
    #expect(dk.hexString == expected)
}

@Test func pbkdf2RefusesBadParameters() {
    #expect(pandaErrorOf { _ = try PBKDF2.sha256(password: [1], salt: [2], iterations: 0, keyLength: 32) }?.code == .bad_keystore)
    #expect(pandaErrorOf { _ = try PBKDF2.sha256(password: [1], salt: [2], iterations: 1, keyLength: 0) }?.code == .bad_keystore)
}

/// The error `body` throws, as a `PandaError` (nil when it throws nothing or something else).
private func pandaErrorOf(_ body: () throws -> Void) -> PandaError? {
    do { try body() } catch { return error as? PandaError }
    return nil
}

// MARK: - scrypt: RFC 7914 §12

@Test(arguments: [
    ("", "", 16, 1, 1,
     "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
    ("password", "NaCl", 1024, 8, 16,
     "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
    ("pleaseletmein", "SodiumChloride", 16384, 8, 1,
     "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
])
func scryptRFC7914(password: String, salt: String, n: Int, r: Int, p: Int, expected: String) throws {
    let dk = try Scrypt.derive(password: Array(password.utf8), salt: Array(salt.utf8), n: n, r: r, p: p, keyLength: 64)
    #expect(dk.hexString == expected)
}

@Test(.disabled("N = 2^20, r = 8: 1 GiB of memory (about 2 s in libsodium); run by hand"))
func scryptRFC7914Heavy() throws {
    let dk = try Scrypt.derive(
        password: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8), n: 1_048_576, r: 8, p: 1, keyLength: 64)
    #expect(dk.hexString
        == "2101cb9b6a511aaeaddbbe09cf70f881ec568d574a2ffd4dabe5ee9820adaa478e56fd8f4ba5d09ffa1c6d927c40f4c337304049e8a952fbcbf45c6fa77a41a4")
}

@Test func scryptShortAndOddKeyLengthsArePrefixes() throws {
    let long = try Scrypt.derive(password: Array("pw".utf8), salt: Array("s".utf8), n: 16, r: 2, p: 3, keyLength: 100)
    let short = try Scrypt.derive(password: Array("pw".utf8), salt: Array("s".utf8), n: 16, r: 2, p: 3, keyLength: 33)
    #expect(long.count == 100)
    #expect(Array(long[0..<33]) == short)
}

@Test(arguments: [
    (0, 8, 1, 32, "power of two"),
    (1, 8, 1, 32, "power of two"),
    (3, 8, 1, 32, "power of two"),
    (-1024, 8, 1, 32, "power of two"),
    (1024, 0, 1, 32, "at least 1"),
    (1024, 8, 0, 32, "at least 1"),
    (1024, 1 << 20, 1 << 12, 32, "2^30"),
    (1024, 8, 1, 0, "key length"),
    (1 << 22, 8, 1, 32, "4 GiB"),  // 128·8·2^22 bytes
    (1 << 62, 8, 1, 32, "memory"),
    (1 << 20, 8, 16, 32, "too much work"),
])
func scryptRefusesAbsurdParameters(n: Int, r: Int, p: Int, keyLength: Int, mentions: String) {
    let error = pandaErrorOf { _ = try Scrypt.derive(password: [1], salt: [2], n: n, r: r, p: p, keyLength: keyLength) }
    #expect(error?.code == .bad_keystore, "n=\(n) r=\(r) p=\(p) dkLen=\(keyLength): \(String(describing: error))")
    #expect(error?.message.contains(mentions) == true, "\(String(describing: error))")
}

/// geth's standard scrypt parameters and PBKDF2 at c = 262144, timed; runs only with
/// `PANDACTL_KDF_TIMING=1`, and means something only in a release build:
/// `swift build -c release --build-tests -Xswiftc -enable-testing`, then
/// `PANDACTL_KDF_TIMING=1 swift test -c release --skip-build --filter kdfStandardTiming`.
@Test(.enabled(if: getenv("PANDACTL_KDF_TIMING") != nil))
func kdfStandardTiming() throws {
    let clock = ContinuousClock()
    var dk: [UInt8] = []
    let elapsed = try clock.measure {
        dk = try Scrypt.derive(password: Array("testpassword".utf8), salt: [UInt8](repeating: 7, count: 32),
                               n: 262144, r: 8, p: 1, keyLength: 32)
    }
    print("scrypt N=262144 r=8 p=1 (256 MiB): \(elapsed)")
    #expect(dk.count == 32)
    let pbkdf2 = try clock.measure {
        dk = try PBKDF2.sha256(password: Array("testpassword".utf8), salt: [UInt8](repeating: 7, count: 32),
                               iterations: 262144, keyLength: 32)
    }
    print("pbkdf2-hmac-sha256 c=262144: \(pbkdf2)")
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
