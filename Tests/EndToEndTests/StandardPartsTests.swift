#if canImport(Glibc)
import Glibc
#endif
import PandaCore
import Testing

/// Issue 19's standard parts, each as a user runs them: allowances (approve, allowance, transfer-from, access
/// burns for a holder), burn settings, treasury mints, early release of grants, provenance transfers.
@Suite struct StandardPartsEndToEnd {
    static func run(_ l: LedgerFixture, _ program: String, _ args: [String], input: String? = nil) -> Harness.Result {
        Harness.run(program, args + ["--ledger", l.path], stdin: input.map { Array($0.utf8) })
    }

    static func int(_ v: JSONValue?) -> Int64? { v?.numberValue.flatMap { Int64($0.text) } }

    /// A ledger with FNET, alice holding 100 of it.
    static func aliceHolds100() -> LedgerFixture {
        let l = LedgerFixture(funding: [("owner", "100"), ("alice", "100"), ("gateway", "100")])
        precondition(run(l, "pandactl-curve", ["create", "--symbol", "FNET", "--from", "owner"]).status == 0)
        precondition(run(l, "pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "100", "--from", "alice"]).status == 0)
        return l
    }

    @Test func approveAllowanceTransferFrom() throws {
        let l = Self.aliceHolds100()
        let approve = Self.run(l, "pandactl-curve", ["approve", "--symbol", "FNET", "--spender", "gateway", "--amount", "30", "--from", "alice"])
        #expect(approve.status == 0, "\(approve.stderr)")
        #expect(approve.records.first?["allowance"] == 30)
        #expect(approve.records.first?["previous"] == 0)
        let query = Self.run(l, "pandactl-curve", ["allowance", "--symbol", "FNET", "--owner", "alice", "--spender", "gateway"])
        #expect(query.records.count == 1)
        #expect(query.records.first?["allowance"] == 30)

        // The spender sends: alice's tokens go to bob, the allowance shrinks.
        let moved = Self.run(l, "pandactl-curve", ["transfer-from", "--symbol", "FNET", "--owner", "alice", "--to", "bob", "--amount", "10", "--from", "gateway"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.records.first?["allowance"] == 20)
        #expect(moved.records.first?["balances"]?.objectValue?["alice"] == 90)
        #expect(moved.records.first?["balances"]?.objectValue?["bob"] == 10)
        #expect(l.auditPasses())

        // Refusals change nothing: beyond the allowance; a sender alice did not approve; the zero address.
        let before = l.snapshot()
        let over = Self.run(l, "pandactl-curve", ["transfer-from", "--symbol", "FNET", "--owner", "alice", "--to", "bob", "--amount", "21", "--from", "gateway"])
        #expect(over.status == 1)
        #expect(over.errorCodes == ["allowance_exceeded"])
        let stranger = Self.run(l, "pandactl-curve", ["transfer-from", "--symbol", "FNET", "--owner", "alice", "--to", "bob", "--amount", "1", "--from", "bob"])
        #expect(stranger.errorCodes == ["not_authorized"])
        #expect(stranger.status == 77)
        let zero = Self.run(l, "pandactl-curve", ["approve", "--symbol", "FNET", "--spender", "0x0000000000000000000000000000000000000000", "--amount", "1",
                                                  "--from", "alice"])
        #expect(zero.errorCodes == ["zero_address"])
        #expect(l.snapshot() == before)

        // Balances list allowances given and received.
        let alice = Self.run(l, "pandactl", ["balance", "--account", "alice"]).records.first
        #expect(alice?["allowances"]?.objectValue?["given"]?.objectValue?["FNET"]?.objectValue?["gateway"] == 20)
        let gateway = Self.run(l, "pandactl", ["balance", "--account", "gateway"]).records.first
        #expect(gateway?["allowances"]?.objectValue?["received"]?.objectValue?["FNET"]?.objectValue?["alice"] == 20)

        // The spender spends exactly what is left; the allowance is gone, so the next is refused as a non-spender.
        #expect(Self.run(l, "pandactl-curve", ["transfer-from", "--symbol", "FNET", "--owner", "alice", "--to", "gateway", "--amount", "20", "--from", "gateway"])
            .records.first?["allowance"] == 0)
        #expect(Self.run(l, "pandactl-curve", ["transfer-from", "--symbol", "FNET", "--owner", "alice", "--to", "bob", "--amount", "1", "--from", "gateway"])
            .errorCodes == ["not_authorized"])
        // approve sets (not adds); 0 withdraws.
        #expect(Self.run(l, "pandactl-curve", ["approve", "--symbol", "FNET", "--spender", "gateway", "--amount", "5", "--from", "alice"]).status == 0)
        #expect(Self.run(l, "pandactl-curve", ["approve", "--symbol", "FNET", "--spender", "gateway", "--amount", "7", "--from", "alice"])
            .records.first?["previous"] == 5)
        #expect(Self.run(l, "pandactl-curve", ["approve", "--symbol", "FNET", "--spender", "gateway", "--amount", "0", "--from", "alice"]).status == 0)
        #expect(Self.run(l, "pandactl-curve", ["allowance", "--symbol", "FNET", "--owner", "alice", "--spender", "gateway"]).records.first?["allowance"] == 0)
        #expect(l.auditPasses())
    }

    /// An allowance does not reserve tokens: a spender moves only what the owner holds free.
    @Test func transferFromNeedsTheOwnersTokens() throws {
        let l = Self.aliceHolds100()
        #expect(Self.run(l, "pandactl-curve", ["approve", "--symbol", "FNET", "--spender", "gateway", "--amount", "500", "--from", "alice"]).status == 0)
        let r = Self.run(l, "pandactl-curve", ["transfer-from", "--symbol", "FNET", "--owner", "alice", "--to", "bob", "--amount", "101", "--from", "gateway"])
        #expect(r.errorCodes == ["insufficient_tokens"])
        #expect(Self.run(l, "pandactl-curve", ["allowance", "--symbol", "FNET", "--owner", "alice", "--spender", "gateway"]).records.first?["spendable"] == 100)
        #expect(Self.run(l, "pandactl-curve", ["allowance", "--symbol", "FNET", "--owner", "alice", "--spender", "gateway"]).records.first?["allowance"] == 500)
        #expect(l.auditPasses())
    }

    @Test func gatewayBurnsTheHoldersTokensForAccess() throws {
        let l = Self.aliceHolds100()
        #expect(Self.run(l, "pandactl-curve", ["approve", "--symbol", "FNET", "--spender", "gateway", "--amount", "50", "--from", "alice"]).status == 0)
        let burn = Self.run(l, "pandactl-burn", ["access", "--symbol", "FNET", "--requests", "40", "--holder", "alice", "--from", "gateway"])
        #expect(burn.status == 0, "\(burn.stderr)")
        let r = try #require(burn.records.first)
        #expect(r["burned"] == 38)  // 40 requests, 5% off
        #expect(r["holder"] == "alice")
        #expect(r["allowance"] == 12)
        #expect(r["tokens"] == 62)
        #expect(r["supply"] == 62)
        let over = Self.run(l, "pandactl-burn", ["access", "--symbol", "FNET", "--requests", "13", "--holder", "alice", "--from", "gateway"])
        #expect(over.errorCodes == ["allowance_exceeded"])
        let stranger = Self.run(l, "pandactl-burn", ["access", "--symbol", "FNET", "--requests", "1", "--holder", "alice", "--from", "owner"])
        #expect(stranger.errorCodes == ["not_authorized"])
        // The gateway's own tokens are untouched (it has none) and its balance lists what it may still burn.
        let gw = Self.run(l, "pandactl", ["balance", "--account", "gateway"]).records.first
        #expect(gw?["tokens"]?.objectValue?.isEmpty == true)
        #expect(gw?["allowances"]?.objectValue?["received"]?.objectValue?["FNET"]?.objectValue?["alice"] == 12)
        #expect(l.auditPasses())
    }

    @Test func burnSettingsByTheOwner() throws {
        let l = Self.aliceHolds100()
        let set = Self.run(l, "pandactl-burn", ["set", "--symbol", "FNET", "--redeem-minimum", "5", "--redeem-cooldown", "2h",
                                                "--discounts", #"{"10":"3%","50":0.1}"#, "--from", "owner"])
        #expect(set.status == 0, "\(set.stderr)")
        let r = try #require(set.records.first)
        #expect(r["redeem_minimum"] == 5)
        #expect(r["redeem_cooldown"] == "2h")
        #expect(r["discounts"] == .object(JSONObject([("10", "3%"), ("50", "10%")])))
        // Journaled: the entry is in the log and the audit replays it.
        #expect(Self.run(l, "pandactl", ["log"]).records.contains { $0["op"] == "burn.set" })
        // Refusals: not the owner; a discount over 25%; a larger batch earning less.
        let before = l.snapshot()
        let notOwner = Self.run(l, "pandactl-burn", ["set", "--symbol", "FNET", "--redeem-minimum", "1", "--from", "alice"])
        #expect(notOwner.errorCodes == ["not_authorized"])
        #expect(Self.run(l, "pandactl-burn", ["set", "--symbol", "FNET", "--discounts", #"{"10":"25.01%"}"#, "--from", "owner"]).errorCodes == ["invalid_request"])
        #expect(Self.run(l, "pandactl-burn", ["set", "--symbol", "FNET", "--discounts", #"{"10":"10%","100":"5%"}"#, "--from", "owner"]).errorCodes
            == ["invalid_request"])
        #expect(l.snapshot() == before)
        // The settings act: 50 requests at 10% burn 45; 9 requests get no discount; a redemption below 5 is refused.
        #expect(Self.run(l, "pandactl-burn", ["access", "--symbol", "FNET", "--requests", "50", "--from", "alice"]).records.first?["burned"] == 45)
        #expect(Self.run(l, "pandactl-burn", ["access", "--symbol", "FNET", "--requests", "9", "--from", "alice"]).records.first?["burned"] == 9)
        #expect(Self.run(l, "pandactl-burn", ["redeem", "--symbol", "FNET", "--amount", "4", "--from", "alice"]).errorCodes == ["below_minimum"])
        #expect(Self.run(l, "pandactl-burn", ["redeem", "--symbol", "FNET", "--amount", "5", "--from", "alice"]).status == 0)
        let again = Self.run(l, "pandactl-burn", ["redeem", "--symbol", "FNET", "--amount", "5", "--from", "alice"])
        #expect(again.errorCodes == ["cooldown"])
        // Shown by stats.
        let stats = try #require(Self.run(l, "pandactl", ["stats", "--symbol", "FNET"]).records.first)
        #expect(stats["redeem_minimum"] == 5)
        #expect(stats["redeem_cooldown"] == "2h")
        #expect(stats["discounts"] == .object(JSONObject([("10", "3%"), ("50", "10%")])))
        #expect(l.auditPasses())
    }

    @Test func treasuryMintBySharesWithinTheCap() throws {
        let l = LedgerFixture(funding: [("owner", "100"), ("alice", "1000")])
        #expect(Self.run(l, "pandactl-curve", ["create", "--symbol", "FNET", "--from", "owner"]).status == 0)
        #expect(Self.run(l, "pandactl-curve", ["buy", "--symbol", "FNET", "--amount", "1000", "--from", "alice"]).status == 0)
        // Shares are normalised: 0.7 and 0.3 of 10 → 7 and 3.
        let even = Self.run(l, "pandactl-mint", ["treasury", "--symbol", "FNET", "--amount", "10", "--recipients", #"{"r1":0.7,"r2":"0.3"}"#, "--from", "owner"])
        #expect(even.status == 0, "\(even.stderr)")
        #expect(even.records.first?["recipients"] == .object(JSONObject([("r1", 7), ("r2", 3)])))
        #expect(even.records.first?["remainder"] == 0)
        // 89 tokens in shares 1:1:1 → 29 each; 2 tokens are not minted (what is minted never exceeds the amount).
        let t = Self.run(l, "pandactl-mint", ["treasury", "--symbol", "FNET", "--amount", "89", "--recipients", #"{"r1":1,"r2":"1","r3":1.0}"#, "--from", "owner"])
        #expect(t.status == 0, "\(t.stderr)")
        let r = try #require(t.records.first)
        #expect(r["recipients"] == .object(JSONObject([("r1", 29), ("r2", 29), ("r3", 29)])))
        #expect(r["minted"] == 87)
        #expect(r["remainder"] == 2)
        #expect(r["supply"] == 1097)
        #expect(Self.run(l, "pandactl", ["balance", "--account", "r2"]).records.first?["tokens"]?.objectValue?["FNET"] == 32)
        // The cap counts treasury mints: 97 of 100 (10% of 1000) issued, 3 left.
        #expect(Self.run(l, "pandactl-curve", ["stats", "--symbol", "FNET"]).records.first?["emission_left"] == 3)
        // Refusals change nothing: over the cap, not the owner, the zero address, a zero share.
        let before = l.snapshot()
        let over = Self.run(l, "pandactl-mint", ["treasury", "--symbol", "FNET", "--amount", "4", "--recipients", #"{"r1":1}"#, "--from", "owner"])
        #expect(over.status == 1)
        #expect(over.errorCodes == ["emission_cap"])
        #expect(Self.run(l, "pandactl-mint", ["treasury", "--symbol", "FNET", "--amount", "1", "--recipients", #"{"r1":1}"#, "--from", "alice"]).errorCodes
            == ["not_authorized"])
        #expect(Self.run(l, "pandactl-mint", ["treasury", "--symbol", "FNET", "--amount", "1",
                                              "--recipients", #"{"0x0000000000000000000000000000000000000000":1}"#, "--from", "owner"]).errorCodes == ["zero_address"])
        #expect(Self.run(l, "pandactl-mint", ["treasury", "--symbol", "FNET", "--amount", "1", "--recipients", #"{"r1":0}"#, "--from", "owner"]).errorCodes
            == ["invalid_amount"])
        #expect(l.snapshot() == before)
        #expect(Self.run(l, "pandactl-mint", ["treasury", "--symbol", "FNET", "--amount", "3", "--recipients", #"{"r1":1}"#, "--from", "owner"]).status == 0)
        #expect(l.auditPasses())
    }

    @Test func earlyReleasePenaltyExactToTheToken() throws {
        let l = LedgerFixture(funding: [("owner", "100")])
        #expect(Self.run(l, "pandactl-curve", ["create", "--symbol", "FNET", "--from", "owner"]).status == 0)
        let g1 = Self.run(l, "pandactl-mint", ["distribute", "--symbol", "FNET", "--to", "team", "--amount", "999", "--period", "3650d",
                                               "--early-penalty", "33.33%", "--from", "owner"])
        #expect(g1.status == 0, "\(g1.stderr)")
        #expect(g1.records.first?["early_penalty"] == "33.33%")
        #expect(Self.run(l, "pandactl-mint", ["distribute", "--symbol", "FNET", "--to", "team", "--amount", "7", "--period", "3650d", "--from", "owner"]).status == 0)
        #expect(Self.run(l, "pandactl-mint", ["distribute", "--symbol", "FNET", "--to", "team", "--amount", "7", "--period", "1d",
                                              "--early-penalty", "101%", "--from", "owner"]).errorCodes == ["invalid_request"])
        let early = Self.run(l, "pandactl-mint", ["release", "--symbol", "FNET", "--early", "--from", "team"])
        #expect(early.status == 0, "\(early.stderr)")
        let r = try #require(early.records.first)
        // 999 unvested at 33.33%: floor(999 × 0.6667) = 666 received, 333 given up; 7 at the default 50%: 3 received, 4 given up.
        #expect(r["received_early"] == 669)
        #expect(r["penalty"] == 337)
        #expect(r["released"] == 669)
        #expect(r["minted"] == 669)
        #expect(r["unvested"] == 0)
        #expect(r["supply"] == 669)  // the penalty is never minted
        let grants = r["grants"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(grants.map { $0["received"] } == [666, 3])
        #expect(grants.map { $0["penalty"] } == [333, 4])
        let team = try #require(Self.run(l, "pandactl", ["balance", "--account", "team"]).records.first)
        #expect(team["tokens"]?.objectValue?["FNET"] == 669)
        #expect(team["unvested"]?.objectValue?.isEmpty == true)
        #expect(Self.run(l, "pandactl-curve", ["stats", "--symbol", "FNET"]).records.first?["fully_diluted_supply"] == 669)
        // Closed: nothing more to release, early or not.
        #expect(Self.run(l, "pandactl-mint", ["release", "--symbol", "FNET", "--early", "--from", "team"]).errorCodes == ["nothing_to_release"])
        #expect(Self.run(l, "pandactl-mint", ["release", "--symbol", "FNET", "--from", "team"]).errorCodes == ["nothing_to_release"])
        #expect(l.auditPasses())
    }

    @Test func provenanceChangesHandsByItsOwner() throws {
        let l = LedgerFixture(funding: [("owner", "100")])
        #expect(Self.run(l, "pandactl-curve", ["create", "--symbol", "FNET", "--from", "owner"]).status == 0)
        #expect(Self.run(l, "pandactl-mint", ["verifier", "--symbol", "FNET", "--account", "ver", "--from", "owner"]).status == 0)
        let hash = "0x" + String(repeating: "ab", count: 32)
        let rec = Self.run(l, "pandactl-mint", ["provenance", "--symbol", "FNET", "--data-hash", hash, "--quality", "0.9", "--delta", "0.02",
                                                "--contributor", "dana", "--from", "ver"])
        #expect(rec.status == 0, "\(rec.stderr)")
        let id = try #require(rec.records.first?["nft_id"]?.numberValue?.text)
        let before = l.snapshot()
        let stranger = Self.run(l, "pandactl-mint", ["provenance", "--transfer", id, "--to", "erin", "--from", "ver"])
        #expect(stranger.errorCodes == ["not_authorized"])
        #expect(Self.run(l, "pandactl-mint", ["provenance", "--transfer", "99", "--to", "erin", "--from", "dana"]).errorCodes == ["invalid_request"])
        #expect(l.snapshot() == before)
        let moved = Self.run(l, "pandactl-mint", ["provenance", "--transfer", id, "--to", "erin", "--from", "dana"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.records.first?["owner"] == "erin")
        #expect(moved.records.first?["previous_owner"] == "dana")
        #expect(Self.run(l, "pandactl", ["log"]).records.contains { $0["op"] == "mint.provenance-transfer" })
        let listed = Self.run(l, "pandactl-mint", ["provenance", "--list", "--owner", "erin"]).records
        #expect(listed.count == 1)
        #expect(listed.first?["contributor"] == "dana")
        // The old owner can no longer give it away.
        #expect(Self.run(l, "pandactl-mint", ["provenance", "--transfer", id, "--to", "dana", "--from", "dana"]).errorCodes == ["not_authorized"])
        #expect(l.auditPasses())
    }
}
