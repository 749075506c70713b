import PandaCore
import Testing

@testable import PandaCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// MARK: - The Web3 Secret Storage Definition's test vectors

/// Password "testpassword", secret 7a28b5…fe9d, address 008aeeda…786b.
private enum SpecVectors {
    static let secret = "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d"

    static let pbkdf2 = """
        {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},
        "ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2",
        "kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256",
        "salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
        "mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},
        "id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
        """

    /// The scrypt vector as the definition has long published it (n=262144, r=1, p=8, which geth and
    /// eth-account read although it breaks RFC 7914's N < 2^(16·r)). The re-generated vector now on
    /// ethereum.org (r=8, p=1, iv 740770fc…) was made with the salt's hex *text* as the salt bytes, so
    /// no conforming implementation decrypts it; it is deliberately not used.
    static let scrypt = """
        {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},
        "ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt",
        "kdfparams":{"dklen":32,"n":262144,"p":8,"r":1,
        "salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},
        "mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},
        "id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
        """
}

private func object(_ text: String) throws -> JSONObject {
    try #require(try JSONParser.parse(text).objectValue)
}

/// The error `body` throws, as a `PandaError` (nil when it throws nothing or something else).
private func pandaError(_ body: () throws -> Void) -> PandaError? {
    do { try body() } catch { return error as? PandaError }
    return nil
}

@Test func specVectorPBKDF2() throws {
    let key = try Keystore.decrypt(object(SpecVectors.pbkdf2), passphrase: "testpassword")
    #expect(key.hexString == SpecVectors.secret)
}

@Test func specVectorScrypt() throws {
    let key = try Keystore.decrypt(object(SpecVectors.scrypt), passphrase: "testpassword")
    #expect(key.hexString == SpecVectors.secret)
}

/// Encrypting the secret with the vector's salt, iv and id reproduces the published file exactly.
@Test func specVectorPBKDF2Reencrypts() throws {
    let spec = try object(SpecVectors.pbkdf2)
    let ours = try Keystore.encrypt(
        privateKey: [UInt8](hex: SpecVectors.secret)!, address: nil, passphrase: "testpassword",
        kdf: .pbkdf2(iterations: 262144),
        salt: [UInt8](hex: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"),
        iv: [UInt8](hex: "6087dab2f9fdbbfaddc31a909735c1e6"), id: "3198bc9c-6672-5ab3-d995-4942343ae5b6")
    #expect(JSONWriter.string(.object(ours), sortedKeys: true) == JSONWriter.string(.object(spec), sortedKeys: true))
}

// MARK: - Round trips and refusals

@Test(arguments: [KeystoreKDF.scrypt(n: 1024, r: 8, p: 1), .scrypt(n: 16, r: 1, p: 3), .pbkdf2(iterations: 10)])
func roundTrip(kdf: KeystoreKDF) throws {
    let key = SecureRandom.bytes(32)
    let ks = try Keystore.encrypt(privateKey: key, address: "0x008AeEda4D805471dF9b2A5B0f38A0C3bCBA786b",
                                  passphrase: "pässwörd 🐼", kdf: kdf)
    #expect(try Keystore.decrypt(ks, passphrase: "pässwörd 🐼") == key)
    // Through its JSON text as well, as a file would carry it.
    let reread = try object(JSONWriter.string(.object(ks)))
    #expect(try Keystore.decrypt(reread, passphrase: "pässwörd 🐼") == key)

    #expect(ks.keys == ["address", "crypto", "id", "version"])
    #expect(ks["address"] == "008aeeda4d805471df9b2a5b0f38a0c3bcba786b")
    #expect(ks["version"] == 3)
    let crypto = try #require(ks["crypto"]?.objectValue)
    #expect(crypto.keys == ["cipher", "ciphertext", "cipherparams", "kdf", "kdfparams", "mac"])
    #expect(crypto["cipher"] == "aes-128-ctr")
    #expect(crypto["ciphertext"]?.stringValue?.count == 64)
    #expect(crypto["cipherparams"]?.objectValue?["iv"]?.stringValue?.count == 32)
    #expect(crypto["mac"]?.stringValue?.count == 64)
    let params = try #require(crypto["kdfparams"]?.objectValue)
    #expect(params["salt"]?.stringValue?.count == 64)
    #expect(params["dklen"] == 32)
    switch kdf {
    case .scrypt(let n, let r, let p):
        #expect(crypto["kdf"] == "scrypt")
        #expect(params.keys == ["dklen", "n", "p", "r", "salt"])
        #expect(params["n"] == .number(JSONNumber(n)) && params["r"] == .number(JSONNumber(r)) && params["p"] == .number(JSONNumber(p)))
    case .pbkdf2(let c):
        #expect(crypto["kdf"] == "pbkdf2")
        #expect(params.keys == ["c", "dklen", "prf", "salt"])
        #expect(params["c"] == .number(JSONNumber(c)) && params["prf"] == "hmac-sha256")
    }
}

@Test func freshSaltIVAndID() throws {
    let key = SecureRandom.bytes(32)
    let a = try Keystore.encrypt(privateKey: key, address: nil, passphrase: "x", kdf: .scrypt(n: 16, r: 1, p: 1))
    let b = try Keystore.encrypt(privateKey: key, address: nil, passphrase: "x", kdf: .scrypt(n: 16, r: 1, p: 1))
    #expect(a["address"] == nil)
    #expect(a["id"] != b["id"])
    #expect(a["crypto"] != b["crypto"])
    let id = try #require(a["id"]?.stringValue)
    let groups = id.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
    #expect(groups == [8, 4, 4, 4, 12])
    #expect(Array(id)[14] == "4")  // version 4
    #expect("89ab".contains(Array(id)[19]))  // RFC 4122 variant
    #expect(id == id.lowercased())
}

@Test func wrongPassphraseIsRefused() throws {
    let key = SecureRandom.bytes(32)
    for kdf in [KeystoreKDF.scrypt(n: 64, r: 2, p: 1), .pbkdf2(iterations: 3)] {
        let ks = try Keystore.encrypt(privateKey: key, address: nil, passphrase: "right", kdf: kdf)
        for wrong in ["wrong", "Right", "right ", ""] {
            let e = pandaError { _ = try Keystore.decrypt(ks, passphrase: wrong) }
            #expect(e?.code == .bad_passphrase)
            #expect(e?.message.contains("MAC") == true)
        }
    }
    #expect(ErrorCode.bad_passphrase.exitStatus == .permission)
    #expect(ErrorCode.bad_keystore.exitStatus == .permission)
    #expect(ErrorCode.key_file_permissions.exitStatus == .permission)
}

@Test func tamperedKeystoreIsRefused() throws {
    let ks = try Keystore.encrypt(privateKey: SecureRandom.bytes(32), address: nil, passphrase: "pw",
                                  kdf: .scrypt(n: 64, r: 1, p: 1))
    let crypto = try #require(ks["crypto"]?.objectValue)
    func flipFirstDigit(_ hex: String) -> String {
        let first = hex.first!
        return (first == "0" ? "1" : "0") + hex.dropFirst()
    }
    for field in ["ciphertext", "mac"] {
        var c = crypto
        c[field] = .string(flipFirstDigit(c[field]!.stringValue!))
        var t = ks
        t["crypto"] = .object(c)
        #expect(pandaError { _ = try Keystore.decrypt(t, passphrase: "pw") }?.code == .bad_passphrase, "\(field)")
    }
    // A changed salt changes the derived key, hence the MAC. (The v3 MAC does not cover the iv: a
    // changed iv decrypts to other bytes, which is why callers compare the key's address with the
    // file's `address` when it has one.)
    var c = crypto
    var params = c["kdfparams"]!.objectValue!
    params["salt"] = .string(flipFirstDigit(params["salt"]!.stringValue!))
    c["kdfparams"] = .object(params)
    var t = ks
    t["crypto"] = .object(c)
    #expect(pandaError { _ = try Keystore.decrypt(t, passphrase: "pw") }?.code == .bad_passphrase)
}

@Test func olderCapitalizedCryptoKeyIsRead() throws {
    var spec = try object(SpecVectors.pbkdf2)
    let crypto = spec["crypto"]!
    spec["crypto"] = nil
    spec["Crypto"] = crypto
    #expect(try Keystore.decrypt(spec, passphrase: "testpassword").hexString == SpecVectors.secret)
}

@Test(arguments: [
    // (what to change in a small valid scrypt keystore, words the message must contain)
    ("version=2", "version"),
    ("version=none", "version"),
    ("crypto=none", "crypto"),
    ("cipher=aes-128-cbc", "aes-128-cbc"),
    ("kdf=argon2", "argon2"),
    ("iv=short", "iv"),
    ("ciphertext=nothex", "ciphertext"),
    ("n=3", "power of two"),
    ("n=huge", "memory"),
    ("n=string", "not a number"),
    ("n=fraction", "not an integer"),
    ("p=0", "at least 1"),
    ("p=huge", "work"),
    ("dklen=16", "dklen"),
    ("mac=short", "mac"),
])
func malformedKeystoresAreRefused(change: String, mentions: String) throws {
    var ks = try Keystore.encrypt(privateKey: SecureRandom.bytes(32), address: nil, passphrase: "pw",
                                  kdf: .scrypt(n: 16, r: 1, p: 1))
    var crypto = ks["crypto"]!.objectValue!
    var params = crypto["kdfparams"]!.objectValue!
    switch change {
    case "version=2": ks["version"] = 2
    case "version=none": ks["version"] = nil
    case "crypto=none": ks["crypto"] = nil
    case "cipher=aes-128-cbc": crypto["cipher"] = "aes-128-cbc"
    case "kdf=argon2": crypto["kdf"] = "argon2"
    case "iv=short": crypto["cipherparams"] = ["iv": "00112233"]
    case "ciphertext=nothex": crypto["ciphertext"] = "zz"
    case "n=3": params["n"] = 3
    case "n=huge": params["n"] = .number(JSONNumber(validated: "1099511627776"))
    case "n=string": params["n"] = "1024"
    case "n=fraction": params["n"] = .number(JSONNumber(validated: "1024.5"))
    case "p=0": params["p"] = 0
    case "p=huge": params["p"] = .number(JSONNumber(validated: "8388608"))  // 2^23: fits in memory, too much work
    case "dklen=16": params["dklen"] = 16
    case "mac=short": crypto["mac"] = "0011"
    default: Issue.record("unknown change \(change)")
    }
    if change != "crypto=none" {
        crypto["kdfparams"] = .object(params)
        ks["crypto"] = .object(crypto)
    }
    let e = pandaError { _ = try Keystore.decrypt(ks, passphrase: "pw") }
    #expect(e?.code == .bad_keystore, "\(String(describing: e))")
    #expect(e?.message.contains(mentions) == true, "\(String(describing: e))")
}

@Test func encryptRefusesBadInput() {
    #expect(pandaError { _ = try Keystore.encrypt(privateKey: [1, 2, 3], address: nil, passphrase: "x") }?.code == .invalid_key)
    #expect(pandaError {
        _ = try Keystore.encrypt(privateKey: SecureRandom.bytes(32), address: "0x1234", passphrase: "x", kdf: .pbkdf2(iterations: 1))
    }?.code == .bad_keystore)
    #expect(pandaError {
        _ = try Keystore.encrypt(privateKey: SecureRandom.bytes(32), address: nil, passphrase: "x", kdf: .scrypt(n: 1000, r: 8, p: 1))
    }?.code == .bad_keystore)
    #expect(pandaError {
        _ = try Keystore.encrypt(privateKey: SecureRandom.bytes(32), address: nil, passphrase: "x", kdf: .pbkdf2(iterations: 1),
                                 iv: [1, 2])
    }?.code == .bad_keystore)
}

@Test func addressOfKeystore() throws {
    let ks: JSONObject = ["address": "DcC72aFe37708A148BA8EcD5e5fF1cff7e37DB0F"]
    #expect(Keystore.address(of: ks) == "0xdcc72afe37708a148ba8ecd5e5ff1cff7e37db0f")
    #expect(Keystore.address(of: ["address": "xyz"]) == nil)
    #expect(Keystore.address(of: try object(SpecVectors.pbkdf2)) == nil)
}

// MARK: - Cross-checks with eth-account (Tests/Fixtures/eth)

private enum EthFixtures {
    /// Tests/Fixtures/eth, found from this file's path.
    static var directory: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)  // PandaCryptoTests/KeystoreTests.swift
        return parts.joined(separator: "/") + "/Fixtures/eth"
    }

    struct Entry {
        var file: String
        var passphrase: String
        var privateKey: String
        var address: String
    }

    static func read(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ path: String, _ text: String) -> Bool {
        guard let f = fopen(path, "w") else { return false }
        defer { fclose(f) }
        let bytes = Array(text.utf8)
        return fwrite(bytes, 1, bytes.count, f) == bytes.count
    }

    static func jsonFiles(in dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name.hasSuffix(".json") && name != "index.json" { names.append(name) }
        }
        return names.sorted()
    }

    static func index(_ dir: String) throws -> [Entry] {
        let text = try #require(read(dir + "/index.json"), "missing \(dir)/index.json")
        let list = try #require(try JSONParser.parse(text).objectValue?["keystores"]?.arrayValue)
        return try list.map { v in
            let o = try #require(v.objectValue)
            return Entry(
                file: try #require(o["file"]?.stringValue), passphrase: try #require(o["passphrase"]?.stringValue),
                privateKey: try #require(o["private_key"]?.stringValue), address: try #require(o["address"]?.stringValue))
        }
    }

    static func decryptAll(_ dir: String) throws -> Int {
        let entries = try index(dir)
        #expect(Set(entries.map(\.file)) == Set(jsonFiles(in: dir)), "index.json and the files of \(dir) differ")
        for e in entries {
            let text = try #require(read(dir + "/" + e.file), "missing \(e.file)")
            let ks = try #require(try JSONParser.parse(text).objectValue)
            let key = try Keystore.decrypt(ks, passphrase: e.passphrase)
            #expect(key.hexString == e.privateKey.lowercased(), "\(e.file)")
            #expect(Keystore.address(of: ks) == e.address.lowercased(), "\(e.file)")
            #expect(pandaError { _ = try Keystore.decrypt(ks, passphrase: e.passphrase + "x") }?.code == .bad_passphrase)
        }
        return entries.count
    }
}

/// Every keystore eth-account wrote (gen_keystores.py generate) decrypts here to its key.
@Test func ethAccountKeystoresDecrypt() throws {
    let n = try EthFixtures.decryptAll(EthFixtures.directory + "/keystores")
    #expect(n >= 4)
}

/// With PANDACTL_WRITE_FIXTURES=1, writes two keystores of ours into Tests/Fixtures/eth/ours/ (for
/// `gen_keystores.py check ours` to decrypt with eth-account); otherwise checks the committed ones.
@Test func ourKeystoresForEthAccount() throws {
    let dir = EthFixtures.directory + "/ours"
    if let flag = getenv("PANDACTL_WRITE_FIXTURES"), String(cString: flag) == "1" {
        // Keys and addresses from eth-account's fixtures, so the address fields are eth-account's own.
        let theirs = try EthFixtures.index(EthFixtures.directory + "/keystores")
        try #require(theirs.count >= 2)
        _ = mkdir(dir, 0o755)
        let plan: [(String, String, KeystoreKDF, EthFixtures.Entry)] = [
            ("pandactl-scrypt-n4096.json", "pandactl passphrase ✓ 🐼", .scrypt(n: 4096, r: 8, p: 1), theirs[0]),
            ("pandactl-pbkdf2-c2000.json", "pandactl pbkdf2", .pbkdf2(iterations: 2000), theirs[1]),
        ]
        var entries: [JSONValue] = []
        for (file, passphrase, kdf, source) in plan {
            let ks = try Keystore.encrypt(privateKey: [UInt8](hex: source.privateKey)!, address: source.address,
                                          passphrase: passphrase, kdf: kdf)
            #expect(EthFixtures.write(dir + "/" + file, JSONWriter.string(.object(ks)) + "\n"))
            entries.append(["file": .string(file), "passphrase": .string(passphrase),
                            "private_key": .string(source.privateKey), "address": .string(source.address),
                            "kdf": .string(ks["crypto"]!.objectValue!["kdf"]!.stringValue!)])
        }
        let index: JSONValue = ["generator": "pandactl Keystore.encrypt (PANDACTL_WRITE_FIXTURES=1 swift test)",
                                "keystores": .array(entries)]
        #expect(EthFixtures.write(dir + "/index.json", JSONWriter.string(index) + "\n"))
    }
    let n = try EthFixtures.decryptAll(dir)
    #expect(n == 2)
}
