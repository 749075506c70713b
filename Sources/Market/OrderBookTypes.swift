// The public values the matching engine takes and returns. Prices are PANDA base units (10⁻¹⁸ PANDA)
// per whole token, as `Int128`; token amounts are whole tokens, as `Int64`.

/// A side of the book. `buy` orders rest as bids, `sell` orders as asks.
public enum Side: String, Sendable, Hashable, CaseIterable {
    case buy, sell

    public var opposite: Side { self == .buy ? .sell : .buy }
}

/// Time in force of a limit order (DESIGN §4). Market orders are always immediate-or-cancel.
public enum TimeInForce: String, Sendable, Hashable, CaseIterable {
    /// Good till cancelled: fills what crosses, rests the remainder.
    case gtc
    /// Immediate or cancel: fills what crosses, cancels the remainder.
    case ioc
    /// Fill or kill: fills completely at once, or is refused (`cannot_fill`) and changes nothing.
    case fok
    /// Rests only: refused (`would_take`) if it would take liquidity.
    case postOnly = "post_only"
}

/// An order as a request places it.
public struct IncomingOrder: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A limit order at `price` (base units per token).
        case limit(price: Int128, tif: TimeInForce)
        /// A market order: a buy spends at most `maxCost` base units (`amount` is then an optional cap,
        /// `Int64.max` for none); a sell sells `amount` tokens at any price. Both immediate-or-cancel.
        /// `feeBps` (buy only): the taker fee the caller will charge per fill, so that
        /// Σ (price × amount + `Fees.fee(quote: price × amount, bps:)`) ≤ `maxCost`.
        case market(maxCost: Int128?, feeBps: Int)
    }

    /// The order id, or nil to let the book assign `nextOrderID`.
    public var id: Int64?
    /// The account placing it (self-trade prevention compares owners for equality).
    public var owner: String
    public var side: Side
    public var kind: Kind
    /// Tokens (for a market buy: a cap, `Int64.max` when there is none).
    public var amount: Int64

    public init(id: Int64? = nil, owner: String, side: Side, kind: Kind, amount: Int64) {
        self.id = id
        self.owner = owner
        self.side = side
        self.kind = kind
        self.amount = amount
    }

    /// A limit order.
    public static func limit(id: Int64? = nil, owner: String, side: Side, price: Int128, amount: Int64, tif: TimeInForce = .gtc)
        -> IncomingOrder
    {
        IncomingOrder(id: id, owner: owner, side: side, kind: .limit(price: price, tif: tif), amount: amount)
    }

    /// A market buy spending at most `maxCost` base units (fees at `feeBps` included), buying at most `amount` tokens.
    public static func marketBuy(id: Int64? = nil, owner: String, maxCost: Int128, amount: Int64 = .max, feeBps: Int = 0)
        -> IncomingOrder
    {
        IncomingOrder(id: id, owner: owner, side: .buy, kind: .market(maxCost: maxCost, feeBps: feeBps), amount: amount)
    }

    /// A market sell of `amount` tokens.
    public static func marketSell(id: Int64? = nil, owner: String, amount: Int64) -> IncomingOrder {
        IncomingOrder(id: id, owner: owner, side: .sell, kind: .market(maxCost: nil, feeBps: 0), amount: amount)
    }

    /// The limit price, nil for market orders.
    public var limitPrice: Int128? {
        if case .limit(let p, _) = kind { return p }
        return nil
    }

    /// The time in force (`ioc` for market orders).
    public var timeInForce: TimeInForce {
        if case .limit(_, let tif) = kind { return tif }
        return .ioc
    }

    public var isMarket: Bool { limitPrice == nil }
}

/// An order resting in the book (also what `init(symbol:restoring:)` takes back from storage).
public struct RestingOrder: Sendable, Hashable {
    public var id: Int64
    public var owner: String
    public var side: Side
    /// Base units per token.
    public var price: Int128
    /// Tokens still open.
    public var remaining: Int64
    /// Time priority: lower rests earlier. Assigned by the book (`lastSequence + 1`) when an order rests.
    public var sequence: Int64

    public init(id: Int64, owner: String, side: Side, price: Int128, remaining: Int64, sequence: Int64) {
        self.id = id
        self.owner = owner
        self.side = side
        self.price = price
        self.remaining = remaining
        self.sequence = sequence
    }
}

/// One execution between the incoming (taker) order and a resting (maker) order, at the maker's price.
public struct Fill: Sendable, Hashable {
    public var makerOrder: Int64
    public var makerOwner: String
    /// The maker's price (base units per token).
    public var price: Int128
    /// Tokens.
    public var amount: Int64
    /// What the maker order still has open after this fill (0: it is gone from the book).
    public var makerRemaining: Int64
    /// Slab slot of the maker (commit uses it; not part of the value's identity for callers).
    @usableFromInline internal var slot: Int32

    public init(makerOrder: Int64, makerOwner: String, price: Int128, amount: Int64, makerRemaining: Int64) {
        self.init(makerOrder: makerOrder, makerOwner: makerOwner, price: price, amount: amount, makerRemaining: makerRemaining, slot: -1)
    }

    init(makerOrder: Int64, makerOwner: String, price: Int128, amount: Int64, makerRemaining: Int64, slot: Int32) {
        self.makerOrder = makerOrder
        self.makerOwner = makerOwner
        self.price = price
        self.amount = amount
        self.makerRemaining = makerRemaining
        self.slot = slot
    }

    /// price × amount, base units (cannot overflow: the maker's escrow was checked when it rested).
    public var quote: Int128 { price * Int128(amount) }

    public static func == (a: Fill, b: Fill) -> Bool {
        a.makerOrder == b.makerOrder && a.makerOwner == b.makerOwner && a.price == b.price && a.amount == b.amount
            && a.makerRemaining == b.makerRemaining
    }

    public func hash(into h: inout Hasher) {
        h.combine(makerOrder)
        h.combine(price)
        h.combine(amount)
        h.combine(makerRemaining)
    }
}

/// What became of a placed order (the `order` record's `status`).
public enum OrderStatus: String, Sendable, Hashable {
    /// Completely filled.
    case filled
    /// Partly filled; the remainder rests.
    case partiallyFilled = "partially_filled"
    /// Nothing filled; the whole order rests.
    case open
    /// Not (entirely) filled and nothing rests: an `ioc` or market remainder, or self-trade prevention.
    /// `filled` may be non-zero.
    case cancelled
}

/// The outcome of placing an order, known before anything changes (`OrderBook.plan`).
///
/// Money for the caller, with `L` the limit price of a buy, `a` its amount:
/// - a limit buy escrowed `L × a` (+ fee); after the place, `L × remaining` stays locked,
///   the taker paid `quote` to the makers, and `L × cancelled + priceImprovement` goes back to the buyer.
/// - a market buy escrowed `maxCost`; it paid `quote` (+ fees) and `budgetLeft` goes back.
/// - a sell escrowed `a` tokens; `remaining` stay locked, `cancelled` go back, `filled` went to the buyers.
/// - each maker of a fill: a resting buy (taker sold) paid `fill.quote` out of its escrow of `price × amount`,
///   exactly (it trades at its own price); a resting sell delivered `fill.amount` tokens.
public struct PlaceResult: Sendable, Hashable {
    public var orderID: Int64
    public var owner: String
    public var side: Side
    public var status: OrderStatus
    /// Tokens filled.
    public var filled: Int64
    /// Tokens left resting in the book (0 unless `open` or `partially_filled`).
    public var remaining: Int64
    /// Tokens neither filled nor resting: `ioc`/market remainder or self-trade prevention. 0 for an uncapped
    /// market buy (it has no token amount).
    public var cancelled: Int64
    /// True when self-trade prevention stopped the order (its remainder was cancelled because the next
    /// crossing resting order was the owner's own; that resting order stays).
    public var selfTradePrevented: Bool
    /// The executions, in order.
    public var fills: [Fill]
    /// Σ price × amount over the fills (base units).
    public var quote: Int128
    /// For a limit buy: Σ (limit − fill price) × amount — escrow locked at the limit but not spent. 0 otherwise.
    public var priceImprovement: Int128
    /// For a market buy: `maxCost − quote − fees` (fees per fill at the order's `feeBps`, rounded up). 0 otherwise.
    public var budgetLeft: Int128
    /// Time priority of the resting remainder (nil when nothing rests).
    public var sequence: Int64?
    /// The limit price (nil for market orders).
    public var price: Int128?

    /// The buyer and seller of a fill: the taker is `owner` on `side`.
    public func counterparties(_ fill: Fill) -> (buyer: String, seller: String) {
        side == .buy ? (owner, fill.makerOwner) : (fill.makerOwner, owner)
    }

    /// The resting order that results, if any.
    public var resting: RestingOrder? {
        guard remaining > 0, let price, let sequence else { return nil }
        return RestingOrder(id: orderID, owner: owner, side: side, price: price, remaining: remaining, sequence: sequence)
    }
}

/// One aggregated price level.
public struct DepthLevel: Sendable, Hashable {
    public var price: Int128
    /// Tokens open at this price.
    public var amount: Int64
    /// Open orders at this price.
    public var orders: Int
    public init(price: Int128, amount: Int64, orders: Int) {
        self.price = price
        self.amount = amount
        self.orders = orders
    }
}

/// Bids (best, i.e. highest, first) and asks (best, i.e. lowest, first).
public struct BookDepth: Sendable, Hashable {
    public var bids: [DepthLevel]
    public var asks: [DepthLevel]
    public init(bids: [DepthLevel], asks: [DepthLevel]) {
        self.bids = bids
        self.asks = asks
    }
}
