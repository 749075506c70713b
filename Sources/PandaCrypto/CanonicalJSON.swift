// RFC 8785 JSON Canonicalization Scheme (JCS): what a request's signature covers (DESIGN §3).
//
// Objects are written with their members sorted by the UTF-16 code units of their names, with no
// whitespace; strings are escaped as RFC 8785 §3.2.2.2 says (JSONWriter.writeString does exactly
// that); numbers are written as ECMAScript's Number.prototype.toString writes the IEEE-754 double
// they denote (RFC 8785 §3.2.2.3).

import PandaCore

/// RFC 8785 canonical JSON.
public enum CanonicalJSON {
    /// The canonical UTF-8 bytes of `value`.
    ///
    /// With `exactNumbers`, a number whose canonical text denotes another decimal value than its own
    /// text — digits beyond what a double keeps (`0.10000000000000000001`, `12345678901234567891`) or
    /// an underflow (`1e-400`) — is refused instead of being rounded: two different requests must
    /// never share canonical bytes, and so a signature. (`1.50`, `15e-1` and `1.5` are one value and
    /// pass.) Numbers beyond the range of a double are refused either way.
    public static func encode(_ value: JSONValue, exactNumbers: Bool = false) throws(PandaError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try write(value, into: &out, exactNumbers: exactNumbers)
        return out
    }

    /// The canonical text of `value`.
    public static func string(_ value: JSONValue, exactNumbers: Bool = false) throws(PandaError) -> String {
        String(decoding: try encode(value, exactNumbers: exactNumbers), as: UTF8.self)
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8], exactNumbers: Bool = false) throws(PandaError) {
        switch value {
        case .null, .bool, .string:
            JSONWriter.write(value, into: &out)
        case .number(let n):
            try appendNumber(n.text, into: &out, exact: exactNumbers)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(element, into: &out, exactNumbers: exactNumbers)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            try writeObject(object.members, into: &out, exactNumbers: exactNumbers)
        }
    }

    /// Appends the canonical bytes of an object given by its members (e.g. a request without `sig`).
    public static func writeObject(
        _ members: [(key: String, value: JSONValue)], into out: inout [UInt8], exactNumbers: Bool = false
    ) throws(PandaError) {
        out.append(UInt8(ascii: "{"))
        // Sort positions, not members (no copies of the values): insertion sort, as objects are small.
        // (No typed throw out of the closure: Swift 6.0's withUnsafeTemporaryAllocation only rethrows.)
        let n = members.count
        var failure: PandaError?
        withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { order in
            for i in 0..<n {
                let key = members[i].key
                var j = i
                while j > 0, keyPrecedes(key, members[order[j - 1]].key) {
                    order[j] = order[j - 1]
                    j -= 1
                }
                order[j] = i
            }
            for i in 0..<n {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                let member = members[order[i]]
                JSONWriter.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                do throws(PandaError) {
                    try write(member.value, into: &out, exactNumbers: exactNumbers)
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        out.append(UInt8(ascii: "}"))
    }

    // MARK: - Property order

    /// RFC 8785 §3.2.3: names compare as arrays of UTF-16 code units.
    ///
    /// UTF-8 byte order is code point order, which is UTF-16 order except between U+E000…U+FFFF and
    /// the supplementary planes (UTF-16 puts surrogates, D800…DFFF, first). So bytes decide unless the
    /// first difference involves a lead byte of one of those (EE, EF, F0…F4); then UTF-16 decides.
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        // Native strings: compare their UTF-8 bytes in place (0 undecided, 1 precedes, 2 does not).
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> UInt8 in
                let n = min(x.count, y.count)
                var i = 0
                while i < n, x[i] == y[i] { i += 1 }
                if i == n { return x.count < y.count ? 1 : 2 }
                if x[i] < 0xEE && y[i] < 0xEE { return x[i] < y[i] ? 1 : 2 }
                return 0
            } ?? 0
        } ?? 0
        if fast != 0 { return fast == 1 }
        var ia = a.utf8.makeIterator()
        var ib = b.utf8.makeIterator()
        while true {
            guard let x = ia.next() else { return ib.next() != nil }
            guard let y = ib.next() else { return false }
            if x == y { continue }
            if x < 0xEE && y < 0xEE { return x < y }
            return a.utf16.lexicographicallyPrecedes(b.utf16)
        }
    }

    // MARK: - Numbers

    /// The ECMAScript `Number.prototype.toString` text of the double nearest to JSON number `text`.
    /// With `exact`, refuses a number whose canonical text would denote another decimal value.
    public static func number(_ text: String, exact: Bool = false) throws(PandaError) -> String {
        var out: [UInt8] = []
        try appendNumber(text, into: &out, exact: exact)
        return String(decoding: out, as: UTF8.self)
    }

    /// The ECMAScript `Number.prototype.toString` text of a finite double (`-0` gives `0`).
    public static func number(_ value: Double) -> String {
        precondition(value.isFinite, "JSON has no NaN or Infinity")
        var out: [UInt8] = []
        appendDouble(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendNumber(_ text: String, into out: inout [UInt8], exact: Bool) throws(PandaError) {
        // Fast path: integers of at most 15 digits are exact doubles and ECMAScript prints them as
        // they are (JSON already forbids leading zeros); only "-0" changes.
        let u = text.utf8
        let digitCount = u.first == UInt8(ascii: "-") ? u.count - 1 : u.count
        if digitCount >= 1, digitCount <= 16, u.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= 0x30 && $0 <= 0x39) }) {
            // 16 digits: exact only up to 2^53 (nonces are at most 2^53 - 1).
            if digitCount <= 15 || (UInt64(u.first == UInt8(ascii: "-") ? text.dropFirst() : Substring(text)) ?? .max) <= 1 << 53 {
                if text == "-0" { out.append(UInt8(ascii: "0")) } else { out.append(contentsOf: u) }
                return
            }
        }
        guard let parsed = DecimalDigits(parsing: text), let value = Double(text) else {
            throw PandaError(.invalid_request, "'\(clip(text))' is not a JSON number")
        }
        guard value.isFinite else {
            throw PandaError(
                .invalid_request,
                "number \(clip(text)) is beyond the range of an IEEE-754 double, which canonical JSON (RFC 8785) requires")
        }
        let start = out.count
        appendDouble(value, into: &out)
        if exact {
            let canonical = String(decoding: out[start...], as: UTF8.self)
            guard let b = DecimalDigits(parsing: canonical), parsed == b else {
                throw PandaError(
                    .invalid_request,
                    "number \(clip(text)) has more digits than an IEEE-754 double keeps (canonical JSON writes it as \(canonical)); send it as a string")
            }
        }
    }

    static func appendDouble(_ value: Double, into out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // Swift's description is the shortest digit string that round-trips (the closest such one
        // when several tie), which is what ECMAScript asks for; only the layout differs.
        guard let d = DecimalDigits(parsing: value.magnitude.description) else {
            preconditionFailure("unexpected Double.description \(value.magnitude.description)")
        }
        let digits = d.digits
        let k = digits.count
        let n = d.pointPosition  // value = 0.d₁d₂…d_k × 10ⁿ
        if k <= n && n <= 21 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: digits[0..<n])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[n...])
        } else if -6 < n && n <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: digits)
        } else {
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            let e = n - 1
            out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            out.append(contentsOf: String(e.magnitude).utf8)
        }
    }

    /// A decimal number reduced to its significant digits: value = ±0.d₁d₂…d_k × 10^pointPosition,
    /// d₁ ≠ 0 and d_k ≠ 0 (zero has no digits). Used to read Swift's output and to compare values.
    struct DecimalDigits: Equatable {
        var negative: Bool
        var digits: [UInt8]
        var pointPosition: Int

        /// Parses `-?digits(.digits)?([eE][+-]?digits)?` (JSON numbers and Swift's descriptions).
        init?(parsing text: String) {
            let u = Array(text.utf8)
            var i = 0
            negative = false
            if i < u.count, u[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            var all: [UInt8] = []
            var intCount = 0
            while i < u.count, u[i] >= 0x30, u[i] <= 0x39 {
                all.append(u[i])
                intCount += 1
                i += 1
            }
            guard intCount > 0 else { return nil }
            if i < u.count, u[i] == UInt8(ascii: ".") {
                i += 1
                let before = all.count
                while i < u.count, u[i] >= 0x30, u[i] <= 0x39 {
                    all.append(u[i])
                    i += 1
                }
                guard all.count > before else { return nil }
            }
            var exponent = 0
            if i < u.count, u[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                var expNegative = false
                if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
                    expNegative = u[i] == UInt8(ascii: "-")
                    i += 1
                }
                let before = i
                while i < u.count, u[i] >= 0x30, u[i] <= 0x39 {
                    // Saturate: anything this large is far outside a double anyway.
                    if exponent < 100_000_000 { exponent = exponent * 10 + Int(u[i] - 0x30) }
                    i += 1
                }
                guard i > before else { return nil }
                if expNegative { exponent = -exponent }
            }
            guard i == u.count else { return nil }
            var point = intCount + exponent
            var lo = 0
            while lo < all.count, all[lo] == UInt8(ascii: "0") {
                lo += 1
                point -= 1
            }
            var hi = all.count
            while hi > lo, all[hi - 1] == UInt8(ascii: "0") { hi -= 1 }
            digits = Array(all[lo..<hi])
            if digits.isEmpty {
                negative = false
                point = 0
            }
            pointPosition = point
        }
    }

    static func clip(_ s: String) -> String { s.count > 40 ? String(s.prefix(37)) + "…" : s }
}
