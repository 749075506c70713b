// The matching engine: one book per symbol, price-time priority, trades at the resting order's price.
//
// Layout (no class per order, no ARC in the hot path):
// - every open order is a `Node` in one slab (`ContiguousArray`), addressed by `Int32` slots, recycled
//   through a free list; the nodes of one price level form a doubly linked FIFO (O(1) removal by id);
// - each side is a `ContiguousArray<Level>` sorted so that the BEST level is LAST (bids by ascending
//   price, asks by descending price): taking the best level is `last`/`removeLast()`, a new level is
//   found by binary search and inserted (near the end for prices near the mid, so the memmove is short);
// - `index` maps order id → slot for cancels; owners are interned to `Int32` for self-trade checks.
//
// Two phases: `plan` walks the book read-only and returns the complete outcome (fills, status, money
// figures) or throws a refusal; `commit` applies exactly that plan (refused if the book changed since).
// `place` is both. `OrderBook` is a value: `let saved = book` is an O(1) snapshot (copy on write).

/// The order book of one symbol.
public struct OrderBook: Sendable {
    @usableFromInline struct Node: Sendable {
        var price: Int128
        var id: Int64
        var remaining: Int64
        var sequence: Int64
        var owner: Int32
        var prev: Int32
        var next: Int32
        var side: Side
    }

    @usableFromInline struct Level: Sendable {
        var price: Int128
        var total: Int64
        var head: Int32
        var tail: Int32
        var count: Int32
    }

    public let symbol: String
    var nodes: ContiguousArray<Node> = []
    var freeHead: Int32 = -1
    /// Ascending by price: best bid last.
    var bids: ContiguousArray<Level> = []
    /// Descending by price: best ask last.
    var asks: ContiguousArray<Level> = []
    var index: OrderIndex = OrderIndex()
    var owners: ContiguousArray<String> = []
    var ownerIDs: [String: Int32] = [:]
    /// The sequence given to the latest order that rested (0 for an empty new book).
    public private(set) var lastSequence: Int64 = 0
    /// The id given to an `IncomingOrder` without one: one more than the highest id seen.
    public private(set) var nextOrderID: Int64 = 1
    /// Bumped by every change; a plan commits only against the version it was made on.
    public private(set) var version: UInt64 = 0
    /// Open orders.
    public private(set) var count: Int = 0
    /// A book may hold only the best levels of a side (DESIGN: per-order cost independent of the book's
    /// size): every ask priced at or below `askFrontier`, every bid at or above `bidFrontier`; orders
    /// beyond are stored elsewhere. nil: the side is complete. A plan that needs more fails with
    /// `incompleteBook(side)`; the caller `extend`s the side and plans again.
    public private(set) var askFrontier: Int128?
    public private(set) var bidFrontier: Int128?

    public init(symbol: String) {
        self.symbol = symbol
    }

    /// Rebuilds a book from stored open orders, keeping their time priority (`sequence`, then id).
    /// Throws `duplicateOrder` for a repeated id and `crossedBook` for a non-positive price or amount, a
    /// price × amount out of range, or a bid at or above an ask. `lastSequence` and `nextOrderID`
    /// continue after the highest restored values (or the given minimums, whichever is higher).
    /// With frontiers, the book holds only those levels of a side (see `askFrontier`); every restored order
    /// must lie within them.
    public init(symbol: String, restoring orders: [RestingOrder], lastSequence: Int64 = 0, nextOrderID: Int64 = 1,
                askFrontier: Int128? = nil, bidFrontier: Int128? = nil) throws {
        self.symbol = symbol
        self.lastSequence = lastSequence
        self.nextOrderID = nextOrderID
        self.askFrontier = askFrontier
        self.bidFrontier = bidFrontier
        for o in orders where !holds(o.side, price: o.price) { throw MarketError.crossedBook }
        // By side and level key (a side's levels are kept in ascending key order, best last), then time:
        // every level is appended after the last one and every order after its level's tail, so a book of
        // n orders is rebuilt in O(n log n) — restored in time order, each new level could shift them all.
        func key(_ o: RestingOrder) -> Int128 { o.side == .buy ? o.price : -o.price }
        let sorted = orders.sorted {
            if $0.side != $1.side { return $0.side == .buy }
            let a = key($0), b = key($1)
            if a != b { return a < b }
            return ($0.sequence, $0.id) < ($1.sequence, $1.id)
        }
        nodes.reserveCapacity(sorted.count)
        for o in sorted {
            guard o.price > 0, o.remaining > 0, !o.price.multipliedReportingOverflow(by: Int128(o.remaining)).overflow,
                o.id > 0, o.id < .max
            else { throw MarketError.crossedBook }
            guard index.find(o.id) < 0 else { throw MarketError.duplicateOrder(o.id) }
            rest(id: o.id, owner: intern(o.owner), side: o.side, price: o.price, amount: o.remaining, sequence: o.sequence)
            self.lastSequence = max(self.lastSequence, o.sequence)
            self.nextOrderID = max(self.nextOrderID, o.id + 1)
        }
        if let b = bestBid, let a = bestAsk, b >= a { throw MarketError.crossedBook }
    }

    // MARK: - Partly loaded books

    /// Whether an open order of `side` at `price` is (or would be) in this book rather than beyond its frontier.
    public func holds(_ side: Side, price: Int128) -> Bool {
        side == .buy ? bidFrontier.map { price >= $0 } ?? true : askFrontier.map { price <= $0 } ?? true
    }

    /// Adds the next levels of a partly loaded side: `orders`, all beyond its present frontier, are every
    /// open order of `side` up to `frontier` (nil: every remaining one, the side is then complete).
    public mutating func extend(_ side: Side, with orders: [RestingOrder], frontier: Int128?) throws {
        let old = side == .buy ? bidFrontier : askFrontier
        guard let old else { if orders.isEmpty { return }; throw MarketError.crossedBook }
        func key(_ price: Int128) -> Int128 { side == .buy ? price : -price }
        // The frontier only moves outwards (or the side becomes complete): every call makes progress.
        if let frontier, key(frontier) >= key(old) { throw MarketError.crossedBook }
        // The new levels are worse than every loaded one: they go before them, in ascending key order.
        let sorted = orders.sorted { key($0.price) != key($1.price) ? key($0.price) < key($1.price) : ($0.sequence, $0.id) < ($1.sequence, $1.id) }
        var fresh = ContiguousArray<Level>()
        for o in sorted {
            guard o.side == side, key(o.price) < key(old), frontier.map({ key(o.price) >= key($0) }) ?? true,
                o.price > 0, o.remaining > 0, !o.price.multipliedReportingOverflow(by: Int128(o.remaining)).overflow, o.id > 0, o.id < .max
            else { throw MarketError.crossedBook }
            guard index.find(o.id) < 0 else { throw MarketError.duplicateOrder(o.id) }
            let s = slot(for: Node(price: o.price, id: o.id, remaining: o.remaining, sequence: o.sequence, owner: intern(o.owner), prev: -1, next: -1, side: side))
            index.insert(o.id, s)
            count += 1
            OrderBook.append(&fresh, &nodes, s, key: key(o.price))
            lastSequence = max(lastSequence, o.sequence)
            nextOrderID = max(nextOrderID, o.id + 1)
        }
        if side == .buy {
            bids = fresh + bids
            bidFrontier = frontier
        } else {
            asks = fresh + asks
            askFrontier = frontier
        }
        version &+= 1
    }

    // MARK: - Queries

    public var isEmpty: Bool { count == 0 }
    public var bestBid: Int128? { bids.last?.price }
    public var bestAsk: Int128? { asks.last?.price }

    /// The open order with this id.
    public func order(_ id: Int64) -> RestingOrder? {
        let slot = index.find(id)
        return slot < 0 ? nil : resting(slot)
    }

    /// Aggregated levels, best first, at most `levels` per side.
    public func depth(levels: Int = .max) -> BookDepth {
        func side(_ ls: ContiguousArray<Level>) -> [DepthLevel] {
            var out: [DepthLevel] = []
            var i = ls.count - 1
            while i >= 0 && out.count < levels {
                out.append(DepthLevel(price: ls[i].price, amount: ls[i].total, orders: Int(ls[i].count)))
                i -= 1
            }
            return out
        }
        return BookDepth(bids: side(bids), asks: side(asks))
    }

    /// Open orders of one side in priority order (best price first, then earliest).
    public func openOrders(_ side: Side) -> [RestingOrder] {
        var out: [RestingOrder] = []
        let ls = side == .buy ? bids : asks
        var i = ls.count - 1
        while i >= 0 {
            var s = ls[i].head
            while s >= 0 {
                out.append(resting(s))
                s = nodes[Int(s)].next
            }
            i -= 1
        }
        return out
    }

    /// Every open order: bids then asks, each in priority order.
    public var openOrders: [RestingOrder] { openOrders(.buy) + openOrders(.sell) }

    func resting(_ slot: Int32) -> RestingOrder {
        let n = nodes[Int(slot)]
        return RestingOrder(id: n.id, owner: owners[Int(n.owner)], side: n.side, price: n.price, remaining: n.remaining, sequence: n.sequence)
    }

    // MARK: - Placing

    /// Places an order: `commit(plan(order))`.
    @discardableResult
    public mutating func place(_ order: IncomingOrder) throws -> PlaceResult {
        try placing(order).get()
    }

    /// What placing `order` would do, without changing anything. Throws the refusals (`wouldTake`,
    /// `cannotFill`) and invalid orders (`invalidOrder`, `duplicateOrder`, `overflow`).
    public func plan(_ order: IncomingOrder) throws -> OrderPlan {
        try planning(order).get()
    }

    /// `place` without throwing: a refusal or an invalid order comes back as `.failure` and changes nothing.
    /// (Cheaper than catching when refusals are common: no error is thrown.)
    public mutating func placing(_ order: IncomingOrder) -> Result<PlaceResult, MarketError> {
        switch planning(order) {
        case .success(let plan): return .success(apply(plan))
        case .failure(let e): return .failure(e)
        }
    }

    /// `plan` without throwing.
    public func planning(_ order: IncomingOrder) -> Result<OrderPlan, MarketError> {
        let amount = order.amount
        guard amount > 0 else { return .failure(.invalidOrder("amount must be a positive number of tokens")) }
        let id: Int64
        if let given = order.id {
            guard given > 0 && given < .max else { return .failure(.invalidOrder("order id must be positive")) }
            guard index.find(given) < 0 else { return .failure(.duplicateOrder(given)) }
            id = given
        } else {
            id = nextOrderID
        }
        let side = order.side
        var limit: Int128
        var tif: TimeInForce
        var budget: Int128 = -1  // < 0: no budget
        var feeBps = 0
        switch order.kind {
        case .limit(let price, let t):
            guard price > 0 else { return .failure(.invalidOrder("price must be positive")) }
            guard !price.multipliedReportingOverflow(by: Int128(amount)).overflow else { return .failure(.overflow) }
            limit = price
            tif = t
        case .market(let maxCost, let bps):
            tif = .ioc
            if side == .buy {
                guard let maxCost, maxCost > 0 else { return .failure(.invalidOrder("a market buy needs a positive max_cost")) }
                guard bps >= 0 && bps <= 10_000 else { return .failure(.invalidOrder("fee must be 0…10000 bps")) }
                budget = maxCost
                feeBps = bps
                limit = .max
            } else {
                guard maxCost == nil, bps == 0 else { return .failure(.invalidOrder("a market sell takes no max_cost")) }
                limit = 0
            }
        }
        let taker = ownerIDs[order.owner] ?? -1
        var remaining = amount
        var fills: [Fill] = []
        var quote: Int128 = 0
        var improvement: Int128 = 0
        var fees: Int128 = 0
        var stp = false
        var budgetStop = false
        var li = (side == .buy ? asks.count : bids.count) - 1
        walk: while remaining > 0 && li >= 0 {
            let level = side == .buy ? asks[li] : bids[li]
            let p = level.price
            if side == .buy ? p > limit : p < limit { break }
            var s = level.head
            while s >= 0 {
                let n = nodes[Int(s)]
                if n.owner == taker { stp = true; break walk }
                if tif == .postOnly { return .failure(.wouldTake) }
                var take = min(remaining, n.remaining)
                if budget >= 0 {
                    // Per fill, because each fill's fee is rounded up on its own.
                    let affordable = OrderBook.affordable(budget: budget - quote - fees, price: p, feeBps: feeBps)
                    if affordable == 0 { budgetStop = true; break walk }
                    take = min(take, affordable)
                }
                let q = p * Int128(take)  // ≤ the maker's price × amount, checked when it rested
                let (sum, o) = quote.addingReportingOverflow(q)
                if o { return .failure(.overflow) }
                quote = sum
                if budget >= 0 {
                    if feeBps > 0 { fees += Fees.fee(quote: q, bps: feeBps) }
                } else if side == .buy {
                    improvement += (limit - p) * Int128(take)  // ≤ limit × amount, checked above
                }
                if fills.isEmpty { fills.reserveCapacity(4) }
                fills.append(Fill(makerOrder: n.id, makerOwner: owners[Int(n.owner)], price: p, amount: take,
                                  makerRemaining: n.remaining - take, slot: s))
                remaining -= take
                if remaining == 0 { break walk }
                // Only the budget stops a fill short of the maker: nothing at this price or worse is affordable.
                if take < n.remaining { budgetStop = true; break walk }
                s = n.next
            }
            li -= 1
        }
        // The loaded levels ran out while the order could still cross what lies beyond them.
        if remaining > 0 && !stp && !budgetStop && li < 0 {
            if side == .buy, let f = askFrontier, limit > f { return .failure(.incompleteBook(.sell)) }
            if side == .sell, let f = bidFrontier, limit < f { return .failure(.incompleteBook(.buy)) }
        }
        if tif == .fok && remaining > 0 { return .failure(.cannotFill) }
        let filled = amount - remaining
        let rests = remaining > 0 && !stp && (tif == .gtc || tif == .postOnly)
        let status: OrderStatus
        if remaining == 0 {
            status = .filled
        } else if rests {
            status = filled > 0 ? .partiallyFilled : .open
        } else if budget >= 0 && amount == .max {
            // An uncapped market buy has no token amount: it is filled when its budget ran out (the next
            // resting order is not affordable, or nothing is left), cancelled when the asks ran out or by STP.
            status = !stp && filled > 0 && (budgetStop || budget - quote - fees == 0) ? .filled : .cancelled
        } else {
            status = .cancelled
        }
        let uncappedBuy = budget >= 0 && amount == .max
        let result = PlaceResult(
            orderID: id, owner: order.owner, side: side, status: status, filled: filled,
            remaining: rests ? remaining : 0, cancelled: rests || uncappedBuy ? 0 : remaining,
            selfTradePrevented: stp, fills: fills, quote: quote, priceImprovement: improvement,
            budgetLeft: budget >= 0 ? budget - quote - fees : 0,
            sequence: rests ? lastSequence + 1 : nil, price: budget >= 0 || limit == 0 ? nil : limit)
        return .success(OrderPlan(result: result, version: version, ownerID: taker))
    }

    /// Tokens affordable at `price` with `budget`, paying `ceil(price × n × bps / 10000)` on top:
    /// the largest n with n·p·(10000+bps) ≤ budget·10000 (exact, in double width).
    static func affordable(budget: Int128, price: Int128, feeBps: Int) -> Int64 {
        if budget < price { return 0 }
        let n: Int128
        if feeBps == 0 {
            n = budget / price
        } else {
            n = OrderBook.divide(budget.multipliedFullWidth(by: 10_000), by: price, times: Int128(10_000 + feeBps))
        }
        return n > Int128(Int64.max) ? .max : Int64(n)
    }

    /// floor(num / (a × b)) for a 256-bit `num` (high, low) and positive a, b, as far as the result fits.
    static func divide(_ num: (high: Int128, low: UInt128), by a: Int128, times b: Int128) -> Int128 {
        // Divide twice: floor(floor(x / a) / b) == floor(x / (a·b)) for positive integers.
        let (q1hi, r1) = UInt128(num.high).quotientAndRemainder(dividingBy: UInt128(a))
        let (q1lo, _) = UInt128(a).dividingFullWidth((high: r1, low: num.low))
        // q1 = q1hi·2^128 + q1lo; num.high < a in practice (budget·10000 < price·2^128), so q1hi == 0.
        if q1hi != 0 { return .max }
        let q = q1lo / UInt128(b)
        return q > UInt128(Int128.max) ? .max : Int128(q)
    }

    /// Applies a plan made on the book's current version (else `stalePlan`) and returns its result.
    @discardableResult
    public mutating func commit(_ plan: OrderPlan) throws -> PlaceResult {
        guard plan.version == version else { throw MarketError.stalePlan }
        return apply(plan)
    }

    mutating func apply(_ plan: OrderPlan) -> PlaceResult {
        let r = plan.result
        if !r.fills.isEmpty {
            let makerSide = r.side.opposite
            for f in r.fills { consume(f, makerSide) }
        }
        if r.remaining > 0, let price = r.price, let seq = r.sequence {
            // Beyond a partly loaded side's frontier it rests where the rest of that side is stored.
            if holds(r.side, price: price) {
                rest(id: r.orderID, owner: plan.ownerID >= 0 ? plan.ownerID : intern(r.owner), side: r.side, price: price, amount: r.remaining, sequence: seq)
            }
            lastSequence = seq
        }
        if r.orderID >= nextOrderID { nextOrderID = r.orderID + 1 }
        version &+= 1
        return r
    }

    /// Takes `f.amount` from the head order of the best level on `side`.
    @inline(__always)
    mutating func consume(_ f: Fill, _ side: Side) {
        let s = f.slot
        let left = nodes[Int(s)].remaining - f.amount
        if left > 0 {
            nodes[Int(s)].remaining = left
            if side == .buy { bids[bids.count - 1].total -= f.amount } else { asks[asks.count - 1].total -= f.amount }
            return
        }
        if side == .buy { OrderBook.popHead(&bids, &nodes, s) } else { OrderBook.popHead(&asks, &nodes, s) }
        index.remove(nodes[Int(s)].id)
        free(s)
    }

    /// Removes the head order `s` (filled completely) of the best (last) level.
    @inline(__always)
    static func popHead(_ levels: inout ContiguousArray<Level>, _ nodes: inout ContiguousArray<Node>, _ s: Int32) {
        let li = levels.count - 1
        let next = nodes[Int(s)].next
        if next < 0 {
            levels.removeLast()
        } else {
            levels[li].head = next
            levels[li].count -= 1
            levels[li].total -= nodes[Int(s)].remaining
            nodes[Int(next)].prev = -1
        }
    }

    // MARK: - Cancelling

    /// Removes an open order and returns it as it was (check its `owner` before calling, via `order(_:)`).
    @discardableResult
    public mutating func cancel(_ id: Int64) throws -> RestingOrder {
        let s = index.find(id)
        guard s >= 0 else { throw MarketError.unknownOrder(id) }
        let o = resting(s)
        if o.side == .buy { OrderBook.unlink(&bids, &nodes, s, key: o.price) } else { OrderBook.unlink(&asks, &nodes, s, key: -o.price) }
        index.remove(id)
        free(s)
        version &+= 1
        return o
    }

    static func unlink(_ levels: inout ContiguousArray<Level>, _ nodes: inout ContiguousArray<Node>, _ s: Int32, key: Int128) {
        let (found, li) = OrderBook.search(levels, key: key)
        precondition(found, "order book: level missing for an open order")
        let n = nodes[Int(s)]
        levels[li].total -= n.remaining
        levels[li].count -= 1
        if levels[li].count == 0 {
            levels.remove(at: li)
            return
        }
        if n.prev >= 0 { nodes[Int(n.prev)].next = n.next } else { levels[li].head = n.next }
        if n.next >= 0 { nodes[Int(n.next)].prev = n.prev } else { levels[li].tail = n.prev }
    }

    // MARK: - Internals

    mutating func intern(_ owner: String) -> Int32 {
        if let id = ownerIDs[owner] { return id }
        let id = Int32(owners.count)
        owners.append(owner)
        ownerIDs[owner] = id
        return id
    }

    /// Levels are ascending by key (bids: price, asks: −price), so the best is last.
    /// Returns whether `key` is present and its index, or the insertion index.
    @inline(__always)
    static func search(_ levels: ContiguousArray<Level>, key: Int128) -> (Bool, Int) {
        let n = levels.count
        guard n > 0 else { return (false, 0) }
        return levels.withUnsafeBufferPointer { b -> (Bool, Int) in
            // Keys of asks are negated (positive) prices, so a negative key means the ask side.
            let asks = key < 0
            @inline(__always) func k(_ i: Int) -> Int128 { asks ? -b[i].price : b[i].price }
            // Most traffic is at or near the best (last) level.
            let lastKey = k(n - 1)
            if key == lastKey { return (true, n - 1) }
            if key > lastKey { return (false, n) }
            var lo = 0, hi = n - 1  // answer in [lo, hi]
            while lo < hi {
                let mid = (lo + hi) >> 1
                if k(mid) < key { lo = mid + 1 } else { hi = mid }
            }
            return (k(lo) == key, lo)
        }
    }

    mutating func rest(id: Int64, owner: Int32, side: Side, price: Int128, amount: Int64, sequence: Int64) {
        let s = slot(for: Node(price: price, id: id, remaining: amount, sequence: sequence, owner: owner, prev: -1, next: -1, side: side))
        index.insert(id, s)
        count += 1
        if side == .buy { OrderBook.append(&bids, &nodes, s, key: price) } else { OrderBook.append(&asks, &nodes, s, key: -price) }
    }

    /// A slot for `node`: a freed one, or a new one at the end.
    @inline(__always)
    mutating func slot(for node: Node) -> Int32 {
        if freeHead >= 0 {
            let s = freeHead
            freeHead = nodes[Int(s)].next
            nodes[Int(s)] = node
            return s
        }
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    @inline(__always)
    static func append(_ levels: inout ContiguousArray<Level>, _ nodes: inout ContiguousArray<Node>, _ s: Int32, key: Int128) {
        let (found, li) = OrderBook.search(levels, key: key)
        let amount = nodes[Int(s)].remaining
        if found {
            let t = levels[li].tail
            nodes[Int(t)].next = s
            nodes[Int(s)].prev = t
            levels[li].tail = s
            levels[li].total += amount
            levels[li].count += 1
        } else {
            let level = Level(price: nodes[Int(s)].price, total: amount, head: s, tail: s, count: 1)
            if li == levels.count { levels.append(level) } else { levels.insert(level, at: li) }
        }
    }

    mutating func free(_ s: Int32) {
        nodes[Int(s)].next = freeHead
        nodes[Int(s)].id = 0
        freeHead = s
        count -= 1
    }
}

/// A checked plan: what `OrderBook.commit` will do, made by `OrderBook.plan` on one version of the book.
public struct OrderPlan: Sendable {
    /// The outcome, exactly as `commit` will return it.
    public let result: PlaceResult
    /// The book version the plan is valid for.
    public let version: UInt64
    /// The interned owner (-1: not seen by this book yet).
    let ownerID: Int32
}
