// Compact JSON output: no whitespace, numbers as their exact text, strings escaped as RFC 8785
// (JCS) does, so that with `sortedKeys` the output of a value whose numbers are already in
// canonical form is its canonical JSON.

/// Writes `JSONValue`s as compact JSON bytes.
public enum JSONWriter {
    /// Appends `value` as compact JSON to `out`.
    ///
    /// With `sortedKeys`, object members are written in ascending order of the UTF-16 code units of
    /// their keys (the RFC 8785 order); otherwise in their stored order. Numbers are written as their
    /// `text`.
    public static func write(_ value: JSONValue, into out: inout [UInt8], sortedKeys: Bool = false) {
        switch value {
        case .null:
            appendASCII("null", &out)
        case .bool(let b):
            appendASCII(b ? "true" : "false", &out)
        case .number(let n):
            out.append(contentsOf: n.text.utf8)
        case .string(let s):
            writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                write(element, into: &out, sortedKeys: sortedKeys)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let members = object.members
            if sortedKeys && !isSorted(members) {
                withCanonicalOrder(members) { order in
                    for n in order.indices { writeMember(members[order[n]], first: n == 0, into: &out) }
                }
            } else {
                for i in members.indices { writeMember(members[i], first: i == 0, sortedKeys: sortedKeys, into: &out) }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `s` as a JSON string literal: `"` and `\` escaped, `\b \f \n \r \t` for those
    /// controls, `\u00xx` (lowercase hex) for the other controls below U+0020, everything else as
    /// raw UTF-8.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { escape($0, into: &out) }
        if done == nil {
            let bytes = Array(s.utf8)
            bytes.withUnsafeBufferPointer { escape($0, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `value` as a compact JSON string.
    public static func string(_ value: JSONValue, sortedKeys: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)  // a request's or result's text in one allocation, not five growing ones
        write(value, into: &out, sortedKeys: sortedKeys)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Helpers

    @inline(__always)
    private static func appendASCII(_ s: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var runStart = 0
        var i = 0
        while i < n {
            let c = base[i]
            if c >= 0x20 && c != 0x22 && c != 0x5C {
                i += 1
                continue
            }
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
            out.append(UInt8(ascii: "\\"))
            switch c {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 0xF)])
            }
            i += 1
            runStart = i
        }
        if n > runStart { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: n - runStart)) }
    }

    /// Ordering of keys by their UTF-16 code units (RFC 8785 §3.2.3).
    @inline(__always)
    private static func writeMember(_ member: (key: String, value: JSONValue), first: Bool, sortedKeys: Bool = true, into out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        writeString(member.key, into: &out)
        out.append(UInt8(ascii: ":"))
        write(member.value, into: &out, sortedKeys: sortedKeys)
    }

    /// Calls `body` with the indices of `members` (unique keys) in canonical order. A small object (a request,
    /// a result) is ordered by insertion in stack space: no index array allocated, no sort machinery.
    static func withCanonicalOrder<R>(_ members: [(key: String, value: JSONValue)], _ body: (UnsafeBufferPointer<Int>) -> R) -> R {
        guard members.count <= 16 else {
            let order = members.indices.sorted { utf16Precedes(members[$0].key, members[$1].key) }
            return order.withUnsafeBufferPointer(body)
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: members.count) { order in
            for i in members.indices {
                var j = i
                while j > 0 && utf16Precedes(members[i].key, members[order[j - 1]].key) { order[j] = order[j - 1]; j -= 1 }
                order[j] = i
            }
            return body(UnsafeBufferPointer(order))
        }
    }

    static func isSorted(_ members: [(key: String, value: JSONValue)]) -> Bool {
        var i = 1
        while i < members.count {
            if !utf16Precedes(members[i - 1].key, members[i].key) { return false }
            i += 1
        }
        return true
    }

    /// RFC 8785 key order: by UTF-16 code units. On UTF-8 bytes this is byte order, except where the
    /// first differing bytes are both lead bytes of U+E000… (0xEE, 0xEF) or of a supplementary character
    /// (0xF0…), whose UTF-16 surrogates sort below U+E000: only then is the slower UTF-16 view needed.
    static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        let fast: Bool? = a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                var i = 0
                while i < n && x[i] == y[i] { i += 1 }
                if i == n { return x.count < y.count }
                if x[i] >= 0xEE && y[i] >= 0xEE { return nil }
                return x[i] < y[i]
            }
        }
        return fast ?? a.utf16.lexicographicallyPrecedes(b.utf16)
    }
}
