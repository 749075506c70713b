/// A JSON value as pandactl reads and writes it.
///
/// Numbers keep their exact source text (`JSONNumber.text`) so that amounts are parsed exactly and
/// never pass through `Double`; objects keep their members in source order and never hold the same
/// key twice (the parser rejects duplicates, so a signed request cannot mean two things).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON number held as its validated source text, e.g. `-12.5e3`.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written (already validated against the JSON grammar).
    public let text: String

    /// Wraps text that is known to be a valid JSON number (the parser's output, or our own formatting).
    public init(validated text: String) { self.text = text }

    public init(_ value: Int) { self.text = String(value) }
    public init(_ value: Int64) { self.text = String(value) }
    public init(_ value: UInt64) { self.text = String(value) }

    /// A finite double in the shortest round-trip form; non-finite values have no JSON form.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 {
            self.text = String(Int64(value))
        } else {
            self.text = "\(value)"
        }
    }

    public var description: String { text }

    /// The value as a double (may round; for exact amounts use `Decimal` parsing in `Amount`).
    public var doubleValue: Double? { Double(text) }

    /// The value as an `Int64` when it is written as a plain integer in range (no fraction, no exponent).
    public var int64Value: Int64? { Int64(text) }
}

/// An ordered JSON object with unique keys.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// A literal's keys are unique (checked in debug builds), so its members are taken as written,
    /// without a search per key.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(literal: elements) }

    init(literal elements: [(String, JSONValue)]) {
        assert(Set(elements.map(\.0)).count == elements.count, "duplicate key in a JSONObject literal")
        self.init(uniqueMembers: elements.map { (key: $0.0, value: $0.1) })
    }

    public private(set) var members: [(key: String, value: JSONValue)]

    public init() { members = [] }

    /// Builds an object from members whose keys are known to be unique (later duplicates replace earlier ones).
    public init(_ members: [(String, JSONValue)]) {
        self.members = []
        self.members.reserveCapacity(members.count)
        for (k, v) in members { self[k] = v }
    }

    /// Builds an object without checking for duplicate keys; the caller guarantees uniqueness.
    public init(uniqueMembers: [(key: String, value: JSONValue)]) { members = uniqueMembers }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get {
            for m in members where m.key == key { return m.value }
            return nil
        }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// Appends a member; the caller guarantees the key is not present yet.
    public mutating func appendUnique(_ key: String, _ value: JSONValue) { members.append((key, value)) }

    /// Makes room for `n` members in all (a record built member by member grows once).
    public mutating func reserveCapacity(_ n: Int) { members.reserveCapacity(n) }

    /// Sets every member of `other` here (replacing values of keys present, appending the others).
    public mutating func merge(_ other: JSONObject) {
        for (k, v) in other.members { self[k] = v }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        for (x, y) in zip(a.members, b.members) where x.key != y.key || x.value != y.value { return false }
        return true
    }
}

extension JSONValue {
    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var numberValue: JSONNumber? { if case .number(let n) = self { return n } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// A short name of the value's kind, for error messages ("expected a string, got an array").
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(literal: elements)) }
}

// MARK: - Canonical member order

extension JSONValue {
    /// True when every object in the value lists its members in canonical order (RFC 8785: ascending UTF-16
    /// code units of the keys) — the order a value written with `sortedKeys` is read back in.
    public var isCanonicallyOrdered: Bool {
        switch self {
        case .object(let o): return JSONWriter.isSorted(o.members) && o.members.allSatisfy { $0.value.isCanonicallyOrdered }
        case .array(let a): return a.allSatisfy { $0.isCanonicallyOrdered }
        default: return true
        }
    }

    /// The value with the members of every object in canonical order; the value itself when they already are.
    public func canonicallyOrdered() -> JSONValue {
        switch self {
        case .object(let o): return .object(o.canonicallyOrdered())
        case .array(let a): return isCanonicallyOrdered ? self : .array(a.map { $0.canonicallyOrdered() })
        default: return self
        }
    }
}

extension JSONObject {
    /// The object with its members, and those of every nested object, in canonical order.
    public func canonicallyOrdered() -> JSONObject {
        if JSONValue.object(self).isCanonicallyOrdered { return self }
        var ordered: [(key: String, value: JSONValue)] = []
        ordered.reserveCapacity(members.count)
        JSONWriter.withCanonicalOrder(members) { order in
            for i in order { ordered.append((key: members[i].key, value: members[i].value.canonicallyOrdered())) }
        }
        return JSONObject(uniqueMembers: ordered)
    }
}
