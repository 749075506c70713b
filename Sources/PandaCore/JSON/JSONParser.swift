// A strict RFC 8259 parser over raw bytes.
//
// Written for JSON lines: one small document per call, parsed straight from the reader's buffer.
// The parser is iterative (an explicit frame stack), so hostile nesting can only hit `maxDepth`,
// never the thread's stack. Strings without escapes become `String`s straight from the input bytes
// after our own UTF-8 validation; only strings with escapes go through a scratch buffer.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a JSON document was rejected, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 0-based byte offset in the input where the problem was found.
    public let offset: Int
    /// A short lowercase message, e.g. `invalid UTF-8 at byte 12`, `unexpected end of input`,
    /// `duplicate key "amount"`, `nesting deeper than 128`.
    public let message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { message }
}

/// Parses exactly one JSON value (RFC 8259), optionally surrounded by JSON whitespace.
///
/// Strict by design: numbers must follow the grammar and keep their source text, strings must be
/// valid UTF-8 without raw control characters and without lone surrogate escapes, objects must not
/// repeat a key, and nesting is bounded by `maxDepth`. A UTF-8 byte order mark is rejected.
///
/// Safe to call from any thread. Each thread keeps a small cache of short strings (16 KB) so that
/// the keys repeated on every JSON line are not rebuilt each time. Error offsets are 0-based.
public enum JSONParser {
    /// The nesting limit used when none is given.
    public static let defaultMaxDepth = 128

    /// Parses one JSON value from `bytes`.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth
    ) throws(JSONParseError) -> JSONValue {
        guard let raw = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(offset: 0, message: "unexpected end of input")
        }
        // Buffers handed to us hold bytes; reading them as UInt8 is always allowed.
        let base = raw.assumingMemoryBound(to: UInt8.self)
        // The members of typical records fit in this stack space, so most documents need no heap
        // memory besides the values themselves.
        let slots = 32
        let result = withUnsafeTemporaryAllocation(byteCount: slots * MoveStack<Member>.slotSize, alignment: 16) {
            space -> Result<JSONValue, JSONParseError> in
            var parser = Parser(base: base, count: bytes.count, maxDepth: maxDepth, memberSpace: space.baseAddress!, memberSlots: slots)
            do throws(JSONParseError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw error
        }
    }

    /// Parses one JSON value from a byte array.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in catching(raw, maxDepth) }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw error
        }
    }

    /// Parses one JSON value from the UTF-8 of a string.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in catching(UnsafeRawBufferPointer(buffer), maxDepth) }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw error
        }
    }

    private static func catching(_ raw: UnsafeRawBufferPointer, _ maxDepth: Int) -> Result<JSONValue, JSONParseError> {
        do throws(JSONParseError) {
            return .success(try parse(raw, maxDepth: maxDepth))
        } catch {
            return .failure(error)
        }
    }
}

// MARK: - Byte constants

private enum Byte {
    static let quote: UInt8 = 0x22  // "
    static let backslash: UInt8 = 0x5C
    static let slash: UInt8 = 0x2F
    static let comma: UInt8 = 0x2C
    static let colon: UInt8 = 0x3A
    static let minus: UInt8 = 0x2D
    static let plus: UInt8 = 0x2B
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
}

// MARK: - A stack that moves its elements out into arrays

/// Elements of all open containers, innermost last, each with a 64-bit tag (objects keep key
/// fingerprints there). Closing a container moves its elements into a new, exactly sized array
/// without retain/release traffic or regrowth. It may start in caller-provided memory (the
/// parser's stack), and moves to the heap only when that is full.
private struct MoveStack<Element>: ~Copyable {
    private(set) var count = 0
    private var capacity: Int
    private var storage: UnsafeMutablePointer<Element>?
    private(set) var tags: UnsafeMutablePointer<UInt64>?
    private var ownsStorage = false

    static var slotSize: Int { MemoryLayout<Element>.stride + MemoryLayout<UInt64>.stride }

    init() { capacity = 0 }

    /// Starts in `initial` (bytes for `capacity` slots, 8-aligned), which must outlive the stack.
    init(initial: UnsafeMutableRawPointer, capacity: Int) {
        self.capacity = capacity
        storage = initial.bindMemory(to: Element.self, capacity: capacity)
        tags = (initial + capacity * MemoryLayout<Element>.stride).bindMemory(to: UInt64.self, capacity: capacity)
    }

    deinit {
        if let storage {
            storage.deinitialize(count: count)
            if ownsStorage { UnsafeMutableRawPointer(storage).deallocate() }
        }
    }

    @inline(__always)
    mutating func append(_ element: consuming Element, tag: UInt64 = 0) {
        if count == capacity { grow() }
        (storage.unsafelyUnwrapped + count).initialize(to: element)
        tags.unsafelyUnwrapped[count] = tag
        count += 1
    }

    @inline(__always)
    func element(at index: Int) -> UnsafeMutablePointer<Element> {
        storage.unsafelyUnwrapped + index
    }

    /// Moves the elements from `start` to the top into a new array.
    mutating func popArray(from start: Int) -> [Element] {
        let n = count - start
        guard n > 0, let storage else { return [] }
        let array = [Element](unsafeUninitializedCapacity: n) { buffer, initialized in
            buffer.baseAddress.unsafelyUnwrapped.moveInitialize(from: storage + start, count: n)
            initialized = n
        }
        count = start
        return array
    }

    private mutating func grow() {
        let newCapacity = Swift.max(16, capacity * 2)
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: newCapacity * Self.slotSize, alignment: Swift.max(MemoryLayout<Element>.alignment, 8))
        let newStorage = raw.bindMemory(to: Element.self, capacity: newCapacity)
        let newTags = (raw + newCapacity * MemoryLayout<Element>.stride).bindMemory(to: UInt64.self, capacity: newCapacity)
        if let storage {
            newStorage.moveInitialize(from: storage, count: count)
            newTags.update(from: tags.unsafelyUnwrapped, count: count)
            if ownsStorage { UnsafeMutableRawPointer(storage).deallocate() }
        }
        storage = newStorage
        tags = newTags
        capacity = newCapacity
        ownsStorage = true
    }
}

/// Decoded bytes of strings with escapes.
private struct ScratchBuffer: ~Copyable {
    var count = 0
    private(set) var capacity = 0
    private(set) var storage: UnsafeMutablePointer<UInt8>?

    init() {}

    deinit { storage?.deallocate() }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to minimum: Int) {
        var newCapacity = Swift.max(64, capacity * 2)
        while newCapacity < minimum { newCapacity *= 2 }
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        if let storage {
            newStorage.update(from: storage, count: count)
            storage.deallocate()
        }
        storage = newStorage
        capacity = newCapacity
    }

    /// Appends raw bytes; the caller has reserved room.
    @inline(__always)
    mutating func appendUnchecked(_ source: UnsafePointer<UInt8>, _ n: Int) {
        (storage.unsafelyUnwrapped + count).update(from: source, count: n)
        count += n
    }

    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        storage.unsafelyUnwrapped[count] = byte
        count += 1
    }
}

// MARK: - The parser

private typealias Member = (key: String, value: JSONValue)

private struct Frame {
    enum Kind { case top, array, object }
    var kind: Kind
    /// Index of the container's first element in `values` or `members`.
    var base: Int
    /// Keys of a large object, built once it has more members than a linear scan should check.
    var keySet: Set<String>?

    static let top = Frame(kind: .top, base: 0, keySet: nil)
}

/// Objects with up to this many members find duplicates by scanning key fingerprints.
private let linearKeyCheckLimit = 32

private struct Parser: ~Copyable {
    let base: UnsafePointer<UInt8>
    let end: UnsafePointer<UInt8>
    var p: UnsafePointer<UInt8>
    let maxDepth: Int
    var values = MoveStack<JSONValue>()
    var members: MoveStack<Member>
    var scratch = ScratchBuffer()
    var stringCache: UnsafeMutablePointer<CachedString>?

    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int, memberSpace: UnsafeMutableRawPointer, memberSlots: Int) {
        self.base = base
        self.end = base + count
        self.p = base
        self.maxDepth = maxDepth
        self.members = MoveStack(initial: memberSpace, capacity: memberSlots)
    }

    // MARK: Errors

    func error(_ message: String, at position: UnsafePointer<UInt8>) -> JSONParseError {
        JSONParseError(offset: position - base, message: message)
    }

    func endOfInput() -> JSONParseError {
        JSONParseError(offset: end - base, message: "unexpected end of input")
    }

    func unexpected(_ position: UnsafePointer<UInt8>, _ context: String = "") -> JSONParseError {
        if position >= end { return endOfInput() }
        let c = position.pointee
        let what = c >= 0x21 && c < 0x7F ? "character '\(Character(Unicode.Scalar(c)))'" : "byte 0x\(hex2(c))"
        return error("unexpected \(what)\(context) at byte \(position - base)", at: position)
    }

    // MARK: Document

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        var frames: [Frame] = []
        var current = Frame.top
        var depth = 0

        nextValue: while true {
            skipWhitespace()
            guard p < end else { throw endOfInput() }
            var value: JSONValue
            switch p.pointee {
            case Byte.quote:
                p += 1
                value = .string(try parseString())
            case Byte.openBrace:
                depth += 1
                if depth > maxDepth { throw error("nesting deeper than \(maxDepth)", at: p) }
                p += 1
                skipWhitespace()
                guard p < end else { throw endOfInput() }
                if p.pointee == Byte.closeBrace {
                    p += 1
                    depth -= 1
                    value = .object(JSONObject())
                } else {
                    if current.kind != .top { frames.append(current) }
                    current = Frame(kind: .object, base: members.count, keySet: nil)
                    try parseKey(&current)
                    continue nextValue
                }
            case Byte.openBracket:
                depth += 1
                if depth > maxDepth { throw error("nesting deeper than \(maxDepth)", at: p) }
                p += 1
                skipWhitespace()
                guard p < end else { throw endOfInput() }
                if p.pointee == Byte.closeBracket {
                    p += 1
                    depth -= 1
                    value = .array([])
                } else {
                    if current.kind != .top { frames.append(current) }
                    current = Frame(kind: .array, base: values.count, keySet: nil)
                    continue nextValue
                }
            case Byte.minus, Byte.zero...Byte.nine:
                value = .number(try parseNumber())
            case 0x74:  // t
                try parseLiteral(0x6575_7274, length: 4)  // "true", little-endian
                value = .bool(true)
            case 0x66:  // f
                try parseLiteral(0x6573_6c61, length: 4, offset: 1)  // "alse" after 'f'
                value = .bool(false)
            case 0x6E:  // n
                try parseLiteral(0x6c6c_756e, length: 4)  // "null"
                value = .null
            default:
                throw unexpected(p)
            }

            // A value is complete: add it to the open container, then close containers as they end.
            while true {
                switch current.kind {
                case .top:
                    skipWhitespace()
                    if p != end { throw unexpected(p, " after the value") }
                    return value
                case .array:
                    values.append(consume value)
                    skipWhitespace()
                    guard p < end else { throw endOfInput() }
                    let c = p.pointee
                    if c == Byte.comma {
                        p += 1
                        continue nextValue
                    }
                    guard c == Byte.closeBracket else { throw expected("',' or ']'") }
                    p += 1
                    value = .array(values.popArray(from: current.base))
                case .object:
                    members.element(at: members.count - 1).pointee.value = consume value
                    skipWhitespace()
                    guard p < end else { throw endOfInput() }
                    let c = p.pointee
                    if c == Byte.comma {
                        p += 1
                        skipWhitespace()
                        try parseKey(&current)
                        continue nextValue
                    }
                    guard c == Byte.closeBrace else { throw expected("',' or '}'") }
                    p += 1
                    value = .object(JSONObject(uniqueMembers: members.popArray(from: current.base)))
                }
                depth -= 1
                current = frames.popLast() ?? .top
            }
        }
    }

    func expected(_ what: String) -> JSONParseError {
        if p >= end { return endOfInput() }
        return error("expected \(what) at byte \(p - base)", at: p)
    }

    /// Parses `"key"` `:` and pushes the member with a placeholder value. `p` is at the opening quote.
    mutating func parseKey(_ frame: inout Frame) throws(JSONParseError) {
        guard p < end else { throw endOfInput() }
        guard p.pointee == Byte.quote else { throw expected("a string key") }
        let keyStart = p
        p += 1
        let bytes = try scanString()
        let key = makeString(bytes)
        let count = members.count - frame.base
        var fingerprint: UInt64 = 0

        if frame.keySet != nil {
            if !frame.keySet!.insert(key).inserted { throw duplicate(key, keyStart) }
        } else if count < linearKeyCheckLimit {
            fingerprint = Parser.fingerprint(bytes)
            let tags = members.tags.unsafelyUnwrapped
            var i = frame.base
            let n = members.count
            while i < n {
                if tags[i] == fingerprint, members.element(at: i).pointee.key == key {
                    throw duplicate(key, keyStart)
                }
                i += 1
            }
        } else {
            var set = Set<String>(minimumCapacity: count * 2)
            for i in frame.base..<members.count { set.insert(members.element(at: i).pointee.key) }
            if !set.insert(key).inserted { throw duplicate(key, keyStart) }
            frame.keySet = set
        }

        skipWhitespace()
        guard p < end else { throw endOfInput() }
        guard p.pointee == Byte.colon else { throw expected("':' after the key") }
        p += 1
        members.append((key: key, value: .null), tag: fingerprint)
    }

    func duplicate(_ key: String, _ at: UnsafePointer<UInt8>) -> JSONParseError {
        var shown: [UInt8] = []
        JSONWriter.writeString(key, into: &shown)
        return error("duplicate key \(String(decoding: shown, as: UTF8.self))", at: at)
    }

    /// A cheap 64-bit summary of a key's decoded bytes, compared before the keys themselves.
    @inline(__always)
    static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        guard let q = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(q)
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8 {
            h ^= raw.loadUnaligned(as: UInt64.self)
            h = (h &* 0xFF51_AFD7_ED55_8CCD) ^ raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            if n > 16 { h = (h &* 0xC4CE_B9FE_1A85_EC53) ^ raw.loadUnaligned(fromByteOffset: n / 2 - 4, as: UInt64.self) }
        } else if n >= 4 {
            h ^= UInt64(raw.loadUnaligned(as: UInt32.self))
            h ^= UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
        } else {
            for i in 0..<n { h ^= UInt64(q[i]) << (8 * i) }
        }
        return h
    }

    // MARK: Whitespace and literals

    @inline(__always)
    mutating func skipWhitespace() {
        while p < end {
            let c = p.pointee
            guard c == Byte.space || c == Byte.newline || c == Byte.carriageReturn || c == Byte.tab else { return }
            p += 1
        }
    }

    /// Matches a 4-byte literal (little-endian `word`) at `p + offset`.
    @inline(__always)
    mutating func parseLiteral(_ word: UInt32, length: Int, offset: Int = 0) throws(JSONParseError) {
        let start = p
        if end - p >= length + offset {
            let w = UInt32(littleEndian: UnsafeRawPointer(p + offset).loadUnaligned(as: UInt32.self))
            if w == word {
                p += length + offset
                return
            }
        }
        // Report end of input if what is there is a prefix of the literal, else the bad byte.
        let literal: [UInt8] = offset == 1 ? Array("false".utf8) : withUnsafeBytes(of: word.littleEndian) { Array($0) }
        var i = 0
        while i < literal.count {
            if start + i >= end { throw endOfInput() }
            if start[i] != literal[i] { throw unexpected(start + i) }
            i += 1
        }
        throw unexpected(start)  // not reached
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = p
        if p.pointee == Byte.minus {
            p += 1
            guard p < end else { throw endOfInput() }
        }
        let first = p.pointee
        if first == Byte.zero {
            p += 1
            if p < end, isDigit(p.pointee) { throw error("invalid number (leading zero) at byte \(start - base)", at: start) }
        } else if first > Byte.zero && first <= Byte.nine {
            p += 1
            skipDigits()
        } else {
            throw error("invalid number at byte \(start - base)", at: start)
        }
        if p < end, p.pointee == Byte.dot {
            p += 1
            guard p < end else { throw endOfInput() }
            guard isDigit(p.pointee) else { throw error("invalid number at byte \(start - base)", at: start) }
            skipDigits()
        }
        if p < end, p.pointee | 0x20 == 0x65 {  // e or E
            p += 1
            guard p < end else { throw endOfInput() }
            if p.pointee == Byte.plus || p.pointee == Byte.minus {
                p += 1
                guard p < end else { throw endOfInput() }
            }
            guard isDigit(p.pointee) else { throw error("invalid number at byte \(start - base)", at: start) }
            skipDigits()
        }
        return JSONNumber(validated: String(decoding: UnsafeBufferPointer(start: start, count: p - start), as: UTF8.self))
    }

    @inline(__always)
    func isDigit(_ c: UInt8) -> Bool { c &- Byte.zero < 10 }

    @inline(__always)
    mutating func skipDigits() {
        while p < end, isDigit(p.pointee) { p += 1 }
    }

    // MARK: Strings

    mutating func parseString() throws(JSONParseError) -> String {
        makeString(try scanString())
    }

    /// A `String` of validated UTF-8; short ones come from the thread's cache when seen before.
    @inline(__always)
    mutating func makeString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let n = bytes.count
        guard n <= SmallStringCache.maxLength, let q = bytes.baseAddress else {
            return String(decoding: bytes, as: UTF8.self)
        }
        // The exact bytes and length as two words: the cache key.
        var w0: UInt64 = 0
        var w1 = UInt64(truncatingIfNeeded: n) << 56
        if q + 16 <= end && q >= base {
            let raw = UnsafeRawPointer(q)
            let first = raw.loadUnaligned(as: UInt64.self)
            if n >= 8 {
                w0 = first
                let rest = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                w1 |= rest & (UInt64(1) &<< UInt64(8 * (n - 8)) &- 1)
            } else {
                w0 = first & (UInt64(1) &<< UInt64(8 * n) &- 1)
            }
        } else {
            for i in 0..<n {
                if i < 8 { w0 |= UInt64(q[i]) << (8 * i) } else { w1 |= UInt64(q[i]) << (8 * (i - 8)) }
            }
        }
        if stringCache == nil { stringCache = SmallStringCache.forThisThread() }
        let entry = stringCache.unsafelyUnwrapped + SmallStringCache.slot(w0, w1)
        if entry.pointee.w0 == w0 && entry.pointee.w1 == w1 { return entry.pointee.string }
        let string = String(decoding: bytes, as: UTF8.self)
        entry.pointee = CachedString(w0: w0, w1: w1, string: string)
        return string
    }

    /// Scans a string whose opening quote is just before `p`, leaving `p` after the closing quote.
    /// Returns the decoded, validated UTF-8: a slice of the input when the string has no escapes,
    /// otherwise the scratch buffer (valid until the next call).
    mutating func scanString() throws(JSONParseError) -> UnsafeBufferPointer<UInt8> {
        let start = p
        var runStart = p
        var escaped = false
        while true {
            // Skip 8 bytes at a time while none is a quote, a backslash, a control or a non-ASCII byte.
            while end - p >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
                let stops = Parser.stopMask(word)
                if stops != 0 {
                    p += stops.trailingZeroBitCount &>> 3
                    break
                }
                p += 8
            }
            while p < end {
                let c = p.pointee
                if c == Byte.quote || c == Byte.backslash || c < 0x20 || c >= 0x80 { break }
                p += 1
            }
            guard p < end else { throw endOfInput() }

            let c = p.pointee
            if c == Byte.quote {
                let stop = p
                p += 1
                if !escaped { return UnsafeBufferPointer(start: start, count: stop - start) }
                scratch.reserve(stop - runStart)
                scratch.appendUnchecked(runStart, stop - runStart)
                return UnsafeBufferPointer(start: scratch.storage, count: scratch.count)
            } else if c >= 0x80 {
                let n = Parser.utf8SequenceLength(p, end)
                if n == 0 { throw error("invalid UTF-8 at byte \(p - base)", at: p) }
                p += n
            } else if c == Byte.backslash {
                if !escaped {
                    escaped = true
                    scratch.count = 0
                }
                scratch.reserve(p - runStart + 4)
                scratch.appendUnchecked(runStart, p - runStart)
                try decodeEscape()
                runStart = p
            } else {
                throw error("unescaped control character 0x\(hex2(c)) in string at byte \(p - base)", at: p)
            }
        }
    }

    /// Bytes of `word` that end a fast run: `"`, `\`, controls (< 0x20) and non-ASCII (>= 0x80).
    /// The lowest flagged byte is exact (borrows only spill into higher bytes).
    @inline(__always)
    static func stopMask(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let q = x ^ (ones &* UInt64(Byte.quote))
        let b = x ^ (ones &* UInt64(Byte.backslash))
        let quote = (q &- ones) & ~q
        let backslash = (b &- ones) & ~b
        let control = (x &- ones &* 0x20) & ~x
        return (quote | backslash | control | x) & high
    }

    /// Decodes the escape at `p` (a backslash) into the scratch buffer, which has room for 4 bytes.
    mutating func decodeEscape() throws(JSONParseError) {
        let at = p
        guard end - p >= 2 else { throw endOfInput() }
        let c = p[1]
        var byte: UInt8 = 0
        switch c {
        case Byte.quote: byte = Byte.quote
        case Byte.backslash: byte = Byte.backslash
        case Byte.slash: byte = Byte.slash
        case 0x62: byte = 0x08  // b
        case 0x66: byte = 0x0C  // f
        case 0x6E: byte = 0x0A  // n
        case 0x72: byte = 0x0D  // r
        case 0x74: byte = 0x09  // t
        case 0x75:  // u
            var unit = try hex4(at: p + 2)
            p += 6
            if unit >= 0xD800 && unit < 0xDC00 {
                guard end - p >= 2, p[0] == Byte.backslash, p[1] == 0x75 else {
                    throw error("lone surrogate \\u\(hex4String(unit)) at byte \(at - base)", at: at)
                }
                let low = try hex4(at: p + 2)
                guard low >= 0xDC00 && low < 0xE000 else {
                    throw error("lone surrogate \\u\(hex4String(unit)) at byte \(at - base)", at: at)
                }
                p += 6
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else if unit >= 0xDC00 && unit < 0xE000 {
                throw error("lone surrogate \\u\(hex4String(unit)) at byte \(at - base)", at: at)
            }
            appendScalar(unit)
            return
        default:
            if c < 0x20 || c >= 0x80 {
                throw error("invalid escape at byte \(at - base)", at: at)
            }
            throw error("invalid escape '\\\(Character(Unicode.Scalar(c)))' at byte \(at - base)", at: at)
        }
        scratch.appendUnchecked(byte)
        p += 2
    }

    func hex4(at q: UnsafePointer<UInt8>) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for i in 0..<4 {
            guard q + i < end else { throw endOfInput() }
            let c = q[i]
            let digit: UInt8
            switch c {
            case Byte.zero...Byte.nine: digit = c - Byte.zero
            case 0x61...0x66: digit = c - 0x61 + 10
            case 0x41...0x46: digit = c - 0x41 + 10
            default: throw error("invalid \\u escape at byte \(q - 2 - base)", at: q - 2)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    @inline(__always)
    mutating func appendScalar(_ v: UInt32) {
        if v < 0x80 {
            scratch.appendUnchecked(UInt8(v))
        } else if v < 0x800 {
            scratch.appendUnchecked(UInt8(0xC0 | v >> 6))
            scratch.appendUnchecked(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            scratch.appendUnchecked(UInt8(0xE0 | v >> 12))
            scratch.appendUnchecked(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.appendUnchecked(UInt8(0x80 | v & 0x3F))
        } else {
            scratch.appendUnchecked(UInt8(0xF0 | v >> 18))
            scratch.appendUnchecked(UInt8(0x80 | v >> 12 & 0x3F))
            scratch.appendUnchecked(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.appendUnchecked(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Length of the well-formed UTF-8 sequence (RFC 3629) starting with the non-ASCII byte at `q`,
    /// or 0 when it is ill-formed: a stray continuation byte, an overlong form, an encoded
    /// surrogate, a scalar above U+10FFFF, or a truncated sequence.
    @inline(__always)
    static func utf8SequenceLength(_ q: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int {
        let b0 = q[0]
        let available = end - q
        @inline(__always) func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
        if b0 < 0xC2 { return 0 }
        if b0 < 0xE0 {
            return available >= 2 && isContinuation(q[1]) ? 2 : 0
        }
        if b0 < 0xF0 {
            guard available >= 3 else { return 0 }
            let b1 = q[1]
            let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            return b1 >= low && b1 <= high && isContinuation(q[2]) ? 3 : 0
        }
        if b0 < 0xF5 {
            guard available >= 4 else { return 0 }
            let b1 = q[1]
            let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            return b1 >= low && b1 <= high && isContinuation(q[2]) && isContinuation(q[3]) ? 4 : 0
        }
        return 0
    }
}

// MARK: - Short strings seen before

/// A cache entry: the exact bytes of a string of at most 15 bytes, and the string.
private struct CachedString {
    var w0: UInt64
    var w1: UInt64
    var string: String
}

/// Per-thread, direct-mapped cache of short strings (keys, enum-like values such as `"trade"`).
/// Building a `String` costs more than parsing its bytes; JSON lines repeat the same short strings
/// on every line, and a hit copies a small string, which holds no reference. Per thread, so no
/// locking: a parse never suspends, so it stays on one thread.
private enum SmallStringCache {
    static let maxLength = 15
    static let slots = 512

    @inline(__always)
    static func slot(_ w0: UInt64, _ w1: UInt64) -> Int {
        let h = (w0 ^ (w1 &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: h >> 55) & (slots - 1)
    }

    static func forThisThread() -> UnsafeMutablePointer<CachedString> {
        if let raw = pthread_getspecific(threadKey) {
            return raw.assumingMemoryBound(to: CachedString.self)
        }
        let entries = UnsafeMutablePointer<CachedString>.allocate(capacity: slots)
        // All-zero words are the key of the empty string.
        entries.initialize(repeating: CachedString(w0: 0, w1: 0, string: ""), count: slots)
        pthread_setspecific(threadKey, entries)
        return entries
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in
            guard let raw else { return }
            let entries = raw.assumingMemoryBound(to: CachedString.self)
            entries.deinitialize(count: SmallStringCache.slots)
            entries.deallocate()
        }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }()
}

// MARK: - Small formatting helpers

private let hexDigits: [Character] = Array("0123456789abcdef")

private func hex2(_ b: UInt8) -> String {
    String([hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]])
}

private func hex4String(_ v: UInt32) -> String {
    hex2(UInt8(v >> 8 & 0xFF)) + hex2(UInt8(v & 0xFF))
}
