import Curves
import PandaCore

/// `pandactl stats`: the monitoring figures of DESIGN §4 ("Minting and burning"), per model and overall,
/// over a time range. Definitions (also in the man page):
/// - supply: `total_supply` now (tokens of unreleased grants are promises, not supply); `locked` (order escrow,
///   grants from before schema 7) and `circulating_supply` = total − locked; `unvested` (promised by grants) and
///   `fully_diluted_supply` = total + unvested; the issuance cap's `max_emission`, `emission_left` and
///   `max_dilution` (the worst loss of value per token the cap allows over 365 days);
///   `minted` = tokens minted off the curve in the range (improvements, initial supply, released grants, block rewards);
///   `burned` = tokens burned in the range (access burns and redemptions); `bought`/`sold` = curve trades
///   (sold includes redemptions).
/// - flow: `daily_mint_volume`, `daily_burn_volume` = minted, burned ÷ days in range; `active_accounts` =
///   distinct accounts that traded, minted, burned or were minted to; `token_velocity` = tokens traded
///   (bought + sold) ÷ total supply.
/// - performance: `improvements` (count) and `improvement_bps` (sum), `improvement_rate` = improvements per
///   day; `access_requests` and `access_frequency` = requests paid by access burns per day; `reserve`,
///   `backing_per_token` = reserve ÷ supply, and `treasury_health` = backing per token ÷ spot price (the
///   share of the price the reserve backs).
/// Ratios are decimal strings with 6 decimals, rounded down. The range is [since, until), by default from
/// the ledger's first entry to now.
public enum StatsOperations {
    public static let stats = Operation(
        "stats", .query, fields: ["symbol", "since", "until"],
        summary: "supply, flow and performance figures per model and overall"
    ) { ctx in
        let until = try bound(ctx, "until") ?? Timestamp(milliseconds: ctx.now.milliseconds + 1)
        let since = try bound(ctx, "since") ?? (try ctx.store.firstJournalTime() ?? ctx.now)
        guard since < until else { throw PandaError(.invalid_request, "'since' must be before 'until'", field: "since") }
        let symbols: [String]
        if let s = try ctx.request.string("symbol") {
            guard try ctx.store.model(s) != nil else { throw PandaError(.unknown_symbol, "no model token \(s)", field: "symbol") }
            symbols = [s]
        } else {
            symbols = try ctx.store.modelSymbols()
        }
        let span = until.milliseconds - since.milliseconds
        var records: [JSONObject] = []
        var all = Figures()
        for symbol in symbols {
            guard let m = try ctx.store.model(symbol) else { continue }
            var f = Figures()
            f.supply = Int128(m.state.supply)
            f.locked = Int128(try ctx.store.lockedTotal(symbol))
            let mints = try ctx.store.eventTotals(.mint, symbol, kind: nil, since: since, until: until)
            let improvements = try ctx.store.eventTotals(.mint, symbol, kind: "improvement", since: since, until: until)
            let burns = try ctx.store.eventTotals(.burn, symbol, kind: nil, since: since, until: until)
            let access = try ctx.store.eventTotals(.burn, symbol, kind: "access", since: since, until: until)
            let sides = try ctx.store.curveSides(symbol, since: since, until: until)
            f.minted = Int128(mints.amount)
            f.burned = Int128(burns.amount)
            f.bought = Int128(sides.bought)
            f.sold = Int128(sides.sold)
            f.improvements = Int128(improvements.count)
            f.improvementBps = Int128(improvements.extra)
            f.accessRequests = Int128(access.extra)
            f.reserve = m.state.reserve
            let price = try ctx.modelCurve(m).spotPrice()
            f.marketValue = f.supply * price
            f.activeAccounts = Int128(try ctx.store.activeAccounts(symbol, since: since, until: until))
            var r = JSONObject([("type", .string("stats")), ("symbol", .string(symbol))])
            r.merge(f.fields(span: span, since: since, until: until))
            r["price"] = .string(Amount(units: price).description)
            r.merge(try CurveOperations.issuanceFields(ctx, m))
            r.merge(try ctx.store.burnSettings(symbol).fields)
            records.append(r)
            all.add(f)
        }
        if ctx.request.object["symbol"] == nil {
            all.activeAccounts = Int128(try ctx.store.activeAccounts(nil, since: since, until: until))
            var r = JSONObject([("type", .string("stats")), ("symbol", .string("*")), ("models", .number(JSONNumber(symbols.count)))])
            r.merge(all.fields(span: span, since: since, until: until))
            records.append(r)
        }
        return OpOutput(records: records)
    }

    /// A range bound: an RFC 3339 time, or a duration meaning that long before now ("7d").
    static func bound(_ ctx: OpContext, _ key: String) throws -> Timestamp? {
        guard let text = try ctx.request.string(key) else { return nil }
        if let t = Timestamp(rfc3339: text) { return t }
        if let span = TimeSpan(parsing: text) { return Timestamp(milliseconds: ctx.now.milliseconds - span.milliseconds) }
        throw PandaError(.invalid_request, "'\(key)' must be an RFC 3339 time or a duration before now such as 24h or 7d", field: key)
    }

    struct Figures {
        var supply: Int128 = 0, locked: Int128 = 0, minted: Int128 = 0, burned: Int128 = 0, bought: Int128 = 0, sold: Int128 = 0
        var improvements: Int128 = 0, improvementBps: Int128 = 0, accessRequests: Int128 = 0, activeAccounts: Int128 = 0
        var reserve: Int128 = 0
        /// Σ supply × spot price, base units.
        var marketValue: Int128 = 0

        mutating func add(_ o: Figures) {
            supply += o.supply; locked += o.locked; minted += o.minted; burned += o.burned; bought += o.bought; sold += o.sold
            improvements += o.improvements; improvementBps += o.improvementBps; accessRequests += o.accessRequests
            reserve += o.reserve; marketValue += o.marketValue
        }

        func fields(span: Int64, since: Timestamp, until: Timestamp) -> JSONObject {
            let dayMs: Int128 = 86_400_000
            let spanMs = Int128(span)
            func perDay(_ n: Int128) -> JSONValue { .string(StatsOperations.ratio(n * dayMs, spanMs)) }
            func int(_ n: Int128) -> JSONValue { .number(JSONNumber(validated: String(n))) }
            return [
                "since": .string(since.rfc3339), "until": .string(until.rfc3339), "days": .string(StatsOperations.ratio(spanMs, dayMs)),
                "total_supply": int(supply), "locked": int(locked), "circulating_supply": int(supply - locked),
                "minted": int(minted), "burned": int(burned), "bought": int(bought), "sold": int(sold),
                "daily_mint_volume": perDay(minted), "daily_burn_volume": perDay(burned), "active_accounts": int(activeAccounts),
                "token_velocity": .string(StatsOperations.ratio(bought + sold, supply)),
                "improvements": int(improvements), "improvement_bps": int(improvementBps), "improvement_rate": perDay(improvements),
                "access_requests": int(accessRequests), "access_frequency": perDay(accessRequests),
                "reserve": .string(Amount(units: reserve).description),
                "backing_per_token": .string(supply == 0 ? "0" : Amount(units: reserve / supply).description),
                "treasury_health": .string(StatsOperations.ratio(reserve, marketValue)),
            ]
        }
    }

    /// n ÷ d with 6 decimals, rounded down; "0" when d is 0.
    static func ratio(_ n: Int128, _ d: Int128) -> String {
        guard d > 0 else { return "0" }
        return Amount.format(units: n * 1_000_000 / d, decimals: 6)
    }
}

extension LedgerStore {
    func firstJournalTime() throws(SQLiteError) -> Timestamp? {
        try db.statement("SELECT ts FROM journal ORDER BY seq LIMIT 1").first([]) { s throws(SQLiteError) in Timestamp(milliseconds: try s.storedInt(0, "journal.ts of the first entry")) }
    }

    func lockedTotal(_ symbol: String) throws(SQLiteError) -> Int64 {
        try flush()
        return try db.statement("SELECT COALESCE(SUM(locked), 0) FROM holdings WHERE symbol = ?").first([.text(symbol)]) { s throws(SQLiteError) in try s.storedInt(0, "Σ holdings.locked of \(symbol)") } ?? 0
    }

    func curveSides(_ symbol: String, since: Timestamp, until: Timestamp) throws(SQLiteError) -> (bought: Int64, sold: Int64) {
        try db.statement("""
            SELECT COALESCE(SUM(CASE WHEN side = 'buy' THEN amount ELSE 0 END), 0), COALESCE(SUM(CASE WHEN side = 'sell' THEN amount ELSE 0 END), 0)
            FROM curve_trades WHERE symbol = ? AND ts >= ? AND ts < ?
            """).first([.text(symbol), .int(since.milliseconds), .int(until.milliseconds)]) { s throws(SQLiteError) in
                (try s.storedInt(0, "Σ curve_trades.amount bought of \(symbol)"), try s.storedInt(1, "Σ curve_trades.amount sold of \(symbol)"))
            } ?? (0, 0)
    }
}
