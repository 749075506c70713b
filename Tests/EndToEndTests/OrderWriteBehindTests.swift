import PandaCore
import Testing

/// Order rows are written at the end of each write transaction (issue 20): within one stream, orders placed
/// beyond the levels the process read, and orders filled or cancelled since, are seen by a later order
/// that reads more levels, by `orders` and `book` lines, and by the next process.
@Suite struct OrderWriteBehindEndToEnd {
    @Test func ordersWaitingToBeWrittenAreSeenByTheLinesAfterThem() throws {
        let l = LedgerFixture(funding: [("seller", "1000000"), ("late", "1000000"), ("buyer", "1000000")])
        func orders(_ args: [String], input: String? = nil) -> Harness.Result {
            Harness.run("pandactl-orders", args + ["--ledger", l.path], stdin: input.map { Array($0.utf8) })
        }
        #expect(Harness.run("pandactl-curve", ["create", "--symbol", "FNET", "--curve", "linear", "--a", "0.001", "--b", "0", "--from", "seller", "--ledger", l.path]).status == 0)
        for who in ["seller", "late"] {
            #expect(Harness.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "1000", "--from", who, "--ledger", l.path]).status == 0)
        }
        func ask(_ who: String, _ i: Int) -> String {
            #"{"op":"place","from":"\#(who)","symbol":"FNET","side":"sell","price":"10.\#(String(repeating: "0", count: 3 - String(i).count) + String(i))","amount":1}"#
        }
        // 300 asks at 10.001 … 10.300: more than the levels a process reads first.
        #expect(orders(["place", "-"], input: (1...300).map { ask("seller", $0) }.joined(separator: "\n") + "\n").status == 0)

        // One stream: 50 asks beyond the levels read (10.301 … 10.350), a buy taking every ask, then queries.
        let lines = (301...350).map { ask("late", $0) } + [
            #"{"op":"place","from":"buyer","symbol":"FNET","side":"buy","price":"11","amount":400,"tif":"ioc"}"#,
            #"{"op":"orders","account":"late","all":true}"#,
            #"{"op":"book","symbol":"FNET","depth":5}"#,
            #"{"op":"cancel","from":"late","order_id":1}"#,
        ]
        let stream = orders(["-"], input: lines.joined(separator: "\n") + "\n")
        let placed = stream.records(ofType: "order").filter { $0["op"] == "place" }
        #expect(placed.count == 51, "\(stream.stderr)")
        let taker = try #require(placed.last)
        #expect(taker["filled"] == 350 && taker["cancelled"] == 50, "\(taker)")
        #expect(stream.records(ofType: "trade").last?["price"] == "10.35")
        // The `orders` line lists the 50 late asks, each filled by the buy before it.
        let listed = stream.records(ofType: "order").filter { $0["owner"] == "late" }
        #expect(listed.count == 50 && listed.allSatisfy { $0["status"] == "filled" && $0["remaining"] == 0 }, "\(listed.prefix(2))")
        let book = try #require(stream.records(ofType: "book").first)
        #expect(book["asks"] == .array([]) && book["bids"] == .array([]))
        #expect(stream.records(ofType: "error").first?["code"] == "unknown_order")

        // The next process reads the rows the stream wrote.
        let after = orders(["orders", "--account", "late", "--all"]).records(ofType: "order")
        #expect(after.count == 50 && after.allSatisfy { $0["status"] == "filled" && $0["filled"] == 1 })
        #expect(orders(["orders", "--account", "seller"]).records(ofType: "order").isEmpty)
        #expect(l.auditPasses())
    }
}
