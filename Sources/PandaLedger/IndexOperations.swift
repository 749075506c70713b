import Curves
import PandaCore
import PandaCrypto

/// An index fund: a basket of model tokens held by the fund's own account (so its holdings earn
/// dividends, collected into its PANDA cash), owned by shareholders in whole shares.
struct IndexFund {
    var name: String
    /// The fund's account: the last 20 bytes of keccak256("pandactl:index:" ‖ chain ‖ ":" ‖ name). Nobody holds its key.
    var account: String
    /// The creator: receives every fee and rebalances.
    var manager: String
    /// `fixed`, `market_cap` or `accuracy`.
    var weightBy: String
    /// Members and their fixed weights (base units of 1e18 = 100%); for dynamic weighting the weights are
    /// recomputed at the first buy and at each rebalance (the stored values are the latest).
    var weights: [(symbol: String, units: Int128)]
    var period: TimeSpan
    var tradingFeeBps: Int64
    var creationFeeBps: Int64
    var rebalanceFeeBps: Int64
    var shares: Int64
    var lastRebalance: Timestamp
    var createdSeq: Int64

    var weightsText: String {
        JSONWriter.string(.object(JSONObject(weights.map { ($0.symbol, JSONValue.string(Amount(units: $0.units).description)) })), sortedKeys: true)
    }
}

extension LedgerStore {
    func index(_ name: String) throws -> IndexFund? {
        let s = try db.statement("""
            SELECT name, account, manager, weight_by, weights, period_ms, trading_fee_bps, creation_fee_bps, rebalance_fee_bps, shares,
                   last_rebalance, created_seq FROM indexes WHERE name = ?
            """)
        try s.bind([.text(name)])
        defer { s.reset() }
        guard try s.step() else { return nil }
        guard let object = (try? JSONParser.parse(s.text(4) ?? "")).flatMap(\.objectValue) else {
            throw SQLiteError.corruptValue("indexes.weights of \(name)", s.value(4))
        }
        var weights: [(symbol: String, units: Int128)] = []
        for (symbol, value) in object {
            guard let text = value.stringValue, let units = try? Amount(parsing: text).units else {
                throw SQLiteError.corruptValue("indexes.weights of \(name)", s.value(4))
            }
            weights.append((symbol, units))
        }
        func i(_ k: Int32) throws(SQLiteError) -> Int64 { try s.storedInt(k, "indexes column \(k + 1) of \(name)") }
        return IndexFund(name: s.text(0) ?? "", account: s.text(1) ?? "", manager: s.text(2) ?? "", weightBy: s.text(3) ?? "fixed",
                         weights: weights, period: TimeSpan(milliseconds: try i(5)), tradingFeeBps: try i(6), creationFeeBps: try i(7),
                         rebalanceFeeBps: try i(8), shares: try i(9), lastRebalance: Timestamp(milliseconds: try i(10)), createdSeq: try i(11))
    }

    func insertIndex(_ f: IndexFund) throws(SQLiteError) {
        try db.statement("""
            INSERT INTO indexes (name, account, manager, weight_by, weights, period_ms, trading_fee_bps, creation_fee_bps, rebalance_fee_bps,
                shares, last_rebalance, created_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(f.name), .text(f.account), .text(f.manager), .text(f.weightBy), .text(f.weightsText), .int(f.period.milliseconds),
                      .int(f.tradingFeeBps), .int(f.creationFeeBps), .int(f.rebalanceFeeBps), .int(f.shares), .int(f.lastRebalance.milliseconds),
                      .int(f.createdSeq)])
        cache.indexAccounts?.insert(f.account)
    }

    func updateIndex(_ f: IndexFund) throws(SQLiteError) {
        try db.statement("UPDATE indexes SET weights = ?, shares = ?, last_rebalance = ? WHERE name = ?")
            .run([.text(f.weightsText), .int(f.shares), .int(f.lastRebalance.milliseconds), .text(f.name)])
    }

    func updateIndexSettings(_ f: IndexFund) throws(SQLiteError) {
        try db.statement("UPDATE indexes SET period_ms = ?, trading_fee_bps = ?, creation_fee_bps = ?, rebalance_fee_bps = ? WHERE name = ?")
            .run([.int(f.period.milliseconds), .int(f.tradingFeeBps), .int(f.creationFeeBps), .int(f.rebalanceFeeBps), .text(f.name)])
    }

    func isIndexAccount(_ account: String) throws(SQLiteError) -> Bool {
        guard cache.active else {
            return try db.statement("SELECT 1 FROM indexes WHERE account = ?").first([.text(account)]) { _ in true } ?? false
        }
        if let accounts = cache.indexAccounts { return accounts.contains(account) }
        let accounts = Set(try db.statement("SELECT account FROM indexes").all().map(\.[0].description))
        cache.indexAccounts = accounts
        return accounts.contains(account)
    }

    func indexNames() throws(SQLiteError) -> [String] {
        try db.statement("SELECT name FROM indexes ORDER BY name").all().map(\.[0].description)
    }

    func shares(_ name: String, _ account: String) throws(SQLiteError) -> Int64 {
        try db.statement("SELECT shares FROM index_shares WHERE name = ? AND account = ?").first([.text(name), .text(account)]) { s throws(SQLiteError) in
            try s.storedInt(0, "index_shares.shares of \(account) in \(name)")
        } ?? 0
    }

    func setShares(_ name: String, _ account: String, _ n: Int64) throws(SQLiteError) {
        if n == 0 {
            try db.statement("DELETE FROM index_shares WHERE name = ? AND account = ?").run([.text(name), .text(account)])
        } else {
            try db.statement("""
                INSERT INTO index_shares (name, account, shares) VALUES (?, ?, ?)
                ON CONFLICT (name, account) DO UPDATE SET shares = excluded.shares
                """).run([.text(name), .text(account), .int(n)])
        }
    }

    func totalShares(_ name: String) throws(SQLiteError) -> Int64 {
        try db.statement("SELECT COALESCE(SUM(shares), 0) FROM index_shares WHERE name = ?").first([.text(name)]) { s throws(SQLiteError) in try s.storedInt(0, "Σ index_shares.shares of \(name)") } ?? 0
    }
}

/// `pandactl-index`'s operations (DESIGN §4 "Index fund", §8 "Index").
public enum IndexOperations {
    public static let all: [Operation] = [create, set, buy, sell, nav, portfolio, rebalance]

    public static let defaultPeriod = TimeSpan(milliseconds: 7 * 86_400_000)
    public static let defaults = (trading: Int64(30), creation: Int64(10), rebalance: Int64(10))
    /// The first buy defines the basket at this many PANDA per share, and must be at least `minFirstShares`
    /// shares with at least one token of every member: a fund cannot start from a dust basket whose share
    /// price a donation could then inflate (donations are refused too: index accounts take no transfers).
    public static let initialSharePrice = Amount.one
    public static let minFirstShares: Int64 = 1_000
    static let full: Int128 = Amount.one  // 100% in weight units

    public static let create = Operation(
        "create", .mutating, domain: "index",
        fields: ["name", "weights", "weight_by", "members", "category", "period", "trading_fee_bps", "creation_fee_bps", "rebalance_fee_bps"],
        summary: "create an index fund over model tokens (the sender manages it)"
    ) { ctx in
        let r = ctx.request
        let name = try nameField(r)
        guard try ctx.store.index(name) == nil else { throw PandaError(.duplicate_index, "index fund \(name) exists already", field: "name") }
        var weightBy = try r.string("weight_by") ?? "fixed"
        var weights: [(symbol: String, units: Int128)] = []
        if let spec = r.object["weights"], !spec.isNull {
            guard r.object["weight_by"] == nil || weightBy == "fixed" else {
                throw PandaError(.invalid_request, "give either 'weights' or 'weight_by' with 'members'", field: "weights")
            }
            guard case .object(let o) = spec, !o.isEmpty else {
                throw PandaError(.invalid_request, "'weights' must be an object such as {\"FNET\": 0.6, \"VISN\": 0.4}", field: "weights")
            }
            var raw: [(String, Int128)] = []
            for (symbol, v) in o {
                let text = v.stringValue ?? v.numberValue?.text ?? ""
                guard let d = try? ExactDecimal(parsing: text), !d.negative, let units = try? d.scaled(to: 18), units > 0 else {
                    throw PandaError(.invalid_request, "weight of \(symbol) must be a positive number, got \(text.isEmpty ? v.kindName : text)", field: "weights")
                }
                raw.append((symbol, units))
            }
            weights = try normalize(raw)
            weightBy = "fixed"
        } else {
            guard ["market_cap", "accuracy"].contains(weightBy) else {
                throw PandaError(.invalid_request, "'weight_by' must be market_cap or accuracy (or give fixed 'weights')", field: "weight_by")
            }
            if let category = try r.string("category") {
                // The members are the category's models (DESIGN §1, discovery).
                guard r.object["members"] == nil else {
                    throw PandaError(.invalid_request, "give either 'members' or 'category'", field: "category")
                }
                let symbols = try ctx.store.modelSymbols(category: category, owner: nil)
                guard !symbols.isEmpty else {
                    throw PandaError(.invalid_request, "no model token has category '\(category)'", field: "category")
                }
                weights = symbols.map { (symbol: $0, units: 0) }
            } else {
                guard let members = r.object["members"]?.arrayValue, !members.isEmpty else {
                    throw PandaError(.missing_field, "'members' (a list of symbols) or 'category' is required with weight_by", field: "members")
                }
                weights = members.map { (symbol: $0.stringValue ?? "", units: 0) }
            }
        }
        var seen = Set<String>()
        for w in weights {
            guard try ctx.store.model(w.symbol) != nil else { throw PandaError(.unknown_symbol, "no model token \(w.symbol)", field: "weights") }
            guard seen.insert(w.symbol).inserted else { throw PandaError(.invalid_request, "\(w.symbol) is listed twice", field: "members") }
        }
        weights.sort { $0.symbol < $1.symbol }
        var fund = IndexFund(
            name: name, account: indexAddress(chainID: ctx.ledger.info.chainID, name: name), manager: ctx.sender, weightBy: weightBy,
            weights: weights, period: try MintOperations.duration(r, "period") ?? defaultPeriod,
            tradingFeeBps: try bps(r, "trading_fee_bps") ?? defaults.trading, creationFeeBps: try bps(r, "creation_fee_bps") ?? defaults.creation,
            rebalanceFeeBps: try bps(r, "rebalance_fee_bps") ?? defaults.rebalance, shares: 0, lastRebalance: ctx.now, createdSeq: ctx.seq)
        if weightBy != "fixed" { fund.weights = try dynamicWeights(ctx, fund) }
        try ctx.store.insertIndex(fund)
        return OpOutput(fields: settingsFields(fund))
    }

    /// `set` (the manager): the fees and the rebalancing period. Journaled; the receipt shows the settings.
    public static let set = Operation(
        "set", .mutating, domain: "index", fields: ["name", "period", "trading_fee_bps", "creation_fee_bps", "rebalance_fee_bps"],
        summary: "change the index fund's fees and rebalancing period (its manager)"
    ) { ctx in
        var fund = try loadIndex(ctx)
        guard ctx.sender == fund.manager else {
            throw PandaError(.not_authorized, "only the manager of \(fund.name) (\(fund.manager)) may change its settings; \(ctx.sender) is not")
        }
        let r = ctx.request
        var changed = false
        if let p = try MintOperations.duration(r, "period") { fund.period = p; changed = true }
        if let v = try bps(r, "trading_fee_bps") { fund.tradingFeeBps = v; changed = true }
        if let v = try bps(r, "creation_fee_bps") { fund.creationFeeBps = v; changed = true }
        if let v = try bps(r, "rebalance_fee_bps") { fund.rebalanceFeeBps = v; changed = true }
        guard changed else {
            throw PandaError(.missing_field, "nothing to set: give period, trading_fee_bps, creation_fee_bps or rebalance_fee_bps", field: "trading_fee_bps")
        }
        try ctx.store.updateIndexSettings(fund)
        return OpOutput(fields: settingsFields(fund))
    }

    static func settingsFields(_ fund: IndexFund) -> JSONObject {
        [
            "name": .string(fund.name), "account": .string(fund.account), "manager": .string(fund.manager), "weight_by": .string(fund.weightBy),
            "weights": weightsValue(fund), "period": .string(fund.period.description),
            "trading_fee_bps": .number(JSONNumber(fund.tradingFeeBps)), "creation_fee_bps": .number(JSONNumber(fund.creationFeeBps)),
            "rebalance_fee_bps": .number(JSONNumber(fund.rebalanceFeeBps)),
        ]
    }

    public static let buy = Operation(
        "buy", .mutating, domain: "index", fields: ["name", "shares", "max_cost"],
        summary: "buy shares: the fund buys the underlying tokens on their curves; the buyer pays their cost plus the creation fee"
    ) { ctx in
        var fund = try loadIndex(ctx)
        let n = try requireShares(ctx.request)
        let maxCost = try ctx.request.amount("max_cost")?.units
        try collectDividends(ctx, fund)
        let cash = try ctx.store.balance(fund.account)?.units ?? 0
        var plan: [(symbol: String, tokens: Int64)] = []
        var cashIn: Int128 = 0
        if fund.shares == 0 {
            guard n >= minFirstShares else {
                throw PandaError(.below_minimum, "the first buy of \(fund.name) must be at least \(minFirstShares) shares", field: "shares")
            }
            if fund.weightBy != "fixed" { fund.weights = try dynamicWeights(ctx, fund) }
            for w in fund.weights where w.units > 0 {
                let budget = mulDiv(Int128(n) * initialSharePrice, w.units, full)
                let m = try CurveOperations.requireModel(ctx, w.symbol)
                let tokens = try ctx.modelCurve(m).mostTokens(costingAtMost: budget)
                guard tokens > 0 else {
                    throw PandaError(.below_minimum, "\(n) shares buy no whole \(w.symbol) token (its share of the budget is \(Amount(units: budget)) PANDA); buy more shares",
                                     field: "shares")
                }
                plan.append((w.symbol, tokens))
            }
        } else {
            // Pro rata to what each share holds, rounded up: the buyer pays for at least their share.
            for w in fund.weights {
                let held = try ctx.store.holding(w.symbol, fund.account)?.total ?? 0
                let tokens = Int64(ceilDiv(Int128(n) * Int128(held), Int128(fund.shares)))
                if tokens > 0 { plan.append((w.symbol, tokens)) }
            }
            cashIn = mulDiv(Int128(n), cash, Int128(fund.shares), roundingUp: true)
        }
        var costs: Int128 = 0
        var bought: [JSONValue] = []
        for p in plan {
            var m = try CurveOperations.requireModel(ctx, p.symbol)
            let quote = try ctx.modelCurve(m).quoteBuy(p.tokens)
            _ = try ctx.credit(fund.account, Amount(units: quote.value))  // the buyer's PANDA, spent at once by the fund
            let done = try CurveOperations.curveTrade(ctx, &m, account: fund.account, side: .buy, amount: p.tokens, limit: quote.value)
            costs += done.trade.value
            bought.append(.object(["symbol": .string(p.symbol), "amount": .number(JSONNumber(p.tokens)),
                                   "cost": .string(Amount(units: done.trade.value).description)]))
        }
        let subtotal = costs + cashIn
        let fee = ceilDiv(subtotal * Int128(fund.creationFeeBps), 10_000)
        let total = subtotal + fee
        if let maxCost, total > maxCost {
            throw PandaError(.slippage, "cost \(Amount(units: total)) is above max_cost \(Amount(units: maxCost))", field: "max_cost")
        }
        let after = try ctx.debit(ctx.sender, Amount(units: total))
        if cashIn > 0 { _ = try ctx.credit(fund.account, Amount(units: cashIn)) }
        if fee > 0 { _ = try ctx.credit(fund.manager, Amount(units: fee)) }
        // The fund was credited each cost and spent it: its cash is unchanged but for cashIn.
        let owned = try ctx.store.shares(fund.name, ctx.sender) + n
        try ctx.store.setShares(fund.name, ctx.sender, owned)
        fund.shares += n
        try ctx.store.updateIndex(fund)
        var fields = try navFields(ctx, fund)
        fields.merge(["shares": .number(JSONNumber(n)), "cost": .string(Amount(units: total).description), "fee": .string(Amount(units: fee).description),
                      "bought": .array(bought), "holder_shares": .number(JSONNumber(owned)), "panda": .string(after.description)])
        return OpOutput(fields: fields)
    }

    public static let sell = Operation(
        "sell", .mutating, domain: "index", fields: ["name", "shares", "min_payout"],
        summary: "sell shares: the fund sells their part of every holding and pays it out with their part of its cash, less the trading fee"
    ) { ctx in
        var fund = try loadIndex(ctx)
        let n = try requireShares(ctx.request)
        let minPayout = try ctx.request.amount("min_payout", allowZero: true)?.units
        let owned = try ctx.store.shares(fund.name, ctx.sender)
        guard owned >= n else {
            throw PandaError(.insufficient_tokens, "\(ctx.sender) has \(owned) shares of \(fund.name), needs \(n)", field: "shares")
        }
        try collectDividends(ctx, fund)
        let cash = try ctx.store.balance(fund.account)?.units ?? 0
        var proceeds: Int128 = 0
        var sold: [JSONValue] = []
        for w in fund.weights {
            let held = try ctx.store.holding(w.symbol, fund.account)?.total ?? 0
            let tokens = Int64(Int128(n) * Int128(held) / Int128(fund.shares))  // rounded down: never more than the shares own
            guard tokens > 0 else { continue }
            var m = try CurveOperations.requireModel(ctx, w.symbol)
            let done = try CurveOperations.curveTrade(ctx, &m, account: fund.account, side: .sell, amount: tokens, limit: nil)
            proceeds += done.trade.value
            sold.append(.object(["symbol": .string(w.symbol), "amount": .number(JSONNumber(tokens)),
                                 "payout": .string(Amount(units: done.trade.value).description)]))
        }
        let cashOut = mulDiv(Int128(n), cash, Int128(fund.shares))
        let gross = proceeds + cashOut
        let fee = ceilDiv(gross * Int128(fund.tradingFeeBps), 10_000)
        let payout = gross - fee
        if let minPayout, payout < minPayout {
            throw PandaError(.slippage, "payout \(Amount(units: payout)) is below min_payout \(Amount(units: minPayout))", field: "min_payout")
        }
        if gross > 0 { _ = try ctx.debit(fund.account, Amount(units: gross)) }
        let after = try ctx.credit(ctx.sender, Amount(units: payout))
        if fee > 0 { _ = try ctx.credit(fund.manager, Amount(units: fee)) }
        try ctx.store.setShares(fund.name, ctx.sender, owned - n)
        fund.shares -= n
        try ctx.store.updateIndex(fund)
        var fields = try navFields(ctx, fund)
        fields.merge(["shares": .number(JSONNumber(n)), "payout": .string(Amount(units: payout).description), "fee": .string(Amount(units: fee).description),
                      "sold": .array(sold), "holder_shares": .number(JSONNumber(owned - n)), "panda": .string(after.description)])
        return OpOutput(fields: fields)
    }

    public static let nav = Operation("nav", .query, domain: "index", fields: ["name"],
                                      summary: "net asset value, per share, and the basket price of paper eq. 6") { ctx in
        OpOutput(fields: try navFields(ctx, try loadIndex(ctx)))
    }

    public static let portfolio = Operation("portfolio", .query, domain: "index", fields: ["name"],
                                            summary: "the fund's holdings with prices, values and weights") { ctx in
        let fund = try loadIndex(ctx)
        let v = try valuation(ctx, fund)
        var records: [JSONObject] = []
        for (w, h) in zip(fund.weights, v.members) {
            records.append(["type": "holding", "index": .string(fund.name), "symbol": .string(w.symbol), "tokens": .number(JSONNumber(h.tokens)),
                            "price": .string(Amount(units: h.price).description), "value": .string(Amount(units: h.value).description),
                            "weight": .string(weightText(h.value, v.nav)), "target_weight": .string(Amount(units: w.units).description)])
        }
        records.append(["type": "holding", "index": .string(fund.name), "symbol": "PANDA", "value": .string(Amount(units: v.cash).description),
                        "weight": .string(weightText(v.cash, v.nav))])
        return OpOutput(fields: try navFields(ctx, fund), records: records)
    }

    public static let rebalance = Operation(
        "rebalance", .mutating, domain: "index", fields: ["name"],
        summary: "trade back to the target weights once the period has passed, paying the rebalancing fee (the manager)"
    ) { ctx in
        var fund = try loadIndex(ctx)
        guard ctx.sender == fund.manager else {
            throw PandaError(.not_authorized, "\(fund.name) is rebalanced by its manager \(fund.manager); \(ctx.sender) is not")
        }
        let due = Timestamp(milliseconds: fund.lastRebalance.milliseconds + fund.period.milliseconds)
        guard ctx.now >= due else {
            throw PandaError(.not_due, "\(fund.name) was rebalanced at \(fund.lastRebalance.rfc3339); the next rebalance is due at \(due.rfc3339)")
        }
        guard fund.shares > 0 else { throw PandaError(.invalid_request, "\(fund.name) holds nothing to rebalance") }
        try collectDividends(ctx, fund)
        if fund.weightBy != "fixed" { fund.weights = try dynamicWeights(ctx, fund) }
        let before = try valuation(ctx, fund)
        var trades: [JSONValue] = []
        var sold = Set<String>()
        // 1. Sell what is above its target value.
        for (w, h) in zip(fund.weights, before.members) {
            let target = mulDiv(before.nav, w.units, full)
            guard h.value > target, h.price > 0 else { continue }
            let tokens = min(h.tokens, Int64((h.value - target) / h.price))
            guard tokens > 0 else { continue }
            var m = try CurveOperations.requireModel(ctx, w.symbol)
            let done = try CurveOperations.curveTrade(ctx, &m, account: fund.account, side: .sell, amount: tokens, limit: nil)
            sold.insert(w.symbol)
            trades.append(.object(["symbol": .string(w.symbol), "side": "sell", "amount": .number(JSONNumber(tokens)),
                                   "value": .string(Amount(units: done.trade.value).description)]))
        }
        // 2. The fee, out of the fund's cash.
        let fee = ceilDiv(before.nav * Int128(fund.rebalanceFeeBps), 10_000)
        if fee > 0 {
            _ = try ctx.debit(fund.account, Amount(units: fee))
            _ = try ctx.credit(fund.manager, Amount(units: fee))
        }
        // 3. Buy what is below its target, with the cash there is.
        let mid = try valuation(ctx, fund)
        var cash = mid.cash
        for (w, h) in zip(fund.weights, mid.members) {
            let target = mulDiv(mid.nav, w.units, full)
            // (A member just sold stays there: its price fell as it was sold, not its weight.)
            guard h.value < target, !sold.contains(w.symbol) else { continue }
            let budget = min(target - h.value, cash)
            var m = try CurveOperations.requireModel(ctx, w.symbol)
            let tokens = try ctx.modelCurve(m).mostTokens(costingAtMost: budget)
            guard tokens > 0 else { continue }
            let done = try CurveOperations.curveTrade(ctx, &m, account: fund.account, side: .buy, amount: tokens, limit: nil)
            cash -= done.trade.value
            trades.append(.object(["symbol": .string(w.symbol), "side": "buy", "amount": .number(JSONNumber(tokens)),
                                   "value": .string(Amount(units: done.trade.value).description)]))
        }
        fund.lastRebalance = ctx.now
        try ctx.store.updateIndex(fund)
        var fields = try navFields(ctx, fund)
        fields.merge(["trades": .array(trades), "fee": .string(Amount(units: fee).description), "nav_before": .string(Amount(units: before.nav).description)])
        return OpOutput(fields: fields)
    }

    // MARK: Shared steps

    struct Valuation {
        var members: [(tokens: Int64, price: Int128, value: Int128)]
        var cash: Int128
        var nav: Int128
    }

    /// Holdings at spot prices plus cash (dividends owed to the fund count as cash).
    static func valuation(_ ctx: OpContext, _ fund: IndexFund) throws -> Valuation {
        var members: [(tokens: Int64, price: Int128, value: Int128)] = []
        var cash = try ctx.store.balance(fund.account)?.units ?? 0
        var nav: Int128 = 0
        for w in fund.weights {
            let m = try CurveOperations.requireModel(ctx, w.symbol)
            let h = try ctx.store.holding(w.symbol, fund.account) ?? .empty
            let price = try ctx.modelCurve(m).spotPrice()
            let value = Int128(h.total) * price
            cash += h.dividends.owed + m.pool.accrued(h.dividends, balance: h.total)
            members.append((h.total, price, value))
            nav += value
        }
        return Valuation(members: members, cash: cash, nav: nav + cash)
    }

    static func navFields(_ ctx: OpContext, _ fund: IndexFund) throws -> JSONObject {
        let v = try valuation(ctx, fund)
        var holdings = JSONObject()
        var basket: Int128 = 0
        for (w, h) in zip(fund.weights, v.members) {
            holdings.appendUnique(w.symbol, .number(JSONNumber(h.tokens)))
            basket += mulDiv(w.units, h.price, full)
        }
        return ["name": .string(fund.name), "nav": .string(Amount(units: v.nav).description),
                "nav_per_share": .string(fund.shares == 0 ? "0" : Amount(units: v.nav / Int128(fund.shares)).description),
                "basket_price": .string(Amount(units: basket).description), "total_shares": .number(JSONNumber(fund.shares)),
                "cash": .string(Amount(units: v.cash).description), "holdings": .object(holdings), "weights": weightsValue(fund)]
    }

    /// Claims the dividends the fund's holdings earned into its cash.
    static func collectDividends(_ ctx: OpContext, _ fund: IndexFund) throws {
        for w in fund.weights {
            var m = try CurveOperations.requireModel(ctx, w.symbol)
            guard var h = try ctx.store.holding(w.symbol, fund.account) else { continue }
            m.pool.settle(&h.dividends, balance: h.total)
            guard h.dividends.owed > 0 else { continue }
            let paid = try m.pool.claim(&h.dividends, balance: h.total)
            try ctx.store.saveHolding(w.symbol, fund.account, h)
            try ctx.store.updateModel(m)
            _ = try ctx.credit(fund.account, Amount(units: paid))
        }
    }

    /// Weights by market cap (supply × spot price) or accuracy, normalized; equal weights when all are zero.
    static func dynamicWeights(_ ctx: OpContext, _ fund: IndexFund) throws -> [(symbol: String, units: Int128)] {
        var raw: [(String, Int128)] = []
        for w in fund.weights {
            let m = try CurveOperations.requireModel(ctx, w.symbol)
            let value: Int128
            if fund.weightBy == "market_cap" {
                value = Int128(m.state.supply) * (try ctx.modelCurve(m).spotPrice())
            } else {
                value = MintOperations.performanceUnits(m)
            }
            raw.append((w.symbol, value))
        }
        if raw.allSatisfy({ $0.1 == 0 }) { raw = raw.map { ($0.0, 1) } }
        return try normalize(raw)
    }

    /// Weights scaled to sum to exactly 1e18; the rounding remainder goes to the largest.
    static func normalize(_ raw: [(String, Int128)]) throws -> [(symbol: String, units: Int128)] {
        let total = raw.reduce(Int128(0)) { $0 + $1.1 }
        guard total > 0 else { throw PandaError(.invalid_request, "weights must not all be zero", field: "weights") }
        var out = raw.map { (symbol: $0.0, units: mulDiv($0.1, full, total)) }
        let rest = full - out.reduce(Int128(0)) { $0 + $1.units }
        if let i = out.indices.max(by: { out[$0].units < out[$1].units }) { out[i].units += rest }
        return out.filter { $0.units > 0 }.sorted { $0.symbol < $1.symbol }
    }

    static func weightsValue(_ fund: IndexFund) -> JSONValue {
        .object(JSONObject(fund.weights.map { ($0.symbol, JSONValue.string(Amount(units: $0.units).description)) }))
    }

    static func weightText(_ value: Int128, _ nav: Int128) -> String {
        nav == 0 ? "0" : Amount(units: mulDiv(value, full, nav)).description
    }

    static func ceilDiv(_ a: Int128, _ b: Int128) -> Int128 { a <= 0 ? 0 : (a + b - 1) / b }

    /// ⌊a·b/c⌋ for a, b ≥ 0 and c > 0 without overflowing in between (a product of values and weights, both
    /// scaled by 1e18, does not fit 128 bits). Saturates at Int128.max.
    static func mulDiv(_ a: Int128, _ b: Int128, _ c: Int128, roundingUp: Bool = false) -> Int128 {
        if a <= 0 || b <= 0 { return 0 }
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow { return p / c + (roundingUp && p % c != 0 ? 1 : 0) }
        guard let x = BigNat(exactly: a), let y = BigNat(exactly: b), let z = BigNat(exactly: c) else { return 0 }
        let (q, r) = (x * y).quotientAndRemainder(dividingBy: z)
        return (q.int128 ?? .max) + (roundingUp && !r.isZero ? 1 : 0)
    }

    static func loadIndex(_ ctx: OpContext) throws -> IndexFund {
        let name = try nameField(ctx.request)
        guard let f = try ctx.store.index(name) else {
            throw PandaError(.unknown_index, "no index fund \(name) (create it with 'pandactl-index create')", field: "name")
        }
        return f
    }

    static func requireShares(_ r: Request) throws -> Int64 {
        guard let n = try r.tokens("shares") else { throw PandaError(.missing_field, "'shares' is required", field: "shares") }
        return n
    }

    static func nameField(_ r: Request) throws -> String {
        let name = try r.requireString("name")
        let ok = (1...32).contains(name.utf8.count) && name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
        }
        guard ok else { throw PandaError(.invalid_request, "'name' must be 1 to 32 letters, digits, '-' or '_'", field: "name") }
        return name
    }

    static func bps(_ r: Request, _ key: String) throws -> Int64? {
        guard let n = try r.tokens(key, allowZero: true) else { return nil }
        guard n <= 10_000 else { throw PandaError(.invalid_request, "'\(key)' is in basis points, 0 to 10000", field: key) }
        return n
    }

    static func indexAddress(chainID: String, name: String) -> String {
        Address.checksummed(Array(Keccak256.hash("pandactl:index:\(chainID):\(name)").suffix(20)))
    }
}
