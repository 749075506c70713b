/// The record types pandactl programs write (DESIGN §8 "Which lines are skipped"), kept in this one
/// place: readers skip a line whose `type` is one of them and that they do not consume, and refuse one
/// whose `type` is none of them (`unknown_record_type`), so a misspelt request never vanishes.
/// pandactl(7) prints this list.
public enum RecordTypes {
    /// Every record type, with what writes it.
    public static let all: [(type: String, writer: String)] = [
        ("account", "pandactl accounts"),
        ("address", "pandactl-sign address"),
        ("book", "pandactl-orders book"),
        ("bundle", "pandactl-train export"),
        ("candle", "pandactl-ohlc"),
        ("entry", "pandactl log"),
        ("error", "every program"),
        ("holding", "pandactl-index portfolio"),
        ("key", "pandactl-sign keygen"),
        ("market", "pandactl-orders markets"),
        ("model", "pandactl-curve list"),
        ("order", "pandactl-orders place, cancel, orders"),
        ("point", "pandactl-curve table"),
        ("prediction", "pandactl-predict"),
        ("provenance", "pandactl-mint provenance --list"),
        ("receipt", "every program that applies or answers a request"),
        ("recovered", "pandactl-sign recover"),
        ("signature", "pandactl-sign sign --message/--hash/--file"),
        ("stats", "pandactl stats"),
        ("trade", "pandactl-orders place, trades"),
        ("trained", "pandactl-train"),
        ("verified", "pandactl-sign verify"),
        ("version", "pandactl version, pandactl-train versions"),
    ]

    public static let names: Set<String> = Set(all.map(\.type))

    /// What a line is, by its `type`.
    public enum Kind: Equatable {
        /// No `type`, or `"type":"request"`: a request (or a row) for this program.
        case request
        /// A record some pandactl program writes.
        case record(String)
    }

    /// Classifies a line by its `type`; a `type` that names no record is `unknown_record_type`.
    public static func classify(_ object: JSONObject) throws(PandaError) -> Kind {
        guard let type = object["type"] else { return .request }
        guard case .string(let name) = type else {
            throw PandaError(.unknown_record_type, "'type' must name a record (a request has none), got \(type.kindName)", field: "type")
        }
        if name == "request" { return .request }
        guard names.contains(name) else {
            throw PandaError(.unknown_record_type,
                             "'type' \"\(Text.escaped(String(name.prefix(40))))\" names no pandactl record; a request has no 'type' (records: \(all.map(\.type).joined(separator: ", ")))",
                             field: "type")
        }
        return .record(name)
    }
}

/// Conventions every request meets before its operation runs (DESIGN §8 "Numbers in requests", "Text",
/// "Recipients"), checked by the ledger for every request that enters it, from every program (not when
/// the audit replays the journal: what was accepted then replays as it was): fields are named the same
/// in every program, so their rules are kept by name, here.
public enum FieldRules {
    /// Fields that hold a number (an amount, a count, a fraction). As a string, such a field must read
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`; a JSON number is already in JSON's grammar, where an exponent is
    /// allowed (the value must still be exact where it is used).
    public static let numberFields: Set<String> = [
        "amount", "max_cost", "min_payout", "price", "fee", "inference_fee", "shares", "requests", "bps", "score", "min_score",
        "min_supply", "max_supply", "alpha", "quality", "delta", "tokens_per_request", "reward_per_bps", "max_reward", "adoption",
        "improvement", "growth", "accuracy", "depth", "steps", "limit", "version", "precision",
    ]
    /// Fields of free text shown to other people: no control characters, no bidirectional overrides.
    public static let textFields: Set<String> = ["name", "symbol", "description", "category"]
    /// Fields naming who receives tokens or PANDA: never the zero address.
    public static let recipientFields: Set<String> = ["to", "contributor", "operator", "spender", "holder"]
    /// Fields naming an account: a name that begins with `0x` must be an address (on open ledgers too).
    public static let accountFields: Set<String> = recipientFields.union(["from", "account", "owner"])

    /// What each ruled field is, by name: one lookup per string field of a request (not one per set).
    private struct Kinds: OptionSet {
        let rawValue: UInt8
        static let number = Kinds(rawValue: 1), text = Kinds(rawValue: 2), recipient = Kinds(rawValue: 4), account = Kinds(rawValue: 8)
    }
    private static let kinds: [String: Kinds] = {
        var k: [String: Kinds] = [:]
        for (set, kind) in [(numberFields, Kinds.number), (textFields, .text), (recipientFields, .recipient), (accountFields, .account)] {
            for name in set { k[name, default: []].insert(kind) }
        }
        return k
    }()

    /// Checks the request's number, text and recipient fields.
    public static func check(_ object: JSONObject) throws(PandaError) {
        for (key, value) in object {
            // Every rule is about a string value.
            guard case .string(let s) = value, let kind = kinds[key] else { continue }
            if kind.contains(.number), !isPlainDecimal(s) {
                throw PandaError(.invalid_amount, "'\(key)' \(Request.clip(s)) is not a number: write digits with an optional '-' and decimal point, such as 12 or 0.5 (no exponent, '+', leading zeros or bare point in a string)", field: key)
            }
            if kind.contains(.text), let bad = Text.firstForbidden(s) {
                throw PandaError(.invalid_text, "'\(key)' holds \(bad), which text may not contain (control characters and bidirectional overrides are refused)", field: key)
            }
            if kind.contains(.recipient), isZeroAddress(s) {
                throw PandaError(.zero_address, "'\(key)' is the zero address; what is sent there is lost", field: key)
            }
            if kind.contains(.account), s.hasPrefix("0x") || s.hasPrefix("0X"), !isAddressShaped(s) {
                throw PandaError(.invalid_account, "\(key) '\(Request.clip(s))' begins with 0x but is not an address (0x and 40 hex digits); names may not", field: key)
            }
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`
    public static func isPlainDecimal(_ s: String) -> Bool {
        var u = Array(s.utf8)[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        guard let first = u.first, first &- 0x30 < 10 else { return false }
        var i = u.startIndex
        if first == 0x30 { i += 1 } else { while i < u.endIndex, u[i] &- 0x30 < 10 { i += 1 } }
        if i == u.endIndex { return true }
        guard u[i] == UInt8(ascii: ".") else { return false }
        i += 1
        let fractionStart = i
        while i < u.endIndex, u[i] &- 0x30 < 10 { i += 1 }
        return i > fractionStart && i == u.endIndex
    }

    /// `0x` followed by 40 hex digits (whatever the checksum: that is the account parser's to check).
    public static func isAddressShaped(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 42 && u[0] == UInt8(ascii: "0") && (u[1] | 0x20) == UInt8(ascii: "x")
            && u[2...].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
    }

    /// `0x` followed by 40 zeros.
    public static func isZeroAddress(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 42 && u[0] == UInt8(ascii: "0") && (u[1] | 0x20) == UInt8(ascii: "x") && u[2...].allSatisfy { $0 == 0x30 }
    }
}

/// Text shown to people: what may not be in it, and how a table escapes what reached it anyway.
public enum Text {
    /// C0 and C1 control characters, DEL, and the bidirectional embeddings, overrides and isolates.
    public static func isForbidden(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The first forbidden character of `s`, described (`U+001B`), or nil.
    public static func firstForbidden(_ s: String) -> String? {
        s.unicodeScalars.first(where: isForbidden).map { "U+" + hex4($0.value) }
    }

    /// `s` with every forbidden character written as a JSON-style escape (`\u001b`), so a terminal shows
    /// it instead of obeying it.
    public static func escaped(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isForbidden) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if isForbidden(u) {
                out.append(contentsOf: ("\\u" + hex4(u.value).lowercased()).unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
