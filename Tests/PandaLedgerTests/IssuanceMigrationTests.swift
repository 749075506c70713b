#if canImport(Glibc)
import Glibc
#endif
import Curves
import PandaCore
import Testing

@testable import PandaLedger

/// A ledger written by the programs of schema 6 (Tests/Fixtures/ledgers/schema6.sh says how): a vested
/// initial supply, a grant started in 2000 and released, a grant still locked, an absolute improvement
/// reward and one from a made-up trained record. Opened by this version it migrates to schema 7.
@Suite struct IssuanceMigrationTests {
    static var fixture: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)
        return parts.joined(separator: "/") + "/Fixtures/ledgers/schema6.db"
    }

    static func migrated(_ dir: TempDir) throws -> Ledger {
        let path = dir.file("old.db")
        #expect(system("cp '\(fixture)' '\(path)'") == 0)
        return try Ledger.open(path: path)
    }

    @Test func oldGrantsBecomePromisesAndTheAuditStillReplaysTheOldJournal() throws {
        let dir = TempDir()
        let l = try Self.migrated(dir)
        #expect(l.info.issuanceRulesSeq == 18)  // 17 entries were written under schema 6
        let findings = try l.audit()
        #expect(findings.isEmpty, "\(findings)")
        // 207,300 tokens before: the owner's vested initial supply (200,800) and team's second grant (300)
        // were minted locked; now they are promises, out of the supply until released.
        let m = try #require(try l.store.model("FNET"))
        #expect(m.state.supply == 6_200)
        let team = try l.query(Request(object: ["account": "team"]), operation: CoreOperations.balance).fields
        #expect(team["tokens"]?.objectValue?["FNET"] == 500)
        #expect(team["locked"]?.objectValue?.isEmpty == true)
        #expect(team["unvested"]?.objectValue?["FNET"] == 300)
        // The reserve is unchanged and still pays back the whole supply.
        let reserve = try Amount(parsing: "334.299983287862265686")  // (a `try` inside #expect does not build with Swift 6.0)
        #expect(m.state.reserve == reserve.units)
        #expect(ModelCurve(curve: try m.curve(), state: m.state).checkReserve().ok)
        // The policy that only held the old defaults is unset: rewards are a share of supply now.
        let p = try l.store.mintPolicy("FNET")
        #expect(p.rewardPerBps == nil && p.maxReward == nil)
        #expect(p.cooldown == TimeSpan(milliseconds: 3_600_000))

        // New entries follow the new rules, and the audit replays old and new.
        let owner = try apply(l, ["op": "release", "from": "owner", "symbol": "FNET", "ts": at(0)], op: MintOperations.release)
        #expect(owner["minted"] == owner["released"])
        try expectRefused(l, ["op": "distribute", "from": "owner", "symbol": "FNET", "to": "team", "amount": 10, "start": "2000-01-01T00:00:00Z",
                              "period": "1d", "ts": at(0.1)], op: MintOperations.distribute, .invalid_ts)
        // Issuance of the old rules within the last 365 days counts too: the grants of 500 and 300 made after the
        // first trade and the reward of 3000 (the one stamped 2020 is outside the window) exhaust the cap.
        let stats = try l.query(Request(object: ["symbol": "FNET"]), operation: CurveOperations.stats).fields
        #expect(stats["emission_left"] == 0)
        try expectRefused(l, ["op": "improvement", "from": "ver", "symbol": "FNET", "bps": 200, "contributor": "carol", "ts": at(0.2)],
                          op: MintOperations.improvement, .emission_cap)
        try expectRefused(l, ["op": "improvement", "from": "ver", "symbol": "FNET", "version": 7, "model_hash": "0xdead", "ts": at(0.3)],
                          op: MintOperations.improvement, .unknown_version)
        try apply(l, ["op": "buy", "from": "alice", "symbol": "FNET", "amount": 10, "ts": at(0.4)], op: CurveOperations.buy)
        let later = try l.audit()
        #expect(later.isEmpty, "\(later)")

        // Reopening does not convert twice.
        let again = try Ledger.open(path: l.path)
        #expect(again.info.issuanceRulesSeq == 18)
        #expect(try again.audit().isEmpty)
    }
}

/// A ledger whose journal holds spellings the programs of schema 6 accepted and DESIGN §8 now refuses as
/// new input (Tests/Fixtures/ledgers/legacy-spellings.sh): it still audits clean after the upgrade, since
/// the replay applies the journal as it was accepted, while the same spellings are refused as new requests.
@Suite struct LegacySpellingsTests {
    @Test func anOldJournalStillAuditsAndNewInputIsHeldToTheConventions() throws {
        let dir = TempDir()
        let path = dir.file("legacy.db")
        let fixture = IssuanceMigrationTests.fixture.replacingSuffix("schema6.db", with: "legacy-spellings.db")
        #expect(system("cp '\(fixture)' '\(path)'") == 0)
        let l = try Ledger.open(path: path)
        let findings = try l.audit()
        #expect(findings.isEmpty, "\(findings)")
        try l.beginWrite()
        defer { l.rollback() }
        let refused: [(JSONObject, ErrorCode)] = [
            (["op": "transfer", "from": "alice", "to": "bob", "amount": "1e1"], .invalid_amount),
            (["op": "transfer", "from": "alice", "to": "0xabc", "amount": "1"], .invalid_account),
            (["op": "transfer", "from": "alice", "to": "0x0000000000000000000000000000000000000000", "amount": "1"], .zero_address),
        ]
        for (object, code) in refused {
            do {
                _ = try l.apply(Request(object: object), operation: CoreOperations.transfer)
                Issue.record("\(object) applied")
            } catch {
                #expect(error.code == code)
            }
        }
    }
}

extension String {
    func replacingSuffix(_ suffix: String, with new: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + new : self
    }
}
