import Curves
import PandaCore

/// A model's burn settings (DESIGN §4, §8 "Burn defaults"), set by its owner with `pandactl-burn set`:
/// the least tokens per redemption, the time an account waits between redemptions, and the batch
/// discounts of access burns (never more than 25%).
struct BurnSettings: Equatable {
    var redeemMinimum: Int64
    var redeemCooldown: TimeSpan
    /// (least requests, discount in bps), largest `requests` first.
    var discounts: [Discount]

    struct Discount: Equatable {
        var requests: Int64
        var bps: Int64
    }

    /// The most a batch discount may be: 25%.
    static let maxDiscountBps: Int64 = 2_500
    static let defaults = BurnSettings(
        redeemMinimum: BurnOperations.redeemMinimum, redeemCooldown: BurnOperations.redeemCooldown,
        discounts: BurnOperations.discounts.map { Discount(requests: $0.requests, bps: $0.bps) })

    /// The discount a batch of `requests` earns, in bps.
    func discountBps(requests: Int64) -> Int64 { discounts.first { requests >= $0.requests }?.bps ?? 0 }

    /// Stored as `requests:bps` pairs, comma-separated ("10000:2500,1000:2000,100:1000,10:500").
    var discountsText: String { discounts.map { "\($0.requests):\($0.bps)" }.joined(separator: ",") }

    static func discounts(parsing text: String) -> [Discount]? {
        if text.isEmpty { return [] }
        var out: [Discount] = []
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let r = Int64(parts[0]), let b = Int64(parts[1]) else { return nil }
            out.append(Discount(requests: r, bps: b))
        }
        return out
    }

    /// How receipts and stats show the settings.
    var fields: JSONObject {
        var tiers = JSONObject()
        for d in discounts.reversed() { tiers.appendUnique(String(d.requests), .string(EmissionCap(bps: d.bps).text)) }
        return ["redeem_minimum": .number(JSONNumber(redeemMinimum)), "redeem_cooldown": .string(redeemCooldown.description),
                "discounts": .object(tiers)]
    }
}

extension BurnOperations {
    public static let set = Operation(
        "set", .mutating, domain: "burn", fields: ["symbol", "redeem_minimum", "redeem_cooldown", "discounts"],
        summary: "set the model's redemption minimum and cooldown and its access discount tiers (its owner)"
    ) { ctx in
        let m = try CurveOperations.loadModel(ctx)
        try MintOperations.requireOwner(ctx, m, "burn settings")
        var s = try ctx.store.burnSettings(m.symbol)
        var changed = false
        if let n = try ctx.request.tokens("redeem_minimum") { s.redeemMinimum = n; changed = true }
        if let c = try MintOperations.duration(ctx.request, "redeem_cooldown", allowZero: true) { s.redeemCooldown = c; changed = true }
        if let v = ctx.request.object["discounts"], !v.isNull {
            s.discounts = try discountsField(v)
            changed = true
        }
        guard changed else {
            throw PandaError(.missing_field, "nothing to set: give redeem_minimum, redeem_cooldown or discounts", field: "redeem_minimum")
        }
        try ctx.store.setBurnSettings(m.symbol, s)
        var fields: JSONObject = ["symbol": .string(m.symbol)]
        fields.merge(s.fields)
        return OpOutput(fields: fields)
    }

    /// `{"10": "5%", "100": 0.1, …}`: least requests → discount (a percentage or a fraction, at most 25%).
    static func discountsField(_ v: JSONValue) throws -> [BurnSettings.Discount] {
        guard case .object(let o) = v else {
            throw PandaError(.invalid_request, "'discounts' must be an object of least requests to a discount, e.g. {\"10\":\"5%\",\"100\":\"10%\"}", field: "discounts")
        }
        guard o.count <= 32 else { throw PandaError(.invalid_request, "at most 32 discount tiers", field: "discounts") }
        var tiers: [BurnSettings.Discount] = []
        for (k, value) in o {
            guard let requests = Int64(k), requests >= 1, String(requests) == k, requests <= maxRequests else {
                throw PandaError(.invalid_request, "discount tier '\(k)' must be a whole number of requests from 1 to \(maxRequests)", field: "discounts")
            }
            let text: String
            switch value {
            case .string(let s): text = s
            case .number(let n): text = n.text
            default: throw PandaError(.invalid_request, "the discount from \(k) requests must be a percentage such as \"5%\" or a fraction", field: "discounts")
            }
            let bps: Int64
            do { bps = try EmissionCap(parsing: text).bps } catch {
                throw PandaError(.invalid_request, "the discount from \(k) requests must be a percentage such as \"5%\" or a fraction, got \(text)", field: "discounts")
            }
            guard bps <= BurnSettings.maxDiscountBps else {
                throw PandaError(.invalid_request, "the discount from \(k) requests is \(text): never more than 25%", field: "discounts")
            }
            if bps > 0 { tiers.append(BurnSettings.Discount(requests: requests, bps: bps)) }
        }
        tiers.sort { $0.requests > $1.requests }
        // A larger batch never earns less.
        for i in tiers.indices.dropFirst() where tiers[i].bps > tiers[i - 1].bps {
            throw PandaError(.invalid_request, "the discount from \(tiers[i].requests) requests is larger than from \(tiers[i - 1].requests)", field: "discounts")
        }
        return tiers
    }
}

extension LedgerStore {
    /// The model's burn settings (the defaults until its owner sets them).
    func burnSettings(_ symbol: String) throws(SQLiteError) -> BurnSettings {
        try db.statement("SELECT redeem_minimum, redeem_cooldown_ms, discounts FROM burn_settings WHERE symbol = ?").first([.text(symbol)]) {
            s throws(SQLiteError) in
            let text = s.text(2) ?? ""
            guard let tiers = BurnSettings.discounts(parsing: text) else {
                throw SQLiteError.corruptValue("burn_settings.discounts of \(symbol)", s.value(2))
            }
            return BurnSettings(redeemMinimum: try s.storedInt(0, "burn_settings.redeem_minimum of \(symbol)"),
                                redeemCooldown: TimeSpan(milliseconds: try s.storedInt(1, "burn_settings.redeem_cooldown_ms of \(symbol)")), discounts: tiers)
        } ?? .defaults
    }

    func setBurnSettings(_ symbol: String, _ s: BurnSettings) throws(SQLiteError) {
        try db.statement("""
            INSERT INTO burn_settings (symbol, redeem_minimum, redeem_cooldown_ms, discounts) VALUES (?, ?, ?, ?)
            ON CONFLICT (symbol) DO UPDATE SET redeem_minimum = excluded.redeem_minimum, redeem_cooldown_ms = excluded.redeem_cooldown_ms,
                discounts = excluded.discounts
            """).run([.text(symbol), .int(s.redeemMinimum), .int(s.redeemCooldown.milliseconds), .text(s.discountsText)])
    }
}
