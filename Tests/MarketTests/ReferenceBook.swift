// An independent, deliberately naive matcher: a flat array of orders, rescanned for the best price then
// the earliest sequence before every single fill. Slow and obviously right; the engine must agree with it.
import Market
import PandaCore

struct RefOrder: Equatable {
    var id: Int64
    var owner: String
    var side: Side
    var price: Int128
    var remaining: Int64
    var seq: Int64
}

struct RefFill: Equatable {
    var makerOrder: Int64
    var makerOwner: String
    var price: Int128
    var amount: Int64
    var makerRemaining: Int64
}

struct RefResult: Equatable {
    var orderID: Int64
    var status: String
    var filled: Int64
    var remaining: Int64
    var cancelled: Int64
    var stp: Bool
    var fills: [RefFill]
    var quote: Int128
    var improvement: Int128
    var budgetLeft: Int128
    var sequence: Int64?

    init(orderID: Int64, status: String, filled: Int64, remaining: Int64, cancelled: Int64, stp: Bool, fills: [RefFill],
         quote: Int128, improvement: Int128, budgetLeft: Int128, sequence: Int64?) {
        self.orderID = orderID; self.status = status; self.filled = filled; self.remaining = remaining
        self.cancelled = cancelled; self.stp = stp; self.fills = fills; self.quote = quote
        self.improvement = improvement; self.budgetLeft = budgetLeft; self.sequence = sequence
    }

    /// The engine's result in the same shape.
    init(_ r: PlaceResult) {
        self.init(orderID: r.orderID, status: r.status.rawValue, filled: r.filled, remaining: r.remaining,
                  cancelled: r.cancelled, stp: r.selfTradePrevented,
                  fills: r.fills.map { RefFill(makerOrder: $0.makerOrder, makerOwner: $0.makerOwner, price: $0.price,
                                               amount: $0.amount, makerRemaining: $0.makerRemaining) },
                  quote: r.quote, improvement: r.priceImprovement, budgetLeft: r.budgetLeft, sequence: r.sequence)
    }
}

/// Naive fee: ceil(q × bps / 10000), on numbers small enough for the tests.
func refFee(_ q: Int128, _ bps: Int) -> Int128 { (q * Int128(bps) + 9_999) / 10_000 }

struct ReferenceBook {
    var orders: [RefOrder] = []
    var lastSeq: Int64 = 0
    var nextID: Int64 = 1

    /// Bids best first (highest price, then earliest), then asks best first (lowest, then earliest).
    var book: [RefOrder] {
        orders.filter { $0.side == .buy }.sorted { $0.price != $1.price ? $0.price > $1.price : $0.seq < $1.seq }
            + orders.filter { $0.side == .sell }.sorted { $0.price != $1.price ? $0.price < $1.price : $0.seq < $1.seq }
    }

    mutating func cancel(_ id: Int64) -> Result<RefOrder, MarketError> {
        guard let i = orders.firstIndex(where: { $0.id == id }) else { return .failure(.unknownOrder(id)) }
        return .success(orders.remove(at: i))
    }

    mutating func place(_ o: IncomingOrder) -> Result<RefResult, MarketError> {
        guard o.amount > 0 else { return .failure(.invalidOrder("amount must be a positive number of tokens")) }
        if let id = o.id {
            guard id > 0 && id < .max else { return .failure(.invalidOrder("order id must be positive")) }
            if orders.contains(where: { $0.id == id }) { return .failure(.duplicateOrder(id)) }
        }
        let id = o.id ?? nextID
        var limitPrice: Int128? = nil
        var budget: Int128? = nil
        var bps = 0
        let tif: TimeInForce
        switch o.kind {
        case .limit(let p, let t):
            guard p > 0 else { return .failure(.invalidOrder("price must be positive")) }
            limitPrice = p
            tif = t
        case .market(let maxCost, let b):
            tif = .ioc
            if o.side == .buy {
                guard let maxCost, maxCost > 0 else { return .failure(.invalidOrder("a market buy needs a positive max_cost")) }
                guard b >= 0 && b <= 10_000 else { return .failure(.invalidOrder("fee must be 0…10000 bps")) }
                budget = maxCost
                bps = b
            } else {
                guard maxCost == nil, b == 0 else { return .failure(.invalidOrder("a market sell takes no max_cost")) }
            }
        }
        var work = orders
        var remaining = o.amount
        var fills: [RefFill] = []
        var quote: Int128 = 0, improvement: Int128 = 0, fees: Int128 = 0
        var stp = false, budgetStop = false
        while remaining > 0 {
            // Rescan everything for the best crossing maker: best price, then earliest.
            var best: Int? = nil
            for (i, m) in work.enumerated() where m.side != o.side {
                if let lp = limitPrice { if o.side == .buy ? m.price > lp : m.price < lp { continue } }
                if let b = best {
                    let bm = work[b]
                    let better = o.side == .buy ? m.price < bm.price : m.price > bm.price
                    if better || (m.price == bm.price && m.seq < bm.seq) { best = i }
                } else {
                    best = i
                }
            }
            guard let b = best else { break }
            let m = work[b]
            if m.owner == o.owner { stp = true; break }
            if tif == .postOnly { return .failure(.wouldTake) }
            var take = min(remaining, m.remaining)
            if let budget {
                // Largest n ≤ take with n·p + fee(n·p) within what is left, by bisection.
                let left = budget - quote - fees
                var lo: Int64 = 0, hi = take
                while lo < hi {
                    let mid = lo + (hi - lo + 1) / 2
                    let q = m.price * Int128(mid)
                    if q + refFee(q, bps) <= left { lo = mid } else { hi = mid - 1 }
                }
                if lo == 0 { budgetStop = true; break }
                take = lo
            }
            let q = m.price * Int128(take)
            quote += q
            if budget != nil { fees += refFee(q, bps) }
            if let lp = limitPrice, o.side == .buy { improvement += (lp - m.price) * Int128(take) }
            work[b].remaining -= take
            remaining -= take
            fills.append(RefFill(makerOrder: m.id, makerOwner: m.owner, price: m.price, amount: take, makerRemaining: work[b].remaining))
            if work[b].remaining == 0 { work.remove(at: b) }
        }
        if tif == .fok && remaining > 0 { return .failure(.cannotFill) }
        let filled = o.amount - remaining
        let rests = remaining > 0 && !stp && (tif == .gtc || tif == .postOnly)
        let uncapped = budget != nil && o.amount == .max
        var status: String
        if remaining == 0 {
            status = "filled"
        } else if rests {
            status = filled > 0 ? "partially_filled" : "open"
        } else if uncapped {
            status = (!stp && filled > 0 && (budgetStop || budget! - quote - fees == 0)) ? "filled" : "cancelled"
        } else {
            status = "cancelled"
        }
        var seq: Int64? = nil
        if rests {
            lastSeq += 1
            seq = lastSeq
            work.append(RefOrder(id: id, owner: o.owner, side: o.side, price: limitPrice!, remaining: remaining, seq: lastSeq))
        }
        orders = work
        nextID = max(nextID, id + 1)
        return .success(RefResult(orderID: id, status: status, filled: filled, remaining: rests ? remaining : 0,
                                  cancelled: rests || uncapped ? 0 : remaining, stp: stp, fills: fills, quote: quote,
                                  improvement: improvement, budgetLeft: budget.map { $0 - quote - fees } ?? 0, sequence: seq))
    }
}

/// SplitMix64: a small deterministic generator for the random streams.
typealias SplitMix = SplitMix64
