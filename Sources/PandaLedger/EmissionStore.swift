import Curves
import PandaCore

extension LedgerStore {
    // MARK: Grants as promises

    /// Σ (total − released − forfeited) of the model's grants: tokens promised and not yet in circulation.
    func unreleased(_ symbol: String) throws(SQLiteError) -> Int64 {
        try db.statement("SELECT COALESCE(SUM(total - released - forfeited), 0) FROM vesting_grants WHERE symbol = ?")
            .first([.text(symbol)]) { $0.int(0) } ?? 0
    }

    /// Σ (total − released) per model for one account (a balance's `unvested`).
    func unreleasedByModel(of account: String) throws(SQLiteError) -> [(symbol: String, amount: Int64)] {
        try db.statement("""
            SELECT symbol, SUM(total - released - forfeited) FROM vesting_grants WHERE account = ?
            GROUP BY symbol HAVING SUM(total - released - forfeited) > 0 ORDER BY symbol
            """).all([.text(account)]).map { r in
            var n: Int64 = 0
            if case .int(let v) = r[1] { n = v }
            return (r[0].description, n)
        }
    }

    // MARK: Issuance cap

    /// The journal seq of the model's first curve trade, or nil before any.
    func firstCurveTradeSeq(_ symbol: String) throws(SQLiteError) -> Int64? {
        try db.statement("SELECT MIN(seq) FROM curve_trades WHERE symbol = ?").first([.text(symbol)]) { $0.isNull(0) ? nil : $0.int(0) } ?? nil
    }

    /// The figures the issuance cap looks at for entries stamped after `since` (later-stamped ones
    /// included, so that an entry dated ahead cannot hide from the window).
    func emissionWindow(_ symbol: String, supply: Int64, since: Timestamp) throws(SQLiteError) -> EmissionWindow {
        guard let first = try firstCurveTradeSeq(symbol) else {
            return EmissionWindow(supply: supply, mintedSinceTrading: 0, sold: 0, burned: 0, counted: 0)
        }
        let t = SQLValue.int(since.milliseconds), sym = SQLValue.text(symbol)
        let mints = try db.statement("""
            SELECT COALESCE(SUM(CASE WHEN kind <> 'grant' THEN amount ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN kind <> 'release' THEN amount ELSE 0 END), 0)
            FROM mint_events WHERE symbol = ? AND seq > ? AND ts > ?
            """).first([sym, .int(first), t]) { ($0.int(0), $0.int(1)) } ?? (0, 0)
        let sold = try db.statement("SELECT COALESCE(SUM(amount), 0) FROM curve_trades WHERE symbol = ? AND side = 'sell' AND ts > ?")
            .first([sym, t]) { $0.int(0) } ?? 0
        let burned = try db.statement("SELECT COALESCE(SUM(amount), 0) FROM burn_events WHERE symbol = ? AND kind = 'access' AND ts > ?")
            .first([sym, t]) { $0.int(0) } ?? 0
        return EmissionWindow(supply: supply, mintedSinceTrading: mints.0, sold: sold, burned: burned, counted: mints.1)
    }

    // MARK: Rewarded versions

    func rewardedSeq(_ symbol: String, version: Int64) throws(SQLiteError) -> Int64? {
        try db.statement("SELECT seq FROM rewarded_versions WHERE symbol = ? AND version = ?")
            .first([.text(symbol), .int(version)]) { $0.int(0) } ?? nil
    }

    func insertRewarded(_ symbol: String, version: Int64, seq: Int64) throws(SQLiteError) {
        try db.statement("INSERT INTO rewarded_versions (symbol, version, seq) VALUES (?, ?, ?)").run([.text(symbol), .int(version), .int(seq)])
    }

    // MARK: Migration to schema 7

    /// The symbols with grants whose tokens were minted ahead of their release (grants made before schema 7).
    func symbolsWithGrantsMintedAhead() throws(SQLiteError) -> [String] {
        try db.statement("SELECT DISTINCT symbol FROM vesting_grants WHERE minted > released ORDER BY symbol").all().map(\.[0].description)
    }

    /// Old policies that carried only the old absolute defaults become unset (share-of-supply rewards).
    func unsetLegacyDefaultPolicies() throws(SQLiteError) {
        try db.statement("UPDATE mint_policies SET reward_per_bps = NULL, max_reward = NULL WHERE reward_per_bps = ? AND max_reward = ?")
            .run([.int(MintPolicy.legacyRewardPerBps), .int(MintPolicy.legacyMaxReward)])
    }
}

/// The one-time conversion of a ledger from before schema 7 (DESIGN §4: grants are promises). Run on
/// the ledger right after its SQL migration, and by `audit` on its replica at the same point of the
/// journal (the `issuance_rules_seq` meta value), so that the replayed state matches.
///
/// - Every grant's unreleased tokens, minted locked at grant time, are taken out of circulation (burned
///   off the curve from the grantee's locked tokens, after settling the grantee's dividends): the
///   reserve and `v` stay, so every holder's backing per token rises; they are minted again when
///   released. A grant whose tokens cannot be taken out (they are the whole supply while the reserve
///   holds PANDA) stays minted ahead and is released by unlocking, as before.
/// - Policies holding only the old absolute defaults (10 tokens per bps, at most 10,000) become unset.
enum IssuanceMigration {
    static let metaKey = "issuance_rules_seq"

    static func convert(_ store: LedgerStore, boundary: Int64) throws {
        try store.setMeta(metaKey, String(boundary))
        try store.unsetLegacyDefaultPolicies()
        for symbol in try store.symbolsWithGrantsMintedAhead() {
            guard var m = try store.model(symbol) else { continue }
            for var g in try store.grants(symbol) where g.minted > g.released {
                let ahead = g.minted - g.released
                var h = try store.holding(symbol, g.account) ?? .empty
                guard h.locked >= ahead else { continue }
                var mc = ModelCurve(curve: try m.curve(), state: m.state)
                do { try mc.burnOffCurve(ahead) } catch { continue }
                _ = m.pool.settle(&h.dividends, balance: h.total)
                h.locked -= ahead
                m.state = mc.state
                g.minted = g.released
                try store.saveHolding(symbol, g.account, h)
                try store.updateModel(m)
                try store.setReleased(grant: g.id, g.released, minted: g.minted)
            }
        }
    }
}

/// Schema 10 (DESIGN §4 "How M acts"): M(t) scales the buy side of every family. Nothing is converted:
/// a sigmoid whose virtual supply was derived under a scaled price keeps it (its reserve then covers
/// more than the base curve needs, and the next buy at M > 1 re-derives `v = F⁻¹(R)`). The ledger only
/// records from which journal seq the rule applies, so that `audit` replays older entries as they were.
enum MultiplierRuleMigration {
    static let metaKey = "multiplier_rule_seq"
}
