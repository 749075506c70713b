import Curves
import PandaCore
import PandaCrypto

/// Issue 19's issuance parts (DESIGN §4, §7): a treasury mint to several recipients by share, the early
/// release of a vesting grant less its penalty, and provenance records changing hands.
extension MintOperations {
    /// The most recipients of one treasury mint.
    static let maxTreasuryRecipients = 1_000
    /// Shares are decimals with at most 9 places and at most 10^9 each, so amount × share stays in Int128.
    static let shareScale = 9
    static let maxShare = 1_000_000_000

    public static let treasury = Operation(
        "treasury", .mutating, domain: "mint", fields: ["symbol", "recipients", "amount"],
        summary: "mint an amount at once to several recipients by share, within the issuance cap (the model's owner)"
    ) { ctx in
        var m = try CurveOperations.loadModel(ctx)
        guard ctx.sender == m.owner else {
            throw PandaError(.not_authorized, "only the owner of \(m.symbol) (\(m.owner)) may mint from its treasury; \(ctx.sender) is not its owner")
        }
        let amount = try CurveOperations.requireTokens(ctx.request)
        let recipients = try recipientsField(ctx)
        // Each recipient gets amount × share ÷ Σ shares, rounded down: what is minted never exceeds the amount,
        // and the remainder (fewer than one token per recipient) is not minted at all.
        let total = recipients.reduce(Int128(0)) { $0 + $1.share }
        let amounts = recipients.map { (account: $0.account, tokens: Int64(Int128(amount) * $0.share / total)) }
        let minted = amounts.reduce(Int64(0)) { $0 + $1.tokens }
        guard minted > 0 else {
            throw PandaError(.below_minimum, "\(amount) tokens shared among \(recipients.count) recipients round to 0 for each", field: "amount")
        }
        try checkCap(ctx, m, minted, what: "a treasury mint")
        var after = MintResult(holding: .empty)
        for r in amounts where r.tokens > 0 { after = try mint(&ctx, &m, to: r.account, r.tokens, kind: "treasury") }
        var fields = try after.fields(ctx, m)
        fields["tokens"] = nil
        fields["amount"] = .number(JSONNumber(amount))
        fields["minted"] = .number(JSONNumber(minted))
        fields["remainder"] = .number(JSONNumber(amount - minted))
        fields["recipients"] = .object(JSONObject(amounts.map { ($0.account, .number(JSONNumber($0.tokens))) }))
        return OpOutput(fields: fields)
    }

    /// `recipients`: {account: share}, shares positive decimals (normalised by their sum). Each account is
    /// checked as a recipient (valid, not the zero address, not an index fund) and named once.
    static func recipientsField(_ ctx: OpContext) throws -> [(account: String, share: Int128)] {
        guard let v = ctx.request.object["recipients"], !v.isNull else {
            throw PandaError(.missing_field, "'recipients' is required: an object of accounts to shares, e.g. {\"alice\": 3, \"bob\": 1}", field: "recipients")
        }
        guard case .object(let o) = v, !o.isEmpty else {
            throw PandaError(.invalid_request, "'recipients' must be a non-empty object of accounts to shares, e.g. {\"alice\": 3, \"bob\": 1}", field: "recipients")
        }
        guard o.count <= maxTreasuryRecipients else {
            throw PandaError(.invalid_request, "at most \(maxTreasuryRecipients) recipients per treasury mint", field: "recipients")
        }
        var out: [(account: String, share: Int128)] = []
        var seen: Set<String> = []
        for (key, value) in o {
            if FieldRules.isZeroAddress(key) {
                throw PandaError(.zero_address, "recipient \(key) is the zero address; what is sent there is lost", field: "recipients")
            }
            let account = try AccountID.parse(key, allowNames: ctx.ledger.info.auth == .open, field: "recipients")
            guard seen.insert(account).inserted else {
                throw PandaError(.invalid_request, "recipient \(account) is named twice", field: "recipients")
            }
            try CurveOperations.refuseIndexAccount(ctx, account)
            let text: String
            switch value {
            case .number(let n): text = n.text
            case .string(let s) where FieldRules.isPlainDecimal(s): text = s
            default: throw PandaError(.invalid_amount, "the share of \(account) must be a positive decimal number", field: "recipients")
            }
            let share = try decimal(text, "recipients", scale: shareScale, max: maxShare)
            guard share > 0 else { throw PandaError(.invalid_amount, "the share of \(account) must be above 0", field: "recipients") }
            out.append((account, share))
        }
        return out
    }

    // MARK: Early release

    /// `early_penalty` of a grant, in bps (0 to 100%); nil when absent.
    static func earlyPenaltyField(_ r: Request) throws -> Int64? {
        guard let text = try r.percentText("early_penalty") else { return nil }
        do { return try EmissionCap(parsing: text).bps } catch {
            throw PandaError(.invalid_request, "'early_penalty' must be a percentage from 0% to 100% or a fraction from 0 to 1, got \(text)", field: "early_penalty")
        }
    }

    /// Releases every open grant of the sender at once: what has vested in full, what has not less the grant's
    /// penalty. Per grant, of the `u` unvested tokens the holder receives ⌊u × (10,000 − penalty bps) ÷ 10,000⌋
    /// (rounded down, in the ledger's favour) and gives up the rest, which is never minted; the grant closes.
    static func releaseEarly(_ ctx: inout OpContext, _ m: inout ModelRecord) throws -> OpOutput {
        var h = try CurveOperations.settledHolding(ctx, &m, ctx.sender)
        var vestedNow: Int64 = 0, received: Int64 = 0, penalty: Int64 = 0, grants: Int64 = 0
        var details: [JSONValue] = []
        for g in try ctx.store.grants(m.symbol, ctx.sender) where g.forfeited == 0 && g.released < g.total {
            guard g.minted <= g.released else {
                throw PandaError(.invalid_request, "grant \(g.id) of \(m.symbol) was minted ahead (before schema 7): release it as it vests", field: "early")
            }
            let v = g.vested(at: ctx.now)
            let unvested = g.total - v
            let keep = Int64(Int128(unvested) * Int128(10_000 - g.earlyPenaltyBps) / 10_000)
            let forfeited = unvested - keep
            let newly = (v - g.released) + keep
            vestedNow += v - g.released
            received += keep
            penalty += forfeited
            grants += 1
            // A grant that gives nothing up is released in full and stays open with nothing left (forfeited 0).
            try ctx.store.closeEarly(grant: g.id, released: g.released + newly, minted: g.minted + newly, forfeited: forfeited)
            details.append(.object(JSONObject([
                ("grant_id", .number(JSONNumber(g.id))), ("vested", .number(JSONNumber(v - g.released))), ("unvested", .number(JSONNumber(unvested))),
                ("early_penalty", .string(EmissionCap(bps: g.earlyPenaltyBps).text)), ("received", .number(JSONNumber(keep))),
                ("penalty", .number(JSONNumber(forfeited))),
            ])))
        }
        let released = vestedNow + received
        guard released > 0 else {
            throw PandaError(.nothing_to_release, grants == 0 ? "\(ctx.sender) has no open vesting grant of \(m.symbol)"
                                                             : "\(ctx.sender)'s grants of \(m.symbol) release nothing early (the penalty takes it all)")
        }
        var mc = try ctx.modelCurve(m)
        try mc.mintOffCurve(released)
        m.state = mc.state
        try ctx.store.insertMintEvent(seq: ctx.seq, symbol: m.symbol, kind: "release", account: ctx.sender, amount: released, bps: nil, ts: ctx.now)
        h.free += released
        try ctx.store.saveHolding(m.symbol, ctx.sender, h)
        try ctx.store.updateModel(m)
        return OpOutput(fields: [
            "symbol": .string(m.symbol), "early": .bool(true), "released": .number(JSONNumber(released)), "vested": .number(JSONNumber(vestedNow)),
            "received_early": .number(JSONNumber(received)), "penalty": .number(JSONNumber(penalty)), "minted": .number(JSONNumber(released)),
            "unvested": .number(JSONNumber(try ctx.store.unreleasedByModel(of: ctx.sender).first { $0.symbol == m.symbol }?.amount ?? 0)),
            "grants": .array(details), "tokens": .number(JSONNumber(h.total)), "supply": .number(JSONNumber(m.state.supply)),
            "price": .string(Amount(units: try mc.spotPrice()).description),
        ])
    }

    // MARK: Provenance changing hands

    public static let provenanceTransfer = Operation(
        "provenance-transfer", .mutating, domain: "mint", fields: ["nft_id", "to"],
        summary: "give a provenance record to another account (its owner)"
    ) { ctx in
        guard let id = try ctx.request.tokens("nft_id") else { throw PandaError(.missing_field, "'nft_id' is required", field: "nft_id") }
        let to = try ctx.requireAccount("to")
        guard var record = try ctx.store.provenance(symbol: nil, contributor: nil, nftID: id).first else {
            throw PandaError(.invalid_request, "no provenance record has nft_id \(id)", field: "nft_id")
        }
        guard record.owner == ctx.sender else {
            throw PandaError(.not_authorized, "provenance record \(id) is owned by \(record.owner); \(ctx.sender) cannot give it away")
        }
        guard to != ctx.sender else { throw PandaError(.self_transfer, "\(ctx.sender) owns provenance record \(id) already", field: "to") }
        try ctx.store.setProvenanceOwner(id, to)
        record.owner = to
        var fields = provenanceFields(record)
        fields["owner"] = .string(to)
        fields["previous_owner"] = .string(ctx.sender)
        return OpOutput(fields: fields)
    }
}
