// A fast reader for one training or prediction row: {"features":[...],"label":y}.
//
// It scans the line's bytes once, converting the numbers of `features` and `label` straight into
// doubles (correctly rounded, see DecimalConversion.swift) and skipping every other member
// (any JSON value, nested) while still checking it is valid JSON. A problem with the row's meaning
// (a string among the features, a label that is not a number, …) is remembered and reported only
// when the whole line turned out to be valid JSON, so a broken line is always `malformed_json`.

/// Reads rows of the form `{"features":[1.5,2,-3e-2],"label":0.7}`, key order free, other members
/// skipped. With `allowBatch`, `features` may also be a list of rows `[[1,2],[3,4]]` (prediction).
///
/// Rules:
/// - the line must be one valid JSON value (RFC 8259: UTF-8, no lone surrogates, nesting ≤ 128);
///   `features` and `label` may not appear twice (other repeated keys are not detected);
/// - `features`: a non-empty array of numbers, or with `allowBatch` a non-empty array of non-empty
///   arrays of numbers, all of the same length;
/// - every number must be finite as a double (`1e999` is `non_finite`; `1e-999` reads as 0);
/// - `label` is optional here (the trainer requires it); when present it must be a number;
/// - with `expectedFeatureCount`, every row must have that many features.
///
/// Reuses its storage between lines: read a line, use `values`/`label`, read the next.
public struct RowReader: Sendable {
    /// When set, rows with another feature count are rejected (`feature_count_mismatch`).
    public var expectedFeatureCount: Int?
    /// Accept `features` as a list of rows.
    public var allowBatch: Bool

    /// The features of every row read from the last line, row after row.
    public private(set) var values: [Double] = []
    /// How many rows the last line held (1 unless `features` was a list of rows).
    public private(set) var rowCount = 0
    /// Features per row.
    public private(set) var featureCount = 0
    /// The last line's label, if it had one.
    public private(set) var label: Double?
    /// The last line's `features` was a list of rows.
    public private(set) var isBatch = false

    public init(expectedFeatureCount: Int? = nil, allowBatch: Bool = false) {
        self.expectedFeatureCount = expectedFeatureCount
        self.allowBatch = allowBatch
        values.reserveCapacity(64)
    }

    /// The features of row `i` (0-based) of the last line.
    public func row(_ i: Int) -> ArraySlice<Double> {
        values[i * featureCount..<(i + 1) * featureCount]
    }

    /// Calls `body` with the features of row `i` (0-based) of the last line.
    public func withRow<R>(_ i: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[i * featureCount..<(i + 1) * featureCount]))
        }
    }

    /// The label of the last line, or `missing_label`.
    public func requireLabel() throws(LearningError) -> Double {
        guard let label else { throw LearningError.missingLabel }
        return label
    }

    /// Reads one line (without its newline).
    public mutating func read(_ line: String) throws(LearningError) {
        var line = line
        let result: Result<Void, LearningError> = line.withUTF8 { buffer in
            do throws(LearningError) {
                try read(UnsafeRawBufferPointer(buffer))
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Reads one line (without its newline) from raw bytes.
    public mutating func read(_ line: UnsafeRawBufferPointer) throws(LearningError) {
        values.removeAll(keepingCapacity: true)
        rowCount = 0
        featureCount = 0
        label = nil
        isBatch = false
        guard let raw = line.baseAddress, line.count > 0 else {
            throw LearningError.malformedJSON("unexpected end of input")
        }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var s = Scanner(base: base, end: base + line.count)
        try parseLine(&s)
    }

    private mutating func parseLine(_ s: inout Scanner) throws(LearningError) {
        s.skipWhitespace()
        guard s.p < s.end else { throw s.endOfInput() }
        if s.p.pointee != Byte.openBrace {
            let kind = try s.skipValue(depth: 0)
            s.skipWhitespace()
            if s.p != s.end { throw s.unexpected(" after the value") }
            throw LearningError.notAnObject(kind)
        }
        s.p += 1
        var sawFeatures = false
        var sawLabel = false
        var otherKeys: [[UInt8]] = []
        s.skipWhitespace()
        guard s.p < s.end else { throw s.endOfInput() }
        if s.p.pointee == Byte.closeBrace {
            s.p += 1
        } else {
            while true {
                s.skipWhitespace()
                let key = try s.scanKey()
                s.skipWhitespace()
                guard s.p < s.end else { throw s.endOfInput() }
                guard s.p.pointee == Byte.colon else { throw s.expected("':' after the key") }
                s.p += 1
                s.skipWhitespace()
                switch key {
                case .features:
                    if sawFeatures { throw LearningError.malformedJSON("duplicate key \"features\"") }
                    sawFeatures = true
                    try parseFeatures(&s)
                case .label:
                    if sawLabel { throw LearningError.malformedJSON("duplicate key \"label\"") }
                    sawLabel = true
                    try parseLabel(&s)
                case .other(let name):
                    // Duplicate keys are malformed JSON here as in every other program's parser.
                    if otherKeys.contains(name) {
                        throw LearningError.malformedJSON("duplicate key \"\(String(decoding: name, as: UTF8.self))\"")
                    }
                    otherKeys.append(name)
                    _ = try s.skipValue(depth: 1)
                }
                s.skipWhitespace()
                guard s.p < s.end else { throw s.endOfInput() }
                let c = s.p.pointee
                s.p += 1
                if c == Byte.comma { continue }
                if c == Byte.closeBrace { break }
                s.p -= 1
                throw s.expected("',' or '}'")
            }
        }
        s.skipWhitespace()
        if s.p != s.end { throw s.unexpected(" after the value") }
        if let pending = s.pending { throw pending }
        guard sawFeatures else { throw LearningError.missingFeatures }
        if let expected = expectedFeatureCount, featureCount != expected {
            throw LearningError.featureCountMismatch(row: isBatch ? 1 : nil, got: featureCount, expected: expected)
        }
    }

    private mutating func parseFeatures(_ s: inout Scanner) throws(LearningError) {
        guard s.p < s.end else { throw s.endOfInput() }
        guard s.p.pointee == Byte.openBracket else {
            let kind = try s.skipValue(depth: 1)
            s.note(.invalidFeature("features is \(kind), not an array"))
            return
        }
        s.p += 1
        s.skipWhitespace()
        guard s.p < s.end else { throw s.endOfInput() }
        if s.p.pointee == Byte.closeBracket {
            s.p += 1
            s.note(.invalidFeature("features is empty"))
            return
        }
        if allowBatch && s.p.pointee == Byte.openBracket {
            isBatch = true
            var index = 0
            while true {
                s.skipWhitespace()
                guard s.p < s.end else { throw s.endOfInput() }
                index += 1
                if s.p.pointee == Byte.openBracket {
                    s.p += 1
                    let count = try parseNumbers(&s, depth: 3, row: index)
                    if count == 0 {
                        s.note(.invalidFeature("row \(index) of features is empty"))
                    } else if index == 1 {
                        featureCount = count
                        if let expected = expectedFeatureCount, count != expected {
                            s.note(.featureCountMismatch(row: 1, got: count, expected: expected))
                        }
                    } else if count != featureCount {
                        s.note(.featureCountMismatch(row: index, got: count, expected: featureCount))
                    }
                    rowCount += 1
                } else {
                    let kind = try s.skipValue(depth: 2)
                    s.note(.invalidFeature("features mixes rows and numbers: item \(index) is \(kind)"))
                }
                s.skipWhitespace()
                guard s.p < s.end else { throw s.endOfInput() }
                let c = s.p.pointee
                s.p += 1
                if c == Byte.comma { continue }
                if c == Byte.closeBracket { break }
                s.p -= 1
                throw s.expected("',' or ']'")
            }
        } else {
            featureCount = try parseNumbers(&s, depth: 2, row: nil)
            rowCount = 1
        }
    }

    /// Parses numbers up to and including the closing `]` (the `[` is consumed); returns how many.
    private mutating func parseNumbers(_ s: inout Scanner, depth: Int, row: Int?) throws(LearningError) -> Int {
        s.skipWhitespace()
        guard s.p < s.end else { throw s.endOfInput() }
        if s.p.pointee == Byte.closeBracket {
            s.p += 1
            return 0
        }
        var count = 0
        while true {
            s.skipWhitespace()
            guard s.p < s.end else { throw s.endOfInput() }
            count += 1
            let c = s.p.pointee
            if c == Byte.minus || (c &- Byte.zero) < 10 {
                let start = s.p
                let v = try s.scanNumber()
                if !v.isFinite {
                    let text = String(decoding: UnsafeBufferPointer(start: start, count: s.p - start), as: UTF8.self)
                    s.note(.nonFinite("\(position(count, row)) (\(text)) is too large for a double"))
                }
                values.append(v)
            } else {
                let kind = try s.skipValue(depth: depth)
                s.note(.invalidFeature("\(position(count, row)) is \(kind), not a number"))
                values.append(0)
            }
            s.skipWhitespace()
            guard s.p < s.end else { throw s.endOfInput() }
            let c2 = s.p.pointee
            s.p += 1
            if c2 == Byte.comma { continue }
            if c2 == Byte.closeBracket { return count }
            s.p -= 1
            throw s.expected("',' or ']'")
        }
    }

    private func position(_ index: Int, _ row: Int?) -> String {
        if let row { return "feature \(index) of row \(row)" }
        return "feature \(index)"
    }

    private mutating func parseLabel(_ s: inout Scanner) throws(LearningError) {
        guard s.p < s.end else { throw s.endOfInput() }
        let c = s.p.pointee
        if c == Byte.minus || (c &- Byte.zero) < 10 {
            let start = s.p
            let v = try s.scanNumber()
            if !v.isFinite {
                let text = String(decoding: UnsafeBufferPointer(start: start, count: s.p - start), as: UTF8.self)
                s.note(.nonFinite("label (\(text)) is too large for a double"))
            }
            label = v
        } else {
            let kind = try s.skipValue(depth: 1)
            s.note(.invalidLabel("label is \(kind), not a number"))
        }
    }
}

// MARK: - Bytes

enum Byte {
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let comma: UInt8 = 0x2C
    static let colon: UInt8 = 0x3A
    static let minus: UInt8 = 0x2D
    static let plus: UInt8 = 0x2B
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D
}

/// The nesting limit (the row object itself counts as one level).
let maxJSONDepth = 128

// MARK: - Scanner

/// A row's key: the two the reader takes, or any other (its decoded bytes, to refuse duplicates).
enum RowKey { case features, label, other([UInt8]) }

/// Whether all eight bytes of `chunk` are ASCII digits.
@inline(__always)
private func allDigits(_ chunk: UInt64) -> Bool {
    // Each byte's high nibble is 3, and still 3 after adding 6 (so the byte is at most '9').
    (chunk & 0xF0F0_F0F0_F0F0_F0F0) | (((chunk &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
        == 0x3333_3333_3333_3333
}

/// The value of eight ASCII digits loaded little-endian (the first digit in the lowest byte).
@inline(__always)
private func eightDigitsValue(_ chunk: UInt64) -> UInt64 {
    var v = chunk &- 0x3030_3030_3030_3030
    v = v &* 10 &+ (v >> 8)  // each byte pair: its two-digit value in the low byte
    let pairs: UInt64 = 0x0000_00FF_0000_00FF
    v = ((v & pairs) &* (100 &+ (1_000_000 << 32))) &+ (((v >> 16) & pairs) &* (1 &+ (10_000 << 32)))
    return v >> 32
}

/// The value of four ASCII digits loaded little-endian.
@inline(__always)
private func fourDigitsValue(_ chunk: UInt32) -> UInt64 {
    var v = chunk &- 0x3030_3030
    v = v &* 10 &+ (v >> 8)
    return UInt64(v & 0xFF) * 100 + UInt64((v >> 16) & 0xFF)
}

struct Scanner {
    let base: UnsafePointer<UInt8>
    let end: UnsafePointer<UInt8>
    var p: UnsafePointer<UInt8>
    /// The first problem with the row's meaning; thrown only if the line is valid JSON.
    var pending: LearningError?

    init(base: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>) {
        self.base = base
        self.end = end
        self.p = base
    }

    mutating func note(_ e: LearningError) {
        if pending == nil { pending = e }
    }

    func endOfInput() -> LearningError { .malformedJSON("unexpected end of input") }

    func unexpected(_ context: String = "") -> LearningError {
        guard p < end else { return endOfInput() }
        let c = p.pointee
        let shown = c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
        return .malformedJSON("unexpected \(shown) at byte \(p - base)\(context)")
    }

    func expected(_ what: String) -> LearningError {
        guard p < end else { return endOfInput() }
        return .malformedJSON("expected \(what) at byte \(p - base)")
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while p < end {
            let c = p.pointee
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { p += 1 } else { return }
        }
    }

    // MARK: Numbers

    /// Scans a JSON number at `p` and returns its correctly rounded value (±inf on overflow).
    @inline(__always)
    mutating func scanNumber() throws(LearningError) -> Double {
        // A local cursor: the compiler keeps it in a register (`p` would be stored every byte).
        let start = p
        let end = self.end
        var q = p
        defer { p = q }
        var negative = false
        if q.pointee == Byte.minus {
            negative = true
            q += 1
            guard q < end else { throw endOfInput() }
        }
        var w: UInt64 = 0
        var significant = 0
        var exponent = 0
        var d = q.pointee &- Byte.zero
        guard d < 10 else { throw LearningError.malformedJSON("invalid number at byte \(start - base)") }
        if d == 0 {
            q += 1
            if q < end, q.pointee &- Byte.zero < 10 {
                throw LearningError.malformedJSON("invalid number (leading zero) at byte \(start - base)")
            }
        } else {
            repeat {
                w = w &* 10 &+ UInt64(d)  // wraps past 19 digits; such numbers take the slow path
                significant += 1
                q += 1
                guard q < end else { break }
                d = q.pointee &- Byte.zero
            } while d < 10
        }
        if q < end, q.pointee == Byte.dot {
            q += 1
            guard q < end else { throw endOfInput() }
            d = q.pointee &- Byte.zero
            guard d < 10 else { throw LearningError.malformedJSON("invalid number at byte \(start - base)") }
            let fractionStart = q
            if w == 0 {
                // Leading zeros of the fraction are not significant.
                while d == 0 {
                    q += 1
                    guard q < end else { break }
                    d = q.pointee &- Byte.zero
                }
            }
            // Eight, then four digits at a time while they fit in w (19 digits) without wrapping.
            if d < 10 {
                while significant <= 11, end - q >= 8 {
                    let chunk = UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
                    guard allDigits(chunk) else { break }
                    w = w &* 100_000_000 &+ eightDigitsValue(chunk)
                    significant += 8
                    q += 8
                }
                if significant <= 15, end - q >= 4 {
                    let chunk = UInt32(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt32.self))
                    if allDigits(UInt64(chunk) | 0x3030_3030_0000_0000) {
                        w = w &* 10_000 &+ fourDigitsValue(chunk)
                        significant += 4
                        q += 4
                    }
                }
                d = q < end ? q.pointee &- Byte.zero : 10
            }
            while d < 10 && q < end {
                w = w &* 10 &+ UInt64(d)
                significant += 1
                q += 1
                guard q < end else { break }
                d = q.pointee &- Byte.zero
            }
            exponent = fractionStart - q
        }
        if q < end, q.pointee | 0x20 == 0x65 {  // e or E
            q += 1
            guard q < end else { throw endOfInput() }
            var expNegative = false
            if q.pointee == Byte.minus || q.pointee == Byte.plus {
                expNegative = q.pointee == Byte.minus
                q += 1
                guard q < end else { throw endOfInput() }
            }
            d = q.pointee &- Byte.zero
            guard d < 10 else { throw LearningError.malformedJSON("invalid number at byte \(start - base)") }
            var e = 0
            repeat {
                if e < 1_000_000 { e = e * 10 + Int(d) }
                q += 1
                guard q < end else { break }
                d = q.pointee &- Byte.zero
            } while d < 10
            exponent += expNegative ? -e : e
        }
        if significant <= 19 {
            // Clinger's fast path: both operands exact, one correctly rounded operation.
            if w <= 1 << 53 && exponent >= -22 && exponent <= 22 {
                let m = Double(w)
                let v = exponent < 0 ? m / exactPowersOfTen[-exponent] : m * exactPowersOfTen[exponent]
                return negative ? -v : v
            }
            if let v = exactDecimalToDouble(w, exponent, negative: negative) { return v }
        }
        return slowDecimalToDouble(start, q - start)
    }

    // MARK: Strings

    /// Scans a key and says whether it is `features`, `label` or another key.
    mutating func scanKey() throws(LearningError) -> RowKey {
        guard p < end else { throw endOfInput() }
        guard p.pointee == Byte.quote else { throw expected("a string key") }
        let start = p + 1
        let hadEscape = try skipString()
        let body = UnsafeBufferPointer(start: start, count: (p - 1) - start)
        if !hadEscape { return classify(body) }
        var decoded: [UInt8] = []
        decodeEscapes(body, into: &decoded)
        return decoded.withUnsafeBufferPointer { classify($0) }
    }

    private func classify(_ key: UnsafeBufferPointer<UInt8>) -> RowKey {
        // Compared as little-endian words: the generic UTF-8 view comparison is a slow loop per row.
        let raw = UnsafeRawPointer(key.baseAddress)
        if key.count == 8, UInt64(littleEndian: raw!.loadUnaligned(as: UInt64.self)) == 0x7365_7275_7461_6566 { return .features }
        if key.count == 5, UInt32(littleEndian: raw!.loadUnaligned(as: UInt32.self)) == 0x6562_616C, key[4] == 0x6C { return .label }
        return .other(Array(key))
    }

    /// Decodes the escapes of an already validated string body.
    private func decodeEscapes(_ body: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var i = 0
        func hex(_ at: Int) -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = UInt32(body[at + k])
                v = v << 4 | (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57)
            }
            return v
        }
        while i < body.count {
            let c = body[i]
            if c != Byte.backslash {
                out.append(c)
                i += 1
                continue
            }
            let e = body[i + 1]
            i += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = hex(i)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    let low = hex(i + 2)
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default: out.append(e)  // " \ /
            }
        }
    }

    /// Skips a string starting at the quote at `p`, validating UTF-8 and escapes; returns whether it
    /// had escapes. Leaves `p` after the closing quote.
    mutating func skipString() throws(LearningError) -> Bool {
        p += 1
        var hadEscape = false
        while true {
            guard p < end else { throw endOfInput() }
            let c = p.pointee
            if c == Byte.quote {
                p += 1
                return hadEscape
            }
            if c == Byte.backslash {
                hadEscape = true
                try skipEscape()
            } else if c < 0x20 {
                throw LearningError.malformedJSON(
                    "unescaped control character 0x\(String(c, radix: 16)) in string at byte \(p - base)")
            } else if c < 0x80 {
                p += 1
            } else {
                let n = utf8SequenceLength()
                if n == 0 { throw LearningError.malformedJSON("invalid UTF-8 at byte \(p - base)") }
                p += n
            }
        }
    }

    private mutating func skipEscape() throws(LearningError) {
        let at = p
        guard end - p >= 2 else { throw endOfInput() }
        let e = p[1]
        switch e {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
            p += 2
        case 0x75:
            p += 2
            let unit = try hex4()
            if unit >= 0xD800 && unit < 0xDC00 {
                guard end - p >= 2, p[0] == Byte.backslash, p[1] == 0x75 else {
                    throw LearningError.malformedJSON("lone surrogate at byte \(at - base)")
                }
                p += 2
                let low = try hex4()
                guard low >= 0xDC00 && low < 0xE000 else {
                    throw LearningError.malformedJSON("lone surrogate at byte \(at - base)")
                }
            } else if unit >= 0xDC00 && unit < 0xE000 {
                throw LearningError.malformedJSON("lone surrogate at byte \(at - base)")
            }
        default:
            throw LearningError.malformedJSON("invalid escape at byte \(at - base)")
        }
    }

    private mutating func hex4() throws(LearningError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard p < end else { throw endOfInput() }
            let c = p.pointee
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x37)
            case 0x61...0x66: digit = UInt32(c - 0x57)
            default: throw LearningError.malformedJSON("invalid \\u escape at byte \(p - base)")
            }
            v = v << 4 | digit
            p += 1
        }
        return v
    }

    /// The length of the valid UTF-8 sequence at `p` (a lead byte ≥ 0x80), or 0.
    private func utf8SequenceLength() -> Int {
        let b0 = p.pointee
        let left = end - p
        @inline(__always) func cont(_ i: Int) -> Bool { p[i] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return left >= 2 && cont(1) ? 2 : 0
        case 0xE0...0xEF:
            guard left >= 3, cont(1), cont(2) else { return 0 }
            if b0 == 0xE0 && p[1] < 0xA0 { return 0 }
            if b0 == 0xED && p[1] >= 0xA0 { return 0 }
            return 3
        case 0xF0...0xF4:
            guard left >= 4, cont(1), cont(2), cont(3) else { return 0 }
            if b0 == 0xF0 && p[1] < 0x90 { return 0 }
            if b0 == 0xF4 && p[1] >= 0x90 { return 0 }
            return 4
        default:
            return 0
        }
    }

    // MARK: Skipping values

    private mutating func literal(_ word: StaticString) throws(LearningError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        for i in 0..<n {
            guard p + i < end else { throw endOfInput() }
            if p[i] != w[i] {
                p += i
                throw unexpected()
            }
        }
        p += n
    }

    /// Skips one scalar (string, number, literal) at `p`; returns its kind for messages.
    private mutating func skipScalar() throws(LearningError) -> String {
        guard p < end else { throw endOfInput() }
        switch p.pointee {
        case Byte.quote:
            _ = try skipString()
            return "a string"
        case 0x74:
            try literal("true")
            return "a boolean"
        case 0x66:
            try literal("false")
            return "a boolean"
        case 0x6E:
            try literal("null")
            return "null"
        case let c where c == Byte.minus || (c &- Byte.zero) < 10:
            _ = try scanNumber()
            return "a number"
        default:
            throw unexpected()
        }
    }

    /// Skips any JSON value at `p` (validating it), `depth` being the nesting of its container;
    /// returns its kind ("a string", "an array", …) for messages.
    mutating func skipValue(depth: Int) throws(LearningError) -> String {
        guard p < end else { throw endOfInput() }
        let first = p.pointee
        guard first == Byte.openBracket || first == Byte.openBrace else { return try skipScalar() }
        let kind = first == Byte.openBrace ? "an object" : "an array"
        // Bit i of `objects` says whether open container i (0-based) is an object.
        var objects: (UInt64, UInt64) = (0, 0)
        var level = 0
        func isObject(_ objects: (UInt64, UInt64), _ i: Int) -> Bool {
            i < 64 ? objects.0 >> UInt64(i) & 1 == 1 : objects.1 >> UInt64(i - 64) & 1 == 1
        }
        // Opens the container at `p`; afterwards the scanner is just inside it.
        func open(_ s: inout Scanner, _ objects: inout (UInt64, UInt64), _ level: inout Int) throws(LearningError) {
            if depth + level + 1 > maxJSONDepth {
                throw LearningError.malformedJSON("nesting deeper than \(maxJSONDepth)")
            }
            if s.p.pointee == Byte.openBrace {
                if level < 64 { objects.0 |= 1 << UInt64(level) } else { objects.1 |= 1 << UInt64(level - 64) }
            } else {
                if level < 64 { objects.0 &= ~(1 << UInt64(level)) } else { objects.1 &= ~(1 << UInt64(level - 64)) }
            }
            level += 1
            s.p += 1
        }
        try open(&self, &objects, &level)
        // true: just opened a container (expect a member / element or the close).
        var justOpened = true
        while level > 0 {
            skipWhitespace()
            guard p < end else { throw endOfInput() }
            let inObject = isObject(objects, level - 1)
            let close = inObject ? Byte.closeBrace : Byte.closeBracket
            if justOpened {
                if p.pointee == close {
                    p += 1
                    level -= 1
                    justOpened = false
                    continue
                }
            } else {
                let c = p.pointee
                if c == close {
                    p += 1
                    level -= 1
                    continue
                }
                guard c == Byte.comma else { throw expected(inObject ? "',' or '}'" : "',' or ']'") }
                p += 1
                skipWhitespace()
                guard p < end else { throw endOfInput() }
            }
            // A member or element follows.
            if inObject {
                guard p.pointee == Byte.quote else { throw expected("a string key") }
                _ = try skipString()
                skipWhitespace()
                guard p < end else { throw endOfInput() }
                guard p.pointee == Byte.colon else { throw expected("':' after the key") }
                p += 1
                skipWhitespace()
                guard p < end else { throw endOfInput() }
            }
            let c = p.pointee
            if c == Byte.openBrace || c == Byte.openBracket {
                try open(&self, &objects, &level)
                justOpened = true
            } else {
                _ = try skipScalar()
                justOpened = false
            }
        }
        return kind
    }
}
