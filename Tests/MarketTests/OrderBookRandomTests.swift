// The engine against the reference matcher on random streams: identical results (fills in order, prices,
// amounts, statuses, money figures), identical refusals, identical books after every step.
import Market
import Testing

/// What a random stream is made of.
struct StreamMix {
    var owners: Int
    var ticks: Int64  // prices within mid ± ticks
    var maxAmount: Int64
}

enum Step {
    case place(IncomingOrder)
    case cancel(Int64)
}

/// A random stream of every order type and cancels, around a drifting mid price.
func randomStream(seed: UInt64, count: Int, mix: StreamMix = StreamMix(owners: 5, ticks: 8, maxAmount: 20)) -> [Step] {
    var rng = SplitMix(seed: seed)
    let tick: Int128 = 1_000_000_000_000_000  // 0.001 PANDA
    var mid: Int64 = 1_000
    var steps: [Step] = []
    var placed: Int64 = 0
    for _ in 0..<count {
        if Int.random(in: 0..<20, using: &rng) == 0 { mid += Int64.random(in: -3...3, using: &rng) }
        mid = max(mid, mix.ticks + 5)
        let owner = "acct\(Int.random(in: 0..<mix.owners, using: &rng))"
        let side: Side = Bool.random(using: &rng) ? .buy : .sell
        let price = Int128(mid + Int64.random(in: -mix.ticks...mix.ticks, using: &rng)) * tick
        let amount = Int64.random(in: 1...mix.maxAmount, using: &rng)
        let r = Int.random(in: 0..<100, using: &rng)
        switch r {
        case 0..<42: steps.append(.place(.limit(owner: owner, side: side, price: price, amount: amount)))
        case 42..<50: steps.append(.place(.limit(owner: owner, side: side, price: price, amount: amount, tif: .ioc)))
        case 50..<57: steps.append(.place(.limit(owner: owner, side: side, price: price, amount: amount * 2, tif: .fok)))
        case 57..<64: steps.append(.place(.limit(owner: owner, side: side, price: price, amount: amount, tif: .postOnly)))
        case 64..<70:
            let bps = [0, 0, 30, 10_000][Int.random(in: 0..<4, using: &rng)]
            let budget = Int128(Int64.random(in: 1...40, using: &rng)) * Int128(mid) * tick + Int128(Int64.random(in: 0..<1_000_000, using: &rng))
            let cap: Int64 = Bool.random(using: &rng) ? .max : amount
            steps.append(.place(.marketBuy(owner: owner, maxCost: budget, amount: cap, feeBps: bps)))
        case 70..<75: steps.append(.place(.marketSell(owner: owner, amount: amount)))
        case 75..<90:
            // Mostly a recent id (maybe open, maybe gone), sometimes one never used.
            let id = placed > 0 && r != 89 ? Int64.random(in: max(1, placed - 60)...placed, using: &rng) : placed + 1000
            steps.append(.cancel(id))
            continue
        case 90..<93:
            // An explicit id: often one already open (duplicate_order), else a fresh one.
            let id = placed > 0 && Bool.random(using: &rng) ? Int64.random(in: max(1, placed - 20)...placed, using: &rng) : placed + 500
            steps.append(.place(.limit(id: id, owner: owner, side: side, price: price, amount: amount)))
        case 93..<95:
            // Invalid: zero amount, zero price, market sell with a budget.
            let bad: [IncomingOrder] = [
                .limit(owner: owner, side: side, price: price, amount: 0),
                .limit(owner: owner, side: side, price: 0, amount: amount),
                IncomingOrder(owner: owner, side: .sell, kind: .market(maxCost: 5, feeBps: 0), amount: amount),
            ]
            steps.append(.place(bad[Int.random(in: 0..<3, using: &rng)]))
        default:
            steps.append(.place(.limit(owner: owner, side: side, price: price, amount: amount * 5)))
        }
        placed += 1
    }
    return steps
}

/// Runs a stream through both and fails on the first difference. Every `rebuildEvery` steps the engine's
/// book is rebuilt from its open orders (as the ledger does from storage); every step some plans are made
/// and thrown away (they must change nothing).
func crossCheck(seed: UInt64, count: Int, mix: StreamMix = StreamMix(owners: 5, ticks: 8, maxAmount: 20), rebuildEvery: Int = 97)
    throws -> (trades: Int, refusals: Int, maxOpen: Int)
{
    var engine = OrderBook(symbol: "FNET")
    var ref = ReferenceBook()
    var trades = 0, refusals = 0, maxOpen = 0
    for (n, step) in randomStream(seed: seed, count: count, mix: mix).enumerated() {
        switch step {
        case .cancel(let id):
            let e: Result<RestingOrder, MarketError>
            do { e = .success(try engine.cancel(id)) } catch { e = .failure(error as! MarketError) }
            let r = ref.cancel(id)
            switch (e, r) {
            case (.success(let a), .success(let b)):
                #expect(a.id == b.id && a.owner == b.owner && a.side == b.side && a.price == b.price
                        && a.remaining == b.remaining && a.sequence == b.seq, "step \(n) cancel \(id)")
            case (.failure(let a), .failure(let b)): #expect(a == b, "step \(n)")
            default: Issue.record("step \(n): cancel \(id): engine \(e) reference \(r)"); return (trades, refusals, maxOpen)
            }
        case .place(let order):
            if n % 3 == 0 {
                // A plan that is never committed changes nothing.
                let before = engine.version
                _ = try? engine.plan(order)
                #expect(engine.version == before)
            }
            let e: Result<RefResult, MarketError>
            if n % 2 == 0 {
                do { e = .success(RefResult(try engine.place(order))) } catch { e = .failure(error as! MarketError) }
            } else {
                e = engine.placing(order).map(RefResult.init)
            }
            let r = ref.place(order)
            if e != r {
                Issue.record("seed \(seed) step \(n): \(order)\n engine    \(e)\n reference \(r)")
                return (trades, refusals, maxOpen)
            }
            if case .success(let x) = e { trades += x.fills.count } else { refusals += 1 }
        }
        let mine = engine.openOrders.map { RefOrder(id: $0.id, owner: $0.owner, side: $0.side, price: $0.price, remaining: $0.remaining, seq: $0.sequence) }
        if mine != ref.book {
            Issue.record("seed \(seed) step \(n): books differ\n engine    \(mine)\n reference \(ref.book)")
            return (trades, refusals, maxOpen)
        }
        #expect(engine.count == ref.orders.count)
        maxOpen = max(maxOpen, engine.count)
        if n % rebuildEvery == rebuildEvery - 1 {
            engine = try OrderBook(symbol: "FNET", restoring: engine.openOrders.shuffled(), lastSequence: engine.lastSequence,
                                   nextOrderID: engine.nextOrderID)
        }
    }
    // Depth agrees with the reference's levels.
    let depth = engine.depth()
    for (levels, side) in [(depth.bids, Side.buy), (depth.asks, Side.sell)] {
        var expected: [DepthLevel] = []
        for o in ref.book where o.side == side {
            if let last = expected.last, last.price == o.price {
                expected[expected.count - 1].amount += o.remaining
                expected[expected.count - 1].orders += 1
            } else {
                expected.append(DepthLevel(price: o.price, amount: o.remaining, orders: 1))
            }
        }
        #expect(levels == expected)
    }
    return (trades, refusals, maxOpen)
}

struct RandomStreamTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 2024, 0xDEAD_BEEF]

    @Test(arguments: seeds)
    func engineMatchesReference(seed: UInt64) throws {
        let (trades, refusals, maxOpen) = try crossCheck(seed: seed, count: 3_000)
        // The stream must actually exercise the engine.
        #expect(trades > 500)
        #expect(refusals > 50)
        #expect(maxOpen > 20)
    }

    @Test func twoOwnersMeansLotsOfSelfTradePrevention() throws {
        let (trades, _, _) = try crossCheck(seed: 7, count: 3_000, mix: StreamMix(owners: 2, ticks: 3, maxAmount: 5))
        #expect(trades > 300)
    }

    @Test func deepBookWideSpread() throws {
        let (_, _, maxOpen) = try crossCheck(seed: 99, count: 4_000, mix: StreamMix(owners: 30, ticks: 60, maxAmount: 50), rebuildEvery: 1_001)
        #expect(maxOpen > 100)
    }
}
