import PandaCore

/// A price at a time (a curve trade's resulting spot price, say), for rate limits and momentum.
public struct PricePoint: Sendable, Equatable {
    public var time: Timestamp
    /// Base units per token.
    public var price: Int128

    public init(time: Timestamp, price: Int128) {
        self.time = time
        self.price = price
    }

    /// The price in effect at `time` in a history sorted by time: the last point at or before it; if
    /// the history starts later (a model younger than the window), its first point; nil when empty.
    public static func price(at time: Timestamp, in history: [PricePoint]) -> Int128? {
        guard let first = history.first else { return nil }
        var result = first.price
        for p in history {
            if p.time > time { break }
            result = p.price
        }
        return result
    }
}

/// The optional rate limiter of DESIGN §4: a trade may not move the spot price further than `maxMove`
/// (a fraction) from the price at the start of the rolling `window` that ends at the trade
/// (`max_move` `"50%"` per `window` `"24h"`).
///
/// The ledger calls `check(opening:before:after:)` with the opening price (`PricePoint.price(at:in:)` of
/// `windowStart(now:)`, or the price before the trade when there is no history) and the trade's
/// `priceBefore`/`priceAfter`. A trade that leaves the price within the band passes, and so does one
/// that brings an out-of-band price (after an off-curve mint or burn) closer to the opening price.
/// With an opening price of 0 there is nothing to measure against, and every trade passes.
public struct RateLimit: Sendable, Equatable {
    /// The largest allowed move, as a fraction of the opening price (`"50%"` → 1/2).
    public var maxMove: Ratio
    public var window: TimeSpan

    /// `max_move` is a percentage (`"50%"`) or a fraction (`"0.5"`), > 0; `window` a duration (`"24h"`).
    /// Errors: `invalid_request` naming the field.
    public init(maxMove: String, window: String) throws(PandaError) {
        var text = maxMove
        var percent = false
        if text.hasSuffix("%") { text.removeLast(); percent = true }
        let p = try parseDecimal(text, field: "max_move")
        guard !p.negative, !p.value.isZero else {
            throw PandaError(.invalid_request, "max_move must be greater than 0, got '\(maxMove)'", field: "max_move")
        }
        // A bare number is a fraction (0.5 = 50%); one above 1 is more likely a percentage without its
        // sign than a move of more than 100%, so it is refused rather than read as 100 times the intent.
        guard percent || p.value <= Ratio(1) else {
            throw PandaError(.invalid_request, "max_move '\(maxMove)' is ambiguous: write a percentage such as \(maxMove)% or a fraction such as 0.5",
                             field: "max_move")
        }
        guard let w = TimeSpan(parsing: window), w.milliseconds > 0 else {
            throw PandaError(.invalid_request, "window must be a duration such as 24h, 90s, 7d; got '\(window)'", field: "window")
        }
        self.maxMove = (percent ? p.value / Ratio(100) : p.value).reduced()
        self.window = w
    }

    /// Parses the combined form `"50%/24h"`.
    public init(parsing text: String) throws(PandaError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw PandaError(.invalid_request, "a rate limit reads MOVE/WINDOW, e.g. 50%/24h; got '\(text)'", field: "max_move")
        }
        try self.init(maxMove: String(parts[0]), window: String(parts[1]))
    }

    /// `max_move` as stored and echoed: a percentage (`"50%"`, `"12.5%"`).
    public var maxMoveText: String { (maxMove * Ratio(100)).description + "%" }
    /// `window` as stored and echoed (`"1d"`).
    public var windowText: String { window.description }

    /// The start of the window that ends at `now`.
    public func windowStart(now: Timestamp) -> Timestamp {
        Timestamp(milliseconds: now.milliseconds - window.milliseconds)
    }

    /// Whether `price` is within `maxMove` of `opening`.
    public func allows(opening: Int128, price: Int128) -> Bool {
        guard opening > 0 else { return true }
        let deviation = BigNat((price - opening).magnitude)
        return deviation * maxMove.denominator <= maxMove.numerator * BigNat(UInt128(opening))
    }

    /// Throws `rate_limited` when the trade takes the price outside the band around `opening` and
    /// further from `opening` than it was.
    public func check(opening: Int128, before: Int128, after: Int128) throws(PandaError) {
        if allows(opening: opening, price: after) { return }
        if (after - opening).magnitude <= (before - opening).magnitude { return }
        throw PandaError(.rate_limited,
                         "the trade would move the price to \(Amount(units: after)), more than \(maxMoveText) from \(Amount(units: opening)) at the start of the \(windowText) window",
                         field: "amount")
    }
}

/// Momentum `μ(t) = β · mean(dP/dt)` over the last `T` (paper eq. 5; β = 0.7, T = 24h).
///
/// The mean of dP/dt over the window is its time average, `(P(now) − P(now − T)) / T`, with P the
/// step function of the price history (`PricePoint.price(at:in:)`). The result is in base units of PANDA
/// per token **per hour**, rounded toward zero (negative when the price fell).
public enum Momentum {
    public static let defaultBeta = Ratio(7, 10)
    public static let defaultWindow = TimeSpan(milliseconds: 86_400_000)

    /// μ over `history` (sorted by time) at `now`; 0 with fewer than two points in effect.
    public static func momentum(history: [PricePoint], now: Timestamp, window: TimeSpan = defaultWindow,
                                beta: Ratio = defaultBeta) -> Int128 {
        guard window.milliseconds > 0, let end = PricePoint.price(at: now, in: history),
            let start = PricePoint.price(at: Timestamp(milliseconds: now.milliseconds - window.milliseconds), in: history),
            history.first!.time <= now
        else { return 0 }
        let change = end - start
        let magnitude = BigNat(change.magnitude) * beta.numerator * BigNat(3_600_000 as UInt64)
        let q = magnitude / (beta.denominator * BigNat(UInt64(window.milliseconds)))
        let v = q.int128 ?? .max
        return change < 0 ? -v : v
    }
}
