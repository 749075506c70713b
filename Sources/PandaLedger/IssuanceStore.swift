import PandaCore

/// A model's improvement-reward parameters (DESIGN §8 "Mint defaults").
/// `rewardPerBps` and `maxReward` are nil unless the owner set them: rewards are then a share of the
/// supply (`ImprovementReward`).
struct MintPolicy: Equatable {
    var rewardPerBps: Int64?
    var maxReward: Int64?
    var cooldown: TimeSpan

    static let defaults = MintPolicy(rewardPerBps: nil, maxReward: nil, cooldown: TimeSpan(milliseconds: 86_400_000))
    /// The absolute defaults of ledgers before schema 7, for replaying their journal entries.
    static let legacyRewardPerBps: Int64 = 10
    static let legacyMaxReward: Int64 = 10_000
}

/// Tokens granted to an account that vest linearly from `start` over `period`, nothing before `start + cliff`.
struct VestingGrant: Equatable {
    var id: Int64
    var symbol: String
    var account: String
    var total: Int64
    var released: Int64
    var start: Timestamp
    var cliff: TimeSpan
    var period: TimeSpan
    /// Tokens of this grant in circulation: minted at release (a grant is a promise), or — for a grant
    /// made before schema 7 that could not be converted — minted locked at grant time.
    var minted: Int64 = 0
    /// What an early release keeps back of the unvested tokens, in bps (default 50%; set at `distribute`).
    var earlyPenaltyBps: Int64 = VestingGrant.defaultEarlyPenaltyBps
    /// Tokens given up by an early release (never minted); a grant with any is closed.
    var forfeited: Int64 = 0

    static let defaultEarlyPenaltyBps: Int64 = 5_000

    /// Tokens vested at `t`, rounded down: 0 before the cliff, all of them from `start + period` on. A grant
    /// closed by an early release has vested what it released.
    func vested(at t: Timestamp) -> Int64 {
        if forfeited > 0 { return released }
        let elapsed = t.milliseconds - start.milliseconds
        if elapsed < cliff.milliseconds || elapsed < 0 { return 0 }
        if elapsed >= period.milliseconds { return total }
        return Int64(Int128(total) * Int128(elapsed) / Int128(period.milliseconds))
    }
}

/// One provenance record: a data contribution's hash, quality, time and the model improvement it brought.
struct ProvenanceRecord {
    var nftID: Int64
    var symbol: String
    var contributor: String
    var dataHash: String
    var quality: String
    var delta: String
    var ts: Timestamp
    var seq: Int64
    /// Who holds the record now: its contributor until a transfer.
    var owner: String
}

extension LedgerStore {
    // MARK: Roles scoped to a model

    func revokeRole(_ account: String, _ role: String, scope: String) throws(SQLiteError) {
        try db.statement("DELETE FROM roles WHERE account = ? AND role = ? AND scope = ?").run([.text(account), .text(role), .text(scope)])
    }

    func accounts(withRole role: String, scope: String) throws(SQLiteError) -> [String] {
        try db.statement("SELECT account FROM roles WHERE role = ? AND scope = ? ORDER BY account").all([.text(role), .text(scope)]).map(\.[0].description)
    }

    // MARK: Mint policy and events

    func mintPolicy(_ symbol: String) throws(SQLiteError) -> MintPolicy {
        try db.statement("SELECT reward_per_bps, max_reward, cooldown_ms FROM mint_policies WHERE symbol = ?").first([.text(symbol)]) { s throws(SQLiteError) in
            MintPolicy(rewardPerBps: s.isNull(0) ? nil : try s.storedInt(0, "mint_policies.reward_per_bps of \(symbol)"),
                       maxReward: s.isNull(1) ? nil : try s.storedInt(1, "mint_policies.max_reward of \(symbol)"),
                       cooldown: TimeSpan(milliseconds: try s.storedInt(2, "mint_policies.cooldown_ms of \(symbol)")))
        } ?? .defaults
    }

    func setMintPolicy(_ symbol: String, _ p: MintPolicy) throws(SQLiteError) {
        try db.statement("""
            INSERT INTO mint_policies (symbol, reward_per_bps, max_reward, cooldown_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (symbol) DO UPDATE SET reward_per_bps = excluded.reward_per_bps, max_reward = excluded.max_reward,
                cooldown_ms = excluded.cooldown_ms
            """).run([.text(symbol), p.rewardPerBps.map { .int($0) } ?? .null, p.maxReward.map { .int($0) } ?? .null, .int(p.cooldown.milliseconds)])
    }

    func insertMintEvent(seq: Int64, symbol: String, kind: String, account: String, amount: Int64, bps: Int64?, ts: Timestamp) throws(SQLiteError) {
        try db.statement("INSERT INTO mint_events (seq, symbol, kind, account, amount, bps, ts) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .run([.int(seq), .text(symbol), .text(kind), .text(account), .int(amount), bps.map { .int($0) } ?? .null, .int(ts.milliseconds)])
    }

    /// The time of the latest mint of `kind` for the model (and account, when given).
    func lastMint(_ symbol: String, kind: String, account: String? = nil) throws(SQLiteError) -> Timestamp? {
        let ms: Int64?
        if let account {
            ms = try db.statement("SELECT MAX(ts) FROM mint_events WHERE symbol = ? AND kind = ? AND account = ?")
                .first([.text(symbol), .text(kind), .text(account)]) { s throws(SQLiteError) in s.isNull(0) ? nil : try s.storedInt(0, "the latest ts of \(symbol) events") } ?? nil
        } else {
            ms = try db.statement("SELECT MAX(ts) FROM mint_events WHERE symbol = ? AND kind = ?")
                .first([.text(symbol), .text(kind)]) { s throws(SQLiteError) in s.isNull(0) ? nil : try s.storedInt(0, "the latest ts of \(symbol) events") } ?? nil
        }
        return ms.map { Timestamp(milliseconds: $0) }
    }

    // MARK: Burns

    func insertBurnEvent(seq: Int64, symbol: String, kind: String, account: String, amount: Int64, requests: Int64, payout: Int128,
                         ts: Timestamp) throws(SQLiteError) {
        try db.statement("INSERT INTO burn_events (seq, symbol, kind, account, amount, requests, payout, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .run([.int(seq), .text(symbol), .text(kind), .text(account), .int(amount), .int(requests), .text(String(payout)), .int(ts.milliseconds)])
    }

    func lastBurn(_ symbol: String, kind: String, account: String) throws(SQLiteError) -> Timestamp? {
        let ms = try db.statement("SELECT MAX(ts) FROM burn_events WHERE symbol = ? AND kind = ? AND account = ?")
            .first([.text(symbol), .text(kind), .text(account)]) { s throws(SQLiteError) in s.isNull(0) ? nil : try s.storedInt(0, "the latest ts of \(symbol) events") } ?? nil
        return ms.map { Timestamp(milliseconds: $0) }
    }

    func accessRate(_ symbol: String, _ account: String) throws(SQLiteError) -> String? {
        try db.statement("SELECT tokens_per_request FROM access_rates WHERE symbol = ? AND account = ?")
            .first([.text(symbol), .text(account)]) { $0.text(0) } ?? nil
    }

    func setAccessRate(_ symbol: String, _ account: String, _ rate: String?) throws(SQLiteError) {
        if let rate {
            try db.statement("""
                INSERT INTO access_rates (symbol, account, tokens_per_request) VALUES (?, ?, ?)
                ON CONFLICT (symbol, account) DO UPDATE SET tokens_per_request = excluded.tokens_per_request
                """).run([.text(symbol), .text(account), .text(rate)])
        } else {
            try db.statement("DELETE FROM access_rates WHERE symbol = ? AND account = ?").run([.text(symbol), .text(account)])
        }
    }

    // MARK: Vesting

    func insertGrant(_ g: VestingGrant) throws(SQLiteError) {
        try db.statement("""
            INSERT INTO vesting_grants (grant_id, symbol, account, total, released, start_ts, cliff_ms, period_ms, minted, early_penalty_bps, forfeited)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.int(g.id), .text(g.symbol), .text(g.account), .int(g.total), .int(g.released), .int(g.start.milliseconds),
                      .int(g.cliff.milliseconds), .int(g.period.milliseconds), .int(g.minted), .int(g.earlyPenaltyBps), .int(g.forfeited)])
    }

    func grants(_ symbol: String, _ account: String? = nil) throws(SQLiteError) -> [VestingGrant] {
        let rows: [[SQLValue]]
        if let account {
            rows = try db.statement("""
                SELECT grant_id, symbol, account, total, released, start_ts, cliff_ms, period_ms, minted, early_penalty_bps, forfeited FROM vesting_grants
                WHERE symbol = ? AND account = ? ORDER BY grant_id
                """).all([.text(symbol), .text(account)])
        } else {
            rows = try db.statement("""
                SELECT grant_id, symbol, account, total, released, start_ts, cliff_ms, period_ms, minted, early_penalty_bps, forfeited FROM vesting_grants
                WHERE symbol = ? ORDER BY grant_id
                """).all([.text(symbol)])
        }
        return try mapRows(rows) { r throws(SQLiteError) in
            func i(_ k: Int) throws(SQLiteError) -> Int64 { try r[k].storedInt("vesting_grants column \(k + 1) of grant \(r[0])") }
            return VestingGrant(id: try i(0), symbol: r[1].description, account: r[2].description, total: try i(3), released: try i(4),
                                start: Timestamp(milliseconds: try i(5)), cliff: TimeSpan(milliseconds: try i(6)), period: TimeSpan(milliseconds: try i(7)),
                                minted: try i(8), earlyPenaltyBps: try i(9), forfeited: try i(10))
        }
    }

    func setReleased(grant id: Int64, _ released: Int64, minted: Int64) throws(SQLiteError) {
        try db.statement("UPDATE vesting_grants SET released = ?, minted = ? WHERE grant_id = ?").run([.int(released), .int(minted), .int(id)])
    }

    /// Closes a grant by an early release: what it released and minted, and the tokens it gave up.
    func closeEarly(grant id: Int64, released: Int64, minted: Int64, forfeited: Int64) throws(SQLiteError) {
        try db.statement("UPDATE vesting_grants SET released = ?, minted = ?, forfeited = ? WHERE grant_id = ?")
            .run([.int(released), .int(minted), .int(forfeited), .int(id)])
    }

    // MARK: Provenance

    func insertProvenance(_ p: ProvenanceRecord) throws(SQLiteError) {
        try db.statement("INSERT INTO provenance (nft_id, symbol, contributor, data_hash, quality, delta, ts, seq, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .run([.int(p.nftID), .text(p.symbol), .text(p.contributor), .text(p.dataHash), .text(p.quality), .text(p.delta),
                  .int(p.ts.milliseconds), .int(p.seq), .text(p.owner)])
    }

    func setProvenanceOwner(_ nftID: Int64, _ owner: String) throws(SQLiteError) {
        try db.statement("UPDATE provenance SET owner = ? WHERE nft_id = ?").run([.text(owner), .int(nftID)])
    }

    func nextProvenanceID() throws(SQLiteError) -> Int64 {
        (try db.statement("SELECT MAX(nft_id) FROM provenance").first([]) { s throws(SQLiteError) in s.isNull(0) ? 0 : try s.storedInt(0, "the largest provenance nft_id") } ?? 0) + 1
    }

    func provenance(symbol: String?, contributor: String?, owner: String? = nil, nftID: Int64? = nil) throws(SQLiteError) -> [ProvenanceRecord] {
        func v(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
        let id: SQLValue = nftID.map { .int($0) } ?? .null
        return try mapRows(db.statement("""
            SELECT nft_id, symbol, contributor, data_hash, quality, delta, ts, seq, owner FROM provenance
            WHERE (? IS NULL OR symbol = ?) AND (? IS NULL OR contributor = ?) AND (? IS NULL OR owner = ?) AND (? IS NULL OR nft_id = ?) ORDER BY nft_id
            """).all([v(symbol), v(symbol), v(contributor), v(contributor), v(owner), v(owner), id, id])) { r throws(SQLiteError) in
            func i(_ k: Int) throws(SQLiteError) -> Int64 { try r[k].storedInt("provenance column \(k + 1) of nft \(r[0])") }
            return ProvenanceRecord(nftID: try i(0), symbol: r[1].description, contributor: r[2].description, dataHash: r[3].description,
                                    quality: r[4].description, delta: r[5].description, ts: Timestamp(milliseconds: try i(6)), seq: try i(7),
                                    owner: r[8].description)
        }
    }

    // MARK: Figures for stats and block rewards

    /// Tokens traded on the curve (buys and sells) for the model in [since, until).
    func curveVolume(_ symbol: String, since: Timestamp, until: Timestamp) throws(SQLiteError) -> Int64 {
        try db.statement("SELECT COALESCE(SUM(amount), 0) FROM curve_trades WHERE symbol = ? AND ts >= ? AND ts < ?")
            .first([.text(symbol), .int(since.milliseconds), .int(until.milliseconds)]) { s throws(SQLiteError) in try s.storedInt(0, "Σ curve_trades.amount of \(symbol)") } ?? 0
    }

    /// Σ amount (and count, Σ bps or Σ requests) of mint or burn events of a kind in [since, until); kind nil = all kinds.
    func eventTotals(_ table: IssuanceTable, _ symbol: String, kind: String?, since: Timestamp, until: Timestamp)
        throws(SQLiteError) -> (amount: Int64, count: Int64, extra: Int64)
    {
        let sql: StaticString = switch table {
        case .mint: "SELECT COALESCE(SUM(amount), 0), COUNT(*), COALESCE(SUM(bps), 0) FROM mint_events WHERE symbol = ?1 AND ((?2 IS NULL AND kind <> 'grant') OR kind = ?3) AND ts >= ?4 AND ts < ?5"
        case .burn: "SELECT COALESCE(SUM(amount), 0), COUNT(*), COALESCE(SUM(requests), 0) FROM burn_events WHERE symbol = ? AND (? IS NULL OR kind = ?) AND ts >= ? AND ts < ?"
        }
        let k: SQLValue = kind.map { .text($0) } ?? .null
        return try db.statement(sql).first([.text(symbol), k, k, .int(since.milliseconds), .int(until.milliseconds)]) { s throws(SQLiteError) in
            (try s.storedInt(0, "Σ amount of \(symbol) events"), s.int(1), try s.storedInt(2, "Σ bps or requests of \(symbol) events"))
        } ?? (0, 0, 0)
    }

    /// Distinct accounts that traded, minted, burned or received a mint of the model in [since, until).
    /// (All models when `symbol` is nil.)
    func activeAccounts(_ symbol: String?, since: Timestamp, until: Timestamp) throws(SQLiteError) -> Int64 {
        try db.statement("""
            SELECT COUNT(*) FROM (
                SELECT account FROM curve_trades WHERE (?1 IS NULL OR symbol = ?1) AND ts >= ?2 AND ts < ?3
                UNION SELECT account FROM mint_events WHERE (?1 IS NULL OR symbol = ?1) AND ts >= ?2 AND ts < ?3
                UNION SELECT account FROM burn_events WHERE (?1 IS NULL OR symbol = ?1) AND ts >= ?2 AND ts < ?3
            )
            """).first([symbol.map { .text($0) } ?? .null, .int(since.milliseconds), .int(until.milliseconds)]) { $0.int(0) } ?? 0
    }
}

enum IssuanceTable { case mint, burn }
