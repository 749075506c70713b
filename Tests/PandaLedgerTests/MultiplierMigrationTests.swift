#if canImport(Glibc)
import Glibc
#endif
import Curves
import PandaCore
import Testing

@testable import PandaLedger

/// A ledger written by the programs of schema 9 (Tests/Fixtures/ledgers/schema9-sigmoid.sh says how), when
/// M(t) scaled the sigmoid's price only: a sigmoid and a quadratic model traded before and after their
/// metrics were set. Opened by this version it migrates to schema 10 and records where the buy-side rule
/// starts, so the audit replays the old entries under the old rule.
@Suite struct MultiplierMigrationTests {
    static var fixture: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)
        return parts.joined(separator: "/") + "/Fixtures/ledgers/schema9-sigmoid.db"
    }

    @Test func oldEntriesReplayUnderTheOldRuleAndNewOnesUnderBuySideM() throws {
        let dir = TempDir()
        let path = dir.file("old.db")
        #expect(system("cp '\(Self.fixture)' '\(path)'") == 0)
        let l = try Ledger.open(path: path)
        #expect(l.info.multiplierRuleSeq == 21)  // 20 entries were written under schema 9
        let findings = try l.audit()
        #expect(findings.isEmpty, "\(findings)")

        // New entries: a buy at M = 1.6 pays M times the base curve, all of it into the reserve.
        let before = try #require(try l.store.model("SIG"))
        let buy = try apply(l, ["op": "buy", "from": "bob", "symbol": "SIG", "amount": 50, "ts": at(0)], op: CurveOperations.buy)
        let after = try #require(try l.store.model("SIG"))
        let cost = try Amount(parsing: buy["cost"]?.stringValue ?? "")
        #expect(after.state.reserve == before.state.reserve + cost.units)
        #expect(buy["ask"] != nil && buy["bid"] != nil)
        try apply(l, ["op": "metrics", "from": "owner", "symbol": "FNET", "growth": 1, "ts": at(0.1)], op: CurveOperations.metrics)
        try apply(l, ["op": "buy", "from": "bob", "symbol": "FNET", "amount": 10, "ts": at(0.2)], op: CurveOperations.buy)
        // A seed now re-derives v as seeds always did (the old seeds above replay to the same state).
        try apply(l, ["op": "seed", "from": "owner", "symbol": "SEED", "amount": "2.5", "ts": at(0.3)], op: CurveOperations.seed)
        let later = try l.audit()
        #expect(later.isEmpty, "\(later)")
        // The whole supply still sells for exactly the reserve.
        for symbol in ["SIG", "FNET", "SEED"] {
            let m = try #require(try l.store.model(symbol))
            let c = ModelCurve(curve: try m.curve(), state: m.state)
            #expect(c.checkReserve().ok)
            let whole = try c.quoteSell(m.state.supply).value
            #expect(whole == m.state.reserve)
        }

        // Without the recorded boundary, the old entries would replay under the new rule and fail.
        try l.beginWrite()
        try l.store.setMeta(MultiplierRuleMigration.metaKey, "0")
        try l.commit()
        let reopened = try Ledger.open(path: path)
        #expect(reopened.info.multiplierRuleSeq == 0)
        let broken = try reopened.audit()
        #expect(!broken.isEmpty)
    }
}
