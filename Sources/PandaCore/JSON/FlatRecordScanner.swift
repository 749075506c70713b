#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Finds a few fields of a flat JSON object without building it: the fast path for streams of
/// uniform records (trade records into `pandactl-ohlc`).
///
/// `scan` accepts only a strict subset of JSON — one object whose values are strings without escapes
/// or non-ASCII bytes, numbers, `true`, `false` or `null`, with unique keys — and checks that subset as
/// strictly as `JSONParser` does. Anything else (nested values, escapes, UTF-8 text, a duplicate key,
/// an error) makes it return `false`: the caller then parses the line with `JSONParser`, which gives
/// the exact value or the exact error. So a line never means something else on the fast path.
///
///     let scanner = FlatRecordScanner(keys: ["type", "price"])
///     if scanner.scan(line.bytes), let price = scanner.string(1) { … } else { /* JSONParser */ }
public final class FlatRecordScanner {
    public enum Kind: UInt8 { case absent, string, number, literal }

    /// The keys looked up, in the order of `string(_:)`/`number(_:)` indexes.
    public let keys: [[UInt8]]
    private let found: UnsafeMutablePointer<(start: Int, count: Int, kind: Kind)>
    /// Keys seen in the current line (hash, start, count), for the duplicate check.
    private let seen: UnsafeMutablePointer<(hash: UInt32, start: Int, count: Int)>
    private static let maxMembers = 64
    private var base: UnsafePointer<UInt8>?

    public init(keys: [String]) {
        self.keys = keys.map { Array($0.utf8) }
        found = .allocate(capacity: max(1, keys.count))
        seen = .allocate(capacity: FlatRecordScanner.maxMembers)
    }

    deinit {
        found.deallocate()
        seen.deallocate()
    }

    /// The kind of field `i` in the last scanned line (`.absent` when the key was not there).
    public func kind(_ i: Int) -> Kind { found[i].kind }

    /// The bytes of field `i` when it is a string (without the quotes), else nil. Valid until the line's bytes change.
    public func string(_ i: Int) -> UnsafeRawBufferPointer? {
        let f = found[i]
        guard f.kind == .string, let base else { return nil }
        return UnsafeRawBufferPointer(start: base + f.start, count: f.count)
    }

    /// The text of field `i` when it is a number, else nil.
    public func number(_ i: Int) -> UnsafeRawBufferPointer? {
        let f = found[i]
        guard f.kind == .number, let base else { return nil }
        return UnsafeRawBufferPointer(start: base + f.start, count: f.count)
    }

    /// Scans one line. True when it is a flat object of the accepted subset (fields are then available);
    /// false when the line must go through `JSONParser`.
    public func scan(_ line: UnsafeRawBufferPointer) -> Bool {
        for k in 0..<keys.count { found[k] = (0, 0, .absent) }
        guard let raw = line.baseAddress, line.count >= 2 else { return false }
        let p = raw.assumingMemoryBound(to: UInt8.self)
        base = p
        let n = line.count
        var i = 0
        @inline(__always) func skipSpace() {
            while i < n, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D || p[i] == 0x0A { i += 1 }
        }
        // A string without escapes, control or non-ASCII bytes; returns its content's start, or -1.
        @inline(__always) func plainString() -> Int {
            guard i < n, p[i] == 0x22 else { return -1 }
            i += 1
            let start = i
            while i < n {
                let c = p[i]
                if c == 0x22 { i += 1; return start }
                if c == 0x5C || c < 0x20 || c >= 0x80 { return -1 }
                i += 1
            }
            return -1
        }
        // A JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        func number() -> Bool {
            if p[i] == 0x2D { i += 1 }
            guard i < n else { return false }
            if p[i] == 0x30 {
                i += 1
            } else if p[i] >= 0x31 && p[i] <= 0x39 {
                while i < n, p[i] &- 0x30 < 10 { i += 1 }
            } else {
                return false
            }
            if i < n, p[i] == 0x2E {
                i += 1
                let digits = i
                while i < n, p[i] &- 0x30 < 10 { i += 1 }
                guard i > digits else { return false }
            }
            if i < n, p[i] == 0x65 || p[i] == 0x45 {
                i += 1
                if i < n, p[i] == 0x2B || p[i] == 0x2D { i += 1 }
                let digits = i
                while i < n, p[i] &- 0x30 < 10 { i += 1 }
                guard i > digits else { return false }
            }
            return true
        }
        func literal(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, count: Int) -> Bool {
            guard i + count <= n, p[i] == a, p[i + 1] == b, p[i + 2] == c, p[i + 3] == d else { return false }
            i += count
            return true
        }
        skipSpace()
        guard i < n, p[i] == 0x7B else { return false }
        i += 1
        skipSpace()
        var members = 0
        if i < n, p[i] == 0x7D {
            i += 1
        } else {
            while true {
                let keyStart = plainString()
                guard keyStart >= 0 else { return false }
                let keyCount = i - 1 - keyStart
                // Unique keys: compare with every earlier key of the same hash.
                var hash: UInt32 = 2_166_136_261
                for k in keyStart..<(keyStart + keyCount) { hash = (hash ^ UInt32(p[k])) &* 16_777_619 }
                guard members < FlatRecordScanner.maxMembers else { return false }
                for m in 0..<members where seen[m].hash == hash && seen[m].count == keyCount {
                    if memcmp(p + seen[m].start, p + keyStart, keyCount) == 0 { return false }
                }
                seen[members] = (hash, keyStart, keyCount)
                members += 1
                skipSpace()
                guard i < n, p[i] == 0x3A else { return false }
                i += 1
                skipSpace()
                guard i < n else { return false }
                let valueStart: Int
                let kind: Kind
                switch p[i] {
                case 0x22:
                    let s = plainString()
                    guard s >= 0 else { return false }
                    valueStart = s
                    kind = .string
                case 0x2D, 0x30...0x39:
                    valueStart = i
                    guard number() else { return false }
                    kind = .number
                case 0x74:  // true
                    guard literal(0x74, 0x72, 0x75, 0x65, count: 4) else { return false }
                    valueStart = i - 4
                    kind = .literal
                case 0x66:  // false
                    guard i + 5 <= n, p[i + 4] == 0x65, literal(0x66, 0x61, 0x6C, 0x73, count: 5) else { return false }
                    valueStart = i - 5
                    kind = .literal
                case 0x6E:  // null
                    guard literal(0x6E, 0x75, 0x6C, 0x6C, count: 4) else { return false }
                    valueStart = i - 4
                    kind = .literal
                default:
                    return false  // nested values and anything invalid: the full parser decides
                }
                let valueCount = (kind == .string ? i - 1 : i) - valueStart
                for k in 0..<keys.count where keys[k].count == keyCount {
                    let match = keys[k].withUnsafeBufferPointer { memcmp($0.baseAddress!, p + keyStart, keyCount) == 0 }
                    if match { found[k] = (valueStart, valueCount, kind); break }
                }
                skipSpace()
                guard i < n else { return false }
                if p[i] == 0x2C {
                    i += 1
                    skipSpace()
                    continue
                }
                guard p[i] == 0x7D else { return false }
                i += 1
                break
            }
        }
        skipSpace()
        return i == n
    }
}
