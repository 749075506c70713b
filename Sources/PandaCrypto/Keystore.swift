import PandaCore

/// The key-derivation function of a Web3 Secret Storage keystore and its cost parameters.
public enum KeystoreKDF: Sendable, Equatable {
    case scrypt(n: Int, r: Int, p: Int)
    case pbkdf2(iterations: Int)

    /// geth's standard parameters (`StandardScryptN`, `StandardScryptP`): 256 MiB, about a second.
    public static let standard = KeystoreKDF.scrypt(n: 262144, r: 8, p: 1)
}

/// Web3 Secret Storage Definition, version 3: a private key encrypted with AES-128-CTR under a key
/// derived from a passphrase (scrypt or PBKDF2-HMAC-SHA256), authenticated by
/// `keccak256(derivedKey[16..<32] ‖ ciphertext)`. Files written here are read by geth, foundry and
/// eth-account, and theirs are read here.
public enum Keystore {
    /// Encrypts a 32-byte private key and returns the v3 JSON object, members in the order geth
    /// writes them: `address` (when given: lowercase hex without `0x`), `crypto` { `cipher`
    /// "aes-128-ctr", `ciphertext`, `cipherparams` {`iv`}, `kdf`, `kdfparams`, `mac` }, `id` (a random
    /// UUID v4 unless given), `version` 3. `salt` (default 32 random bytes) and `iv` (default 16 random
    /// bytes) are for tests.
    public static func encrypt(
        privateKey: [UInt8], address: String?, passphrase: String, kdf: KeystoreKDF = .standard,
        salt: [UInt8]? = nil, iv: [UInt8]? = nil, id: String? = nil
    ) throws(PandaError) -> JSONObject {
        guard privateKey.count == 32 else {
            throw PandaError(.invalid_key, "a keystore holds a 32-byte private key, not \(privateKey.count) bytes")
        }
        let salt = salt ?? SecureRandom.bytes(32)
        let iv = iv ?? SecureRandom.bytes(16)
        guard iv.count == 16 else { throw PandaError(.bad_keystore, "the AES-128-CTR iv must be 16 bytes, not \(iv.count)") }
        guard !salt.isEmpty else { throw PandaError(.bad_keystore, "the keystore salt must not be empty") }
        var addressText: String?
        if let address {
            var a = address.lowercased()
            if a.hasPrefix("0x") { a.removeFirst(2) }
            guard a.utf8.count == 40, [UInt8](hex: a) != nil else {
                throw PandaError(.bad_keystore, "keystore address '\(address)' is not 20 bytes of hex")
            }
            addressText = a
        }

        let params = KDFParams(kdf: kdf, dkLen: 32, salt: salt)
        var derived = try params.derive(passphrase: passphrase)
        defer { for i in derived.indices { derived[i] = 0 } }
        guard let ciphertext = AES128.ctr(key: Array(derived[0..<16]), iv: iv, privateKey) else {
            throw PandaError(.internal_error, "AES-128-CTR setup failed")
        }
        let mac = Keystore.mac(derived, ciphertext)

        let crypto: JSONObject = [
            "cipher": "aes-128-ctr",
            "ciphertext": .string(ciphertext.hexString),
            "cipherparams": ["iv": .string(iv.hexString)],
            "kdf": .string(params.name),
            "kdfparams": .object(params.json),
            "mac": .string(mac.hexString),
        ]
        var out = JSONObject()
        if let addressText { out["address"] = .string(addressText) }
        out["crypto"] = .object(crypto)
        out["id"] = .string(id ?? uuid4())
        out["version"] = 3
        return out
    }

    /// Decrypts a v3 keystore and returns the 32-byte private key. A wrong passphrase fails the MAC
    /// check (`bad_passphrase`), never yields other bytes; a file that is not a v3 keystore, or one
    /// with unsupported or absurd parameters, is `bad_keystore`. Reads `crypto` or `Crypto` (older
    /// files), kdfparams given as JSON numbers, cipher aes-128-ctr, kdf scrypt or pbkdf2 (hmac-sha256).
    public static func decrypt(_ keystore: JSONObject, passphrase: String) throws(PandaError) -> [UInt8] {
        guard let version = keystore["version"] else { throw bad("has no \"version\"") }
        guard version.numberValue?.int64Value == 3 || version.stringValue == "3" else {
            throw bad("is version \(JSONWriter.string(version)); only version 3 is supported")
        }
        guard let cryptoValue = keystore["crypto"] ?? keystore["Crypto"] else { throw bad("has no \"crypto\" object") }
        guard let crypto = cryptoValue.objectValue else { throw bad("\"crypto\" is \(cryptoValue.kindName), not an object") }

        let cipher = try string(crypto, "cipher", in: "crypto")
        guard cipher == "aes-128-ctr" else { throw bad("uses cipher '\(cipher)'; only aes-128-ctr is supported") }
        guard let cipherparams = crypto["cipherparams"]?.objectValue else { throw bad("has no \"crypto.cipherparams\" object") }
        let iv = try hex(cipherparams, "iv", in: "crypto.cipherparams")
        guard iv.count == 16 else { throw bad("crypto.cipherparams.iv is \(iv.count) bytes, not 16") }
        let ciphertext = try hex(crypto, "ciphertext", in: "crypto")
        let mac = try hex(crypto, "mac", in: "crypto")
        guard mac.count == 32 else { throw bad("crypto.mac is \(mac.count) bytes, not 32") }

        let kdfName = try string(crypto, "kdf", in: "crypto")
        guard let kdfparams = crypto["kdfparams"]?.objectValue else { throw bad("has no \"crypto.kdfparams\" object") }
        let params = try KDFParams(name: kdfName, json: kdfparams)

        var derived = try params.derive(passphrase: passphrase)
        defer { for i in derived.indices { derived[i] = 0 } }
        guard HMACSHA256.equal(Keystore.mac(derived, ciphertext), mac) else {
            throw PandaError(.bad_passphrase, "wrong passphrase for this keystore (MAC mismatch)")
        }
        guard ciphertext.count == 32 else { throw bad("holds a \(ciphertext.count)-byte key, not 32 bytes") }
        guard let key = AES128.ctr(key: Array(derived[0..<16]), iv: iv, ciphertext) else {
            throw PandaError(.internal_error, "AES-128-CTR setup failed")
        }
        return key
    }

    /// The `address` member of a keystore as `0x` + 40 lowercase hex digits, when it has a valid one.
    public static func address(of keystore: JSONObject) -> String? {
        guard var a = keystore["address"]?.stringValue?.lowercased() else { return nil }
        if a.hasPrefix("0x") { a.removeFirst(2) }
        guard a.utf8.count == 40, [UInt8](hex: a) != nil else { return nil }
        return "0x" + a
    }

    // MARK: - Pieces

    static func mac(_ derived: [UInt8], _ ciphertext: [UInt8]) -> [UInt8] {
        Keccak256.hash(Array(derived[16..<32]) + ciphertext)
    }

    /// A random (version 4, RFC 4122 variant) UUID in its lowercase 8-4-4-4-12 form.
    static func uuid4() -> String {
        var b = SecureRandom.bytes(16)
        b[6] = (b[6] & 0x0f) | 0x40
        b[8] = (b[8] & 0x3f) | 0x80
        let h = b.hexString
        var out = ""
        for (i, ch) in h.enumerated() {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append("-") }
            out.append(ch)
        }
        return out
    }

    private static func bad(_ what: String) -> PandaError {
        PandaError(.bad_keystore, "keystore " + what)
    }

    private static func string(_ o: JSONObject, _ key: String, in parent: String) throws(PandaError) -> String {
        guard let v = o[key] else { throw bad("has no \"\(parent).\(key)\"") }
        guard let s = v.stringValue else { throw bad("\(parent).\(key) is \(v.kindName), not a string") }
        return s
    }

    private static func hex(_ o: JSONObject, _ key: String, in parent: String) throws(PandaError) -> [UInt8] {
        let s = try string(o, key, in: parent)
        guard let bytes = [UInt8](hex: s) else { throw bad("\(parent).\(key) is not hex") }
        return bytes
    }

    /// The KDF of one keystore: its name, cost parameters, derived-key length and salt.
    struct KDFParams {
        var kdf: KeystoreKDF
        var dkLen: Int
        var salt: [UInt8]

        init(kdf: KeystoreKDF, dkLen: Int, salt: [UInt8]) {
            self.kdf = kdf
            self.dkLen = dkLen
            self.salt = salt
        }

        var name: String {
            switch kdf {
            case .scrypt: "scrypt"
            case .pbkdf2: "pbkdf2"
            }
        }

        /// kdfparams as geth writes them (keys in alphabetical order).
        var json: JSONObject {
            switch kdf {
            case .scrypt(let n, let r, let p):
                ["dklen": .number(JSONNumber(dkLen)), "n": .number(JSONNumber(n)), "p": .number(JSONNumber(p)),
                 "r": .number(JSONNumber(r)), "salt": .string(salt.hexString)]
            case .pbkdf2(let c):
                ["c": .number(JSONNumber(c)), "dklen": .number(JSONNumber(dkLen)), "prf": "hmac-sha256",
                 "salt": .string(salt.hexString)]
            }
        }

        /// Reads and checks `crypto.kdf` and `crypto.kdfparams`.
        init(name: String, json: JSONObject) throws(PandaError) {
            func int(_ key: String) throws(PandaError) -> Int {
                guard let v = json[key] else { throw bad("has no \"crypto.kdfparams.\(key)\"") }
                guard let n = v.numberValue else { throw bad("crypto.kdfparams.\(key) is \(v.kindName), not a number") }
                guard let i = n.int64Value, let value = Int(exactly: i) else {
                    throw bad("crypto.kdfparams.\(key) = \(n.text) is not an integer in range")
                }
                return value
            }
            dkLen = try int("dklen")
            guard dkLen >= 32, dkLen <= 1024 else {
                throw bad("crypto.kdfparams.dklen = \(dkLen) is out of range (32...1024)")
            }
            salt = try Keystore.hex(json, "salt", in: "crypto.kdfparams")
            switch name {
            case "scrypt":
                kdf = .scrypt(n: try int("n"), r: try int("r"), p: try int("p"))
            case "pbkdf2":
                let prf = try Keystore.string(json, "prf", in: "crypto.kdfparams")
                guard prf == "hmac-sha256" else { throw bad("uses pbkdf2 prf '\(prf)'; only hmac-sha256 is supported") }
                kdf = .pbkdf2(iterations: try int("c"))
            default:
                throw bad("uses kdf '\(name)'; only scrypt and pbkdf2 are supported")
            }
            try check()
        }

        /// Refuses parameters that are invalid or absurd (before any memory or time is spent).
        func check() throws(PandaError) {
            switch kdf {
            case .scrypt(let n, let r, let p):
                try Scrypt.validate(n: n, r: r, p: p, keyLength: dkLen)
            case .pbkdf2(let c):
                guard c >= 1, c <= Keystore.maxPBKDF2Iterations else {
                    throw bad("pbkdf2 iteration count \(c) is out of range (1...\(Keystore.maxPBKDF2Iterations))")
                }
            }
        }

        func derive(passphrase: String) throws(PandaError) -> [UInt8] {
            try check()
            let password = Array(passphrase.utf8)
            switch kdf {
            case .scrypt(let n, let r, let p):
                return try Scrypt.derive(password: password, salt: salt, n: n, r: r, p: p, keyLength: dkLen)
            case .pbkdf2(let c):
                return try PBKDF2.sha256(password: password, salt: salt, iterations: c, keyLength: dkLen)
            }
        }
    }

    /// The largest PBKDF2 iteration count accepted from a keystore (geth writes 262144).
    public static let maxPBKDF2Iterations = 1 << 26
}
