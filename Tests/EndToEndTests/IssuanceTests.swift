#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

/// Issue 15's cases 1, 2, 3, 6 and 10, each as a user or an attacker would run them; each failed on the
/// programs before the issuance rules of schema 7.
@Suite struct IssueFifteenEndToEnd {
    /// Fits two versions of FNET (the second better, by 3072 bps) and returns their `trained` lines.
    static func trainTwoVersions(_ l: LedgerFixture, contributor: String) -> [String] {
        let v1 = "{\"features\":[1],\"label\":1}\n{\"features\":[2],\"label\":3}\n{\"features\":[3],\"label\":2}\n{\"features\":[4],\"label\":5}\n"
        let v2 = "{\"features\":[1],\"label\":1}\n{\"features\":[2],\"label\":2}\n{\"features\":[3],\"label\":3.1}\n{\"features\":[4],\"label\":4}\n"
        return [v1, v2].map { rows in
            let r = Harness.run("pandactl-train", ["--symbol", "FNET", "--from", "creator", "--contributor", contributor, "--ledger", l.path], input: rows)
            precondition(r.status == 0, r.stderr)
            return r.stdout.split(separator: "\n").first.map(String.init) ?? ""
        }
    }

    static func curve(_ l: LedgerFixture, _ args: [String], input: String? = nil) -> Harness.Result {
        Harness.run("pandactl-curve", args + ["--ledger", l.path], stdin: input.map { Array($0.utf8) })
    }

    static func mint(_ l: LedgerFixture, _ args: [String], input: String? = nil) -> Harness.Result {
        Harness.run("pandactl-mint", args + ["--ledger", l.path], stdin: input.map { Array($0.utf8) })
    }

    static func units(_ v: JSONValue?) -> Int128 { (try? Amount(parsing: v?.stringValue ?? "")).map(\.units) ?? -1 }

    /// Case 1: the owner cannot drain buyers by minting — no initial supply after trading, no grant started in
    /// the past, no grant past the cap; what the cap allows, released and sold at once, leaves alice most of her value.
    @Test func case1OwnerCannotDrainBuyersByMinting() throws {
        let l = LedgerFixture(funding: [("creator", "10000"), ("alice", "1000")])
        #expect(Self.curve(l, ["create", "--symbol", "FNET", "--from", "creator"]).status == 0)
        #expect(Self.curve(l, ["buy", "--symbol", "FNET", "--amount", "1000", "--from", "alice"]).status == 0)
        let value = Self.units(Self.curve(l, ["quote", "--symbol", "FNET", "--side", "sell", "--amount", "1000"]).records.first?["payout"])
        let paid = try Amount(parsing: "333.333333333333333334")  // (a `try` inside #expect does not build with Swift 6.0)
        #expect(value == paid.units)

        let initial = Self.mint(l, ["initial", "--symbol", "FNET", "--score", "100", "--from", "creator"])
        #expect(initial.status == 1)
        #expect(initial.errorCodes == ["already_trading"])
        let past = Self.mint(l, ["distribute", "--symbol", "FNET", "--to", "creator", "--amount", "1000000", "--start", "2000-01-01T00:00:00Z",
                                 "--cliff", "0s", "--period", "1d", "--from", "creator"])
        #expect(past.errorCodes == ["invalid_ts"])
        let big = Self.mint(l, ["distribute", "--symbol", "FNET", "--to", "creator", "--amount", "1000000", "--cliff", "0s", "--period", "1s",
                                "--from", "creator"])
        #expect(big.errorCodes == ["emission_cap"])
        let stats = Self.curve(l, ["stats", "--symbol", "FNET"]).records.first
        #expect(stats?["emission_left"] == 100)  // 10% of the 1000 alice bought
        #expect(stats?["max_emission"] == "10%")
        #expect(stats?["max_dilution"]?.stringValue?.hasPrefix("0.2") == true)  // 1 − e^(−0.3) ≈ 26% on the seed's curve

        // Everything the cap allows, granted, released and sold at once.
        let grant = Self.mint(l, ["distribute", "--symbol", "FNET", "--to", "creator", "--amount", "100", "--cliff", "0s", "--period", "1s",
                                  "--from", "creator"])
        #expect(grant.status == 0, "\(grant.stderr)")
        #expect(grant.records.first?["unvested"] == 100)
        #expect(Self.curve(l, ["stats", "--symbol", "FNET"]).records.first?["fully_diluted_supply"] == 1100)
        usleep(1_100_000)
        #expect(Self.mint(l, ["release", "--symbol", "FNET", "--from", "creator"]).records.first?["minted"] == 100)
        #expect(Self.curve(l, ["sell", "--symbol", "FNET", "--amount", "100", "--from", "creator"]).status == 0)
        #expect(Self.mint(l, ["distribute", "--symbol", "FNET", "--to", "creator", "--amount", "1", "--period", "1d", "--from", "creator"])
            .errorCodes == ["emission_cap"])
        let after = Self.units(Self.curve(l, ["quote", "--symbol", "FNET", "--side", "sell", "--amount", "1000"]).records.first?["payout"])
        // (1000/1100)^3 = 75.1% of her value: above the cap's worst case e^(−0.3) = 74.1%, where the old programs left her 0.0000003.
        #expect(after * 1000 >= value * 741, "alice's 1000 tokens now sell for \(Amount(units: after))")
        #expect(l.auditPasses())
    }

    /// Case 2: improvement rewards are a share of the circulating supply, at most 2% per event.
    @Test func case2ImprovementRewardsAreSupplyRelative() throws {
        let l = LedgerFixture(funding: [("creator", "10"), ("alice", "1000")])
        #expect(Self.curve(l, ["create", "--symbol", "FNET", "--from", "creator"]).status == 0)
        #expect(Self.mint(l, ["verifier", "--symbol", "FNET", "--account", "ver", "--from", "creator"]).status == 0)
        #expect(Self.curve(l, ["buy", "--symbol", "FNET", "--amount", "810", "--from", "alice"]).status == 0)
        let lines = """
            {"op":"improvement","symbol":"FNET","bps":1000,"contributor":"carol","ts":"2030-01-01T00:00:00Z"}
            {"op":"improvement","symbol":"FNET","bps":5000,"contributor":"carol","ts":"2030-01-02T00:00:00Z"}

            """
        let r = Self.mint(l, ["improvement", "-", "--from", "ver"], input: lines)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.records.map { $0["reward"] } == [8, 16])  // 810 × 1000 / 100,000 = 8.1; then 2% of 818 = 16.36
        #expect(r.records.last?["capped"] == true)
        #expect(r.records.last?["supply"] == 834)
        #expect(l.auditPasses())
    }

    /// Case 3: a buy of supply nobody paid for is refused until the owner seeds the reserve; after the
    /// seed, a buy sold back at once returns what it cost (less rounding), not 0.3% of it.
    @Test func case3UnbackedSupplyWaitsForTheSeed() throws {
        let l = LedgerFixture(funding: [("creator", "1000"), ("alice", "1000")])
        #expect(Self.curve(l, ["create", "--symbol", "FNET", "--from", "creator"]).status == 0)
        #expect(Self.mint(l, ["initial", "--symbol", "FNET", "--score", "50", "--from", "creator"]).records.first?["minted"] == 1000)
        let refused = Self.curve(l, ["buy", "--symbol", "FNET", "--amount", "1000", "--from", "alice"])
        #expect(refused.status == 1)
        #expect(refused.errorCodes == ["unbacked_supply"])
        #expect(Self.curve(l, ["quote", "--symbol", "FNET", "--amount", "1000"]).errorCodes == ["unbacked_supply"])
        let notOwner = Self.curve(l, ["seed", "--symbol", "FNET", "--amount", "100", "--from", "alice"])
        #expect(notOwner.errorCodes == ["not_authorized"])
        let seed = Self.curve(l, ["seed", "--symbol", "FNET", "--amount", "333.333333333333333334", "--from", "creator"])
        #expect(seed.status == 0, "\(seed.stderr)")
        #expect(seed.records.first?["supply"] == 1000)  // no tokens out
        #expect(seed.records.first?["reserve"] == "333.333333333333333334")
        let buy = Self.curve(l, ["buy", "--symbol", "FNET", "--amount", "100", "--from", "alice"])
        #expect(buy.status == 0, "\(buy.stderr)")
        let cost = Self.units(buy.records.first?["cost"])
        let back = Self.units(Self.curve(l, ["sell", "--symbol", "FNET", "--amount", "100", "--from", "alice"]).records.first?["payout"])
        #expect(back * 1_000_000 >= cost * 999_999, "bought for \(Amount(units: cost)), sold back for \(Amount(units: back))")
        #expect(l.auditPasses())
    }

    /// Case 6: a `trained` record is checked against the ledger: made-up versions are refused, the ledger's
    /// own improvement and contributor are rewarded, once per version.
    @Test func case6TrainedRecordsAreCheckedAgainstTheLedger() throws {
        let l = LedgerFixture(funding: [("creator", "10"), ("alice", "100000")])
        #expect(Self.curve(l, ["create", "--symbol", "FNET", "--from", "creator"]).status == 0)
        #expect(Self.mint(l, ["verifier", "--symbol", "FNET", "--account", "ver", "--from", "creator"]).status == 0)
        let trained = Self.trainTwoVersions(l, contributor: "dana")
        #expect(Self.curve(l, ["buy", "--symbol", "FNET", "--amount", "5000", "--from", "alice"]).status == 0)
        let made = "{\"type\":\"trained\",\"symbol\":\"FNET\",\"version\":9,\"model_hash\":\"0x\(String(repeating: "ab", count: 32))\",\"improvement_bps\":9999,\"contributor\":\"mallory\"}\n"
        let fake = Self.mint(l, ["improvement", "-", "--from", "ver"], input: made)
        #expect(fake.errorCodes == ["unknown_version"])
        // The real version with forged figures: the ledger's improvement (3072 bps) and contributor (dana) are used.
        var forged = try #require(try JSONParser.parse(trained[1]).objectValue)
        forged["improvement_bps"] = 9999
        forged["contributor"] = "mallory"
        forged["model_hash"] = .string("0x" + String(repeating: "cd", count: 32))
        #expect(Self.mint(l, ["improvement", "-", "--from", "ver"], input: JSONWriter.string(.object(forged)) + "\n").errorCodes == ["unknown_version"])
        forged["model_hash"] = try #require(try JSONParser.parse(trained[1]).objectValue?["model_hash"])
        let r = Self.mint(l, ["improvement", "-", "--from", "ver"], input: JSONWriter.string(.object(forged)) + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.records.first?["contributor"] == "dana")
        #expect(r.records.first?["bps"] == 3072)
        #expect(r.records.first?["reward"] == 100)  // 5,000 × 3072 / 100,000 = 153, at most 2% of 5,000
        #expect(l.pandactl(["balance", "--account", "mallory"]).status == 1)
        let again = Self.mint(l, ["improvement", "-", "--from", "ver"], input: trained[1] + "\n")
        #expect(again.errorCodes == ["already_rewarded"])
        #expect(l.auditPasses())
    }

    /// Case 10: verifiers set success metrics, not only the owner; others may not.
    @Test func case10VerifiersSetMetrics() throws {
        let l = LedgerFixture(funding: [("creator", "10")])
        #expect(Self.curve(l, ["create", "--symbol", "FNET", "--from", "creator"]).status == 0)
        #expect(Self.mint(l, ["verifier", "--symbol", "FNET", "--account", "ver", "--from", "creator"]).status == 0)
        let byVerifier = Self.curve(l, ["metrics", "--symbol", "FNET", "--adoption", "0.5", "--from", "ver"])
        #expect(byVerifier.status == 0, "\(byVerifier.stderr)")
        #expect(byVerifier.records.first?["multiplier"] == "1.125")
        let byOther = Self.curve(l, ["metrics", "--symbol", "FNET", "--adoption", "1", "--from", "mallory"])
        #expect(byOther.status == 77)
        #expect(byOther.errorCodes == ["not_authorized"])
        #expect(Self.curve(l, ["metrics", "--symbol", "FNET", "--growth", "0.5", "--from", "creator"]).status == 0)
        #expect(l.auditPasses())
    }
}
