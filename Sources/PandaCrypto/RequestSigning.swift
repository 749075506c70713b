// Signed requests (DESIGN §3): the request object without `sig`, in RFC 8785 canonical form, is
// signed as an EIP-191 personal message, so any Ethereum wallet or library signing the same text
// produces the same `sig`, and ours verify there.

import PandaCore

/// EIP-191 version 0x45 ("personal_sign") messages.
public enum PersonalMessage {
    /// `keccak256("\x19Ethereum Signed Message:\n" + decimal(len) + message)`.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBytes { hash($0) }
    }

    /// The same over raw bytes: prefix, length and message laid out once on the stack (or in one
    /// buffer when long) and hashed in one pass, with no allocation but the digest.
    public static func hash(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        // 26 prefix bytes + at most 20 length digits.
        let total = 26 + 20 + message.count
        return withUnsafeTemporaryAllocation(byteCount: total, alignment: 8) { buf in
            let base = buf.baseAddress!
            var n = 0
            prefix.withUnsafeBytes { p in base.copyMemory(from: p.baseAddress!, byteCount: p.count); n = p.count }
            var digits = 0, length = message.count
            repeat { digits += 1; length /= 10 } while length > 0
            length = message.count
            for i in stride(from: digits - 1, through: 0, by: -1) {
                base.storeBytes(of: UInt8(48 + length % 10), toByteOffset: n + i, as: UInt8.self)
                length /= 10
            }
            n += digits
            if let m = message.baseAddress, message.count > 0 { (base + n).copyMemory(from: m, byteCount: message.count) }
            n += message.count
            return Keccak256.hash(UnsafeRawBufferPointer(start: base, count: n))
        }
    }

    /// The hash of a text message's UTF-8 bytes.
    public static func hash(_ text: String) -> [UInt8] { hash(Array(text.utf8)) }

    static let prefix: [UInt8] = Array("\u{19}Ethereum Signed Message:\n".utf8)
}

/// Signing and verifying pandactl requests.
public enum RequestSigning {
    /// The largest nonce: 2⁵³ − 1, so that canonical JSON writes it exactly.
    public static let maxNonce: UInt64 = (1 << 53) - 1

    /// What a signature covers: the request without `sig`, as RFC 8785 canonical JSON. A number with
    /// more digits than a double keeps is refused (`invalid_request`: send it as a string), so that
    /// no two different requests share these bytes.
    public static func signingBytes(of request: JSONObject) throws(PandaError) -> [UInt8] {
        var members = request.members
        if let i = members.firstIndex(where: { $0.key == "sig" }) { members.remove(at: i) }
        var out: [UInt8] = []
        out.reserveCapacity(64 * members.count)
        try CanonicalJSON.writeObject(members, into: &out, exactNumbers: true)
        return out
    }

    /// The EIP-191 digest of the signing bytes.
    public static func digest(of request: JSONObject) throws(PandaError) -> [UInt8] {
        PersonalMessage.hash(try signingBytes(of: request))
    }

    /// The request with `sig` set (replacing any) to the key's signature, written last. The caller
    /// fills `from`, `nonce` and `chain` first.
    public static func sign(_ request: JSONObject, key: PrivateKey) throws(PandaError) -> JSONObject {
        let signature = Secp256k1.sign(digest: try digest(of: request), key: key)
        var signed = request
        signed["sig"] = nil
        signed.appendUnique("sig", .string(signature.hex))
        return signed
    }

    /// The `sig` of a request, parsed and checked (65 bytes, v, low-S).
    public static func signature(of request: JSONObject) throws(PandaError) -> Signature {
        guard let value = request["sig"], !value.isNull else {
            throw PandaError(.bad_signature, "the request is not signed ('sig' is missing)", field: "sig")
        }
        guard case .string(let text) = value else {
            throw PandaError(.bad_signature, "'sig' must be a 0x hex string, got \(value.kindName)", field: "sig")
        }
        return try Signature(hex: text)
    }

    /// The EIP-55 address that signed the request. Does not look at `from`; see `authenticate`.
    /// Errors: `bad_signature` (sig missing, not a string, not hex, not 65 bytes, bad v, r or s out
    /// of range, high S, not recoverable), `invalid_request` (a number canonical JSON would round).
    public static func signer(of request: JSONObject) throws(PandaError) -> String {
        let sig = try signature(of: request)
        return try Secp256k1.recoverAddress(digest: try digest(of: request), signature: sig)
    }

    /// Checks a request for a signed ledger with chain id `chainID` and returns its sender (the
    /// checksummed `from`): `from` an address, `nonce` an integer in 0 … 2⁵³−1, `chain` equal to
    /// `chainID` (else `wrong_chain`), and `sig` a valid signature by `from` (else `bad_signature`).
    /// Replayed nonces are the ledger's to find.
    public static func authenticate(_ request: JSONObject, chainID: String) throws(PandaError) -> String {
        let (from, fromBytes) = try senderAndBytes(of: request)
        _ = try nonce(of: request)
        guard let chainValue = request["chain"], !chainValue.isNull else {
            throw PandaError(.missing_field, "'chain' is required on a signed ledger (this ledger's is '\(chainID)')", field: "chain")
        }
        guard case .string(let chain) = chainValue else {
            throw PandaError(.invalid_request, "'chain' must be a string, got \(chainValue.kindName)", field: "chain")
        }
        guard chain == chainID else {
            throw PandaError(
                .wrong_chain, "the request is for chain '\(clip(chain))', this ledger's chain is '\(chainID)'", field: "chain")
        }
        let sig = try signature(of: request)
        let signerBytes = try Secp256k1.recoverAddressBytes(digest: try digest(of: request), signature: sig)
        guard signerBytes == fromBytes else {
            let signer = EIP55.checksummed(signerBytes)
            throw PandaError(.bad_signature, "the request is signed by \(signer), not by its 'from' \(from)", field: "sig")
        }
        return from
    }

    /// The checksummed `from` address of a request.
    public static func sender(of request: JSONObject) throws(PandaError) -> String {
        try senderAndBytes(of: request).address
    }

    static func senderAndBytes(of request: JSONObject) throws(PandaError) -> (address: String, bytes: [UInt8]) {
        guard let value = request["from"], !value.isNull else {
            throw PandaError(.missing_field, "'from' is required on a signed ledger", field: "from")
        }
        guard case .string(let text) = value else {
            throw PandaError(.invalid_account, "'from' must be a 0x address, got \(value.kindName)", field: "from")
        }
        // Fast path: `from` as signers write it, already checksummed.
        if Address.looksLikeAddress(text), let bytes = [UInt8](hex: text) {
            let checksummed = EIP55.checksummed(bytes)
            if checksummed == text { return (checksummed, bytes) }
        }
        let address = try AccountID.parse(text, allowNames: false, field: "from")
        return (address, [UInt8](hex: address)!)
    }

    /// The `nonce` of a request: a JSON integer in 0 … 2⁵³−1.
    public static func nonce(of request: JSONObject) throws(PandaError) -> UInt64 {
        guard let value = request["nonce"], !value.isNull else {
            throw PandaError(.missing_field, "'nonce' is required on a signed ledger", field: "nonce")
        }
        guard case .number(let n) = value, n.text.utf8.first != UInt8(ascii: "-"), let nonce = UInt64(n.text), nonce <= maxNonce
        else {
            let shown: String
            if case .number(let n) = value { shown = clip(n.text) } else { shown = value.kindName }
            throw PandaError(
                .invalid_request, "'nonce' must be a JSON integer from 0 to 9007199254740991 (2^53-1), got \(shown)",
                field: "nonce")
        }
        return nonce
    }

    static func clip(_ s: String) -> String { s.count > 40 ? String(s.prefix(37)) + "…" : s }
}
