import PandaCore
import Testing

/// A book larger than the levels a process reads at once (issue 20): each process reads the best levels of
/// each side, more as its order needs them, so an order taking 650 asks, a cancel of the worst ask and
/// `book` answer as on a book read whole.
@Suite struct BookSizeEndToEnd {
    @Test func ordersReachPastTheLevelsReadFirst() throws {
        let l = LedgerFixture(funding: [("seller", "1000000"), ("buyer", "1000000")])
        func orders(_ args: [String], input: String? = nil) -> Harness.Result {
            Harness.run("pandactl-orders", args + ["--ledger", l.path], stdin: input.map { Array($0.utf8) })
        }
        #expect(Harness.run("pandactl-curve", ["create", "--symbol", "FNET", "--curve", "linear", "--a", "0.001", "--b", "0", "--from", "seller", "--ledger", l.path]).status == 0)
        #expect(Harness.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "5000", "--from", "seller", "--ledger", l.path]).status == 0)
        // 1,000 asks at 10.001 … 11.000, placed in descending price order (the levels read are the lowest).
        let asks = (1...1000).reversed().map { i in
            #"{"from":"seller","symbol":"FNET","side":"sell","price":"\#(10 + i / 1000).\#(String(repeating: "0", count: 3 - String(i % 1000).count) + String(i % 1000))","amount":1}"#
        }.joined(separator: "\n") + "\n"
        #expect(orders(["place", "-"], input: asks).status == 0)

        // A new process: a buy taking the 650 best asks, read in several steps.
        let taker = orders(["place", "--symbol", "FNET", "--side", "buy", "--price", "10.650", "--amount", "700", "--tif", "ioc", "--from", "buyer"])
        #expect(taker.status == 0, "\(taker.stderr)")
        let receipt = try #require(taker.records(ofType: "order").first)
        #expect(receipt["filled"] == 650)
        let trades = taker.records(ofType: "trade")
        #expect(trades.count == 650)
        #expect(trades.first?["price"] == "10.001" && trades.last?["price"] == "10.65")
        // Σ 10.001 … 10.650 = 650 × 10 + (1 + … + 650) / 1000
        #expect(receipt["spent"] == .string(Amount(units: Int128(6_500_000 + 650 * 651 / 2) * 1_000_000_000_000_000).description))

        // The worst ask, far past the levels a process reads first, cancelled from a new process.
        let worst = try #require(orders(["orders", "--account", "seller", "--symbol", "FNET"]).records(ofType: "order").first { $0["price"] == "11" })
        let cancel = orders(["cancel", "--order-id", worst["order_id"]?.numberValue?.text ?? "", "--from", "seller"])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        let book = try #require(orders(["book", "--symbol", "FNET", "--depth", "3"]).records(ofType: "book").first)
        #expect(book["asks"]?.arrayValue?.compactMap { $0.objectValue?["price"]?.stringValue } == ["10.651", "10.652", "10.653"])
        #expect(book["bids"] == .array([]))
        let market = try #require(orders(["markets"]).records(ofType: "market").first)
        #expect(market["best_ask"] == "10.651")
        // A buy reaching the last asks: 349 left (1,000 − 650 taken − 1 cancelled).
        let rest = orders(["place", "--symbol", "FNET", "--side", "buy", "--price", "12", "--amount", "400", "--from", "buyer"])
        #expect(rest.records(ofType: "order").first?["filled"] == 349)
        #expect(rest.records(ofType: "order").first?["remaining"] == 51)
        #expect(l.auditPasses())
    }
}
