/// One request: a JSON object with an `op`, the fields every request may carry (`id`, `from`,
/// `nonce`, `chain`, `sig`, `ts`, `expires`), and the fields of its operation.
public struct Request: Sendable {
    /// The whole object as received (after command-line defaults were merged in).
    public var object: JSONObject { didSet { ahead = nil } }
    /// The 1-based input line, or nil for a request given by flags.
    public var line: Int?
    /// What depends on the object alone, worked out ahead of time (`workOutAhead`) on the thread that reads
    /// the lines; dropped whenever `object` changes, so it always describes the object as it is.
    public private(set) var ahead: Ahead?

    /// The object's canonical order and the outcome of its checks, as the ledger would work them out itself
    /// (a reference: the request stays one word larger, whatever it holds).
    public final class Ahead: Sendable {
        /// The object with its members, and those of every nested object, in canonical order.
        public let canonical: JSONObject
        /// Its canonical JSON text, as the journal keeps it.
        public let canonicalText: String
        /// The operation whose fields `unknownField` was checked against.
        public let fieldsOf: String?
        /// `checkFields(allowed:)`'s refusal for that operation, if any.
        public let unknownField: PandaError?
        /// `FieldRules.check`'s refusal, if any.
        public let conventions: PandaError?

        init(canonical: JSONObject, fieldsOf: String?, unknownField: PandaError?, conventions: PandaError?) {
            self.canonical = canonical
            self.canonicalText = JSONWriter.string(.object(canonical), sortedKeys: true)
            self.fieldsOf = fieldsOf
            self.unknownField = unknownField
            self.conventions = conventions
        }
    }

    /// Works out `ahead`: `operation` and `allowed` name the operation the request is for and its fields,
    /// when known.
    public mutating func workOutAhead(operation: String?, allowed: Set<String>?) {
        var unknownField: PandaError?
        if let allowed {
            do { try checkFields(allowed: allowed) } catch { unknownField = error }
        }
        var conventions: PandaError?
        do { try FieldRules.check(object) } catch { conventions = error }
        ahead = Ahead(canonical: object.canonicallyOrdered(), fieldsOf: allowed == nil ? nil : operation,
                      unknownField: unknownField, conventions: conventions)
    }

    /// `checkFields(allowed:)`, from `ahead` when it was worked out for `operation`.
    public func checkFields(allowed: Set<String>, operation: String) throws(PandaError) {
        if let ahead, let of = ahead.fieldsOf, of == operation {
            if let e = ahead.unknownField { throw e }
            return
        }
        try checkFields(allowed: allowed)
    }

    /// `FieldRules.check(object)`, from `ahead` when it was worked out.
    public func checkConventions() throws(PandaError) {
        if let ahead {
            if let e = ahead.conventions { throw e }
            return
        }
        try FieldRules.check(object)
    }

    /// The object in canonical order, from `ahead` when it was worked out.
    public var canonicalObject: JSONObject { ahead?.canonical ?? object.canonicallyOrdered() }

    /// Fields any request may carry, whatever its op.
    public static let commonFields: Set<String> = ["op", "id", "from", "nonce", "chain", "sig", "ts", "expires"]

    public init(object: JSONObject, line: Int? = nil) {
        self.object = object
        self.line = line
    }

    public var op: String? { object["op"]?.stringValue }
    /// The request's `id`, echoed in its receipt (any JSON value).
    public var id: JSONValue? { object["id"] }

    /// Refuses fields that are neither common nor the operation's own (typos must not pass silently).
    /// (The conventions of new input, `FieldRules`, are checked where requests enter the ledger.)
    public func checkFields(allowed: Set<String>) throws(PandaError) {
        for (key, _) in object where !allowed.contains(key) && !Request.commonFields.contains(key) {
            let known = allowed.sorted().joined(separator: ", ")
            throw PandaError(
                .unknown_field, "field '\(key)' is not taken by '\(op ?? "?")'" + (known.isEmpty ? "" : " (fields: \(known))"),
                field: key)
        }
    }

    // MARK: Typed field access

    /// A string field, or nil when absent or null.
    public func string(_ key: String) throws(PandaError) -> String? {
        guard let v = object[key], !v.isNull else { return nil }
        guard case .string(let s) = v else {
            throw PandaError(.invalid_request, "'\(key)' must be a string, got \(v.kindName)", field: key)
        }
        return s
    }

    public func requireString(_ key: String) throws(PandaError) -> String {
        guard let s = try string(key) else { throw PandaError(.missing_field, "'\(key)' is required", field: key) }
        return s
    }

    /// The text of a number or a numeric string (amounts may come either way), or nil when absent.
    public func numericText(_ key: String) throws(PandaError) -> String? {
        guard let v = object[key], !v.isNull else { return nil }
        switch v {
        case .number(let n): return n.text
        case .string(let s): return s  // new input is held to the number grammar by FieldRules; journaled requests replay as they were
        default: throw PandaError(.invalid_request, "'\(key)' must be a number or a decimal string, got \(v.kindName)", field: key)
        }
    }

    /// A percentage, `"50%"`, or a fraction, `"0.5"` or `0.5` (DESIGN §8), as text; the number part in the
    /// request number grammar. Nil when absent.
    public func percentText(_ key: String) throws(PandaError) -> String? {
        guard let v = object[key], !v.isNull else { return nil }
        switch v {
        case .number(let n): return n.text
        case .string(let s):
            guard FieldRules.isPlainDecimal(s.hasSuffix("%") ? String(s.dropLast()) : s) else {
                throw PandaError(.invalid_amount, "'\(key)' \(Request.clip(s)) is not a percentage such as 10% or a fraction such as 0.1", field: key)
            }
            return s
        default: throw PandaError(.invalid_request, "'\(key)' must be a percentage such as \"10%\" or a fraction, got \(v.kindName)", field: key)
        }
    }

    /// A PANDA amount, parsed exactly; must be positive unless `allowZero`.
    public func amount(_ key: String, allowZero: Bool = false) throws(PandaError) -> Amount? {
        guard let text = try numericText(key) else { return nil }
        let a: Amount
        do { a = try Amount(parsing: text) } catch {
            throw PandaError(.invalid_amount, "'\(key)' \(Request.clip(text)) \(error.verbPhrase) (PANDA has 18 decimals)", field: key)
        }
        if a.isNegative || (a.isZero && !allowZero) {
            throw PandaError(.invalid_amount, "'\(key)' must be \(allowZero ? "zero or more" : "positive"), got \(Request.clip(text))", field: key)
        }
        return a
    }

    public func requireAmount(_ key: String, allowZero: Bool = false) throws(PandaError) -> Amount {
        guard let a = try amount(key, allowZero: allowZero) else {
            throw PandaError(.missing_field, "'\(key)' is required", field: key)
        }
        return a
    }

    /// A whole, positive token amount (tokens have no decimals).
    public func tokens(_ key: String, allowZero: Bool = false) throws(PandaError) -> Int64? {
        guard let text = try numericText(key) else { return nil }
        let units: Int128
        do { units = try ExactDecimal(parsing: text).scaled(to: 0) } catch {
            throw PandaError(.invalid_amount, "'\(key)' \(Request.clip(text)) \(error.verbPhrase) (tokens are whole units)", field: key)
        }
        guard units > 0 || (allowZero && units == 0) else {
            throw PandaError(.invalid_amount, "'\(key)' must be \(allowZero ? "zero or more" : "positive"), got \(Request.clip(text))", field: key)
        }
        guard units <= Int128(Int64.max) else { throw PandaError(.invalid_amount, "'\(key)' is out of range", field: key) }
        return Int64(units)
    }

    /// A non-negative integer that JSON represents exactly (0 … 2⁵³−1), e.g. `nonce`.
    public func safeInteger(_ key: String) throws(PandaError) -> UInt64? {
        guard let v = object[key], !v.isNull else { return nil }
        let text: String
        switch v {
        case .number(let n): text = n.text
        case .string(let s): text = s
        default: throw PandaError(.invalid_request, "'\(key)' must be an integer, got \(v.kindName)", field: key)
        }
        guard let n = UInt64(text), n <= (1 << 53) - 1 else {
            throw PandaError(.invalid_request, "'\(key)' must be an integer from 0 to 2^53-1, got \(Request.clip(text))", field: key)
        }
        return n
    }

    public func bool(_ key: String) throws(PandaError) -> Bool? {
        guard let v = object[key], !v.isNull else { return nil }
        switch v {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default: throw PandaError(.invalid_request, "'\(key)' must be true or false, got \(v.kindName)", field: key)
        }
    }

    /// `ts` (or another time field, such as `expires`) as a timestamp, or nil when absent.
    public func timestamp(_ key: String = "ts") throws(PandaError) -> Timestamp? {
        guard let s = try string(key) else { return nil }
        guard let t = Timestamp(rfc3339: s) else {
            throw PandaError(.invalid_ts, "'\(key)' \(Request.clip(s)) is not an RFC 3339 time", field: key)
        }
        return t
    }

    public static func clip(_ s: String) -> String { s.count > 40 ? "'" + s.prefix(37) + "…'" : "'" + s + "'" }
}
