#if canImport(Glibc)
import Glibc
#endif
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

    /// The other curve families through the CLI: each cost is the integral of the price function
    /// (closed form, computed here in Double) to 1e-9 relative, and selling everything returns exactly
    /// the reserve.
    @Test(arguments: CurveEndToEnd.families)
    func curveFamiliesPriceByTheirIntegral(_ family: Family) throws {
        let l = LedgerFixture(funding: [("creator", "10"), ("buyer", "100000000")])
        let create = Harness.run("pandactl-curve", ["create", "--symbol", "CRV", "--from", "creator", "--ledger", l.path] + family.flags)
        #expect(create.status == 0, "\(create.stderr)")
        let input = """
            {"op":"buy","from":"buyer","symbol":"CRV","amount":300}
            {"op":"buy","from":"buyer","symbol":"CRV","amount":700}
            {"op":"sell","from":"buyer","symbol":"CRV","amount":250}
            {"op":"sell","from":"buyer","symbol":"CRV","amount":750}

            """
        let r = Harness.run("pandactl-curve", ["--ledger", l.path], input: input)
        #expect(r.status == 0, "\(r.stderr)")
        let values = r.records.map { Double(($0["cost"] ?? $0["payout"])?.stringValue ?? "") ?? .nan }
        let expected = [family.F(300) - family.F(0), family.F(1000) - family.F(300), family.F(1000) - family.F(750), family.F(750) - family.F(0)]
        for (got, want) in zip(values, expected) {
            #expect(abs(got - want) <= 1e-9 * want, "\(family.flags): \(got) vs \(want)")
        }
        // Bought 1000, sold 1000: the reserve paid out in full, to the base unit.
        #expect(r.records.last?["reserve"] == "0")
        #expect(r.records.last?["supply"] == 0)
        #expect(l.auditPasses())
    }

    struct Family: Sendable, CustomTestStringConvertible {
        var flags: [String]
        /// The closed-form integral of the price function from 0 to x.
        var F: @Sendable (Double) -> Double
        var testDescription: String { flags.joined(separator: " ") }
    }

    static let families: [Family] = [
        Family(flags: ["--curve", "linear", "--a", "0.5", "--b", "0.002"], F: { x in 0.5 * x + 0.001 * x * x }),
        Family(flags: ["--curve", "exponential", "--p0", "0.01", "--k", "0.003"], F: { x in 0.01 / 0.003 * expm1(0.003 * x) }),
        Family(flags: ["--curve", #"{"type":"sigmoid","p0":"2","alpha":"0.01","s0":500}"#],
               F: { x in 2 / 0.01 * (log1p(exp(0.01 * (x - 500))) - log1p(exp(-5))) }),
    ]
}

@Suite struct IssuanceEndToEnd {
    /// `pandactl-train … | pandactl-mint improvement -`: a trained record becomes a reward for its
    /// contributor, sent by the verifier running the mint (not by the record's trainer).
    @Test func trainedRecordsMintImprovementsAndBurnsPayForAccess() throws {
        let l = LedgerFixture(funding: [("creator", "10"), ("alice", "1000")])
        #expect(Harness.run("pandactl-curve", ["create", "--symbol", "FNET", "--from", "creator", "--ledger", l.path]).status == 0)
        #expect(Harness.run("pandactl-mint", ["verifier", "--symbol", "FNET", "--account", "ver", "--from", "creator", "--ledger", l.path]).status == 0)
        let trained = IssueFifteenEndToEnd.trainTwoVersions(l, contributor: "dana")
        #expect(trained.count == 2)
        #expect(Harness.run("pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "1000", "--from", "alice", "--ledger", l.path]).status == 0)
        // The first version has no improvement (skipped); the second's is rewarded as a share of the supply.
        let r = Harness.run("pandactl-mint", ["improvement", "-", "--from", "ver", "--ledger", l.path], input: trained.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.records.count == 1)
        #expect(r.records.first?["reward"] == 20)  // 1000 × 3072 / 100,000 = 30, at most 2% of the supply
        #expect(r.records.first?["capped"] == true)
        #expect(r.records.first?["from"] == "ver")
        #expect(r.records.first?["version"] == 2)
        #expect(l.pandactl(["balance", "--account", "dana"]).records.first?["tokens"]?.objectValue?["FNET"] == 20)
        let burn = Harness.run("pandactl-burn", ["access", "--symbol", "FNET", "--requests", "1000", "--from", "alice", "--ledger", l.path])
        #expect(burn.status == 0, "\(burn.stderr)")
        #expect(burn.records.first?["burned"] == 800)
        let stats = l.pandactl(["stats", "--symbol", "FNET"])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.records.first?["minted"] == 20)
        #expect(stats.records.first?["burned"] == 800)
        #expect(stats.records.first?["access_requests"] == 1000)
        #expect(l.auditPasses())
    }

    @Test func indexFundThroughTheCLI() throws {
        let l = LedgerFixture(funding: [("creator", "10"), ("manager", "10"), ("alice", "5000")])
        for symbol in ["FNET", "VISN"] {
            #expect(Harness.run("pandactl-curve", ["create", "--symbol", symbol, "--from", "creator", "--ledger", l.path]).status == 0)
        }
        let create = Harness.run("pandactl-index", ["create", "--name", "AI2", "--weights", #"{"FNET":3,"VISN":2}"#, "--from", "manager", "--ledger", l.path])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.records.first?["weights"]?.objectValue?["FNET"] == "0.6")
        let buy = Harness.run("pandactl-index", ["buy", "--name", "AI2", "--shares", "1000", "--max-cost", "1001", "--from", "alice", "--ledger", l.path])
        #expect(buy.status == 0, "\(buy.stderr)")
        let portfolio = Harness.run("pandactl-index", ["portfolio", "--name", "AI2", "--ledger", l.path])
        #expect(portfolio.records(ofType: "holding").map { $0["symbol"]?.stringValue ?? "" } == ["FNET", "VISN", "PANDA"])
        let early = Harness.run("pandactl-index", ["rebalance", "--name", "AI2", "--from", "manager", "--ledger", l.path])
        #expect(early.status == 1)
        #expect(early.errorCodes == ["not_due"])
        #expect(l.auditPasses())
    }
}
