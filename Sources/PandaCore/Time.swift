#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A point in time as milliseconds since the Unix epoch, UTC. Written as RFC 3339
/// (`2026-11-21T23:57:41.123Z`), read from RFC 3339 with any offset.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The system clock now.
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    public var description: String { rfc3339 }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ` (years 0–9999; others are clamped into that range).
    public var rfc3339: String {
        var days = milliseconds / 86_400_000
        var rem = milliseconds % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let (y0, m, d) = civil(fromDays: days)
        let y = min(max(y0, 0), 9999)
        let h = rem / 3_600_000, mi = (rem / 60_000) % 60, s = (rem / 1000) % 60, frac = rem % 1000
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { b in
            func put(_ v: Int64, _ at: Int, _ width: Int) {
                var v = v
                for i in stride(from: at + width - 1, through: at, by: -1) { b[i] = 0x30 + UInt8(v % 10); v /= 10 }
            }
            put(y, 0, 4); b[4] = 0x2D; put(m, 5, 2); b[7] = 0x2D; put(d, 8, 2); b[10] = 0x54
            put(h, 11, 2); b[13] = 0x3A; put(mi, 14, 2); b[16] = 0x3A; put(s, 17, 2); b[19] = 0x2E
            put(frac, 20, 3); b[23] = 0x5A
            return String(decoding: UnsafeBufferPointer(rebasing: b[0..<24]), as: UTF8.self)
        }
    }

    /// Parses RFC 3339: `2026-11-21T23:57:41Z`, `…41.5+01:00`, lowercase `t`/`z`, or a space for `T`.
    /// Also accepts a bare date `2026-11-21` (midnight UTC). Sub-millisecond digits are truncated.
    public init?(rfc3339 text: some StringProtocol) {
        var text = String(text)
        guard let ms = text.withUTF8({ Timestamp.milliseconds(rfc3339: UnsafeRawBufferPointer($0)) }) else { return nil }
        self.milliseconds = ms
    }

    /// `init(rfc3339:)` over UTF-8 bytes (no copy).
    public init?(rfc3339Bytes bytes: UnsafeRawBufferPointer) {
        guard let ms = Timestamp.milliseconds(rfc3339: bytes) else { return nil }
        self.milliseconds = ms
    }

    static func milliseconds(rfc3339 b: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        func num(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = num(4), expect(UInt8(ascii: "-")), let mo = num(2), expect(UInt8(ascii: "-")), let d = num(2),
            (1...12).contains(mo), d >= 1, d <= Timestamp.daysIn(month: mo, year: y)
        else { return nil }
        var ms = Timestamp.days(fromCivil: y, mo, d) * 86_400_000
        if i == b.count { return ms }
        guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ")
        else { return nil }
        i += 1
        guard let h = num(2), expect(UInt8(ascii: ":")), let mi = num(2), expect(UInt8(ascii: ":")), let s = num(2),
            h < 24, mi < 60, s < 61
        else { return nil }
        ms += h * 3_600_000 + mi * 60_000 + min(s, 59) * 1000
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100
            var any = false
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                ms += Int64(b[i] - 0x30) * scale
                scale /= 10
                any = true
                i += 1
            }
            guard any else { return nil }
        }
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign: Int64 = b[i] == UInt8(ascii: "+") ? 1 : -1
            i += 1
            guard let oh = num(2), expect(UInt8(ascii: ":")), let om = num(2), oh < 24, om < 60 else { return nil }
            ms -= sign * (oh * 3_600_000 + om * 60_000)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        return ms
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// A span of time written `90s`, `15m`, `24h`, `7d` or `2w` (also `500ms`).
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init?(parsing text: some StringProtocol) {
        let s = String(text)
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000)]
        for (suffix, factor) in units where s.hasSuffix(suffix) {
            let numberPart = s.dropLast(suffix.count)
            guard !numberPart.isEmpty, numberPart.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let n = Int64(numberPart), n <= Int64.max / factor
            else { continue }
            self.milliseconds = n * factor
            return
        }
        return nil
    }

    public static func < (a: TimeSpan, b: TimeSpan) -> Bool { a.milliseconds < b.milliseconds }

    /// The largest whole unit that divides the span: `24h` → `1d`, `90s` stays `90s`.
    public var description: String {
        let units: [(String, Int64)] = [("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        for (suffix, factor) in units where milliseconds != 0 && milliseconds % factor == 0 {
            return "\(milliseconds / factor)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}
