import PandaCore
import Testing

@Suite struct CurveEndToEnd {
    @Test func createBuySellPriceStatsThroughTheCLI() throws {
        let l = LedgerFixture(funding: [("creator", "10"), ("buyer", "1000")])
        let create = Harness.run("pandactl-curve", ["create", "--symbol", "FNET", "--name", "FraudNet", "--from", "creator", "--ledger", l.path])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.records.first?["price"] == "0.000001")
        let quote = Harness.run("pandactl-curve", ["quote", "--symbol", "FNET", "--amount", "1000", "--ledger", l.path])
        #expect(quote.records.first?["cost"] == "333.333333333333333334")
        let lines = """
            {"op":"buy","from":"buyer","symbol":"FNET","amount":1000,"max_cost":"334"}
            {"op":"sell","from":"buyer","symbol":"FNET","amount":2000}
            {"op":"buy","from":"buyer","symbol":"FNET","amount":10,"max_cost":"0.1"}
            {"op":"sell","from":"buyer","symbol":"FNET","amount":500,"min_payout":"291"}
            {"op":"price","symbol":"FNET"}
            {"op":"buy","from":"buyer","symbol":"NOPE","amount":1}

            """
        let r = Harness.run("pandactl-curve", ["--ledger", l.path], input: lines)
        #expect(r.status == 1)
        #expect(r.records.map { $0["type"]?.stringValue ?? "" } == ["receipt", "error", "error", "receipt", "receipt", "error"])
        #expect(r.errorCodes == ["insufficient_tokens", "slippage", "unknown_symbol"])
        #expect(r.records[3]["payout"] == "291.666666666666666666")
        #expect(r.records[4]["price"] == "0.25")
        let balance = l.pandactl(["balance", "--account", "buyer"])
        #expect(balance.records.first?["tokens"]?.objectValue?["FNET"] == 500)
        let stats = Harness.run("pandactl-curve", ["stats", "--symbol", "FNET", "--ledger", l.path])
        #expect(stats.records.first?["total_supply"] == 500)
        let table = Harness.run("pandactl-curve", ["table", "--symbol", "FNET", "--start", "0", "--end", "1000", "--steps", "4", "--ledger", l.path])
        #expect(table.records(ofType: "point").count == 5)
        #expect(l.auditPasses())
        let claim = Harness.run("pandactl-curve", ["claim", "--symbol", "FNET", "--from", "buyer", "--ledger", l.path])
        #expect(claim.status == 1)
        #expect(claim.errorCodes == ["nothing_to_claim"])
    }
}
