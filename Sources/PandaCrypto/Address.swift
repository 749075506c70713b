import PandaCore

/// Ethereum-style account addresses: `0x` + 40 hex digits, written with the EIP-55 checksum.
public enum Address {
    /// The EIP-55 checksummed form of 20 address bytes.
    public static func checksummed(_ bytes: [UInt8]) -> String {
        precondition(bytes.count == 20)
        let digits: StaticString = "0123456789abcdef"
        var lower = [UInt8](repeating: 0, count: 40)
        digits.withUTF8Buffer { d in
            for (i, b) in bytes.enumerated() {
                lower[2 * i] = d[Int(b >> 4)]
                lower[2 * i + 1] = d[Int(b & 15)]
            }
        }
        let hash = Keccak256.hash(lower)
        var out = [UInt8](repeating: 0, count: 42)
        out[0] = UInt8(ascii: "0")
        out[1] = UInt8(ascii: "x")
        for i in 0..<40 {
            let c = lower[i]
            let nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF
            out[i + 2] = c >= UInt8(ascii: "a") && nibble >= 8 ? c - 32 : c
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `0x` + 40 hex digits. All-lowercase and all-uppercase are taken as they are; mixed case
    /// must carry a valid EIP-55 checksum. Returns the checksummed form, or nil.
    public static func parse(_ text: String) -> String? {
        guard looksLikeAddress(text), let bytes = [UInt8](hex: text) else { return nil }
        let body = text.utf8.dropFirst(2)
        let hasLower = body.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f") }
        let hasUpper = body.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }
        let canonical = checksummed(bytes)
        if hasLower && hasUpper && !canonical.utf8.dropFirst(2).elementsEqual(body) { return nil }
        return canonical
    }

    /// True for text of the address shape (`0x` + 40 hex), whatever its checksum.
    public static func looksLikeAddress(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count == 42, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "x") || u[1] == UInt8(ascii: "X") else {
            return false
        }
        return u[2...].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
    }

    /// The address of an uncompressed public key (64 bytes X‖Y, without the 0x04 prefix).
    public static func of(publicKey64 key: [UInt8]) -> String {
        precondition(key.count == 64)
        return checksummed(Array(Keccak256.hash(key).suffix(20)))
    }
}

/// Account identifiers: addresses everywhere, plain names on open ledgers.
public enum AccountID {
    /// Validates and normalizes an account: an address (checksummed on output) or, when `allowNames`,
    /// a name `[A-Za-z0-9_.-]{1,64}`.
    public static func parse(_ text: String, allowNames: Bool, field: String = "account") throws(PandaError) -> String {
        if Address.looksLikeAddress(text) {
            guard let a = Address.parse(text) else {
                throw PandaError(.invalid_account, "\(field) '\(text)' has a bad EIP-55 checksum", field: field)
            }
            return a
        }
        guard allowNames else {
            throw PandaError(
                .invalid_account, "\(field) '\(clip(text))' is not a 0x address (names are for open ledgers)",
                field: field)
        }
        guard isValidName(text) else {
            throw PandaError(
                .invalid_account, "\(field) '\(clip(text))' is not an account name ([A-Za-z0-9_.-], 1 to 64)",
                field: field)
        }
        return text
    }

    public static func isValidName(_ text: String) -> Bool {
        let u = text.utf8
        guard (1...64).contains(u.count) else { return false }
        return u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2E
                || c == 0x2D
        }
    }

    static func clip(_ s: String) -> String { s.count > 70 ? String(s.prefix(67)) + "…" : s }
}
