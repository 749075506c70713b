#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore

/// Key files: a Web3 Secret Storage v3 keystore (when a passphrase is given), or a plain hex private
/// key written with mode 0600. A plain key file readable by group or others is refused, as ssh does.
public enum KeyFile {
    /// Where a passphrase comes from: `--passphrase-file`, else `$PANDA_PASSPHRASE`.
    public static func passphrase(file: String?) throws(PandaError) -> String? {
        if let file {
            let bytes = try read(file, what: "passphrase file")
            var text = String(decoding: bytes, as: UTF8.self)
            while text.last == "\n" || text.last == "\r" { text.removeLast() }
            return text
        }
        return Environment.get("PANDA_PASSPHRASE")
    }

    /// Loads the private key in `path`. Keystores need `passphrase`.
    public static func load(path: String, passphrase: String?) throws(PandaError) -> PrivateKey {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw PandaError(.invalid_key, "cannot read key file '\(path)': \(String(cString: strerror(errno)))")
        }
        let bytes = try read(path, what: "key file")
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        if text.hasPrefix("{") {
            guard let object = try? JSONParser.parse(text).objectValue else {
                throw PandaError(.bad_keystore, "key file '\(path)' is not valid JSON")
            }
            guard let passphrase else {
                throw PandaError(.bad_passphrase, "key file '\(path)' is an encrypted keystore: set $PANDA_PASSPHRASE or --passphrase-file")
            }
            let key = try PrivateKey(bytes: try Keystore.decrypt(object, passphrase: passphrase))
            // The v3 MAC does not cover the iv: a file whose iv was changed decrypts to another key.
            if let stated = Keystore.address(of: object), Address.parse(stated) != key.address {
                throw PandaError(.bad_keystore, "keystore '\(path)' says it holds \(stated) but decrypts to \(key.address): the file was altered")
            }
            return key
        }
        if st.st_mode & 0o077 != 0 {
            throw PandaError(.key_file_permissions,
                             "key file '\(path)' is readable by others (mode \(String(st.st_mode & 0o777, radix: 8))): chmod 600 it")
        }
        return try PrivateKey(hex: text)
    }

    /// Writes `key` to a new file (never overwriting): a keystore when `passphrase` is given, else
    /// plain hex. Mode 0600 either way.
    public static func write(_ key: PrivateKey, to path: String, passphrase: String?, kdf: KeystoreKDF = .standard) throws(PandaError) {
        var contents: [UInt8]
        if let passphrase {
            let keystore = try Keystore.encrypt(privateKey: key.bytes, address: key.address, passphrase: passphrase, kdf: kdf)
            contents = []
            JSONWriter.write(.object(keystore), into: &contents)
        } else {
            contents = Array(key.hex.utf8)
        }
        contents.append(0x0A)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            let e = errno
            if e == EEXIST { throw PandaError(.file_exists, "key file '\(path)' already exists (refusing to overwrite it)") }
            throw PandaError(.io_error, "cannot create key file '\(path)': \(String(cString: strerror(e)))")
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        var off = 0
        while off < contents.count {
            let n = contents.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + off, $0.count - off) }
            if n < 0 { if errno == EINTR { continue }; throw PandaError(.io_error, "writing key file '\(path)': \(String(cString: strerror(errno)))") }
            off += n
        }
        guard fsync(fd) == 0 else { throw PandaError(.io_error, "cannot sync key file '\(path)'") }
    }

    static func read(_ path: String, what: String) throws(PandaError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw PandaError(.invalid_key, "cannot read \(what) '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw PandaError(.invalid_key, "cannot read \(what) '\(path)'") }
            if n == 0 { break }
            out += buf[0..<n]
            if out.count > 1 << 20 { throw PandaError(.invalid_key, "\(what) '\(path)' is too large to be a key") }
        }
        return out
    }
}

/// Signs requests for a sender: fills `from`, `nonce` and `chain`, then `sig` (EIP-191 over JCS).
public struct RequestSigner: Sendable {
    public let key: PrivateKey
    public init(key: PrivateKey) { self.key = key }

    public var address: String { key.address }

    /// Returns `request` signed. `from` must be absent or this key's address; `nonce` and `chain` are
    /// kept when present, else set from `nonce` and `chainID`.
    public func sign(_ request: JSONObject, nonce: UInt64, chainID: String?) throws(PandaError) -> JSONObject {
        var r = request
        if let from = r["from"]?.stringValue, Address.parse(from) != key.address {
            throw PandaError(.bad_signature, "request is from \(from), but the key is \(key.address)", field: "from")
        }
        r["sig"] = nil
        r["from"] = .string(key.address)
        if r["nonce"] == nil { r["nonce"] = .number(JSONNumber(nonce)) }
        if r["chain"] == nil, let chainID { r["chain"] = .string(chainID) }
        return try RequestSigning.sign(r, key: key)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\r" || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\r" || l == "\t" { s.removeLast() }
        return String(s)
    }
}
