import Curves
import PandaCore

/// A model token as the ledger stores it: metadata, its bonding curve and state, and its dividend pool.
struct ModelRecord {
    var symbol: String
    var name: String
    var category: String
    var description: String
    var owner: String
    var address: String
    var curveType: String
    var curveFields: [String: String]
    var state: CurveState
    var metrics: JSONObject
    var inferenceFee: Amount
    var maxMove: String?
    var rateWindow: String?
    var pool: DividendPool
    var accuracy: String
    var totalInferences: Int64
    var createdSeq: Int64
    /// The issuance cap in basis points of the measured supply per 365 days (DESIGN §4).
    var maxEmissionBps: Int64 = EmissionCap.defaultBps
    /// The success metrics' weights the owner set (metric → decimal text); the others weigh 0.25.
    var weights: [String: String] = [:]
    /// The parsed curve (the store caches it per curve text, so a stream does not re-parse it per line).
    var curveValue: Curve

    func curve() throws(PandaError) -> Curve { curveValue }

    /// The success metrics from `values` (a `metrics` object: metric → decimal text) under the model's
    /// weights: the clamped values and M(t).
    func successMetrics(_ values: JSONObject) throws(PandaError) -> SuccessMetrics {
        try SuccessMetrics(accuracy: values["accuracy"]?.stringValue, adoption: values["adoption"]?.stringValue,
                           improvement: values["improvement"]?.stringValue, growth: values["growth"]?.stringValue, weights: weights)
    }

    var weightsText: String { LedgerStore.fieldsText(weights) }

    func rateLimit() throws(PandaError) -> RateLimit? {
        guard let maxMove, let rateWindow else { return nil }
        return try RateLimit(maxMove: maxMove, window: rateWindow)
    }
}

/// One account's holding of one model token.
struct Holding {
    var free: Int64
    var locked: Int64
    var dividends: DividendAccount
    var total: Int64 { free + locked }

    static let empty = Holding(free: 0, locked: 0, dividends: DividendAccount())
}

extension LedgerStore {
    // MARK: Models

    func model(_ symbol: String) throws -> ModelRecord? {
        guard cache.active else { return try sqlModel(symbol) }
        if let slot = cache.models[symbol] { return slot.value }
        let value = try sqlModel(symbol)
        cache.setModel(symbol, RowCache.Slot(value: value, dirty: false))
        return value
    }

    func sqlModel(_ symbol: String) throws -> ModelRecord? {
        let s = try db.statement("""
            SELECT symbol, name, category, description, owner, address, curve_type, curve_fields, supply, reserve, ratio,
                   multiplier, metrics, inference_fee, max_move, rate_window, per_token, pending, revenue, claimed, accuracy,
                   total_inferences, created_seq, max_emission_bps, weights
            FROM models WHERE symbol = ?
            """)
        try s.bind([.text(symbol)])
        defer { s.reset() }
        guard try s.step() else { return nil }
        func text(_ i: Int32) -> String { s.text(i) ?? "" }
        let cacheKey = text(6) + "|" + text(7)
        let fields: [String: String]
        let curve: Curve
        if let cached = curveCache[cacheKey] {
            (curve, fields) = cached
        } else {
            let fieldsObject = (try? JSONParser.parse(text(7)).objectValue) ?? JSONObject()
            var parsed: [String: String] = [:]
            for (k, v) in fieldsObject { parsed[k] = v.stringValue ?? v.numberValue?.text ?? "" }
            fields = parsed
            curve = try Curve(type: text(6), fields: parsed)
            curveCache[cacheKey] = (curve, parsed)
        }
        var weights: [String: String] = [:]
        for (k, v) in (try? JSONParser.parse(text(24)).objectValue) ?? JSONObject() { weights[k] = v.stringValue ?? "" }
        var record = ModelRecord(
            symbol: text(0), name: text(1), category: text(2), description: text(3), owner: text(4), address: text(5),
            curveType: text(6), curveFields: fields,
            state: try CurveState(supply: try s.storedInt(8, "models.supply of \(symbol)"), reserve: text(9), ratio: text(10), multiplier: text(11)),
            metrics: (try? JSONParser.parse(text(12)).objectValue) ?? JSONObject(),
            inferenceFee: Amount(units: try s.storedUnits(13, "models.inference_fee of \(symbol)")),
            maxMove: s.isNull(14) ? nil : text(14), rateWindow: s.isNull(15) ? nil : text(15),
            pool: try DividendPool(perToken: text(16), pending: text(17), revenue: text(18), claimed: text(19)),
            accuracy: text(20), totalInferences: try s.storedInt(21, "models.total_inferences of \(symbol)"),
            createdSeq: try s.storedInt(22, "models.created_seq of \(symbol)"), maxEmissionBps: try s.storedInt(23, "models.max_emission_bps of \(symbol)"),
            curveValue: curve)
        record.weights = weights
        return record
    }

    func insertModel(_ m: ModelRecord) throws {
        try db.statement("""
            INSERT INTO models (symbol, name, category, description, owner, address, curve_type, curve_fields, supply, reserve,
                ratio, multiplier, metrics, inference_fee, max_move, rate_window, per_token, pending, revenue, claimed, accuracy,
                total_inferences, created_seq, max_emission_bps, weights)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([
                .text(m.symbol), .text(m.name), .text(m.category), .text(m.description), .text(m.owner), .text(m.address),
                .text(m.curveType), .text(Self.fieldsText(m.curveFields)), .int(m.state.supply), .text(m.state.reserveText),
                .text(m.state.ratioText), .text(m.state.multiplierText), .text(JSONWriter.string(.object(m.metrics), sortedKeys: true)),
                .text(String(m.inferenceFee.units)), m.maxMove.map { .text($0) } ?? .null, m.rateWindow.map { .text($0) } ?? .null,
                .text(m.pool.perTokenText), .text(m.pool.pendingText), .text(m.pool.revenueText), .text(m.pool.claimedText),
                .text(m.accuracy), .int(m.totalInferences), .int(m.createdSeq), .int(m.maxEmissionBps), .text(m.weightsText),
            ])
        if cache.active { cache.setModel(m.symbol, RowCache.Slot(value: m, dirty: false)) }
    }

    /// Saves what trades, credits, metrics and the owner's `set` change: curve state, dividend pool,
    /// metrics, counters, settings.
    func updateModel(_ m: ModelRecord) throws(SQLiteError) {
        guard cache.active else { return try sqlUpdateModel(m) }
        cache.setModel(m.symbol, RowCache.Slot(value: m, dirty: true))
    }

    func sqlUpdateModel(_ m: ModelRecord) throws(SQLiteError) {
        try db.statement("""
            UPDATE models SET supply = ?, reserve = ?, ratio = ?, multiplier = ?, metrics = ?, per_token = ?, pending = ?,
                revenue = ?, claimed = ?, accuracy = ?, total_inferences = ?, inference_fee = ?, max_move = ?, rate_window = ?,
                max_emission_bps = ?, weights = ? WHERE symbol = ?
            """).runDeferred([
                .int(m.state.supply), .text(m.state.reserveText), .text(m.state.ratioText), .text(m.state.multiplierText),
                .text(JSONWriter.string(.object(m.metrics), sortedKeys: true)), .text(m.pool.perTokenText), .text(m.pool.pendingText),
                .text(m.pool.revenueText), .text(m.pool.claimedText), .text(m.accuracy), .int(m.totalInferences),
                .text(String(m.inferenceFee.units)), m.maxMove.map { .text($0) } ?? .null, m.rateWindow.map { .text($0) } ?? .null,
                .int(m.maxEmissionBps), .text(m.weightsText), .text(m.symbol),
            ])
    }

    /// The symbols of the models in a category and/or of an owner (nil: any), in order.
    func modelSymbols(category: String?, owner: String?) throws -> [String] {
        try flush()
        return try db.statement("SELECT symbol FROM models WHERE (? IS NULL OR category = ?) AND (? IS NULL OR owner = ?) ORDER BY symbol")
            .all([category.map { .text($0) } ?? .null, category.map { .text($0) } ?? .null, owner.map { .text($0) } ?? .null,
                  owner.map { .text($0) } ?? .null])
            .map(\.[0].description)
    }

    func modelSymbols() throws -> [String] {
        try db.statement("SELECT symbol FROM models ORDER BY symbol").all().map(\.[0].description)
    }

    static func fieldsText(_ fields: [String: String]) -> String {
        JSONWriter.string(.object(JSONObject(fields.map { ($0.key, JSONValue.string($0.value)) })), sortedKeys: true)
    }

    // MARK: Holdings

    func holding(_ symbol: String, _ account: String) throws -> Holding? {
        guard cache.active else { return try sqlHolding(symbol, account) }
        let key = RowCache.HoldingKey(symbol: symbol, account: account)
        if let slot = cache.holdings[key] { return slot.value }
        let value = try sqlHolding(symbol, account)
        cache.setHolding(key, RowCache.Slot(value: value, dirty: false))
        return value
    }

    func sqlHolding(_ symbol: String, _ account: String) throws -> Holding? {
        let s = try db.statement("SELECT free, locked, checkpoint, owed FROM holdings WHERE symbol = ? AND account = ?")
        try s.bind([.text(symbol), .text(account)])
        defer { s.reset() }
        guard try s.step() else { return nil }
        return Holding(free: try s.storedInt(0, "holdings.free of \(account) in \(symbol)"), locked: try s.storedInt(1, "holdings.locked of \(account) in \(symbol)"),
                       dividends: try DividendAccount(checkpoint: s.text(2) ?? "0", owed: s.text(3) ?? "0"))
    }

    func saveHolding(_ symbol: String, _ account: String, _ h: Holding) throws(SQLiteError) {
        guard cache.active else { return try sqlSaveHolding(symbol, account, h) }
        cache.setHolding(RowCache.HoldingKey(symbol: symbol, account: account), RowCache.Slot(value: h, dirty: true))
    }

    func sqlSaveHolding(_ symbol: String, _ account: String, _ h: Holding) throws(SQLiteError) {
        try db.statement("""
            INSERT INTO holdings (symbol, account, free, locked, checkpoint, owed) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (symbol, account) DO UPDATE SET free = excluded.free, locked = excluded.locked,
                checkpoint = excluded.checkpoint, owed = excluded.owed
            """).runDeferred([.text(symbol), .text(account), .int(h.free), .int(h.locked), .text(h.dividends.checkpointText), .text(h.dividends.owedText)])
    }

    /// Every holding of an account, by symbol.
    func holdings(of account: String) throws -> [(symbol: String, holding: Holding)] {
        try flush()
        var out: [(String, Holding)] = []
        for row in try db.statement("SELECT symbol, free, locked, checkpoint, owed FROM holdings WHERE account = ? ORDER BY symbol").all([.text(account)]) {
            let free = try row[1].storedInt("holdings.free of \(account) in \(row[0])")
            let locked = try row[2].storedInt("holdings.locked of \(account) in \(row[0])")
            out.append((row[0].description, Holding(free: free, locked: locked,
                                                     dividends: try DividendAccount(checkpoint: row[3].description, owed: row[4].description))))
        }
        return out
    }

    /// Every holding of a model (for the audit).
    func holdings(ofModel symbol: String) throws -> [(account: String, holding: Holding)] {
        try flush()
        var out: [(String, Holding)] = []
        for row in try db.statement("SELECT account, free, locked, checkpoint, owed FROM holdings WHERE symbol = ? ORDER BY account").all([.text(symbol)]) {
            let free = try row[1].storedInt("holdings.free of \(row[0]) in \(symbol)")
            let locked = try row[2].storedInt("holdings.locked of \(row[0]) in \(symbol)")
            out.append((row[0].description, Holding(free: free, locked: locked,
                                                     dividends: try DividendAccount(checkpoint: row[3].description, owed: row[4].description))))
        }
        return out
    }

    // MARK: Curve trades (rate limits, momentum, candles)

    func insertCurveTrade(seq: Int64, symbol: String, ts: Timestamp, account: String, side: String, amount: Int64, value: Int128, priceAfter: Int128) throws {
        try db.statement("INSERT INTO curve_trades (seq, symbol, ts, account, side, amount, value, price_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .runDeferred([.int(seq), .text(symbol), .int(ts.milliseconds), .text(account), .text(side), .int(amount), .text(String(value)),
                  .text(String(priceAfter))])
    }

    /// Prices after each curve trade since `since` (and the last one before it), oldest first.
    func pricePoints(_ symbol: String, since: Timestamp) throws -> [PricePoint] {
        var points: [PricePoint] = []
        let before = try db.statement("SELECT ts, price_after FROM curve_trades WHERE symbol = ? AND ts < ? ORDER BY ts DESC, seq DESC LIMIT 1")
            .all([.text(symbol), .int(since.milliseconds)])
        let after = try db.statement("SELECT ts, price_after FROM curve_trades WHERE symbol = ? AND ts >= ? ORDER BY ts, seq")
            .all([.text(symbol), .int(since.milliseconds)])
        for row in before + after {
            let ts = try row[0].storedInt("curve_trades.ts of \(symbol)")
            points.append(PricePoint(time: Timestamp(milliseconds: ts), price: try row[1].storedUnits("curve_trades.price_after of \(symbol)")))
        }
        return points
    }
}
