// ECDSA over secp256k1 through libsecp256k1: private keys, Ethereum-style recoverable signatures
// (r‖s‖v, RFC 6979 nonces, low-S only) and Cosmos-style compact signatures (r‖s with a 33-byte
// compressed public key). DESIGN §3.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSecp256k1
import PandaCore

// MARK: - Shared context

/// The one libsecp256k1 context of the process. It is created and randomized (side-channel
/// blinding) once; after that every call only reads it, which libsecp256k1 allows from any thread.
final class Secp256k1Context: @unchecked Sendable {
    let pointer: OpaquePointer

    static let shared = Secp256k1Context()

    private init() {
        // SIGN | VERIFY rather than NONE: older libsecp256k1 releases (before 0.2) need the flags,
        // newer ones ignore them.
        let flags = UInt32(SECP256K1_CONTEXT_SIGN) | UInt32(SECP256K1_CONTEXT_VERIFY)
        guard let ctx = secp256k1_context_create(flags) else {
            fatalError("secp256k1_context_create failed")
        }
        var seed = SecureRandom.bytes(32)
        let ok = secp256k1_context_randomize(ctx, &seed)
        precondition(ok == 1, "secp256k1_context_randomize failed")
        for i in seed.indices { seed[i] = 0 }
        pointer = ctx
    }
}

// MARK: - Curve constants

enum Curve {
    /// The group order n.
    static let order: [UInt8] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ]
    /// ⌊n / 2⌋: the largest S a low-S signature may carry.
    static let halfOrder: [UInt8] = [
        0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
    ]

    /// Compares two 32-byte big-endian numbers: -1, 0 or 1.
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for i in 0..<32 where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return 0
    }

    static func isZero(_ a: [UInt8]) -> Bool { a.allSatisfy { $0 == 0 } }
}

// MARK: - Addresses, fast

/// EIP-55 on bytes: the same result as `Address.checksummed`, without `Character` work (it runs for
/// every verified request).
enum EIP55 {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The last 20 bytes of keccak256(X‖Y).
    static func addressBytes(publicKey64 key: [UInt8]) -> [UInt8] {
        Array(Keccak256.hash(key)[12..<32])
    }

    /// `0x` + 40 hex digits, a–f uppercased where the matching nibble of keccak256(lowercase hex) ≥ 8.
    static func checksummed(_ bytes: [UInt8]) -> String {
        precondition(bytes.count == 20)
        return ChecksumCache.shared.lookup(bytes) ?? ChecksumCache.shared.store(bytes, computeChecksummed(bytes))
    }

    static func computeChecksummed(_ bytes: [UInt8]) -> String {
        var lower = [UInt8](repeating: 0, count: 40)
        for (i, b) in bytes.enumerated() {
            lower[2 * i] = hexDigits[Int(b >> 4)]
            lower[2 * i + 1] = hexDigits[Int(b & 15)]
        }
        let hash = Keccak256.hash(lower)
        var out: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        out.reserveCapacity(42)
        for i in 0..<40 {
            let c = lower[i]
            let nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF
            out.append(c >= UInt8(ascii: "a") && nibble >= 8 ? c - 0x20 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The checksummed text of recently seen addresses (a stream of signed lines comes from few signers,
/// so each line's recovered signer is checksummed once, not once per line). Bounded; thread-safe.
final class ChecksumCache: @unchecked Sendable {
    static let shared = ChecksumCache()
    private var table: [AddressKey: String] = [:]
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private static let capacity = 4096

    private init() { pthread_mutex_init(lock, nil) }

    struct AddressKey: Hashable {
        var a: UInt64, b: UInt64, c: UInt32
        init(_ x: [UInt8]) {
            (a, b, c) = x.withUnsafeBytes {
                ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 $0.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            }
        }
    }

    func lookup(_ bytes: [UInt8]) -> String? {
        let key = AddressKey(bytes)
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return table[key]
    }

    func store(_ bytes: [UInt8], _ text: String) -> String {
        let key = AddressKey(bytes)
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if table.count >= ChecksumCache.capacity { table.removeAll(keepingCapacity: true) }
        table[key] = text
        return text
    }
}

// MARK: - Private keys

/// A secp256k1 private key: 32 bytes, a scalar in 1 … n−1.
///
/// Its public key and address are derived once, when the key is made. `description` shows only the
/// address, so a key printed by mistake does not leak.
public struct PrivateKey: Sendable, CustomStringConvertible {
    /// The 32 secret bytes, big-endian.
    public let bytes: [UInt8]
    /// The uncompressed public key without its 0x04 prefix: X‖Y, 64 bytes.
    public let publicKey64: [UInt8]
    /// The compressed public key (0x02/0x03 + X), 33 bytes, as Cosmos uses it.
    public let publicKeyCompressed: [UInt8]
    /// The EIP-55 checksummed Ethereum address of the key.
    public let address: String

    /// Validates 32 bytes as a private key (1 … n−1).
    public init(bytes: [UInt8]) throws(PandaError) {
        guard bytes.count == 32 else {
            throw PandaError(.invalid_key, "a private key is 32 bytes, got \(bytes.count)")
        }
        let ctx = Secp256k1Context.shared.pointer
        guard secp256k1_ec_seckey_verify(ctx, bytes) == 1 else {
            throw PandaError(.invalid_key, "the private key is out of range (it must be in 1 … n−1 of secp256k1)")
        }
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(ctx, &pubkey, bytes) == 1 else {
            throw PandaError(.invalid_key, "the private key is out of range (it must be in 1 … n−1 of secp256k1)")
        }
        self.bytes = bytes
        let uncompressed = Secp256k1.serialize(pubkey, compressed: false)
        publicKey64 = Array(uncompressed[1...])
        publicKeyCompressed = Secp256k1.serialize(pubkey, compressed: true)
        address = EIP55.checksummed(EIP55.addressBytes(publicKey64: publicKey64))
    }

    /// A private key from hex text (64 hex digits, optional `0x`, surrounding whitespace ignored).
    public init(hex text: String) throws(PandaError) {
        let trimmed = PrivateKey.trimWhitespace(text)
        guard let raw = [UInt8](hex: trimmed), !trimmed.isEmpty else {
            throw PandaError(.invalid_key, "a private key is 64 hex digits (optionally 0x-prefixed)")
        }
        try self.init(bytes: raw)
    }

    /// A fresh key from the system's secure random source.
    public static func generate() -> PrivateKey {
        while true {
            let candidate = SecureRandom.bytes(32)
            // Fails only for 0 or ≥ n, with probability about 2⁻¹²⁸.
            if let key = try? PrivateKey(bytes: candidate) { return key }
        }
    }

    /// The key as 64 lowercase hex digits, without prefix.
    public var hex: String { bytes.hexString }

    public var description: String { "PrivateKey(\(address))" }

    static func trimWhitespace(_ s: String) -> String {
        let u = Array(s.utf8)
        var lo = 0, hi = u.count
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        while lo < hi, isSpace(u[lo]) { lo += 1 }
        while hi > lo, isSpace(u[hi - 1]) { hi -= 1 }
        return String(decoding: u[lo..<hi], as: UTF8.self)
    }
}

// MARK: - Recoverable signatures

/// An Ethereum-style recoverable ECDSA signature: r, s (32 bytes each, s in the lower half of the
/// group order) and the recovery id (0 or 1). Written as 65 bytes `r‖s‖v` with v = 27 + recovery id.
public struct Signature: Sendable, Equatable, CustomStringConvertible {
    public let r: [UInt8]
    public let s: [UInt8]
    /// 0 or 1.
    public let recoveryID: UInt8

    /// Validates the parts: r in 1 … n−1, s in 1 … n/2 (low-S), recovery id 0 or 1.
    public init(r: [UInt8], s: [UInt8], recoveryID: UInt8) throws(PandaError) {
        guard r.count == 32, s.count == 32 else {
            throw PandaError(.bad_signature, "signature r and s are 32 bytes each", field: "sig")
        }
        guard recoveryID <= 1 else {
            throw PandaError(.bad_signature, "signature recovery id \(recoveryID) is not 0 or 1", field: "sig")
        }
        guard !Curve.isZero(r), Curve.compare(r, Curve.order) < 0 else {
            throw PandaError(.bad_signature, "signature r is out of range (0 or ≥ n)", field: "sig")
        }
        guard !Curve.isZero(s), Curve.compare(s, Curve.order) < 0 else {
            throw PandaError(.bad_signature, "signature s is out of range (0 or ≥ n)", field: "sig")
        }
        guard Curve.compare(s, Curve.halfOrder) <= 0 else {
            throw PandaError(
                .bad_signature, "signature has a high S value (s > n/2); only low-S signatures are accepted",
                field: "sig")
        }
        self.r = r
        self.s = s
        self.recoveryID = recoveryID
    }

    /// Parses 65 bytes `r‖s‖v`, v ∈ {0, 1, 27, 28}.
    public init(bytes: [UInt8]) throws(PandaError) {
        guard bytes.count == 65 else {
            throw PandaError(
                .bad_signature, "signature must be 65 bytes (r‖s‖v, 130 hex digits), got \(bytes.count)",
                field: "sig")
        }
        let v = bytes[64]
        let id: UInt8
        switch v {
        case 0, 1: id = v
        case 27, 28: id = v - 27
        default:
            throw PandaError(.bad_signature, "signature v is \(v); expected 27 or 28 (or 0 or 1)", field: "sig")
        }
        try self.init(r: Array(bytes[0..<32]), s: Array(bytes[32..<64]), recoveryID: id)
    }

    /// Parses `0x` + 130 hex digits (the prefix is optional).
    public init(hex text: String) throws(PandaError) {
        guard let raw = [UInt8](hex: text), !text.isEmpty, text != "0x", text != "0X" else {
            throw PandaError(.bad_signature, "signature is not hex: '\(Signature.clip(text))'", field: "sig")
        }
        try self.init(bytes: raw)
    }

    /// v as written: 27 or 28.
    public var v: UInt8 { 27 + recoveryID }

    /// 65 bytes `r‖s‖v`, v ∈ {27, 28}.
    public var bytes: [UInt8] { r + s + [v] }

    /// `0x` + 130 lowercase hex digits.
    public var hex: String { "0x" + bytes.hexString }

    /// 64 bytes r‖s.
    public var compact: [UInt8] { r + s }

    public var description: String { hex }

    static func clip(_ s: String) -> String { s.count > 24 ? String(s.prefix(21)) + "…" : s }
}

// MARK: - Operations

/// secp256k1 signing, recovery and verification. Digests are 32 bytes (a precondition).
public enum Secp256k1 {
    /// Signs a 32-byte digest: RFC 6979 deterministic nonce, low-S, recoverable.
    public static func sign(digest: [UInt8], key: PrivateKey) -> Signature {
        precondition(digest.count == 32, "a digest is 32 bytes")
        let ctx = Secp256k1Context.shared.pointer
        var sig = secp256k1_ecdsa_recoverable_signature()
        let ok = secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest, key.bytes, nil, nil)
        precondition(ok == 1, "secp256k1_ecdsa_sign_recoverable failed for a valid key")
        var out = [UInt8](repeating: 0, count: 64)
        var recid: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, &out, &recid, &sig)
        // libsecp256k1 signs low-S already; a recovery id of 2 or 3 (r ≥ p − n) has probability
        // about 2⁻¹²⁷ and cannot be written as Ethereum's v, so it would trap here.
        precondition(recid == 0 || recid == 1, "unexpected recovery id \(recid)")
        return Signature(uncheckedR: Array(out[0..<32]), s: Array(out[32..<64]), recoveryID: UInt8(recid))
    }

    /// The public key (64 bytes X‖Y) that made `signature` over `digest`.
    public static func recoverPublicKey(digest: [UInt8], signature: Signature) throws(PandaError) -> [UInt8] {
        precondition(digest.count == 32, "a digest is 32 bytes")
        let ctx = Secp256k1Context.shared.pointer
        var sig = secp256k1_ecdsa_recoverable_signature()
        let compact = signature.compact
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, compact, Int32(signature.recoveryID)) == 1
        else {
            throw PandaError(.bad_signature, "signature r or s is out of range", field: "sig")
        }
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(ctx, &pubkey, &sig, digest) == 1 else {
            throw PandaError(.bad_signature, "signature does not recover to a public key", field: "sig")
        }
        return Array(serialize(pubkey, compressed: false)[1...])
    }

    /// The EIP-55 address that made `signature` over `digest`.
    public static func recoverAddress(digest: [UInt8], signature: Signature) throws(PandaError) -> String {
        EIP55.checksummed(try recoverAddressBytes(digest: digest, signature: signature))
    }

    /// The 20 address bytes of the key that made `signature` over `digest` (no text, no checksum:
    /// the cheapest form to compare).
    public static func recoverAddressBytes(digest: [UInt8], signature: Signature) throws(PandaError) -> [UInt8] {
        EIP55.addressBytes(publicKey64: try recoverPublicKey(digest: digest, signature: signature))
    }

    // MARK: Cosmos style

    /// Signs a 32-byte digest the Cosmos way: 64 bytes r‖s, RFC 6979, low-S.
    public static func signCompact(digest: [UInt8], key: PrivateKey) -> [UInt8] {
        precondition(digest.count == 32, "a digest is 32 bytes")
        let ctx = Secp256k1Context.shared.pointer
        var sig = secp256k1_ecdsa_signature()
        let ok = secp256k1_ecdsa_sign(ctx, &sig, digest, key.bytes, nil, nil)
        precondition(ok == 1, "secp256k1_ecdsa_sign failed for a valid key")
        var out = [UInt8](repeating: 0, count: 64)
        _ = secp256k1_ecdsa_signature_serialize_compact(ctx, &out, &sig)
        return out
    }

    /// Verifies a Cosmos-style signature: 64 bytes r‖s (low-S only) over a 32-byte digest, by a
    /// 33-byte compressed public key. False for anything malformed.
    public static func verifyCompact(digest: [UInt8], signature64: [UInt8], publicKey33: [UInt8]) -> Bool {
        guard digest.count == 32, signature64.count == 64, publicKey33.count == 33,
            publicKey33[0] == 0x02 || publicKey33[0] == 0x03
        else { return false }
        let s = Array(signature64[32..<64])
        guard Curve.compare(s, Curve.halfOrder) <= 0 else { return false }
        let ctx = Secp256k1Context.shared.pointer
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(ctx, &pubkey, publicKey33, 33) == 1 else { return false }
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_compact(ctx, &sig, signature64) == 1 else { return false }
        return secp256k1_ecdsa_verify(ctx, &sig, digest, &pubkey) == 1
    }

    /// Cosmos SDK signing of a message: SHA-256 of the message, then `signCompact`.
    public static func signCosmos(message: [UInt8], key: PrivateKey) -> [UInt8] {
        signCompact(digest: SHA256Hasher.hash(message), key: key)
    }

    /// Cosmos SDK verification of a message: SHA-256 of the message, then `verifyCompact`.
    public static func verifyCosmos(message: [UInt8], signature64: [UInt8], publicKey33: [UInt8]) -> Bool {
        verifyCompact(digest: SHA256Hasher.hash(message), signature64: signature64, publicKey33: publicKey33)
    }

    /// The 64-byte X‖Y form of a public key given compressed (33 bytes) or uncompressed (65 bytes,
    /// or 64 without the prefix); nil when it is not a point of the curve.
    public static func uncompressedPublicKey(_ key: [UInt8]) -> [UInt8]? {
        let input = key.count == 64 ? [0x04] + key : key
        guard input.count == 33 || input.count == 65 else { return nil }
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &pubkey, input, input.count) == 1 else {
            return nil
        }
        return Array(serialize(pubkey, compressed: false)[1...])
    }

    /// The 33-byte compressed form of a public key given in any form `uncompressedPublicKey` takes.
    public static func compressedPublicKey(_ key: [UInt8]) -> [UInt8]? {
        let input = key.count == 64 ? [0x04] + key : key
        guard input.count == 33 || input.count == 65 else { return nil }
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &pubkey, input, input.count) == 1 else {
            return nil
        }
        return serialize(pubkey, compressed: true)
    }

    static func serialize(_ pubkey: secp256k1_pubkey, compressed: Bool) -> [UInt8] {
        var key = pubkey
        var out = [UInt8](repeating: 0, count: compressed ? 33 : 65)
        var length = out.count
        let flags = UInt32(compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED)
        _ = secp256k1_ec_pubkey_serialize(Secp256k1Context.shared.pointer, &out, &length, &key, flags)
        return out
    }
}

extension Signature {
    /// For signatures straight from libsecp256k1, which are valid by construction.
    fileprivate init(uncheckedR r: [UInt8], s: [UInt8], recoveryID: UInt8) {
        self.r = r
        self.s = s
        self.recoveryID = recoveryID
    }
}
