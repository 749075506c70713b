// The Market library: the order book's matching engine (OrderBook*.swift), candles (Candles*.swift)
// and the candlestick chart (CandleChart.swift). Pure: no I/O, no SQLite, no Foundation.
import PandaCore

/// Why the market library refused something. Each case's `code` is the stable snake_case word of
/// an `error` record (DESIGN §2); refusals leave the book (or the aggregator) unchanged.
public enum MarketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A `post_only` order would take liquidity (its first crossing resting order is someone else's).
    case wouldTake
    /// A `fok` order cannot fill completely (self-trade prevention counted).
    case cannotFill
    /// No open order has this id (never placed, filled, or cancelled).
    case unknownOrder(Int64)
    /// An open order already has this id.
    case duplicateOrder(Int64)
    /// A non-positive amount or price, a market order with `tif`, a fee outside 0…10000 bps, …
    case invalidOrder(String)
    /// An amount (price × amount, a sum) does not fit the integer range.
    case overflow
    /// `commit` was given a plan made against an earlier state of the book.
    case stalePlan
    /// Restored orders cross each other (a bid at or above an ask), or a restored row is invalid.
    case crossedBook
    /// The plan needs orders of this side beyond what a partly loaded book holds: load more, plan again.
    case incompleteBook(Side)
    /// A trade older than the candle being built (that candle was already emitted).
    case outOfOrder(tradeMs: Int64, candleOpenMs: Int64)
    /// Not one of `1m 3m 5m 15m 30m 1h 2h 4h 6h 12h 1d 1w`.
    case invalidInterval(String)
    /// `1M` and the like: minutes or months? (Intervals are never months; minutes are `m`.)
    case ambiguousInterval(String)

    /// The error record's `code`.
    public var code: String {
        switch self {
        case .wouldTake: "would_take"
        case .cannotFill: "cannot_fill"
        case .unknownOrder: "unknown_order"
        case .duplicateOrder: "duplicate_order"
        case .invalidOrder: "invalid_order"
        case .overflow: "overflow"
        case .stalePlan: "stale_plan"
        case .crossedBook: "crossed_book"
        case .incompleteBook: "incomplete_book"
        case .outOfOrder: "out_of_order"
        case .invalidInterval, .ambiguousInterval: "invalid_interval"
        }
    }

    public var description: String {
        switch self {
        case .wouldTake: "post_only order would take liquidity"
        case .cannotFill: "fok order cannot fill completely"
        case .unknownOrder(let id): "no open order \(id)"
        case .duplicateOrder(let id): "order \(id) is already open"
        case .invalidOrder(let why): "invalid order: \(why)"
        case .overflow: "amount out of range"
        case .stalePlan: "the book changed since the plan was made"
        case .crossedBook: "restored orders cross each other or are invalid"
        case .incompleteBook(let side): "the \(side == .buy ? "bids" : "asks") beyond the loaded levels are needed"
        case .outOfOrder(let t, let c):
            "trade at \(Timestamp(milliseconds: t)) is older than the candle already emitted at \(Timestamp(milliseconds: c))"
        case .invalidInterval(let s): "unknown interval \(s) (one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 12h 1d 1w; h, d and w also in capitals)"
        case .ambiguousInterval(let s): "interval \(s) is ambiguous: minute or month? write \(s.dropLast())m for minutes (months are not an interval)"
        }
    }
}

/// The ledger-wide trading fee (DESIGN §4): what the caller charges is its business; this computes it
/// the one way, rounded up to the base unit (in the ledger's favour).
public enum Fees {
    /// `ceil(quote × bps / 10000)` for `quote ≥ 0` and `0 ≤ bps ≤ 10000`; never overflows (the fee is at most `quote`).
    public static func fee(quote: Int128, bps: Int) -> Int128 {
        precondition(quote >= 0 && bps >= 0 && bps <= 10_000, "fee of a negative quote or bps outside 0…10000")
        let (a, r) = quote.quotientAndRemainder(dividingBy: 10_000)
        let b = Int128(bps)
        let rest = r * b  // < 10^8
        return a * b + (rest + 9_999) / 10_000
    }
}
