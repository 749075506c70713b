import Curves
import Learning
import PandaCore
import PandaCrypto

/// One stored model version: the fitted model (its exact text), its metrics and provenance hashes.
public struct ModelVersion: Sendable {
    public var symbol: String
    public var version: Int64
    public var algo: String
    public var features: Int64
    public var rows: Int64
    public var holdoutRows: Int64
    public var r2: String?
    /// Percent: round(r2·100, 2) for regressions (as the seed), classification accuracy for logistic.
    public var accuracy: String
    public var improvementBps: Int64?
    public var dataHash: String
    public var modelHash: String
    /// `FittedModel.encoded`.
    public var model: String
    public var contributor: String
    public var trainer: String
    public var seq: Int64
    public var ts: Timestamp

    /// The `trained` / `version` record fields (DESIGN §7).
    public var fields: JSONObject {
        var o: JSONObject = [
            "symbol": .string(symbol), "version": .number(JSONNumber(version)), "algo": .string(algo), "rows": .number(JSONNumber(rows)),
            "holdout_rows": .number(JSONNumber(holdoutRows)), "features": .number(JSONNumber(features)),
        ]
        if let r2 { o["r2"] = .number(JSONNumber(validated: r2)) }
        o["accuracy"] = .number(JSONNumber(validated: accuracy))
        o["improvement_bps"] = improvementBps.map { .number(JSONNumber($0)) } ?? .null
        o.merge(["model_hash": .string(modelHash), "data_hash": .string(dataHash), "contributor": .string(contributor),
                 "trained_at": .string(ts.rfc3339)])
        return o
    }
}

extension LedgerStore {
    func insertVersion(_ v: ModelVersion) throws(SQLiteError) {
        try db.statement("""
            INSERT INTO model_versions (symbol, version, algo, features, rows, holdout_rows, r2, accuracy, improvement_bps, data_hash, model_hash,
                model, contributor, trainer, seq, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(v.symbol), .int(v.version), .text(v.algo), .int(v.features), .int(v.rows), .int(v.holdoutRows),
                      v.r2.map { .text($0) } ?? .null, .text(v.accuracy), v.improvementBps.map { .int($0) } ?? .null, .text(v.dataHash),
                      .text(v.modelHash), .text(v.model), .text(v.contributor), .text(v.trainer), .int(v.seq), .int(v.ts.milliseconds)])
    }

    /// The model's versions, oldest first; only the latest with `latestOnly`; one version when `version` is given.
    func versions(_ symbol: String, latestOnly: Bool = false, version: Int64? = nil) throws(SQLiteError) -> [ModelVersion] {
        let rows: [[SQLValue]]
        if let version {
            rows = try db.statement("""
                SELECT symbol, version, algo, features, rows, holdout_rows, r2, accuracy, improvement_bps, data_hash, model_hash, model, contributor,
                       trainer, seq, ts FROM model_versions WHERE symbol = ? AND version = ?
                """).all([.text(symbol), .int(version)])
        } else if latestOnly {
            rows = try db.statement("""
                SELECT symbol, version, algo, features, rows, holdout_rows, r2, accuracy, improvement_bps, data_hash, model_hash, model, contributor,
                       trainer, seq, ts FROM model_versions WHERE symbol = ? ORDER BY version DESC LIMIT 1
                """).all([.text(symbol)])
        } else {
            rows = try db.statement("""
                SELECT symbol, version, algo, features, rows, holdout_rows, r2, accuracy, improvement_bps, data_hash, model_hash, model, contributor,
                       trainer, seq, ts FROM model_versions WHERE symbol = ? ORDER BY version
                """).all([.text(symbol)])
        }
        return try mapRows(rows) { r throws(SQLiteError) in
            func i(_ k: Int) throws(SQLiteError) -> Int64 { try r[k].storedInt("model_versions column \(k + 1) of \(r[0]) v\(r[1])") }
            func t(_ k: Int) -> String? { if case .text(let v) = r[k] { v } else { nil } }
            return ModelVersion(symbol: t(0) ?? "", version: try i(1), algo: t(2) ?? "", features: try i(3), rows: try i(4), holdoutRows: try i(5), r2: t(6),
                                accuracy: t(7) ?? "0", improvementBps: r[8] == .null ? nil : try i(8), dataHash: t(9) ?? "", modelHash: t(10) ?? "",
                                model: t(11) ?? "", contributor: t(12) ?? "", trainer: t(13) ?? "", seq: try i(14), ts: Timestamp(milliseconds: try i(15)))
        }
    }

    /// The latest version decoded, cached per model and version (a prediction stream decodes it once).
    func latestModel(_ symbol: String) throws -> (version: ModelVersion, model: FittedModel)? {
        guard let v = try versions(symbol, latestOnly: true).first else { return nil }
        if let cached = fittedCache[symbol], cached.hash == v.modelHash { return (v, cached.model) }
        let model: FittedModel
        do { model = try FittedModel(decoding: v.model) } catch {
            throw PandaError(.ledger_corrupt, "model \(symbol) version \(v.version) does not decode: \(error)")
        }
        fittedCache[symbol] = (v.modelHash, model)
        return (v, model)
    }

    func receiptSettled(_ account: String, _ receipt: UInt64) throws(SQLiteError) -> Bool {
        try db.statement("SELECT 1 FROM usage_receipts WHERE account = ? AND receipt = ?").first([.text(account), .int(Int64(receipt))]) { _ in true } ?? false
    }

    func insertReceipt(_ account: String, _ receipt: UInt64, symbol: String, rows: Int64, fee: Amount, seq: Int64) throws(SQLiteError) {
        try db.statement("INSERT INTO usage_receipts (account, receipt, symbol, rows, fee, seq) VALUES (?, ?, ?, ?, ?, ?)")
            .runDeferred([.text(account), .int(Int64(receipt)), .text(symbol), .int(rows), .text(String(fee.units)), .int(seq)])
    }
}

/// `pandactl-train`'s ledger operations: storing fitted versions (the program fits; the ledger records).
public enum TrainOperations {
    public static let all: [Operation] = [fit, importBundle, versions]
    static let versionFields: Set<String> = ["symbol", "algo", "alpha", "holdout", "contributor", "model", "rows", "holdout_rows", "features", "r2",
                                             "accuracy", "data_hash"]

    public static let fit = Operation("fit", .mutating, domain: "train", fields: versionFields,
                                      summary: "store a fitted model as the model token's next version (its owner)") { ctx in
        try storeVersion(ctx)
    }

    /// A verified bundle's model stored as the next version: the program verifies the bundle (hashes, the
    /// owner's signature) and sends its contents, so the journal holds everything a replay needs.
    public static let importBundle = Operation("import", .mutating, domain: "train", fields: versionFields.union(["bundle_signer"]),
                                               summary: "store a verified bundle's model as the next version (its owner)") { ctx in
        let m = try CurveOperations.loadModel(ctx)
        if ctx.ledger.info.auth == .signed, let signer = try ctx.request.string("bundle_signer"), signer != m.owner {
            throw PandaError(.bad_bundle, "the bundle is signed by \(signer), not by \(m.symbol)'s owner \(m.owner) on this ledger")
        }
        return try storeVersion(ctx)
    }

    static func storeVersion(_ ctx: OpContext) throws -> OpOutput {
        let r = ctx.request
        var m = try CurveOperations.loadModel(ctx)
        guard ctx.sender == m.owner else {
            throw PandaError(.not_authorized, "\(m.symbol) is trained by its owner \(m.owner); \(ctx.sender) is not")
        }
        let text = try r.requireString("model")
        let model: FittedModel
        do { model = try FittedModel(decoding: text) } catch { throw PandaError(.invalid_request, "'model' is not a fitted model: \(error)", field: "model") }
        let algo = try r.string("algo") ?? model.algorithm.rawValue
        guard algo == model.algorithm.rawValue else { throw PandaError(.invalid_request, "'algo' is \(algo) but the model is \(model.algorithm.rawValue)", field: "algo") }
        let features = try r.tokens("features") ?? Int64(model.featureCount)
        guard features == Int64(model.featureCount) else {
            throw PandaError(.feature_mismatch, "'features' is \(features) but the model has \(model.featureCount)", field: "features")
        }
        guard let rows = try r.tokens("rows") else { throw PandaError(.missing_field, "'rows' is required", field: "rows") }
        let holdoutRows = try r.tokens("holdout_rows", allowZero: true) ?? 0
        let dataHash = try hash32(r, "data_hash")
        let contributor = try ctx.account("contributor") ?? ctx.sender
        let r2 = try metric(r, "r2")
        guard let accuracyValue = try metric(r, "accuracy") else { throw PandaError(.missing_field, "'accuracy' is required", field: "accuracy") }
        let regression = model.algorithm != .logistic
        if regression && r2 == nil { throw PandaError(.missing_field, "'r2' is required for a regression", field: "r2") }
        let accuracy = formatMetric(roundDecimal(accuracyValue, places: 2))
        let previous = try ctx.store.versions(m.symbol, latestOnly: true).first
        // The improvement on the same basis: Δr2 (regressions) or Δaccuracy (classifiers) in basis points of a whole.
        var improvement: Int64?
        if let p = previous, (p.algo == "logistic") == !regression, p.features == features {
            if regression, let old = p.r2.flatMap(Double.init), let new = r2 {
                improvement = Int64(((new - old) * 10_000).rounded())
            } else if !regression, let old = Double(p.accuracy) {
                improvement = Int64(((accuracyValue - old) * 100).rounded())
            }
        }
        let v = ModelVersion(
            symbol: m.symbol, version: (previous?.version ?? 0) + 1, algo: algo, features: features, rows: rows, holdoutRows: holdoutRows,
            r2: r2.map(formatMetric), accuracy: accuracy, improvementBps: improvement, dataHash: dataHash,
            modelHash: "0x" + Keccak256.hash(model.encodedBytes).hexString, model: model.encoded, contributor: contributor, trainer: ctx.sender,
            seq: ctx.seq, ts: ctx.now)
        try ctx.store.insertVersion(v)
        // The latest accuracy is the model's, and feeds the success metric m1 (a fraction, clamped to its range by M(t)).
        m.accuracy = accuracy
        var metrics = m.metrics
        metrics["accuracy"] = .string(formatMetric(min(max(accuracyValue / 100, 0), 1)))
        let sm = try m.successMetrics(metrics)
        var mc = try ctx.modelCurve(m)
        try mc.setMultiplier(sm.multiplier)
        m.state = mc.state
        m.metrics = metrics
        try ctx.store.updateModel(m)
        return OpOutput(recordType: "trained", fields: v.fields)
    }

    public static let versions = Operation("versions", .query, domain: "train", fields: ["symbol"], summary: "list a model's versions") { ctx in
        let m = try CurveOperations.loadModel(ctx)
        return OpOutput(records: try ctx.store.versions(m.symbol).map { v in
            var o = JSONObject([("type", .string("version"))])
            o.merge(v.fields)
            return o
        })
    }

    /// Writes a signed bundle of the model's latest version (or `version`) to `path`.
    public static func exportBundle(_ ledger: Ledger, symbol: String, version: Int64?, key: PrivateKey, to path: String) throws(PandaError) -> JSONObject {
        do {
            try ledger.store.beginRead()
            defer { ledger.store.rollback() }
            guard let m = try ledger.store.model(symbol) else { throw PandaError(.unknown_symbol, "no model token \(symbol)", field: "symbol") }
            guard let v = try ledger.store.versions(symbol, latestOnly: version == nil, version: version).last else {
                throw PandaError(version == nil ? .untrained : .invalid_request,
                                 version == nil ? "\(symbol) has no trained version to export" : "\(symbol) has no version \(version!)")
            }
            return try ModelBundle.export(v, owner: m.owner, name: m.name, inferenceFee: m.inferenceFee, chainID: ledger.info.chainID, signedLedger: ledger.info.auth == .signed, key: key, to: path,
                                          now: .now())
        } catch {
            throw ledger.mapped(error)
        }
    }

    static func metric(_ r: Request, _ key: String) throws -> Double? {
        guard let text = try r.numericText(key) else { return nil }
        guard let d = Double(text), d.isFinite else { throw PandaError(.invalid_features, "'\(key)' must be a finite number", field: key) }
        return d
    }

    /// A metric as JSON number text (shortest round-trip form; never non-finite).
    static func formatMetric(_ d: Double) -> String { JSONNumber(d)?.text ?? "0" }

    static func hash32(_ r: Request, _ key: String) throws -> String {
        let text = try r.requireString(key)
        let hex = text.hasPrefix("0x") ? text.dropFirst(2) : Substring(text)
        guard hex.utf8.count == 64, [UInt8](hex: String(hex)) != nil else {
            throw PandaError(.invalid_request, "'\(key)' must be 32 bytes in hex (0x followed by 64 hex digits)", field: key)
        }
        return "0x" + hex.lowercased()
    }
}

/// `pandactl-predict`'s ledger operations: paid predictions and settling edge usage receipts.
public enum PredictOperations {
    public static let all: [Operation] = [run, settle]
    public static let defaultPrecision = 4

    public static let run = Operation(
        "run", .mutating, domain: "predict", fields: ["symbol", "features", "fee", "precision", "label"],
        summary: "predict for one row or a list of rows, paying the fee to the model's holders"
    ) { ctx in
        let r = ctx.request
        let m = try CurveOperations.loadModel(ctx)
        guard let (version, model) = try ctx.store.latestModel(m.symbol) else {
            throw PandaError(.untrained, "\(m.symbol) has no trained version yet (train it with pandactl-train)")
        }
        let rows = try featureRows(r, expected: model.featureCount)
        let precision = try precisionField(r)
        let fee = try feeField(r, minimum: m.inferenceFee, rows: rows.count, symbol: m.symbol)
        _ = try CurveOperations.creditInferenceFee(ctx, symbol: m.symbol, payer: ctx.sender, fee: fee)
        let predictions = rows.map { model.predict($0) }
        var fields: JSONObject = ["symbol": .string(m.symbol)]
        fields.merge(predictionFields(predictions, batch: isBatch(r), precision: precision))
        fields.merge(["version": .number(JSONNumber(version.version)), "fee": .string(fee.description)])
        if let label = r.object["label"] { fields["label"] = label }  // rows with labels pass through, for evaluation
        return OpOutput(recordType: "prediction", fields: fields)
    }

    /// A usage receipt written by `pandactl-predict --bundle --receipts` on an edge device: a request signed
    /// by the device's key whose nonce is the receipt number. Settling pays its fee from the device's
    /// account to the model's holders, once: a receipt settled before is refused (`already_settled`).
    public static let settle: Operation = {
        var op = settleOperation
        op.replayedNonceCode = .already_settled
        return op
    }()

    static let settleOperation = Operation(
        "settle", .mutating, domain: "predict", fields: ["symbol", "rows", "fee", "model_hash", "version", "receipt", "ts_device"],
        summary: "apply an edge device's signed usage receipt: its fee goes to the model's holders, once"
    ) { ctx in
        let r = ctx.request
        let m = try CurveOperations.loadModel(ctx)
        guard let receipt = try r.safeInteger("receipt") else { throw PandaError(.missing_field, "'receipt' (the receipt number) is required", field: "receipt") }
        if try ctx.store.receiptSettled(ctx.sender, receipt) {
            throw PandaError(.already_settled, "receipt \(receipt) of \(ctx.sender) was settled before", field: "receipt")
        }
        guard let rows = try r.tokens("rows") else { throw PandaError(.missing_field, "'rows' is required", field: "rows") }
        let fee = try feeField(r, minimum: m.inferenceFee, rows: Int(rows), symbol: m.symbol)
        if let hash = try r.string("model_hash") {
            let known = try ctx.store.versions(m.symbol).contains { $0.modelHash == hash.lowercased() }
            guard known else { throw PandaError(.bad_bundle, "model_hash \(hash) is not a version of \(m.symbol)", field: "model_hash") }
        }
        _ = try CurveOperations.creditInferenceFee(ctx, symbol: m.symbol, payer: ctx.sender, fee: fee)
        try ctx.store.insertReceipt(ctx.sender, receipt, symbol: m.symbol, rows: rows, fee: fee, seq: ctx.seq)
        return OpOutput(fields: ["symbol": .string(m.symbol), "receipt": .number(JSONNumber(receipt)), "rows": .number(JSONNumber(rows)),
                                 "fee": .string(fee.description)])
    }

    // MARK: Shared with the edge mode (no ledger)

    public static func isBatch(_ r: Request) -> Bool {
        if case .array(let a) = r.object["features"], let first = a.first, case .array = first { return true }
        return false
    }

    /// The rows of `features`: one row of numbers, or a list of rows. Errors: `missing_field`,
    /// `invalid_features` (not numbers, not finite), `feature_mismatch`.
    public static func featureRows(_ r: Request, expected: Int) throws -> [[Double]] {
        guard let value = r.object["features"] else { throw PandaError(.missing_field, "'features' is required", field: "features") }
        guard case .array(let items) = value, !items.isEmpty else {
            throw PandaError(.invalid_features, "'features' must be a list of numbers, or a list of such lists", field: "features")
        }
        let lists: [[JSONValue]]
        if case .array = items[0] {
            lists = try items.map { item in
                guard case .array(let row) = item else { throw PandaError(.invalid_features, "every row of 'features' must be a list of numbers", field: "features") }
                return row
            }
        } else {
            lists = [items]
        }
        return try lists.enumerated().map { (i, row) in
            guard row.count == expected else {
                throw PandaError(.feature_mismatch, "\(lists.count > 1 ? "row \(i + 1) has" : "the row has") \(row.count) features; the model takes \(expected)",
                                 field: "features")
            }
            return try row.map { v in
                guard case .number(let n) = v, let d = doubleValue(jsonNumber: n.text), d.isFinite else {
                    throw PandaError(.invalid_features, "features must be finite numbers, got \(v.kindName == "number" ? "\(v)" : v.kindName)", field: "features")
                }
                return d
            }
        }
    }

    public static func precisionField(_ r: Request) throws -> Int {
        guard let p = try r.tokens("precision", allowZero: true) else { return defaultPrecision }
        guard p <= 17 else { throw PandaError(.invalid_request, "'precision' is 0 to 17 decimals", field: "precision") }
        return Int(p)
    }

    static func feeField(_ r: Request, minimum perRow: Amount, rows: Int, symbol: String) throws -> Amount {
        let minimum = Amount(units: perRow.units * Int128(rows))
        guard let fee = try r.amount("fee", allowZero: true) else { return minimum }
        guard fee >= minimum else {
            throw PandaError(.fee_too_low, "fee \(fee) is below \(symbol)'s minimum of \(perRow) per row × \(rows) = \(minimum)", field: "fee")
        }
        return fee
    }

    /// `prediction` (a number, or the class for logistic with `probability`), a list for a batch.
    public static func predictionFields(_ predictions: [Prediction], batch: Bool, precision: Int) -> JSONObject {
        func number(_ d: Double) -> JSONValue { .number(JSONNumber(roundDecimal(d, places: precision)) ?? JSONNumber(0)) }
        let values = predictions.map { p in p.probability == nil ? number(p.value) : .number(JSONNumber(Int(p.value))) }
        var o: JSONObject = ["prediction": batch ? .array(values) : values[0]]
        if predictions.first?.probability != nil {
            let probs = predictions.map { number($0.probability ?? 0) }
            o["probability"] = batch ? .array(probs) : probs[0]
        }
        return o
    }
}
