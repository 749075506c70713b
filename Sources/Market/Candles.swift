// Candlesticks from trades (DESIGN §4 "Candles", §7 `ohlc`).
//
// Rules:
// - Intervals `1m 3m 5m 15m 30m 1h 2h 4h 6h 12h 1d 1w` are fixed lengths aligned to the Unix epoch in UTC;
//   weeks start Monday 00:00 UTC (1970-01-05 is the first Monday; 1970-01-01 was a Thursday). An interval
//   is the half-open span [open_time, open_time + length).
// - `from`/`to` select CANDLES by their `open_time`: a candle is in range when from ≤ open_time < to
//   (from inclusive, to exclusive). A trade counts when its candle is in range, so a range never cuts a
//   candle in two; trades outside the range are skipped silently.
// - Trades may come slightly out of order: a trade for the candle being built is accepted (a trade older
//   than that candle's first becomes its open, one at or after its last becomes its close; equal times keep
//   arrival order). A trade for an EARLIER interval than the candle being built is refused
//   (`out_of_order`): that candle may already be printed. Sort the input first if it is not in order.
// - `vwap` = quote_volume ÷ volume rounded down to the base unit; a candle with no volume (a filled one)
//   has vwap = close.
// - `fill`: the empty intervals BETWEEN two real candles are emitted with open = high = low = close =
//   the previous close, zero volume and trades, `filled: true`. Nothing is filled before the first trade
//   or after the last one.
// - `limit`: only the LAST `limit` candles (as the seed's `get_ohlc` keeps `[-limit:]`); in `final` mode
//   they are held back and come out of `finish()`. `follow` mode ignores `limit`.
import PandaCore

/// A candle interval.
public enum CandleInterval: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case m1 = "1m", m3 = "3m", m5 = "5m", m15 = "15m", m30 = "30m"
    case h1 = "1h", h2 = "2h", h4 = "4h", h6 = "6h", h12 = "12h"
    case d1 = "1d", w1 = "1w"

    /// Parses `1m` … `1w` (throws `invalidInterval`).
    /// `1h`, also `1H`, `1D`, `1W` (hours, days and weeks in either case); `m` is minutes, and `1M` is
    /// refused as ambiguous (minutes or months).
    public init(parsing text: String) throws {
        if text.hasSuffix("M") {
            throw MarketError.ambiguousInterval(text)
        }
        var normal = text
        if let last = normal.last, "HDW".contains(last) { normal = String(normal.dropLast()) + last.lowercased() }
        guard let i = CandleInterval(rawValue: normal) else { throw MarketError.invalidInterval(text) }
        self = i
    }

    public var description: String { rawValue }

    /// Length in milliseconds.
    public var milliseconds: Int64 {
        switch self {
        case .m1: 60_000
        case .m3: 180_000
        case .m5: 300_000
        case .m15: 900_000
        case .m30: 1_800_000
        case .h1: 3_600_000
        case .h2: 7_200_000
        case .h4: 14_400_000
        case .h6: 21_600_000
        case .h12: 43_200_000
        case .d1: 86_400_000
        case .w1: 604_800_000
        }
    }

    /// Where intervals are anchored: the epoch, or for weeks the first Monday (1970-01-05).
    public var originMilliseconds: Int64 { self == .w1 ? 4 * 86_400_000 : 0 }

    /// The open time of the interval containing `ms` (floor, also before 1970).
    public func openTime(containing ms: Int64) -> Int64 {
        let len = milliseconds
        let x = ms - originMilliseconds
        var q = x / len
        if x % len < 0 { q -= 1 }
        return q * len + originMilliseconds
    }

    public func openTime(containing ts: Timestamp) -> Timestamp {
        Timestamp(milliseconds: openTime(containing: ts.milliseconds))
    }
}

/// A trade as candles see it.
public struct CandleTrade: Sendable, Hashable {
    /// Milliseconds since the Unix epoch.
    public var ms: Int64
    /// PANDA base units per token.
    public var price: Int128
    /// Tokens.
    public var amount: Int64

    public init(ms: Int64, price: Int128, amount: Int64) {
        self.ms = ms
        self.price = price
        self.amount = amount
    }

    public init(ts: Timestamp, price: Int128, amount: Int64) {
        self.init(ms: ts.milliseconds, price: price, amount: amount)
    }
}

/// One candle. Prices and `quoteVolume` in PANDA base units, `volume` in tokens.
public struct Candle: Sendable, Hashable {
    /// Start of the interval, milliseconds since the epoch (`openTimestamp` for RFC 3339).
    public var openTime: Int64
    public var open: Int128
    public var high: Int128
    public var low: Int128
    public var close: Int128
    public var volume: Int64
    /// Σ price × amount, exact.
    public var quoteVolume: Int128
    public var trades: Int
    /// True for an empty interval emitted by `fill`.
    public var filled: Bool
    /// Time of the trade that set `open` / `close` (for out-of-order trades within the candle).
    var firstMs: Int64
    var lastMs: Int64

    public init(openTime: Int64, open: Int128, high: Int128, low: Int128, close: Int128, volume: Int64, quoteVolume: Int128,
                trades: Int, filled: Bool) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.quoteVolume = quoteVolume
        self.trades = trades
        self.filled = filled
        self.firstMs = openTime
        self.lastMs = openTime
    }

    public var openTimestamp: Timestamp { Timestamp(milliseconds: openTime) }

    /// quote_volume ÷ volume rounded down to the base unit; `close` when there is no volume.
    public var vwap: Int128 { volume == 0 ? close : quoteVolume / Int128(volume) }

    public static func == (a: Candle, b: Candle) -> Bool {
        a.openTime == b.openTime && a.open == b.open && a.high == b.high && a.low == b.low && a.close == b.close
            && a.volume == b.volume && a.quoteVolume == b.quoteVolume && a.trades == b.trades && a.filled == b.filled
    }

    public func hash(into h: inout Hasher) {
        h.combine(openTime)
        h.combine(close)
        h.combine(volume)
    }

    /// The CSV header line (no newline) matching `csvRow`.
    public static let csvHeader = "symbol,interval,open_time,open,high,low,close,volume,quote_volume,vwap,trades,filled"

    /// One CSV line (no newline): RFC 3339 open time, PANDA amounts as exact decimals (`Amount` formatting).
    public func csvRow(symbol: String, interval: CandleInterval) -> String {
        func dec(_ u: Int128) -> String { Amount.format(units: u, decimals: Amount.decimals) }
        return [csvField(symbol), interval.rawValue, openTimestamp.rfc3339, dec(open), dec(high), dec(low), dec(close),
                String(volume), dec(quoteVolume), dec(vwap), String(trades), filled ? "true" : "false"].joined(separator: ",")
    }

    /// Filled candle after `previous` at `openTime`.
    static func empty(at openTime: Int64, close: Int128) -> Candle {
        Candle(openTime: openTime, open: close, high: close, low: close, close: close, volume: 0, quoteVolume: 0, trades: 0, filled: true)
    }
}

/// RFC 4180 quoting when needed.
func csvField(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else { return s }
    var out = "\""
    for c in s { if c == "\"" { out += "\"\"" } else { out.append(c) } }
    return out + "\""
}

/// Streams trades into candles.
///
///     var agg = CandleAggregator(interval: .h1, fill: true)
///     for t in trades { for c in try agg.add(t) { print(c) } }
///     for c in agg.finish() { print(c) }
public struct CandleAggregator: Sendable {
    public enum Mode: Sendable, Hashable {
        /// Each candle once, when a later interval starts (and the last from `finish()`).
        case final
        /// `add` returns the candle being built every time a trade updates it (and the filled candles
        /// before it, when a trade opens a new interval after a gap); `finish()` returns nothing.
        case follow
    }

    public let interval: CandleInterval
    /// First open time included (ms), inclusive.
    public let from: Int64?
    /// Open time bound (ms), exclusive.
    public let to: Int64?
    public let fill: Bool
    public let limit: Int?
    public let mode: Mode
    /// The candle being built (nil before the first trade in range).
    public private(set) var current: Candle?
    /// Candles held back for `limit` (final mode), oldest first, at most `limit`.
    var held: [Candle] = []
    var heldStart = 0
    /// Candles emitted or held so far (filled included).
    public private(set) var emitted = 0

    public init(interval: CandleInterval, from: Timestamp? = nil, to: Timestamp? = nil, fill: Bool = false, limit: Int? = nil,
                mode: Mode = .final) {
        self.interval = interval
        self.from = from?.milliseconds
        self.to = to?.milliseconds
        self.fill = fill
        self.limit = limit.map { max(0, $0) }
        self.mode = mode
    }

    /// Adds one trade; returns the candles to output now (see `Mode`). Throws `outOfOrder`, `overflow`, or
    /// `invalidOrder` for a non-positive amount or a negative price; nothing changes then.
    public mutating func add(_ t: CandleTrade) throws -> [Candle] {
        guard t.amount > 0 else { throw MarketError.invalidOrder("trade amount must be positive") }
        guard t.price >= 0 else { throw MarketError.invalidOrder("trade price must not be negative") }
        let (q, o) = t.price.multipliedReportingOverflow(by: Int128(t.amount))
        if o { throw MarketError.overflow }
        let open = interval.openTime(containing: t.ms)
        if let from, open < from { return [] }
        if let to, open >= to { return [] }
        guard var c = current else {
            current = Candle(openTime: open, open: t.price, high: t.price, low: t.price, close: t.price, volume: t.amount,
                             quoteVolume: q, trades: 1, filled: false)
            current!.firstMs = t.ms
            current!.lastMs = t.ms
            return mode == .follow ? [current!] : []
        }
        if open == c.openTime {
            let (v, o1) = c.volume.addingReportingOverflow(t.amount)
            let (qv, o2) = c.quoteVolume.addingReportingOverflow(q)
            if o1 || o2 { throw MarketError.overflow }
            c.volume = v
            c.quoteVolume = qv
            c.trades += 1
            if t.price > c.high { c.high = t.price }
            if t.price < c.low { c.low = t.price }
            if t.ms < c.firstMs { c.open = t.price; c.firstMs = t.ms }
            if t.ms >= c.lastMs { c.close = t.price; c.lastMs = t.ms }
            current = c
            return mode == .follow ? [c] : []
        }
        if open < c.openTime { throw MarketError.outOfOrder(tradeMs: t.ms, candleOpenMs: c.openTime) }
        // A later interval: close the current candle, fill the gap, start the next.
        var out: [Candle] = []
        if mode == .final { emit(c, into: &out) }
        if fill {
            var gap = c.openTime + interval.milliseconds
            while gap < open {
                emit(Candle.empty(at: gap, close: c.close), into: &out)
                gap += interval.milliseconds
            }
        }
        var next = Candle(openTime: open, open: t.price, high: t.price, low: t.price, close: t.price, volume: t.amount,
                          quoteVolume: q, trades: 1, filled: false)
        next.firstMs = t.ms
        next.lastMs = t.ms
        current = next
        if mode == .follow { out.append(next) }
        return out
    }

    /// Ends the stream: the last candle (final mode), or the held-back last `limit` candles.
    public mutating func finish() -> [Candle] {
        var out: [Candle] = []
        if mode == .final, let c = current { emit(c, into: &out) }
        current = nil
        if limit != nil {
            out = Array(held[heldStart...])
            held = []
            heldStart = 0
        }
        return out
    }

    /// Outputs a candle, or holds it when only the last `limit` are wanted (final mode).
    mutating func emit(_ c: Candle, into out: inout [Candle]) {
        emitted += 1
        guard mode == .final, let limit else {
            out.append(c)
            return
        }
        guard limit > 0 else { return }
        held.append(c)
        if held.count - heldStart > limit { heldStart += 1 }
        if heldStart > 4096 && heldStart * 2 > held.count {
            held.removeFirst(heldStart)
            heldStart = 0
        }
    }

    /// All candles of a trade list (in time order) at once: `add` each, then `finish`.
    public static func candles(_ trades: some Sequence<CandleTrade>, interval: CandleInterval, from: Timestamp? = nil,
                               to: Timestamp? = nil, fill: Bool = false, limit: Int? = nil) throws -> [Candle] {
        var agg = CandleAggregator(interval: interval, from: from, to: to, fill: fill, limit: limit)
        var out: [Candle] = []
        for t in trades { out += try agg.add(t) }
        out += agg.finish()
        return out
    }
}
