// In-process matching throughput. Skipped unless PANDA_BENCH=1 (bench/market/engine.sh runs it in a
// release build). Not a correctness test: the random-stream tests are.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Market
import Testing

let benchEnabled: Bool = getenv("PANDA_BENCH").map { String(cString: $0) == "1" } ?? false

/// A realistic stream: 1,000 accounts with address-like names; limit gtc within −5…+20 ticks of a slowly
/// drifting mid on the passive side (58%), ioc (8%), post_only (4%), fok (2%), market buys with a budget
/// and a 30 bps fee, and market sells (4%), and cancels of a random open order (24%). The generator runs
/// its own book so that cancels name orders that are open at that point (as a user's would).
func benchStream(count: Int, seed: UInt64) -> [Step] {
    var rng = SplitMix(seed: seed)
    let owners = (0..<1_000).map { i in "0x" + String(repeating: "0", count: 34) + String(100_000 + i) }
    let tick: Int128 = 1_000_000_000_000_000
    var mid: Int64 = 10_000
    var steps: [Step] = []
    steps.reserveCapacity(count)
    var book = OrderBook(symbol: "GEN")
    var live: [Int64] = []
    for _ in 0..<count {
        if Int.random(in: 0..<64, using: &rng) == 0 { mid += Int64.random(in: -2...2, using: &rng) }
        let r = Int.random(in: 0..<100, using: &rng)
        if r < 24 {
            var id: Int64? = nil
            while id == nil && !live.isEmpty {
                let k = Int.random(in: 0..<live.count, using: &rng)
                if book.order(live[k]) != nil { id = live[k] }
                live.swapAt(k, live.count - 1)
                live.removeLast()
            }
            if let id {
                steps.append(.cancel(id))
                _ = try? book.cancel(id)
                continue
            }
        }
        let owner = owners[Int.random(in: 0..<owners.count, using: &rng)]
        let side: Side = Bool.random(using: &rng) ? .buy : .sell
        // Buyers below the mid and sellers above, mostly: a book that rests and trades.
        let offset = Int64.random(in: -5...20, using: &rng)
        let price = Int128(side == .buy ? mid - offset : mid + offset) * tick
        let amount = Int64.random(in: 1...100, using: &rng)
        let order: IncomingOrder
        switch r {
        case 0..<82: order = .limit(owner: owner, side: side, price: price, amount: amount)
        case 82..<90: order = .limit(owner: owner, side: side, price: price, amount: amount, tif: .ioc)
        case 90..<94: order = .limit(owner: owner, side: side, price: price, amount: amount, tif: .postOnly)
        case 94..<96: order = .limit(owner: owner, side: side, price: price, amount: amount, tif: .fok)
        case 96..<98: order = .marketBuy(owner: owner, maxCost: Int128(amount) * Int128(mid) * tick, feeBps: 30)
        default: order = .marketSell(owner: owner, amount: amount)
        }
        steps.append(.place(order))
        if case .success(let res) = book.placing(order), res.remaining > 0 { live.append(res.orderID) }
    }
    return steps
}

struct MatchingBenchmark {
    @Test(.enabled(if: benchEnabled))
    func ordersPerSecond() throws {
        let n = Int(getenv("PANDA_BENCH_N").map { String(cString: $0) } ?? "") ?? 2_000_000
        let steps = benchStream(count: n, seed: 2024)
        var best = Double.infinity
        var trades = 0, refused = 0, open = 0
        for _ in 0..<3 {
            var book = OrderBook(symbol: "FNET")
            trades = 0; refused = 0
            let clock = ContinuousClock()
            let start = clock.now
            for step in steps {
                switch step {
                // No throwing here: Swift Testing records a backtrace for every thrown error, which would
                // dominate the figure. A caller looks an order up (owner check) before cancelling anyway.
                case .place(let o):
                    switch book.placing(o) {
                    case .success(let r): trades &+= r.fills.count
                    case .failure: refused &+= 1
                    }
                case .cancel(let id):
                    if book.order(id) != nil { _ = try? book.cancel(id) } else { refused &+= 1 }
                }
            }
            let d = start.duration(to: clock.now)
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            best = min(best, seconds)
            open = book.count
        }
        let rate = Double(n) / best
        print("market bench: \(n) requests (places and cancels) in \(best) s = \(Int(rate)) orders/s; \(trades) fills, \(refused) refused or unknown, \(open) open at the end")
        #expect(trades > 0)
    }
}
