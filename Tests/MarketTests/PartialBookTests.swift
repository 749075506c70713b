// A partly loaded book (the ledger reads only the best levels of each side, more as plans need them)
// against the whole book on random streams: identical results and identical open orders where loaded.
import Market
import Testing

/// The next `size` best orders of `side` beyond `frontier`, completed to whole levels, and the new frontier
/// (nil when nothing is left beyond): what the ledger's `bookLevels` reads from its rows.
func levels(of all: [RestingOrder], _ side: Side, beyond frontier: Int128?, size: Int) -> (orders: [RestingOrder], frontier: Int128?) {
    func better(_ a: Int128, _ b: Int128) -> Bool { side == .buy ? a > b : a < b }
    let candidates = all.filter { o in o.side == side && (frontier.map { f in better(f, o.price) } ?? true) }
        .sorted { $0.price != $1.price ? better($0.price, $1.price) : $0.sequence < $1.sequence }
    guard candidates.count > size else { return (candidates, nil) }
    let last = candidates[size - 1].price
    return (candidates.filter { !better(last, $0.price) }, last)
}

@Suite struct PartialBookTests {
    @Test(arguments: [1, 2, 5, 64] as [Int])
    func partialBookMatchesTheWholeBook(chunk: Int) throws {
        for seed: UInt64 in [1, 7, 42, 0xFEED] {
            var whole = OrderBook(symbol: "FNET")
            func reload() throws -> OrderBook {
                let open = whole.openOrders
                let bids = levels(of: open, .buy, beyond: nil, size: chunk), asks = levels(of: open, .sell, beyond: nil, size: chunk)
                return try OrderBook(symbol: "FNET", restoring: bids.orders + asks.orders, lastSequence: whole.lastSequence,
                                     nextOrderID: whole.nextOrderID, askFrontier: asks.frontier, bidFrontier: bids.frontier)
            }
            var part = try reload()
            var extensions = 0, trades = 0
            for (n, step) in randomStream(seed: seed, count: 3_000, mix: StreamMix(owners: 5, ticks: 30, maxAmount: 20)).enumerated() {
                switch step {
                case .cancel(let id):
                    guard let o = whole.order(id) else { continue }
                    _ = try whole.cancel(id)
                    if part.holds(o.side, price: o.price) {
                        let gone = try part.cancel(id)
                        #expect(gone.remaining == o.remaining, "seed \(seed) step \(n)")
                    } else {
                        #expect(part.order(id) == nil)
                    }
                case .place(let order):
                    guard order.id == nil else { continue }  // the ledger gives every order a fresh id
                    var planned: Result<OrderPlan, MarketError>
                    while true {
                        planned = part.planning(order)
                        guard case .failure(.incompleteBook(let side)) = planned else { break }
                        let f = side == .buy ? part.bidFrontier : part.askFrontier
                        let next = levels(of: whole.openOrders, side, beyond: f, size: chunk)
                        try part.extend(side, with: next.orders, frontier: next.frontier)
                        extensions += 1
                    }
                    let mine: Result<RefResult, MarketError>
                    switch planned {
                    case .success(let plan): mine = .success(RefResult(try part.commit(plan)))
                    case .failure(let e): mine = .failure(e)
                    }
                    let theirs = whole.placing(order).map(RefResult.init)
                    if mine != theirs {
                        Issue.record("seed \(seed) chunk \(chunk) step \(n): \(order)\n partial \(mine)\n whole   \(theirs)")
                        return
                    }
                    if case .success(let r) = theirs { trades += r.fills.count }
                }
                // What the partial book holds is exactly the whole book's orders within its frontiers.
                let held = whole.openOrders.filter { part.holds($0.side, price: $0.price) }
                #expect(part.openOrders.map(\.id) == held.map(\.id), "seed \(seed) step \(n)")
                if n % 211 == 210 { part = try reload() }
            }
            #expect(trades > 100)
            if chunk < 64 { #expect(extensions > 10, "the stream must reach past the loaded levels") }
        }
    }

    @Test func extendRefusesOrdersWithinTheFrontierAndCompleteSides() throws {
        let ask = RestingOrder(id: 1, owner: "a", side: .sell, price: 10, remaining: 1, sequence: 1)
        var b = try OrderBook(symbol: "X", restoring: [ask], askFrontier: 10, bidFrontier: nil)
        #expect(throws: MarketError.crossedBook) {
            try b.extend(.sell, with: [RestingOrder(id: 2, owner: "a", side: .sell, price: 9, remaining: 1, sequence: 2)], frontier: nil)
        }
        #expect(throws: MarketError.crossedBook) {
            try b.extend(.buy, with: [RestingOrder(id: 3, owner: "a", side: .buy, price: 5, remaining: 1, sequence: 3)], frontier: nil)
        }
        #expect(throws: MarketError.crossedBook) {
            _ = try OrderBook(symbol: "X", restoring: [RestingOrder(id: 4, owner: "a", side: .sell, price: 11, remaining: 1, sequence: 1)], askFrontier: 10)
        }
        // A buy at 12 needs the asks beyond 10; one at 10 does not.
        #expect(b.planning(.limit(owner: "b", side: .buy, price: 12, amount: 2)).failureValue == .incompleteBook(.sell))
        #expect(b.planning(.limit(owner: "b", side: .buy, price: 10, amount: 2)).failureValue == nil)
        try b.extend(.sell, with: [RestingOrder(id: 5, owner: "a", side: .sell, price: 11, remaining: 1, sequence: 5)], frontier: nil)
        #expect(b.askFrontier == nil)
        #expect(b.depth().asks.map(\.price) == [10, 11])
    }
}

extension Result {
    var failureValue: Failure? { if case .failure(let e) = self { e } else { nil } }
}
