import Curves
import PandaCore
import PandaCrypto

/// `pandactl-curve`'s operations: model tokens on bonding curves, with dividends (DESIGN §4). The
/// economics are the `Curves` library's; this file loads and stores state and moves PANDA and tokens.
public enum CurveOperations {
    /// Every operation, in the order of the man page.
    public static let all: [Operation] = [create, set, seed, quote, buy, sell, price, stats, list, transfer, claim, metrics, table]

    public static let create = Operation(
        "create", .mutating, domain: "curve",
        fields: ["symbol", "name", "category", "description", "curve", "inference_fee", "max_move", "window", "max_emission", "weights",
                 "reward_per_bps", "max_reward"],
        summary: "create a model token on a bonding curve (the sender owns it)"
    ) { ctx in
        let r = ctx.request
        let symbol = try symbolField(r)
        guard try ctx.store.model(symbol) == nil else {
            throw PandaError(.duplicate_symbol, "model token \(symbol) exists already", field: "symbol")
        }
        let name = try r.string("name") ?? symbol
        let curve = try curveField(r) ?? Curve.quadratic()
        let fee = try r.amount("inference_fee", allowZero: true) ?? Amount(units: Amount.one / 100)
        let maxMove = try r.string("max_move"), window = try r.string("window")
        if (maxMove == nil) != (window == nil) {
            throw PandaError(.invalid_request, "'max_move' and 'window' go together (e.g. \"50%\" and \"24h\")", field: maxMove == nil ? "max_move" : "window")
        }
        let limit = try maxMove.map { m throws(PandaError) in try RateLimit(maxMove: m, window: window ?? "") }
        let cap = try r.percentText("max_emission").map { t throws(PandaError) in try EmissionCap(parsing: t) } ?? EmissionCap()
        var model = ModelRecord(
            symbol: symbol, name: name, category: try r.string("category") ?? "ML", description: try r.string("description") ?? "",
            owner: ctx.sender, address: modelAddress(chainID: ctx.ledger.info.chainID, symbol: symbol),
            curveType: curve.kind.rawValue, curveFields: curve.fields, state: .empty, metrics: JSONObject(), inferenceFee: fee,
            maxMove: limit?.maxMoveText, rateWindow: limit?.windowText, pool: DividendPool(perToken: .zero, pending: 0, revenue: 0, claimed: 0), accuracy: "0", totalInferences: 0,
            createdSeq: ctx.seq, curveValue: curve)
        model.maxEmissionBps = cap.bps
        if let w = ctx.request.object["weights"], !w.isNull { model.weights = try weightsField(w, current: [:]) }
        try ctx.store.insertModel(model)
        let policyGiven = ctx.request.object["reward_per_bps"] != nil || ctx.request.object["max_reward"] != nil
        if policyGiven {
            var p = try ctx.store.mintPolicy(symbol)
            if let v = try r.tokens("reward_per_bps") { p.rewardPerBps = v }
            if let v = try r.tokens("max_reward") { p.maxReward = v }
            try ctx.store.setMintPolicy(symbol, p)
        }
        var curveObject = JSONObject([("type", .string(curve.kind.rawValue))])
        for k in curve.fields.keys.sorted() { curveObject[k] = .string(curve.fields[k]!) }
        var fields: JSONObject = [
            "symbol": .string(symbol), "name": .string(name), "owner": .string(ctx.sender), "address": .string(model.address),
            "curve": .object(curveObject), "inference_fee": .string(fee.description), "price": .string(Amount(units: try ModelCurve(curve: curve).spotPrice()).description),
        ]
        // Every setting in the receipt (schema 7 on; older entries replay with the receipt they had).
        if !ctx.legacyIssuance {
            fields["max_emission"] = .string(cap.text)
            fields["max_move"] = limit.map { .string($0.maxMoveText) } ?? .null
            fields["window"] = limit.map { .string($0.windowText) } ?? .null
        }
        // Schema 10 on: the rest of the settings `set` changes, and the ask and bid.
        if !ctx.legacyMultiplier {
            fields.merge(try settingsFields(ctx, model))
            fields["category"] = .string(model.category)
            fields["ask"] = fields["price"]
            fields["bid"] = fields["price"]
        }
        return OpOutput(fields: fields)
    }

    public static let quote = Operation("quote", .query, domain: "curve", fields: ["symbol", "side", "amount"], summary: "price a buy or a sell without trading") { ctx in
        let m = try loadModel(ctx)
        let amount = try ctx.request.tokens("amount") ?? { throw PandaError(.missing_field, "'amount' is required", field: "amount") }()
        let side = try ctx.request.string("side") ?? "buy"
        let mc = try ctx.modelCurve(m)
        let t: CurveTrade
        switch side {
        case "buy":
            try mc.checkBacked()
            t = try mc.quoteBuy(amount)
        case "sell": t = try mc.quoteSell(amount)
        default: throw PandaError(.invalid_request, "'side' must be buy or sell", field: "side")
        }
        var fields: JSONObject = [
            "symbol": .string(m.symbol), "side": .string(side), "amount": .number(JSONNumber(amount)),
            side == "buy" ? "cost" : "payout": .string(Amount(units: t.value).description),
            "avg_price": .string(Amount(units: t.averagePrice).description),
            "price_before": .string(Amount(units: t.priceBefore).description), "price_after": .string(Amount(units: t.priceAfter).description),
            "ask": .string(Amount(units: t.priceBefore).description), "bid": .string(Amount(units: t.bidBefore).description),
            "ask_after": .string(Amount(units: t.priceAfter).description), "bid_after": .string(Amount(units: t.bidAfter).description),
            "multiplier": .string(m.state.multiplierText),
        ]
        if side == "buy" {
            // What selling the same tokens at once would pay back: about 1/M of the cost (the premium stays
            // with the holders).
            var after = mc
            after.apply(t)
            fields["sell_back"] = .string(Amount(units: try after.quoteSell(amount).value).description)
        }
        return OpOutput(fields: fields)
    }

    public static let buy = Operation("buy", .mutating, domain: "curve", fields: ["symbol", "amount", "max_cost"], summary: "buy tokens from the curve") { ctx in
        try trade(&ctx, side: .buy)
    }

    public static let sell = Operation("sell", .mutating, domain: "curve", fields: ["symbol", "amount", "min_payout"], summary: "sell tokens to the curve") { ctx in
        try trade(&ctx, side: .sell)
    }

    public static let price = Operation("price", .query, domain: "curve", fields: ["symbol"], summary: "the spot price") { ctx in
        let m = try loadModel(ctx)
        let mc = try ctx.modelCurve(m)
        let p = try mc.spotPrice()
        return OpOutput(fields: ["symbol": .string(m.symbol), "price": .string(Amount(units: p).description),
                                 "ask": .string(Amount(units: p).description), "bid": .string(Amount(units: try mc.bidPrice()).description),
                                 "supply": .number(JSONNumber(m.state.supply)), "reserve": .string(Amount(units: m.state.reserve).description)])
    }

    public static let stats = Operation("stats", .query, domain: "curve", fields: ["symbol"], summary: "the model's statistics") { ctx in
        let m = try loadModel(ctx)
        let mc = try ctx.modelCurve(m)
        let p = try mc.spotPrice()
        let history = try ctx.store.pricePoints(m.symbol, since: Timestamp(milliseconds: ctx.now.milliseconds - Momentum.defaultWindow.milliseconds))
        let momentum = Momentum.momentum(history: history, now: ctx.now)
        var fields: JSONObject = [
            "name": .string(m.name), "symbol": .string(m.symbol), "category": .string(m.category), "description": .string(m.description),
            "owner": .string(m.owner), "address": .string(m.address), "accuracy": .number(JSONNumber(validated: m.accuracy)),
            "total_inferences": .number(JSONNumber(m.totalInferences)), "price": .string(Amount(units: p).description),
            "total_supply": .number(JSONNumber(m.state.supply)), "total_revenue": .string(Amount(units: m.pool.revenue).description),
            "reserve": .string(Amount(units: m.state.reserve).description), "momentum": .string(Amount(units: momentum).description),
            "multiplier": .string(m.state.multiplierText), "inference_fee": .string(m.inferenceFee.description),
            "max_move": m.maxMove.map { .string($0) } ?? .null, "window": m.rateWindow.map { .string($0) } ?? .null,
        ]
        fields.merge(try issuanceFields(ctx, m))
        fields.merge(try settingsFields(ctx, m))
        fields["ask"] = .string(Amount(units: p).description)
        fields["bid"] = .string(Amount(units: try mc.bidPrice()).description)
        fields["metrics"] = .object(try metricsUsed(m, m.metrics))
        return OpOutput(fields: fields)
    }

    public static let set = Operation(
        "set", .mutating, domain: "curve",
        fields: ["symbol", "inference_fee", "max_move", "window", "weights", "max_emission", "reward_per_bps", "max_reward"],
        summary: "change the model's settings: inference fee, rate limit, metric weights, issuance cap, reward settings (its owner)"
    ) { ctx in
        var m = try loadModel(ctx)
        try MintOperations.requireOwner(ctx, m, "the settings")
        let r = ctx.request
        var changed = false
        if let fee = try r.amount("inference_fee", allowZero: true) { m.inferenceFee = fee; changed = true }
        let maxMove = try r.string("max_move"), window = try r.string("window")
        if maxMove == "none" {
            guard window == nil else { throw PandaError(.invalid_request, "'max_move' none removes the rate limit; give no window with it", field: "window") }
            m.maxMove = nil
            m.rateWindow = nil
            changed = true
        } else if maxMove != nil || window != nil {
            guard let move = maxMove ?? m.maxMove, let w = window ?? m.rateWindow else {
                throw PandaError(.invalid_request, "the model has no rate limit yet: give 'max_move' and 'window' together (e.g. \"50%\" and \"24h\")",
                                 field: maxMove == nil ? "max_move" : "window")
            }
            let limit = try RateLimit(maxMove: move, window: w)
            m.maxMove = limit.maxMoveText
            m.rateWindow = limit.windowText
            changed = true
        }
        if let text = try r.percentText("max_emission") {
            let cap = try EmissionCap(parsing: text)
            // Raising the cap after buyers came would let the owner issue more than they were shown.
            if cap.bps > m.maxEmissionBps, try ctx.store.firstCurveTradeSeq(m.symbol) != nil {
                throw PandaError(.already_trading, "\(m.symbol) has traded on its curve: max_emission may be lowered (now \(EmissionCap(bps: m.maxEmissionBps).text)), not raised to \(cap.text)",
                                 field: "max_emission")
            }
            m.maxEmissionBps = cap.bps
            changed = true
        }
        if let w = r.object["weights"], !w.isNull {
            m.weights = try weightsField(w, current: m.weights)
            var mc = try ctx.modelCurve(m)
            try mc.setMultiplier(try m.successMetrics(m.metrics).multiplier)
            m.state = mc.state
            changed = true
        }
        if r.object["reward_per_bps"] != nil || r.object["max_reward"] != nil {
            var p = try ctx.store.mintPolicy(m.symbol)
            if let v = try r.tokens("reward_per_bps") { p.rewardPerBps = v }
            if let v = try r.tokens("max_reward") { p.maxReward = v }
            try ctx.store.setMintPolicy(m.symbol, p)
            changed = true
        }
        guard changed else {
            throw PandaError(.missing_field, "nothing to set: give inference_fee, max_move and window, weights, max_emission, reward_per_bps or max_reward",
                             field: "inference_fee")
        }
        try ctx.store.updateModel(m)
        var fields: JSONObject = ["symbol": .string(m.symbol)]
        fields.merge(try settingsFields(ctx, m))
        let mc = try ctx.modelCurve(m)
        fields["ask"] = .string(Amount(units: try mc.spotPrice()).description)
        fields["bid"] = .string(Amount(units: try mc.bidPrice()).description)
        return OpOutput(fields: fields)
    }

    public static let list = Operation("list", .query, domain: "curve", fields: ["category", "owner"],
                                       summary: "list the model tokens, optionally by category or owner") { ctx in
        let category = try ctx.request.string("category")
        let owner = try ctx.account("owner")
        var records: [JSONObject] = []
        for symbol in try ctx.store.modelSymbols(category: category, owner: owner) {
            guard let m = try ctx.store.model(symbol) else { continue }
            let mc = try ctx.modelCurve(m)
            records.append(JSONObject(uniqueMembers: [
                ("type", "model"), ("symbol", .string(m.symbol)), ("name", .string(m.name)), ("category", .string(m.category)),
                ("address", .string(m.address)), ("owner", .string(m.owner)), ("price", .string(Amount(units: try mc.spotPrice()).description)),
                ("bid", .string(Amount(units: try mc.bidPrice()).description)), ("supply", .number(JSONNumber(m.state.supply))),
            ]))
        }
        return OpOutput(records: records)
    }

    /// The settings the owner may change with `set`, as receipts and `stats` show them.
    static func settingsFields(_ ctx: OpContext, _ m: ModelRecord) throws -> JSONObject {
        var o: JSONObject = [
            "inference_fee": .string(m.inferenceFee.description),
            "max_move": m.maxMove.map { .string($0) } ?? .null, "window": m.rateWindow.map { .string($0) } ?? .null,
            "max_emission": .string(EmissionCap(bps: m.maxEmissionBps).text),
            "multiplier": .string(m.state.multiplierText),
        ]
        let sm = try m.successMetrics(JSONObject())
        var weights = JSONObject()
        for metric in SuccessMetrics.Metric.allCases { weights[metric.rawValue] = .string(sm.weights[metric]!.description) }
        o["weights"] = .object(weights)
        let policy = MintOperations.policyFields(m.symbol, try ctx.store.mintPolicy(m.symbol))
        for key in ["reward_per_bps", "reward", "max_reward", "max_reward_share"] { if let v = policy[key] { o[key] = v } }
        return o
    }

    /// The metrics as M(t) uses them: each clamped into its range (accuracy [0.7, 1], …).
    static func metricsUsed(_ m: ModelRecord, _ values: JSONObject) throws -> JSONObject {
        let sm = try m.successMetrics(values)
        var o = JSONObject()
        for metric in SuccessMetrics.Metric.allCases { if let t = sm.text(of: metric) { o[metric.rawValue] = .string(t) } }
        return o
    }

    /// The most a metric weight may be, so that M(t) stays a small number (each metric is at most 1).
    static let maxWeight = Ratio(10)

    /// `{"accuracy": 0.4, "growth": "0.1"}`: metric → non-negative decimal (at most 10), merged over `current`.
    static func weightsField(_ v: JSONValue, current: [String: String]) throws -> [String: String] {
        guard case .object(let o) = v, !o.isEmpty else {
            throw PandaError(.invalid_request, "'weights' must be an object of metric to weight, e.g. {\"accuracy\":0.4,\"adoption\":0.2}", field: "weights")
        }
        var out = current
        for (k, value) in o {
            guard SuccessMetrics.Metric(rawValue: k) != nil else {
                throw PandaError(.unknown_field, "no success metric '\(k)' (accuracy, adoption, improvement, growth)", field: "weights")
            }
            let text: String
            switch value {
            case .string(let s): text = s
            case .number(let n): text = n.text
            default: throw PandaError(.invalid_request, "the weight of \(k) must be a decimal number", field: "weights")
            }
            let sm = try SuccessMetrics(weights: [k: text])
            guard let w = sm.weights[SuccessMetrics.Metric(rawValue: k)!], w <= maxWeight else {
                throw PandaError(.invalid_request, "the weight of \(k) must be at most 10, got \(text)", field: "weights")
            }
            out[k] = w.description
        }
        return out
    }

    public static let seed = Operation(
        "seed", .mutating, domain: "curve", fields: ["symbol", "amount"],
        summary: "put PANDA into the reserve, no tokens out, so that supply issued off the curve is backed (the owner)"
    ) { ctx in
        var m = try loadModel(ctx)
        try MintOperations.requireOwner(ctx, m, "seeds of the reserve")
        guard let amount = try ctx.request.amount("amount") else { throw PandaError(.missing_field, "'amount' is required (PANDA)", field: "amount") }
        var mc = try ctx.modelCurve(m)
        try mc.seed(amount.units)
        let balance = try ctx.debit(ctx.sender, amount)
        m.state = mc.state
        try ctx.store.updateModel(m)
        let bid = try mc.bidPrice(), ask = try mc.spotPrice()
        return OpOutput(fields: [
            "symbol": .string(m.symbol), "amount": .string(amount.description), "reserve": .string(Amount(units: m.state.reserve).description),
            "supply": .number(JSONNumber(m.state.supply)), "bid": .string(Amount(units: bid).description), "ask": .string(Amount(units: ask).description),
            "price": .string(Amount(units: ask).description), "panda": .string(balance.description),
        ])
    }

    /// What a buyer should see before buying (DESIGN §4 "Issuance cap"): promised tokens, the cap and
    /// what it still allows, and the worst loss of value the cap allows per 365 days.
    static func issuanceFields(_ ctx: OpContext, _ m: ModelRecord) throws -> JSONObject {
        let unvested = try ctx.store.unreleased(m.symbol)
        let cap = EmissionCap(bps: m.maxEmissionBps)
        let window = try MintOperations.emissionWindow(ctx, m)
        let trading = try ctx.store.firstCurveTradeSeq(m.symbol) != nil
        let mc = try ctx.modelCurve(m)
        let full = Int64(Int128(m.state.supply) * Int128(cap.bps) / 10_000)
        let dilution = mc.worstCaseDilution(issuing: full)
        var o: JSONObject = [
            "unvested": .number(JSONNumber(unvested)),
            "fully_diluted_supply": .number(JSONNumber(m.state.supply + unvested)), "max_emission": .string(cap.text),
            "max_dilution": .string(Amount.format(units: dilution, decimals: 18)),
        ]
        // Before the first trade nothing counts yet (registration); the cap starts with the first buyer.
        o["emission_left"] = trading ? .number(JSONNumber(cap.left(window))) : .string("unlimited until the first curve trade")
        return o
    }

    public static let transfer = Operation("transfer", .mutating, domain: "curve", fields: ["symbol", "to", "amount"], summary: "move tokens to another account") { ctx in
        var m = try loadModel(ctx)
        let to = try ctx.requireAccount("to")
        let amount = try requireTokens(ctx.request)
        guard to != ctx.sender else { throw PandaError(.self_transfer, "cannot transfer \(m.symbol) from \(to) to itself", field: "to") }
        try refuseIndexAccount(ctx, to)
        var from = try settledHolding(ctx, &m, ctx.sender)
        guard from.free >= amount else {
            throw PandaError(.insufficient_tokens, "\(ctx.sender) has \(from.free) free \(m.symbol), needs \(amount)", field: "amount")
        }
        var dest = try settledHolding(ctx, &m, to)
        from.free -= amount
        dest.free += amount
        try ctx.store.saveHolding(m.symbol, ctx.sender, from)
        try ctx.store.saveHolding(m.symbol, to, dest)
        try ctx.store.updateModel(m)
        return OpOutput(fields: ["symbol": .string(m.symbol), "to": .string(to), "amount": .number(JSONNumber(amount)),
                                 "balances": .object(JSONObject([(ctx.sender, .number(JSONNumber(from.total))), (to, .number(JSONNumber(dest.total)))]))])
    }

    public static let claim = Operation("claim", .mutating, domain: "curve", fields: ["symbol"], summary: "claim owed dividends in PANDA") { ctx in
        var m = try loadModel(ctx)
        var h = try ctx.store.holding(m.symbol, ctx.sender) ?? .empty
        let paid = try m.pool.claim(&h.dividends, balance: h.total)
        try ctx.store.saveHolding(m.symbol, ctx.sender, h)
        try ctx.store.updateModel(m)
        let after = try ctx.credit(ctx.sender, Amount(units: paid))
        return OpOutput(fields: ["symbol": .string(m.symbol), "amount": .string(Amount(units: paid).description),
                                 "balances": .object(JSONObject([(ctx.sender, .string(after.description))]))])
    }

    public static let metrics = Operation(
        "metrics", .mutating, domain: "curve", fields: ["symbol", "accuracy", "adoption", "improvement", "growth"],
        summary: "set success metrics m(t) and so M(t) (a verifier, or the owner)"
    ) { ctx in
        var m = try loadModel(ctx)
        let isVerifier = try ctx.store.hasRole(ctx.sender, "verifier", scope: m.symbol)
        guard ctx.sender == m.owner || isVerifier else {
            throw PandaError(.not_authorized, "metrics of \(m.symbol) are set by its verifiers (added with 'pandactl-mint verifier') or its owner \(m.owner); \(ctx.sender) is neither")
        }
        var values = m.metrics
        for key in ["accuracy", "adoption", "improvement", "growth"] {
            if let text = try ctx.request.numericText(key) { values[key] = .string(text) }
        }
        let sm = try m.successMetrics(values)
        var mc = try ctx.modelCurve(m)
        try mc.setMultiplier(sm.multiplier)
        m.state = mc.state
        m.metrics = values
        try ctx.store.updateModel(m)
        // Schema 10 on: the metrics as M(t) uses them (clamped), and the ask and bid they make.
        guard !ctx.legacyMultiplier else {
            return OpOutput(fields: ["symbol": .string(m.symbol), "multiplier": .string(sm.multiplierText), "metrics": .object(values)])
        }
        var fields: JSONObject = ["symbol": .string(m.symbol), "multiplier": .string(sm.multiplierText), "metrics": .object(try metricsUsed(m, values))]
        var weights = JSONObject()
        for metric in SuccessMetrics.Metric.allCases { weights[metric.rawValue] = .string(sm.weights[metric]!.description) }
        fields["weights"] = .object(weights)
        fields["ask"] = .string(Amount(units: try mc.spotPrice()).description)
        fields["bid"] = .string(Amount(units: try mc.bidPrice()).description)
        return OpOutput(fields: fields)
    }

    // DESIGN §7 names the range `from`/`to`, but `from` is every request's sender: the range is `start`/`end`.
    public static let table = Operation("table", .query, domain: "curve", fields: ["symbol", "curve", "start", "end", "steps"],
                                        summary: "price and reserve points along the curve, for plotting") { ctx in
        let r = ctx.request
        let curve: Curve
        var state = CurveState.empty
        if r.object["symbol"] != nil {
            let m = try loadModel(ctx)
            curve = try m.curve()
            state.multiplier = m.state.multiplier  // the asks under the model's M(t)
        } else {
            guard let c = try curveField(r) else { throw PandaError(.missing_field, "'symbol' or 'curve' is required", field: "symbol") }
            curve = c
        }
        let from = try r.tokens("start", allowZero: true) ?? 0
        let to = try r.tokens("end", allowZero: true) ?? max(from + 1000, curve.maxSupply ?? 0)
        let steps = Int(try r.tokens("steps") ?? 10)
        guard to > from, steps <= 100_000 else {
            throw PandaError(.invalid_request, "need start < end and at most 100000 steps", field: "end")
        }
        let points = try ModelCurve(curve: curve, state: state).table(from: from, to: to, steps: steps)
        return OpOutput(records: points.map { p in
            JSONObject(uniqueMembers: [("type", "point"), ("supply", .number(JSONNumber(p.supply))),
                                       ("price", .string(Amount(units: p.price).description)), ("ask", .string(Amount(units: p.price).description)),
                                       ("bid", .string(Amount(units: p.bid).description)), ("reserve", .string(Amount(units: p.reserve).description))])
        })
    }

    // MARK: Shared steps

    static func trade(_ ctx: inout OpContext, side: TradeSide) throws -> OpOutput {
        var m = try loadModel(ctx)
        let amount = try requireTokens(ctx.request)
        let limit = try ctx.request.amount(side == .buy ? "max_cost" : "min_payout", allowZero: side == .sell)?.units
        let done = try curveTrade(ctx, &m, account: ctx.sender, side: side, amount: amount, limit: limit)
        let t = done.trade
        var fields: JSONObject = [
            "symbol": .string(m.symbol), "amount": .number(JSONNumber(amount)),
            side == .buy ? "cost" : "payout": .string(Amount(units: t.value).description),
            "avg_price": .string(Amount(units: t.averagePrice).description), "price": .string(Amount(units: t.priceAfter).description),
            "supply": .number(JSONNumber(m.state.supply)), "reserve": .string(Amount(units: m.state.reserve).description),
            "tokens": .number(JSONNumber(done.holding.total)), "panda": .string(done.balance.description),
        ]
        if !ctx.legacyMultiplier {
            fields["ask"] = .string(Amount(units: t.priceAfter).description)
            fields["bid"] = .string(Amount(units: t.bidAfter).description)
            fields["multiplier"] = .string(m.state.multiplierText)
        }
        return OpOutput(fields: fields)
    }

    /// One curve trade by `account`: prices it, checks the `max_cost`/`min_payout` limit and the rate limit,
    /// settles the account's dividends, moves PANDA and tokens, stores the model and the trade. The one
    /// place a curve trade happens (`buy`, `sell`, `redeem`, index funds).
    static func curveTrade(_ ctx: OpContext, _ m: inout ModelRecord, account: String, side: TradeSide, amount: Int64, limit: Int128?)
        throws -> (trade: CurveTrade, holding: Holding, balance: Amount)
    {
        var mc = try ctx.modelCurve(m)
        if side == .buy && !ctx.legacyIssuance { try mc.checkBacked() }
        let t = side == .buy ? try mc.quoteBuy(amount) : try mc.quoteSell(amount)
        try t.check(limit: limit)
        if let rate = try m.rateLimit() {
            let start = rate.windowStart(now: ctx.now)
            let opening = PricePoint.price(at: start, in: try ctx.store.pricePoints(m.symbol, since: start)) ?? t.priceBefore
            try rate.check(opening: opening, before: t.priceBefore, after: t.priceAfter)
        }
        var h = try settledHolding(ctx, &m, account)
        let balance: Amount
        switch side {
        case .buy:
            balance = try ctx.debit(account, Amount(units: t.value))
            h.free += amount
        case .sell:
            guard h.free >= amount else {
                throw PandaError(.insufficient_tokens, "\(account) has \(h.free) free \(m.symbol), needs \(amount)", field: "amount")
            }
            h.free -= amount
            balance = try ctx.credit(account, Amount(units: t.value))
        }
        mc.apply(t)
        m.state = mc.state
        try ctx.store.saveHolding(m.symbol, account, h)
        try ctx.store.updateModel(m)
        try ctx.store.insertCurveTrade(seq: ctx.seq, symbol: m.symbol, ts: ctx.now, account: account, side: side.rawValue,
                                       amount: amount, value: t.value, priceAfter: t.priceAfter)
        return (t, h, balance)
    }

    /// Credits an inference fee paid by `payer` to the model's holders (to its owner while no tokens
    /// are out). The library call `pandactl-predict` uses; returns what went to holders and to the owner.
    static func creditInferenceFee(_ ctx: OpContext, symbol: String, payer: String, fee: Amount) throws -> DividendCredit {
        guard var m = try ctx.store.model(symbol) else { throw PandaError(.unknown_symbol, "no model token \(symbol)", field: "symbol") }
        _ = try ctx.debit(payer, fee)
        let c = try m.pool.credit(fee: fee.units, supply: m.state.supply)
        if c.toOwner > 0 { _ = try ctx.credit(m.owner, Amount(units: c.toOwner)) }
        m.totalInferences += 1
        try ctx.store.updateModel(m)
        return c
    }

    /// Index funds' accounts take no transfers: a donation would move their share price.
    static func refuseIndexAccount(_ ctx: OpContext, _ account: String) throws {
        if try ctx.store.isIndexAccount(account) {
            throw PandaError(.not_authorized, "\(account) is an index fund's account; it takes no transfers (buy its shares instead)", field: "to")
        }
    }

    static func settledHolding(_ ctx: OpContext, _ m: inout ModelRecord, _ account: String) throws -> Holding {
        var h = try ctx.store.holding(m.symbol, account) ?? .empty
        _ = m.pool.settle(&h.dividends, balance: h.total)
        return h
    }

    /// The model `symbol` (one named by the operation, not by the request's `symbol`); `unknown_symbol` if none.
    static func requireModel(_ ctx: OpContext, _ symbol: String) throws -> ModelRecord {
        guard let m = try ctx.store.model(symbol) else { throw PandaError(.unknown_symbol, "no model token \(symbol)", field: "symbol") }
        return m
    }

    static func loadModel(_ ctx: OpContext) throws -> ModelRecord {
        let symbol = try symbolField(ctx.request)
        guard let m = try ctx.store.model(symbol) else {
            throw PandaError(.unknown_symbol, "no model token \(symbol) (create it with 'pandactl-curve create')", field: "symbol")
        }
        return m
    }

    static func symbolField(_ r: Request) throws(PandaError) -> String {
        let s = try r.requireString("symbol")
        let u = Array(s.utf8)
        guard (1...12).contains(u.count), u[0] >= 0x41, u[0] <= 0x5A,
            u.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) })
        else { throw PandaError(.invalid_request, "'symbol' must be 1 to 12 capital letters and digits, starting with a letter", field: "symbol") }
        return s
    }

    /// The request's `curve` object ({"type": …, parameters as numbers or decimal strings}), or nil.
    static func curveField(_ r: Request) throws -> Curve? {
        guard let spec = r.object["curve"], !spec.isNull else { return nil }
        guard case .object(let o) = spec else {
            throw PandaError(.invalid_request, "'curve' must be an object such as {\"type\":\"quadratic\",\"scale\":1000000}", field: "curve")
        }
        var type = "quadratic"
        var fields: [String: String] = [:]
        for (k, v) in o {
            let text: String
            switch v {
            case .string(let s): text = s
            case .number(let n): text = n.text
            default: throw PandaError(.invalid_request, "curve.\(k) must be a number or a decimal string", field: "curve")
            }
            if k == "type" { type = text } else { fields[k] = text }
        }
        return try Curve(type: type, fields: fields)
    }

    static func requireTokens(_ r: Request) throws -> Int64 {
        guard let n = try r.tokens("amount") else { throw PandaError(.missing_field, "'amount' is required", field: "amount") }
        return n
    }

    /// A model's address: the last 20 bytes of keccak256("pandactl:model:" ‖ chain id ‖ ":" ‖ symbol).
    static func modelAddress(chainID: String, symbol: String) -> String {
        Address.checksummed(Array(Keccak256.hash("pandactl:model:\(chainID):\(symbol)").suffix(20)))
    }
}

extension OpContext {
    /// Takes PANDA from an account; `insufficient_funds` when it has less. Returns the balance after.
    func debit(_ account: String, _ amount: Amount) throws -> Amount {
        guard let balance = try store.balance(account) else {
            throw PandaError(.insufficient_funds, "\(account) has no PANDA, needs \(amount)", field: "amount")
        }
        guard balance >= amount else { throw PandaError(.insufficient_funds, "\(account) has \(balance) PANDA, needs \(amount)", field: "amount") }
        let after = Amount(units: balance.units - amount.units)
        try store.updateBalance(account, panda: after)
        return after
    }

    /// Gives PANDA to an account, creating it. Returns the balance after.
    func credit(_ account: String, _ amount: Amount) throws -> Amount {
        let before = try store.balance(account)
        guard let after = (before ?? .zero).adding(amount) else { throw PandaError(.overflow, "\(account)'s balance would overflow") }
        if before == nil { try store.insertAccount(account, panda: after, seq: seq) } else { try store.updateBalance(account, panda: after) }
        return after
    }
}
