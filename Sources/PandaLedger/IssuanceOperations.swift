import Curves
import PandaCore

/// `pandactl-mint`'s operations: tokens created off the curve (DESIGN §4 "Minting and burning").
/// Every mint goes through `ModelCurve.mintOffCurve`, so the virtual-supply rule keeps the reserve
/// solvent, and through `settledHolding`, so the receiver's dividends are settled before their balance grows.
public enum MintOperations {
    public static let all: [Operation] = [verifier, policy, improvement, initial, distribute, release, treasury, blockReward, provenance, provenances,
                                          provenanceTransfer]

    /// Improvement rewards below this are refused (`below_threshold`).
    public static let minimumBps: Int64 = 100
    /// Initial supply defaults: a score (0–100) below `minScore` is refused; the supply runs linearly
    /// from `minSupply` at `minScore` to `maxSupply` at 100.
    public static let initialDefaults = (minScore: "50", minSupply: Int64(1_000), maxSupply: Int64(1_000_000))
    /// Block rewards: at most one per model and operator in this span; volume counted over the same span.
    public static let blockRewardWindow = TimeSpan(milliseconds: 86_400_000)

    public static let verifier = Operation(
        "verifier", .mutating, domain: "mint", fields: ["symbol", "account", "remove"],
        summary: "add (or with remove, remove) a verifier of the model (its owner)"
    ) { ctx in
        let m = try CurveOperations.loadModel(ctx)
        try requireOwner(ctx, m, "verifiers")
        let account = try ctx.requireAccount("account")
        let remove = try ctx.request.bool("remove") ?? false
        let present = try ctx.store.hasRole(account, "verifier", scope: m.symbol)
        if remove {
            guard present else { throw PandaError(.invalid_request, "\(account) is not a verifier of \(m.symbol)", field: "account") }
            try ctx.store.revokeRole(account, "verifier", scope: m.symbol)
        } else {
            guard !present else { throw PandaError(.invalid_request, "\(account) is a verifier of \(m.symbol) already", field: "account") }
            try ctx.store.grantRole(account, "verifier", scope: m.symbol, seq: ctx.seq)
        }
        return OpOutput(fields: ["symbol": .string(m.symbol), "account": .string(account), "verifier": .bool(!remove),
                                 "verifiers": .array(try ctx.store.accounts(withRole: "verifier", scope: m.symbol).map { .string($0) })])
    }

    public static let policy = Operation(
        "policy", .mutating, domain: "mint", fields: ["symbol", "reward_per_bps", "max_reward", "cooldown"],
        summary: "set the model's improvement reward per bps, maximum reward and cooldown (its owner)"
    ) { ctx in
        let m = try CurveOperations.loadModel(ctx)
        try requireOwner(ctx, m, "the mint policy")
        var p = try ctx.store.mintPolicy(m.symbol)
        if ctx.legacyIssuance {
            p.rewardPerBps = p.rewardPerBps ?? MintPolicy.legacyRewardPerBps
            p.maxReward = p.maxReward ?? MintPolicy.legacyMaxReward
        }
        if let v = try ctx.request.tokens("reward_per_bps") { p.rewardPerBps = v }
        if let v = try ctx.request.tokens("max_reward") { p.maxReward = v }
        if let v = try duration(ctx.request, "cooldown", allowZero: true) { p.cooldown = v }
        try ctx.store.setMintPolicy(m.symbol, p)
        return OpOutput(fields: policyFields(m.symbol, p))
    }

    public static let improvement = Operation(
        "improvement", .mutating, domain: "mint", fields: ["symbol", "bps", "contributor", "version", "model_hash"],
        summary: "reward a measured model improvement to its contributor (a verifier)"
    ) { ctx in
        var m = try CurveOperations.loadModel(ctx)
        try requireVerifier(ctx, m)
        if !ctx.legacyIssuance, let version = try ctx.request.tokens("version", allowZero: true) {
            return try rewardVersion(&ctx, &m, version: version)
        }
        if !ctx.legacyIssuance, ctx.request.object["model_hash"] != nil {
            throw PandaError(.missing_field, "'model_hash' names a trained version: 'version' is required with it", field: "version")
        }
        let contributor = try ctx.requireAccount("contributor")
        guard let bps = try ctx.request.tokens("bps", allowZero: true) else {
            throw PandaError(.missing_field, "'bps' is required (the improvement in basis points)", field: "bps")
        }
        if !ctx.legacyIssuance { return try rewardImprovement(&ctx, &m, bps: bps, contributor: contributor, version: nil) }
        let p = try improvementPolicy(ctx, m, bps: bps)
        let rewardPerBps = p.rewardPerBps ?? MintPolicy.legacyRewardPerBps, maxReward = p.maxReward ?? MintPolicy.legacyMaxReward
        let (product, overflow) = bps.multipliedReportingOverflow(by: rewardPerBps)
        let reward = overflow ? maxReward : min(product, maxReward)
        let after = try mint(&ctx, &m, to: contributor, reward, kind: "improvement", bps: bps)
        var fields = try after.fields(ctx, m)
        fields["contributor"] = .string(contributor)
        fields["bps"] = .number(JSONNumber(bps))
        fields["reward"] = .number(JSONNumber(reward))
        fields["capped"] = .bool(reward < (overflow ? Int64.max : product))
        if let v = ctx.request.object["version"] { fields["version"] = v }
        return OpOutput(fields: fields)
    }

    public static let initial = Operation(
        "initial", .mutating, domain: "mint", fields: ["symbol", "score", "min_score", "min_supply", "max_supply", "vesting", "cliff"],
        summary: "mint the model's initial supply from its score to its owner, optionally vested (its owner, once)"
    ) { ctx in
        var m = try CurveOperations.loadModel(ctx)
        try requireOwner(ctx, m, "the initial supply")
        guard try ctx.store.lastMint(m.symbol, kind: "initial") == nil else {
            throw PandaError(.already_minted, "the initial supply of \(m.symbol) was minted already")
        }
        let traded = try ctx.store.firstCurveTradeSeq(m.symbol) != nil
        if !ctx.legacyIssuance, m.state.supply > 0 || traded {
            throw PandaError(.already_trading, "\(m.symbol) has supply or curve trades already: an initial supply is for registration only (before any buyer)")
        }
        let scale = 18
        guard let scoreText = try ctx.request.numericText("score") else { throw PandaError(.missing_field, "'score' is required (0 to 100)", field: "score") }
        let score = try decimal(scoreText, "score", scale: scale, max: 100)
        let minScore = try decimal(try ctx.request.numericText("min_score") ?? initialDefaults.minScore, "min_score", scale: scale, max: 100)
        let minSupply = try ctx.request.tokens("min_supply") ?? initialDefaults.minSupply
        let maxSupply = try ctx.request.tokens("max_supply") ?? initialDefaults.maxSupply
        guard maxSupply >= minSupply else { throw PandaError(.invalid_request, "max_supply must be at least min_supply", field: "max_supply") }
        guard score >= minScore else {
            throw PandaError(.score_too_low, "score \(scoreText) is below the minimum score \(Amount.format(units: minScore, decimals: scale))", field: "score")
        }
        let hundred = Int128(100) * Amount.one
        let span = hundred - minScore
        let supply = span == 0 ? maxSupply : minSupply + Int64(Int128(maxSupply - minSupply) * (score - minScore) / span)
        let vesting = try duration(ctx.request, "vesting")
        let cliff = try duration(ctx.request, "cliff", allowZero: true) ?? TimeSpan(milliseconds: 0)
        let after: MintResult
        if let vesting, !ctx.legacyIssuance {
            // A promise: minted when released; made before any buyer, so disclosed and not counted by the cap.
            guard cliff <= vesting else { throw PandaError(.invalid_request, "'cliff' must not be longer than 'vesting'", field: "cliff") }
            let grant = VestingGrant(id: ctx.seq, symbol: m.symbol, account: m.owner, total: supply, released: 0, start: ctx.now, cliff: cliff,
                                     period: vesting, minted: 0)
            try ctx.store.insertGrant(grant)
            try ctx.store.insertMintEvent(seq: ctx.seq, symbol: m.symbol, kind: "initial", account: m.owner, amount: 0, bps: nil, ts: ctx.now)
            after = MintResult(holding: try ctx.store.holding(m.symbol, m.owner) ?? .empty)
        } else if let vesting {
            guard cliff <= vesting else { throw PandaError(.invalid_request, "'cliff' must not be longer than 'vesting'", field: "cliff") }
            after = try mint(&ctx, &m, to: m.owner, supply, kind: "initial", locked: true)
            try ctx.store.insertGrant(VestingGrant(id: ctx.seq, symbol: m.symbol, account: m.owner, total: supply, released: 0,
                                                   start: ctx.now, cliff: cliff, period: vesting, minted: supply))
        } else {
            after = try mint(&ctx, &m, to: m.owner, supply, kind: "initial")
        }
        var fields = try after.fields(ctx, m)
        fields["minted"] = .number(JSONNumber(supply))
        fields["to"] = .string(m.owner)
        if vesting != nil { fields["grant_id"] = .number(JSONNumber(ctx.seq)) }
        if vesting != nil && !ctx.legacyIssuance { fields["unvested"] = .number(JSONNumber(supply)) }
        return OpOutput(fields: fields)
    }

    public static let distribute = Operation(
        "distribute", .mutating, domain: "mint", fields: ["symbol", "to", "amount", "start", "cliff", "period", "early_penalty"],
        summary: "mint tokens to an account under a vesting grant with cliff and period (the model's owner)"
    ) { ctx in
        var m = try CurveOperations.loadModel(ctx)
        try requireOwner(ctx, m, "vesting grants")
        let to = try ctx.requireAccount("to")
        let amount = try CurveOperations.requireTokens(ctx.request)
        guard let period = try duration(ctx.request, "period") else { throw PandaError(.missing_field, "'period' is required, e.g. 365d", field: "period") }
        let cliff = try duration(ctx.request, "cliff", allowZero: true) ?? TimeSpan(milliseconds: 0)
        guard cliff <= period else { throw PandaError(.invalid_request, "'cliff' must not be longer than 'period'", field: "cliff") }
        let start = try ctx.request.timestamp("start") ?? ctx.now
        let penalty = try earlyPenaltyField(ctx.request)
        let after: MintResult
        var grant: VestingGrant
        if ctx.legacyIssuance {
            after = try mint(&ctx, &m, to: to, amount, kind: "vesting", locked: true)
            grant = VestingGrant(id: ctx.seq, symbol: m.symbol, account: to, total: amount, released: 0, start: start, cliff: cliff, period: period,
                                 minted: amount)
        } else {
            guard start >= ctx.now else {
                throw PandaError(.invalid_ts, "a grant never starts in the past: 'start' \(start.rfc3339) is before the ledger's clock \(ctx.now.rfc3339)", field: "start")
            }
            // A promise (minted when released); after the first curve trade its whole amount counts against the cap now.
            try checkCap(ctx, m, amount, what: "a grant")
            if let maxSupply = try m.curve().maxSupply, m.state.supply + (try ctx.store.unreleased(m.symbol)) > maxSupply - amount {
                throw PandaError(.max_supply, "granting \(amount) would promise more than max_supply \(maxSupply)", field: "amount")
            }
            grant = VestingGrant(id: ctx.seq, symbol: m.symbol, account: to, total: amount, released: 0, start: start, cliff: cliff, period: period,
                                 minted: 0)
            try ctx.store.insertMintEvent(seq: ctx.seq, symbol: m.symbol, kind: "grant", account: to, amount: amount, bps: nil, ts: ctx.now)
            after = MintResult(holding: try ctx.store.holding(m.symbol, to) ?? .empty)
        }
        if let penalty { grant.earlyPenaltyBps = penalty }
        try ctx.store.insertGrant(grant)
        var fields = try after.fields(ctx, m)
        fields.merge(grantFields(grant, now: ctx.now))
        if !ctx.legacyIssuance { fields["unvested"] = .number(JSONNumber(amount)) }
        // Only when given: entries from before schema 9 replay with the receipts they had.
        if penalty != nil { fields["early_penalty"] = .string(EmissionCap(bps: grant.earlyPenaltyBps).text) }
        return OpOutput(fields: fields)
    }

    public static let release = Operation(
        "release", .mutating, domain: "mint", fields: ["symbol", "early"],
        summary: "release the sender's vested tokens (those past the cliff, in proportion to the period); early: the unvested too, less a penalty"
    ) { ctx in
        var m = try CurveOperations.loadModel(ctx)
        if try ctx.request.bool("early") == true { return try releaseEarly(&ctx, &m) }
        var h = try CurveOperations.settledHolding(ctx, &m, ctx.sender)
        var released: Int64 = 0, vested: Int64 = 0, total: Int64 = 0, unlocked: Int64 = 0, minting: Int64 = 0
        for var g in try ctx.store.grants(m.symbol, ctx.sender) {
            let v = g.vested(at: ctx.now)
            vested += v
            total += g.total - g.forfeited
            if v > g.released {
                let newly = v - g.released
                // Tokens minted ahead (grants from before schema 7) are unlocked; the rest is minted now.
                let fromLocked = min(newly, max(0, g.minted - g.released))
                unlocked += fromLocked
                minting += newly - fromLocked
                released += newly
                g.minted += newly - fromLocked
                g.released = v
                try ctx.store.setReleased(grant: g.id, v, minted: g.minted)
            }
        }
        guard released > 0 else {
            throw PandaError(.nothing_to_release, total == 0 ? "\(ctx.sender) has no vesting grant of \(m.symbol)"
                                                              : "nothing of \(ctx.sender)'s \(total) \(m.symbol) has vested beyond what was released")
        }
        guard h.locked >= unlocked else { throw PandaError(.internal_error, "vesting grants of \(ctx.sender) exceed their locked \(m.symbol)") }
        if minting > 0 {
            var mc = try ctx.modelCurve(m)
            try mc.mintOffCurve(minting)
            m.state = mc.state
            try ctx.store.insertMintEvent(seq: ctx.seq, symbol: m.symbol, kind: "release", account: ctx.sender, amount: minting, bps: nil, ts: ctx.now)
        }
        h.locked -= unlocked
        h.free += released
        try ctx.store.saveHolding(m.symbol, ctx.sender, h)
        try ctx.store.updateModel(m)
        var fields: JSONObject = ["symbol": .string(m.symbol), "released": .number(JSONNumber(released)), "vested": .number(JSONNumber(vested)),
                                  "unvested": .number(JSONNumber(total - vested)), "tokens": .number(JSONNumber(h.total)),
                                  "locked": .number(JSONNumber(h.locked))]
        if !ctx.legacyIssuance {
            fields["minted"] = .number(JSONNumber(minting))
            fields["supply"] = .number(JSONNumber(m.state.supply))
            fields["price"] = .string(Amount(units: try ctx.modelCurve(m).spotPrice()).description)
        }
        return OpOutput(fields: fields)
    }

    public static let blockReward = Operation(
        "block-reward", .mutating, domain: "mint", fields: ["symbol", "operator", "alpha"],
        summary: "reward a model operator R = alpha * 24h volume * model performance (a verifier)"
    ) { ctx in
        var m = try CurveOperations.loadModel(ctx)
        try requireVerifier(ctx, m)
        let op = try ctx.requireAccount("operator")
        guard let alphaText = try ctx.request.numericText("alpha") else { throw PandaError(.missing_field, "'alpha' is required (0 to 1)", field: "alpha") }
        let alpha = try decimal(alphaText, "alpha", scale: 18, max: 1)
        guard alpha > 0 else { throw PandaError(.invalid_request, "'alpha' must be above 0", field: "alpha") }
        if let last = try ctx.store.lastMint(m.symbol, kind: "block_reward", account: op),
            ctx.now.milliseconds < last.milliseconds + blockRewardWindow.milliseconds {
            throw PandaError(.cooldown, "\(op) was given a block reward of \(m.symbol) at \(last.rfc3339); one per \(blockRewardWindow)")
        }
        let since = Timestamp(milliseconds: ctx.now.milliseconds - blockRewardWindow.milliseconds)
        let volume = try ctx.store.curveVolume(m.symbol, since: since, until: Timestamp(milliseconds: ctx.now.milliseconds + 1))
        let performance = performanceUnits(m)  // 1e18 = 100%
        let reward = Int64(Int128(volume) * alpha / Amount.one * performance / Amount.one)
        guard reward > 0 else {
            throw PandaError(.below_minimum, "the reward rounds to 0 tokens (24h volume \(volume), performance \(Amount(units: performance)), alpha \(alphaText))")
        }
        if !ctx.legacyIssuance { try checkCap(ctx, m, reward, what: "a block reward") }
        let after = try mint(&ctx, &m, to: op, reward, kind: "block_reward")
        var fields = try after.fields(ctx, m)
        fields["operator"] = .string(op)
        fields["reward"] = .number(JSONNumber(reward))
        fields["volume"] = .number(JSONNumber(volume))
        fields["performance"] = .string(Amount(units: performance).description)
        fields["alpha"] = .string(Amount(units: alpha).description)
        return OpOutput(fields: fields)
    }

    public static let provenance = Operation(
        "provenance", .mutating, domain: "mint", fields: ["symbol", "data_hash", "quality", "delta", "contributor"],
        summary: "record a data contribution {H(D), quality, t, delta} owned by its contributor (a verifier)"
    ) { ctx in
        let m = try CurveOperations.loadModel(ctx)
        try requireVerifier(ctx, m)
        let contributor = try ctx.requireAccount("contributor")
        let hash = try ctx.request.requireString("data_hash")
        let hex = hash.hasPrefix("0x") ? hash.dropFirst(2) : Substring(hash)
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }) else {
            throw PandaError(.invalid_request, "'data_hash' must be 32 bytes in hex (0x followed by 64 hex digits)", field: "data_hash")
        }
        guard let qualityText = try ctx.request.numericText("quality") else { throw PandaError(.missing_field, "'quality' is required (0 to 1)", field: "quality") }
        let quality = try decimal(qualityText, "quality", scale: 18, max: 1)
        guard let deltaText = try ctx.request.numericText("delta") else { throw PandaError(.missing_field, "'delta' is required (the model improvement)", field: "delta") }
        let delta = try ExactDecimalText.canonical(deltaText, field: "delta")
        let record = ProvenanceRecord(nftID: try ctx.store.nextProvenanceID(), symbol: m.symbol, contributor: contributor,
                                      dataHash: "0x" + hex.lowercased(), quality: Amount.format(units: quality, decimals: 18), delta: delta,
                                      ts: ctx.now, seq: ctx.seq, owner: contributor)
        try ctx.store.insertProvenance(record)
        return OpOutput(fields: provenanceFields(record))
    }

    public static let provenances = Operation(
        "provenances", .query, domain: "mint", fields: ["symbol", "contributor", "owner"],
        summary: "list provenance records, by model, contributor and/or owner"
    ) { ctx in
        let symbol = try ctx.request.string("symbol")
        let contributor = try ctx.account("contributor")
        let records = try ctx.store.provenance(symbol: symbol, contributor: contributor, owner: try ctx.account("owner"))
        return OpOutput(records: records.map { r in
            var o = JSONObject([("type", .string("provenance"))])
            o.merge(provenanceFields(r))
            o["owner"] = .string(r.owner)
            return o
        })
    }

    // MARK: Improvement rewards (schema 7 rules)

    /// Rewards a trained version recorded by the ledger: its improvement and contributor are the ledger's,
    /// its model hash must match, and each version is rewarded at most once.
    static func rewardVersion(_ ctx: inout OpContext, _ m: inout ModelRecord, version: Int64) throws -> OpOutput {
        guard let hash = try ctx.request.string("model_hash") else {
            throw PandaError(.missing_field, "'model_hash' is required with 'version' (as in pandactl-train's trained record)", field: "model_hash")
        }
        guard let v = try ctx.store.versions(m.symbol, version: version).first else {
            throw PandaError(.unknown_version, "\(m.symbol) has no trained version \(version) in this ledger", field: "version")
        }
        guard v.modelHash.lowercased() == hash.lowercased() else {
            throw PandaError(.unknown_version, "\(m.symbol) version \(version) has model hash \(v.modelHash), not \(hash)", field: "model_hash")
        }
        if let seq = try ctx.store.rewardedSeq(m.symbol, version: version) {
            throw PandaError(.already_rewarded, "\(m.symbol) version \(version) was rewarded already (journal entry \(seq))", field: "version")
        }
        guard let bps = v.improvementBps else {
            throw PandaError(.below_threshold, "\(m.symbol) version \(version) records no improvement (a first version has nothing to compare with)", field: "version")
        }
        let output = try rewardImprovement(&ctx, &m, bps: bps, contributor: v.contributor, version: version)
        try ctx.store.insertRewarded(m.symbol, version: version, seq: ctx.seq)
        return output
    }

    /// The model's reward policy, once the improvement passes the threshold and the cooldown.
    static func improvementPolicy(_ ctx: OpContext, _ m: ModelRecord, bps: Int64) throws -> MintPolicy {
        guard bps >= minimumBps else {
            throw PandaError(.below_threshold, "an improvement of \(bps) bps is below the minimum of \(minimumBps) bps", field: "bps")
        }
        let p = try ctx.store.mintPolicy(m.symbol)
        if let last = try ctx.store.lastMint(m.symbol, kind: "improvement"), ctx.now.milliseconds < last.milliseconds + p.cooldown.milliseconds {
            let next = Timestamp(milliseconds: last.milliseconds + p.cooldown.milliseconds)
            throw PandaError(.cooldown, "\(m.symbol) was rewarded an improvement at \(last.rfc3339); the next may come at \(next.rfc3339)")
        }
        return p
    }

    /// A share of the circulating supply (or the owner's absolute policy), within the issuance cap.
    static func rewardImprovement(_ ctx: inout OpContext, _ m: inout ModelRecord, bps: Int64, contributor: String, version: Int64?) throws -> OpOutput {
        let p = try improvementPolicy(ctx, m, bps: bps)
        let (reward, capped) = ImprovementReward.tokens(supply: m.state.supply, bps: bps, rewardPerBps: p.rewardPerBps, maxReward: p.maxReward)
        guard reward > 0 else {
            throw PandaError(.below_minimum, "the reward rounds to 0 tokens (\(bps) bps of a supply of \(m.state.supply) x 0.1)", field: "bps")
        }
        try checkCap(ctx, m, reward, what: "an improvement reward")
        let after = try mint(&ctx, &m, to: contributor, reward, kind: "improvement", bps: bps)
        var fields = try after.fields(ctx, m)
        fields["contributor"] = .string(contributor)
        fields["bps"] = .number(JSONNumber(bps))
        fields["reward"] = .number(JSONNumber(reward))
        fields["capped"] = .bool(capped)
        if let version { fields["version"] = .number(JSONNumber(version)) }
        return OpOutput(fields: fields)
    }

    // MARK: Issuance cap

    /// The cap's figures for the model now (window: the last 365 days).
    static func emissionWindow(_ ctx: OpContext, _ m: ModelRecord) throws -> EmissionWindow {
        try ctx.store.emissionWindow(m.symbol, supply: m.state.supply,
                                     since: Timestamp(milliseconds: ctx.now.milliseconds - EmissionCap.window.milliseconds))
    }

    /// Refuses issuance past the model's cap (`emission_cap`); issuance before the first curve trade is exempt.
    static func checkCap(_ ctx: OpContext, _ m: ModelRecord, _ amount: Int64, what: String) throws {
        guard try ctx.store.firstCurveTradeSeq(m.symbol) != nil else { return }
        try EmissionCap(bps: m.maxEmissionBps).check(try emissionWindow(ctx, m), issuing: amount, what: what)
    }

    // MARK: Shared steps

    /// What a mint leaves behind, for receipts.
    struct MintResult {
        var holding: Holding
        func fields(_ ctx: OpContext, _ m: ModelRecord) throws -> JSONObject {
            let price = try ctx.modelCurve(m).spotPrice()
            return ["symbol": .string(m.symbol), "supply": .number(JSONNumber(m.state.supply)),
                    "reserve": .string(Amount(units: m.state.reserve).description), "price": .string(Amount(units: price).description),
                    "tokens": .number(JSONNumber(holding.total))]
        }
    }

    /// Mints `amount` tokens off the curve to `account` (free, or locked under a grant), settling its dividends first.
    static func mint(_ ctx: inout OpContext, _ m: inout ModelRecord, to account: String, _ amount: Int64, kind: String, bps: Int64? = nil,
                     locked: Bool = false) throws -> MintResult {
        var mc = try ctx.modelCurve(m)
        try mc.mintOffCurve(amount)
        var h = try CurveOperations.settledHolding(ctx, &m, account)
        if locked { h.locked += amount } else { h.free += amount }
        m.state = mc.state
        try ctx.store.saveHolding(m.symbol, account, h)
        try ctx.store.updateModel(m)
        try ctx.store.insertMintEvent(seq: ctx.seq, symbol: m.symbol, kind: kind, account: account, amount: amount, bps: bps, ts: ctx.now)
        return MintResult(holding: h)
    }

    static func requireOwner(_ ctx: OpContext, _ m: ModelRecord, _ what: String) throws {
        guard ctx.sender == m.owner else {
            throw PandaError(.not_authorized, "only the owner of \(m.symbol) (\(m.owner)) may set \(what); \(ctx.sender) is not its owner")
        }
    }

    static func requireVerifier(_ ctx: OpContext, _ m: ModelRecord) throws {
        guard try ctx.store.hasRole(ctx.sender, "verifier", scope: m.symbol) else {
            throw PandaError(.not_authorized, "\(ctx.sender) is not a verifier of \(m.symbol) (its owner adds verifiers with 'pandactl-mint verifier')")
        }
    }

    /// The model's performance P as a fraction in base units (1e18 = 1): its trained accuracy (percent),
    /// or else the accuracy success metric (0–1), clamped to [0, 1].
    static func performanceUnits(_ m: ModelRecord) -> Int128 {
        var units: Int128 = 0
        if let pct = try? ExactDecimal(parsing: m.accuracy).scaled(to: 16), pct > 0 {
            units = pct
        } else if let text = m.metrics["accuracy"]?.stringValue, let f = try? ExactDecimal(parsing: text).scaled(to: 18) {
            units = f
        }
        return max(0, min(units, Amount.one))
    }

    static func policyFields(_ symbol: String, _ p: MintPolicy) -> JSONObject {
        var o: JSONObject = ["symbol": .string(symbol)]
        if let v = p.rewardPerBps { o["reward_per_bps"] = .number(JSONNumber(v)) } else { o["reward"] = .string("supply x bps / 100000") }
        if let v = p.maxReward { o["max_reward"] = .number(JSONNumber(v)) } else { o["max_reward_share"] = .string("2%") }
        o["cooldown"] = .string(p.cooldown.description)
        o["min_bps"] = .number(JSONNumber(minimumBps))
        return o
    }

    static func grantFields(_ g: VestingGrant, now: Timestamp) -> JSONObject {
        ["grant_id": .number(JSONNumber(g.id)), "to": .string(g.account), "amount": .number(JSONNumber(g.total)),
         "start": .string(g.start.rfc3339), "cliff": .string(g.cliff.description), "period": .string(g.period.description),
         "vested": .number(JSONNumber(g.vested(at: now))), "released": .number(JSONNumber(g.released))]
    }

    static func provenanceFields(_ r: ProvenanceRecord) -> JSONObject {
        ["nft_id": .number(JSONNumber(r.nftID)), "symbol": .string(r.symbol), "contributor": .string(r.contributor),
         "data_hash": .string(r.dataHash), "quality": .string(r.quality), "delta": .string(r.delta), "ts": .string(r.ts.rfc3339),
         "seq": .number(JSONNumber(r.seq))]
    }

    /// A duration field ("24h", "7d", "90m", "30s", or milliseconds as an integer); nil when absent.
    static func duration(_ r: Request, _ key: String, allowZero: Bool = false) throws -> TimeSpan? {
        guard let v = r.object[key], !v.isNull else { return nil }
        let text = v.stringValue ?? v.numberValue?.text ?? ""
        let span: TimeSpan?
        if let ms = Int64(text) { span = TimeSpan(milliseconds: ms) } else { span = TimeSpan(parsing: text) }
        guard let span, span.milliseconds > 0 || (allowZero && span.milliseconds == 0) else {
            throw PandaError(.invalid_request, "'\(key)' must be a duration such as 30s, 90m, 24h or 7d\(allowZero ? "" : ", above zero")", field: key)
        }
        return span
    }

    /// A decimal field in [0, max] as integer units of 10^-scale.
    static func decimal(_ text: String, _ key: String, scale: Int, max: Int) throws -> Int128 {
        guard let d = try? ExactDecimal(parsing: text), !d.negative, let units = try? d.scaled(to: scale) else {
            throw PandaError(.invalid_request, "'\(key)' must be a decimal number from 0 to \(max) (at most \(scale) decimals), got \(text)", field: key)
        }
        var limit = Int128(max)
        for _ in 0..<scale { limit *= 10 }
        guard units <= limit else { throw PandaError(.invalid_request, "'\(key)' must be at most \(max), got \(text)", field: key) }
        return units
    }
}

/// Decimal text in a canonical form (no exponent, no superfluous zeros), for values stored as given.
enum ExactDecimalText {
    static func canonical(_ text: String, field: String) throws -> String {
        guard let d = try? ExactDecimal(parsing: text), let units = try? d.scaled(to: 18) else {
            throw PandaError(.invalid_request, "'\(field)' must be a decimal number (at most 18 decimals), got \(text)", field: field)
        }
        return Amount.format(units: units, decimals: 18)
    }
}

extension OpContext {
    /// True for a journal entry written before the ledger was migrated to schema 7: it replays under the
    /// issuance rules it was applied with (see `IssuanceMigration`).
    var legacyIssuance: Bool { seq < ledger.info.issuanceRulesSeq }

    /// True for a journal entry written before the ledger was migrated to schema 10: M(t) scaled the
    /// sigmoid's price only, and receipts had the fields they had then.
    var legacyMultiplier: Bool { seq < ledger.info.multiplierRuleSeq }

    /// A model's curve with its state, under the M(t) rule this entry applies with.
    func modelCurve(_ m: ModelRecord) throws(PandaError) -> ModelCurve {
        ModelCurve(curve: try m.curve(), state: m.state, rule: legacyMultiplier ? .sigmoidPrice : .buySide)
    }
}

/// `pandactl-burn`'s operations: access burns and treasury redemptions (DESIGN §4).
public enum BurnOperations {
    public static let all: [Operation] = [access, redeem, rate, set]

    /// Batch discounts in basis points by the number of requests paid at once (never more than 25%).
    public static let discounts: [(requests: Int64, bps: Int64)] = [(10_000, 2_500), (1_000, 2_000), (100, 1_000), (10, 500)]
    /// Redemption defaults (DESIGN §8): at least 1 token, once per hour per account and model.
    public static let redeemMinimum: Int64 = 1
    public static let redeemCooldown = TimeSpan(milliseconds: 3_600_000)
    /// Bounds that keep the burn arithmetic inside Int128.
    static let maxRequests: Int64 = 1_000_000_000
    static let maxRate = 1_000_000

    public static func discountBps(requests: Int64) -> Int64 {
        discounts.first { requests >= $0.requests }?.bps ?? 0
    }

    public static let access = Operation(
        "access", .mutating, domain: "burn", fields: ["symbol", "requests", "holder"],
        summary: "burn tokens to pay for model requests (1 token each, less batch discounts or a negotiated rate); a gateway burns a holder's within its allowance"
    ) { ctx in
        var m = try CurveOperations.loadModel(ctx)
        // A gateway pays with a holder's tokens, within the allowance the holder gave it; the rate is the gateway's.
        let holder = try ctx.account("holder")
        if holder == ctx.sender {
            throw PandaError(.invalid_request, "'holder' is the sender: burn your own tokens without it", field: "holder")
        }
        let payer = holder ?? ctx.sender
        let requests = try ctx.request.tokens("requests") ?? 1
        guard requests <= maxRequests else {
            throw PandaError(.invalid_amount, "at most \(maxRequests) requests per access burn", field: "requests")
        }
        let rateText = try ctx.store.accessRate(m.symbol, ctx.sender)
        let rateUnits = try rateText.map { try MintOperations.decimal($0, "tokens_per_request", scale: 18, max: maxRate) } ?? Amount.one
        let discount = try ctx.store.burnSettings(m.symbol).discountBps(requests: requests)
        // ceil(requests × rate × (1 − discount)): fractions of a token are burned whole (the ledger's favour).
        let numerator = Int128(requests) * rateUnits * Int128(10_000 - discount)
        let denominator = Amount.one * 10_000
        let burned = Int64((numerator + denominator - 1) / denominator)
        let allowanceLeft = try holder.map { h throws in try AllowanceOperations.spend(ctx, m.symbol, owner: h, burned) }
        var h = try CurveOperations.settledHolding(ctx, &m, payer)
        guard h.free >= burned else {
            throw PandaError(.insufficient_tokens, "\(requests) requests cost \(burned) \(m.symbol); \(payer) has \(h.free) free", field: "requests")
        }
        var mc = try ctx.modelCurve(m)
        let before = try mc.spotPrice()
        try mc.burnOffCurve(burned)
        h.free -= burned
        m.state = mc.state
        try ctx.store.saveHolding(m.symbol, payer, h)
        try ctx.store.updateModel(m)
        try ctx.store.insertBurnEvent(seq: ctx.seq, symbol: m.symbol, kind: "access", account: payer, amount: burned, requests: requests,
                                      payout: 0, ts: ctx.now)
        var fields: JSONObject = [
            "symbol": .string(m.symbol), "requests": .number(JSONNumber(requests)), "burned": .number(JSONNumber(burned)),
            "discount_bps": .number(JSONNumber(discount)), "tokens_per_request": .string(Amount(units: rateUnits).description),
            "price_before": .string(Amount(units: before).description), "price": .string(Amount(units: try mc.spotPrice()).description),
            "supply": .number(JSONNumber(m.state.supply)), "reserve": .string(Amount(units: m.state.reserve).description),
            "tokens": .number(JSONNumber(h.total)),
        ]
        if rateText != nil { fields["negotiated"] = .bool(true) }
        if let holder, let allowanceLeft {
            fields["holder"] = .string(holder)
            fields["allowance"] = .number(JSONNumber(allowanceLeft))
        }
        return OpOutput(fields: fields)
    }

    public static let redeem = Operation(
        "redeem", .mutating, domain: "burn", fields: ["symbol", "amount", "min_payout"],
        summary: "burn tokens for PANDA from the reserve at the curve's sell price"
    ) { ctx in
        let m = try CurveOperations.loadModel(ctx)
        let amount = try CurveOperations.requireTokens(ctx.request)
        let settings = try ctx.store.burnSettings(m.symbol)
        guard amount >= settings.redeemMinimum else {
            throw PandaError(.below_minimum, "at least \(settings.redeemMinimum) token\(settings.redeemMinimum == 1 ? "" : "s") per redemption of \(m.symbol)", field: "amount")
        }
        if let last = try ctx.store.lastBurn(m.symbol, kind: "redeem", account: ctx.sender),
            ctx.now.milliseconds < last.milliseconds + settings.redeemCooldown.milliseconds {
            let next = Timestamp(milliseconds: last.milliseconds + settings.redeemCooldown.milliseconds)
            throw PandaError(.cooldown, "\(ctx.sender) redeemed \(m.symbol) at \(last.rfc3339); the next redemption may come at \(next.rfc3339)")
        }
        // The same sale as `pandactl-curve sell` (guards, rate limit, dividends, curve_trades), then recorded as a burn.
        let output = try CurveOperations.trade(&ctx, side: .sell)
        let payout = (try? Amount(parsing: output.fields["payout"]?.stringValue ?? "0").units) ?? 0
        try ctx.store.insertBurnEvent(seq: ctx.seq, symbol: m.symbol, kind: "redeem", account: ctx.sender, amount: amount, requests: 0,
                                      payout: payout, ts: ctx.now)
        var fields = output.fields
        fields["burned"] = .number(JSONNumber(amount))
        return OpOutput(fields: fields)
    }

    public static let rate = Operation(
        "rate", .mutating, domain: "burn", fields: ["symbol", "account", "tokens_per_request", "remove"],
        summary: "set (or with remove, drop) an account's negotiated tokens per request (the model's owner)"
    ) { ctx in
        let m = try CurveOperations.loadModel(ctx)
        try MintOperations.requireOwner(ctx, m, "access rates")
        let account = try ctx.requireAccount("account")
        if try ctx.request.bool("remove") == true {
            guard try ctx.store.accessRate(m.symbol, account) != nil else {
                throw PandaError(.invalid_request, "\(account) has no negotiated rate for \(m.symbol)", field: "account")
            }
            try ctx.store.setAccessRate(m.symbol, account, nil)
            return OpOutput(fields: ["symbol": .string(m.symbol), "account": .string(account), "tokens_per_request": .string("1")])
        }
        guard let text = try ctx.request.numericText("tokens_per_request") else {
            throw PandaError(.missing_field, "'tokens_per_request' is required", field: "tokens_per_request")
        }
        let units = try MintOperations.decimal(text, "tokens_per_request", scale: 18, max: maxRate)
        guard units > 0 else { throw PandaError(.invalid_request, "'tokens_per_request' must be above 0", field: "tokens_per_request") }
        let canonical = Amount(units: units).description
        try ctx.store.setAccessRate(m.symbol, account, canonical)
        return OpOutput(fields: ["symbol": .string(m.symbol), "account": .string(account), "tokens_per_request": .string(canonical)])
    }
}
