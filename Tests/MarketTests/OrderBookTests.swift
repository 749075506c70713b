// Hand-worked cases: each time in force, partial fills, cancels, self-trade prevention, market orders,
// fok and post_only edges, plans, restoring, fees.
@testable import Market
import Testing

/// Whole PANDA in base units.
func panda(_ n: Int) -> Int128 { Int128(n) * 1_000_000_000_000_000_000 }

/// A book with asks 5 @ 10 (id 1, m1), 5 @ 11 (id 2, m2), 5 @ 11 (id 3, m1) and bids 4 @ 9 (id 4, m2).
func sampleBook() throws -> OrderBook {
    var b = OrderBook(symbol: "FNET")
    try b.place(.limit(owner: "m1", side: .sell, price: panda(10), amount: 5))
    try b.place(.limit(owner: "m2", side: .sell, price: panda(11), amount: 5))
    try b.place(.limit(owner: "m1", side: .sell, price: panda(11), amount: 5))
    try b.place(.limit(owner: "m2", side: .buy, price: panda(9), amount: 4))
    return b
}

struct OrderBookTests {
    @Test func restingOrdersGetIdsAndSequences() throws {
        let b = try sampleBook()
        #expect(b.count == 4)
        #expect(b.bestAsk == panda(10))
        #expect(b.bestBid == panda(9))
        #expect(b.nextOrderID == 5)
        #expect(b.lastSequence == 4)
        #expect(b.openOrders(.sell).map(\.id) == [1, 2, 3])
        #expect(b.depth(levels: 1) == BookDepth(bids: [DepthLevel(price: panda(9), amount: 4, orders: 1)],
                                                asks: [DepthLevel(price: panda(10), amount: 5, orders: 1)]))
        #expect(b.depth().asks == [DepthLevel(price: panda(10), amount: 5, orders: 1), DepthLevel(price: panda(11), amount: 10, orders: 2)])
    }

    @Test func gtcWalksLevelsAtMakerPricesAndRestsRemainder() throws {
        var b = try sampleBook()
        let r = try b.place(.limit(owner: "t", side: .buy, price: panda(12), amount: 13))
        #expect(r.orderID == 5)
        #expect(r.status == .filled)
        #expect(r.fills.map(\.makerOrder) == [1, 2, 3])
        #expect(r.fills.map(\.price) == [panda(10), panda(11), panda(11)])
        #expect(r.fills.map(\.amount) == [5, 5, 3])
        #expect(r.fills.map(\.makerRemaining) == [0, 0, 2])
        #expect(r.filled == 13 && r.remaining == 0 && r.cancelled == 0)
        #expect(b.bestAsk == panda(11))
        #expect(b.order(3)?.remaining == 2)
        #expect(r.quote == panda(10) * 5 + panda(11) * 8)
        #expect(r.priceImprovement == panda(2) * 5 + panda(1) * 8)
        #expect(r.counterparties(r.fills[0]) == (buyer: "t", seller: "m1"))
    }

    @Test func gtcPartialFillRests() throws {
        var b = try sampleBook()
        let r = try b.place(.limit(owner: "t", side: .buy, price: panda(10), amount: 8))
        #expect(r.status == .partiallyFilled)
        #expect(r.filled == 5 && r.remaining == 3 && r.cancelled == 0)
        #expect(r.sequence == 5)
        #expect(b.bestBid == panda(10))
        #expect(b.order(5) == RestingOrder(id: 5, owner: "t", side: .buy, price: panda(10), remaining: 3, sequence: 5))
        #expect(r.resting == b.order(5))
    }

    @Test func statusFilledOpenAndCancelled() throws {
        var b = try sampleBook()
        #expect(try b.place(.limit(owner: "t", side: .buy, price: panda(10), amount: 5)).status == .filled)
        #expect(try b.place(.limit(owner: "t", side: .buy, price: panda(8), amount: 5)).status == .open)
        let ioc = try b.place(.limit(owner: "t", side: .buy, price: panda(11), amount: 20, tif: .ioc))
        #expect(ioc.status == .cancelled)
        #expect(ioc.filled == 10 && ioc.cancelled == 10 && ioc.remaining == 0 && ioc.sequence == nil)
        #expect(b.bestAsk == nil)
        let ioc0 = try b.place(.limit(owner: "t", side: .buy, price: panda(11), amount: 2, tif: .ioc))
        #expect(ioc0.status == .cancelled && ioc0.filled == 0 && ioc0.cancelled == 2 && ioc0.fills.isEmpty)
    }

    @Test func timePriorityWithinALevel() throws {
        var b = try sampleBook()
        try b.place(.limit(owner: "m3", side: .sell, price: panda(11), amount: 1))
        let r = try b.place(.limit(owner: "t", side: .buy, price: panda(11), amount: 16))
        #expect(r.fills.map(\.makerOrder) == [1, 2, 3, 5])
        #expect(r.status == .filled)
    }

    @Test func cancelAfterPartialFill() throws {
        var b = try sampleBook()
        try b.place(.limit(owner: "t", side: .buy, price: panda(11), amount: 7))  // takes 5 of #1, 2 of #2
        #expect(b.order(2)?.remaining == 3)
        let c = try b.cancel(2)
        #expect(c == RestingOrder(id: 2, owner: "m2", side: .sell, price: panda(11), remaining: 3, sequence: 2))
        #expect(b.order(2) == nil)
        #expect(b.depth().asks == [DepthLevel(price: panda(11), amount: 5, orders: 1)])
        #expect(throws: MarketError.unknownOrder(2)) { try b.cancel(2) }
        #expect(throws: MarketError.unknownOrder(1)) { try b.cancel(1) }  // filled: gone
        #expect(throws: MarketError.unknownOrder(99)) { try b.cancel(99) }
        // Cancelling the middle, head and tail of a level keeps the FIFO intact.
        var q = OrderBook(symbol: "X")
        for i in 1...5 { try q.place(.limit(owner: "o\(i)", side: .buy, price: 100, amount: Int64(i))) }
        try q.cancel(3); try q.cancel(1); try q.cancel(5)
        #expect(q.openOrders(.buy).map(\.id) == [2, 4])
        #expect(q.depth().bids == [DepthLevel(price: 100, amount: 6, orders: 2)])
        let r = try q.place(.limit(owner: "x", side: .sell, price: 100, amount: 6))
        #expect(r.fills.map(\.makerOrder) == [2, 4] && r.status == .filled)
        #expect(q.isEmpty && q.bestBid == nil)
    }

    @Test func selfTradePreventionCancelsTheIncomingRemainder() throws {
        var b = try sampleBook()
        // m1 buys: first crossing ask is its own #1 → nothing trades, #1 stays.
        let r = try b.place(.limit(owner: "m1", side: .buy, price: panda(11), amount: 3))
        #expect(r.status == .cancelled && r.selfTradePrevented && r.filled == 0 && r.cancelled == 3)
        #expect(b.order(1)?.remaining == 5)
        // m2 buys 12 @ 11: takes #1 (m1) then meets its own #2 → remainder 7 cancelled, #3 untouched.
        let s = try b.place(.limit(owner: "m2", side: .buy, price: panda(11), amount: 12))
        #expect(s.fills.map(\.makerOrder) == [1])
        #expect(s.status == .cancelled && s.selfTradePrevented && s.filled == 5 && s.cancelled == 7 && s.remaining == 0)
        #expect(b.order(2)?.remaining == 5 && b.order(3)?.remaining == 5)
        // An own order that does not cross does not matter: the remainder rests.
        let t = try b.place(.limit(owner: "m2", side: .buy, price: panda(10), amount: 2))
        #expect(t.status == .open && !t.selfTradePrevented)
    }

    @Test func stpComesBeforeFokAndPostOnly() throws {
        var b = try sampleBook()
        // post_only crossing only its own order first: STP cancels it, no would_take.
        let p = try b.place(.limit(owner: "m1", side: .buy, price: panda(10), amount: 1, tif: .postOnly))
        #expect(p.status == .cancelled && p.selfTradePrevented && p.filled == 0)
        // post_only whose first crossing maker is someone else's: refused.
        #expect(throws: MarketError.wouldTake) { try b.plan(.limit(owner: "m2", side: .buy, price: panda(10), amount: 1, tif: .postOnly)) }
        // fok for 10 @ 11 by m2: 5 from #1 then its own #2 → only 5 fillable → cannot_fill, nothing changes.
        let before = b.openOrders
        let v = b.version
        #expect(throws: MarketError.cannotFill) { try b.place(.limit(owner: "m2", side: .buy, price: panda(11), amount: 10, tif: .fok)) }
        #expect(b.openOrders == before && b.version == v)
        // The same fok by a third party fills.
        let f = try b.place(.limit(owner: "t", side: .buy, price: panda(11), amount: 10, tif: .fok))
        #expect(f.status == .filled && f.fills.map(\.amount) == [5, 5])
    }

    @Test func fokExactlyFillableVersusOneShort() throws {
        var b = try sampleBook()
        let v = b.version
        #expect(throws: MarketError.cannotFill) { try b.place(.limit(owner: "t", side: .buy, price: panda(11), amount: 16, tif: .fok)) }
        #expect(b.version == v && b.count == 4)
        // Limited by price: only 5 up to 10.
        #expect(throws: MarketError.cannotFill) { try b.place(.limit(owner: "t", side: .buy, price: panda(10), amount: 6, tif: .fok)) }
        let r = try b.place(.limit(owner: "t", side: .buy, price: panda(11), amount: 15, tif: .fok))
        #expect(r.status == .filled && r.filled == 15 && b.bestAsk == nil)
    }

    @Test func postOnlyTouchingVersusCrossing() throws {
        var b = try sampleBook()
        // Touching the best bid from the sell side at 9 crosses (9 ≤ 9): would take.
        #expect(throws: MarketError.wouldTake) { try b.place(.limit(owner: "t", side: .sell, price: panda(9), amount: 1, tif: .postOnly)) }
        #expect(throws: MarketError.wouldTake) { try b.place(.limit(owner: "t", side: .buy, price: panda(10), amount: 1, tif: .postOnly)) }
        // One base unit inside the spread rests.
        let r = try b.place(.limit(owner: "t", side: .buy, price: panda(10) - 1, amount: 1, tif: .postOnly))
        #expect(r.status == .open && b.bestBid == panda(10) - 1)
        let s = try b.place(.limit(owner: "t", side: .sell, price: panda(9) + 1 + panda(1), amount: 1, tif: .postOnly))
        #expect(s.status == .open && b.bestAsk == panda(10))
        #expect(b.count == 6)
    }

    @Test func marketOrdersAgainstAnEmptyBook() throws {
        var b = OrderBook(symbol: "FNET")
        let buy = try b.place(.marketBuy(owner: "t", maxCost: panda(100)))
        #expect(buy.status == .cancelled && buy.filled == 0 && buy.fills.isEmpty && buy.budgetLeft == panda(100) && buy.cancelled == 0)
        let sell = try b.place(.marketSell(owner: "t", amount: 5))
        #expect(sell.status == .cancelled && sell.filled == 0 && sell.cancelled == 5 && sell.price == nil)
        #expect(b.isEmpty && b.nextOrderID == 3)
    }

    @Test func marketBuyBudgetRunsOutMidLevel() throws {
        var b = try sampleBook()
        // 5 @ 10 = 50, then 27 left buys 2 @ 11 = 22, 5 left.
        let r = try b.place(.marketBuy(owner: "t", maxCost: panda(77)))
        #expect(r.fills.map(\.amount) == [5, 2])
        #expect(r.status == .filled && r.filled == 7 && r.quote == panda(72) && r.budgetLeft == panda(5))
        #expect(b.order(2)?.remaining == 3)
        // Budget exactly spent at the last ask: filled.
        var c = try sampleBook()
        let e = try c.place(.marketBuy(owner: "t", maxCost: panda(160)))
        #expect(e.status == .filled && e.filled == 15 && e.budgetLeft == 0 && c.bestAsk == nil)
        // More budget than asks: cancelled remainder (status cancelled), the rest of the budget returned.
        var d = try sampleBook()
        let f = try d.place(.marketBuy(owner: "t", maxCost: panda(1000)))
        #expect(f.status == .cancelled && f.filled == 15 && f.budgetLeft == panda(840))
        // Capped by amount.
        var g = try sampleBook()
        let h = try g.place(.marketBuy(owner: "t", maxCost: panda(1000), amount: 6))
        #expect(h.status == .filled && h.filled == 6 && h.budgetLeft == panda(1000 - 61))
        // Less than one token's price: nothing.
        var i = try sampleBook()
        let j = try i.place(.marketBuy(owner: "t", maxCost: panda(10) - 1))
        #expect(j.status == .cancelled && j.filled == 0 && i.count == 4)
    }

    @Test func marketBuyFeesComeOutOfTheBudgetPerFill() throws {
        var b = OrderBook(symbol: "X")
        try b.place(.limit(owner: "m", side: .sell, price: 1_000, amount: 10))
        try b.place(.limit(owner: "n", side: .sell, price: 1_000, amount: 10))
        // 100 bps: each token costs 1000 + 10. Budget 5051 buys 5 (5050), 1 left.
        let r = try b.place(.marketBuy(owner: "t", maxCost: 5_051, feeBps: 100))
        #expect(r.filled == 5 && r.quote == 5_000 && r.budgetLeft == 1 && r.status == .filled)
        // Fees round up per fill: 3 bps on 1000 = 0.3 → 1 per fill.
        var c = OrderBook(symbol: "X")
        try c.place(.limit(owner: "m", side: .sell, price: 1_000, amount: 1))
        try c.place(.limit(owner: "n", side: .sell, price: 1_000, amount: 1))
        let s = try c.place(.marketBuy(owner: "t", maxCost: 2_001, feeBps: 3))
        #expect(s.filled == 1 && s.budgetLeft == 1_000 && s.status == .filled)  // the next token would cost 1001
        #expect(Fees.fee(quote: 1_000, bps: 3) == 1)
    }

    @Test func marketSellWalksBidsDown() throws {
        var b = try sampleBook()
        try b.place(.limit(owner: "m3", side: .buy, price: panda(8), amount: 10))
        let r = try b.place(.marketSell(owner: "t", amount: 6))
        #expect(r.fills.map(\.price) == [panda(9), panda(8)] && r.fills.map(\.amount) == [4, 2])
        #expect(r.status == .filled && r.priceImprovement == 0)
        let s = try b.place(.marketSell(owner: "t", amount: 20))
        #expect(s.status == .cancelled && s.filled == 8 && s.cancelled == 12 && b.bestBid == nil)
    }

    @Test func planThenCommitAndStalePlans() throws {
        var b = try sampleBook()
        let order = IncomingOrder.limit(owner: "t", side: .buy, price: panda(11), amount: 7)
        let p = try b.plan(order)
        #expect(b.count == 4 && b.order(1)?.remaining == 5)  // nothing changed yet
        #expect(p.result.fills.map(\.amount) == [5, 2] && p.result.orderID == 5)
        let other = try b.plan(.limit(owner: "u", side: .sell, price: panda(20), amount: 1))
        let r = try b.commit(p)
        #expect(r == p.result)
        #expect(b.order(1) == nil && b.order(2)?.remaining == 3)
        #expect(throws: MarketError.stalePlan) { try b.commit(other) }
        #expect(throws: MarketError.stalePlan) { try b.commit(p) }
        // A snapshot is an O(1) undo.
        let saved = b
        try b.place(.marketSell(owner: "t", amount: 4))
        #expect(b.bestBid == nil && saved.bestBid == panda(9))
    }

    @Test func invalidOrders() throws {
        var b = try sampleBook()
        #expect(throws: MarketError.duplicateOrder(3)) { try b.place(.limit(id: 3, owner: "t", side: .buy, price: 1, amount: 1)) }
        #expect(throws: MarketError.self) { try b.place(.limit(owner: "t", side: .buy, price: 0, amount: 1)) }
        #expect(throws: MarketError.self) { try b.place(.limit(owner: "t", side: .buy, price: 5, amount: 0)) }
        #expect(throws: MarketError.self) { try b.place(.limit(owner: "t", side: .buy, price: -5, amount: 1)) }
        #expect(throws: MarketError.self) { try b.place(.marketBuy(owner: "t", maxCost: 0)) }
        #expect(throws: MarketError.self) { try b.place(.marketBuy(owner: "t", maxCost: 10, feeBps: 10_001)) }
        #expect(throws: MarketError.overflow) { try b.place(.limit(owner: "t", side: .buy, price: .max / 2, amount: 3)) }
        #expect(throws: MarketError.self) { try b.place(.limit(id: 0, owner: "t", side: .buy, price: 1, amount: 1)) }
        #expect(b.count == 4 && b.nextOrderID == 5)
        // An explicit id moves the automatic ones past it.
        try b.place(.limit(id: 100, owner: "t", side: .buy, price: 1, amount: 1))
        #expect(b.nextOrderID == 101)
        #expect(try b.place(.limit(owner: "t", side: .buy, price: 1, amount: 1)).orderID == 101)
        #expect(MarketError.wouldTake.code == "would_take" && MarketError.cannotFill.code == "cannot_fill")
        #expect(MarketError.unknownOrder(1).code == "unknown_order")
    }

    @Test func restoringKeepsTimePriority() throws {
        let stored = [
            RestingOrder(id: 7, owner: "b", side: .sell, price: 10, remaining: 2, sequence: 30),
            RestingOrder(id: 3, owner: "a", side: .sell, price: 10, remaining: 1, sequence: 12),
            RestingOrder(id: 9, owner: "c", side: .buy, price: 8, remaining: 4, sequence: 31),
            RestingOrder(id: 5, owner: "d", side: .sell, price: 12, remaining: 6, sequence: 20),
        ]
        var b = try OrderBook(symbol: "X", restoring: stored)
        #expect(b.lastSequence == 31 && b.nextOrderID == 10 && b.count == 4)
        #expect(b.openOrders(.sell).map(\.id) == [3, 7, 5])
        let r = try b.place(.limit(owner: "t", side: .buy, price: 12, amount: 9))
        #expect(r.fills.map(\.makerOrder) == [3, 7, 5])
        #expect(r.orderID == 10)
        #expect(throws: MarketError.crossedBook) {
            try OrderBook(symbol: "X", restoring: [stored[0], RestingOrder(id: 1, owner: "x", side: .buy, price: 10, remaining: 1, sequence: 1)])
        }
        #expect(throws: MarketError.duplicateOrder(7)) { try OrderBook(symbol: "X", restoring: [stored[0], stored[0]]) }
        #expect(throws: MarketError.crossedBook) {
            try OrderBook(symbol: "X", restoring: [RestingOrder(id: 1, owner: "x", side: .buy, price: 10, remaining: 0, sequence: 1)])
        }
    }

    @Test func manyLevelsInsertAndRemoveAnywhere() throws {
        // Levels inserted in scrambled order end up sorted; cancelling empties them from anywhere.
        var b = OrderBook(symbol: "X")
        var rng = SplitMix(seed: 5)
        let prices = (1...200).map { Int128($0) }.shuffled(using: &rng)
        for p in prices { try b.place(.limit(owner: "o", side: .buy, price: p, amount: 1)) }
        for p in prices { try b.place(.limit(owner: "o", side: .sell, price: 1000 + p, amount: 1)) }
        #expect(b.depth().bids.map(\.price) == (1...200).reversed().map { Int128($0) })
        #expect(b.depth().asks.map(\.price) == (1...200).map { 1000 + Int128($0) })
        for id in Int64(1)...400 where id % 3 != 0 { try b.cancel(id) }
        let left = (Int64(1)...400).filter { $0 % 3 == 0 }
        #expect(Set(b.openOrders.map(\.id)) == Set(left))
        #expect(b.depth().bids.map(\.price) == b.depth().bids.map(\.price).sorted(by: >))
        #expect(b.depth().asks.map(\.price) == b.depth().asks.map(\.price).sorted())
    }

    @Test func feeRoundsUp() {
        #expect(Fees.fee(quote: 0, bps: 30) == 0)
        #expect(Fees.fee(quote: 10_000, bps: 30) == 30)
        #expect(Fees.fee(quote: 10_001, bps: 30) == 31)
        #expect(Fees.fee(quote: 1, bps: 1) == 1)
        #expect(Fees.fee(quote: panda(1), bps: 30) == panda(1) * 30 / 10_000)
        #expect(Fees.fee(quote: .max, bps: 10_000) == .max)
        #expect(Fees.fee(quote: .max, bps: 0) == 0)
        // Against the naive formula where it fits.
        var rng = SplitMix(seed: 11)
        for _ in 0..<1000 {
            let q = Int128(Int64.random(in: 0...Int64.max, using: &rng))
            let bps = Int.random(in: 0...10_000, using: &rng)
            #expect(Fees.fee(quote: q, bps: bps) == refFee(q, bps))
        }
    }

    @Test func affordableIsExactAtTheExtremes() {
        #expect(OrderBook.affordable(budget: 10_030, price: 1_000, feeBps: 30) == 10)
        #expect(OrderBook.affordable(budget: 10_029, price: 1_000, feeBps: 30) == 9)
        #expect(OrderBook.affordable(budget: 999, price: 1_000, feeBps: 0) == 0)
        #expect(OrderBook.affordable(budget: .max, price: 1, feeBps: 30) == .max)
        #expect(OrderBook.affordable(budget: .max, price: 1, feeBps: 0) == .max)
        let e30: Int128 = 1_000_000_000_000_000_000_000_000_000_000
        // 10^41 / 10^30 / 10030 = 9970089.73…
        #expect(OrderBook.affordable(budget: e30 * 10_000_000, price: e30, feeBps: 30) == 9_970_089)
        #expect(OrderBook.affordable(budget: .max, price: .max, feeBps: 10_000) == 0)
        #expect(OrderBook.affordable(budget: .max, price: .max / 2, feeBps: 0) == 2)
    }
}
