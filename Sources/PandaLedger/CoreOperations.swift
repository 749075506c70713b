import PandaCore
import PandaCrypto

/// The ledger's own operations: creation, funding, PANDA transfers and balances.
public enum CoreOperations {
    /// Journal entry 1 of every ledger: records the chain id, auth mode and admin (never taken from input).
    static let initOp = Operation("init", .mutating, fields: ["auth", "admin", "chain_id"], summary: "create the ledger") { ctx in
        let r = ctx.request
        guard ctx.seq == 1 else { throw PandaError(.invalid_request, "'init' is only the first journal entry") }
        let authText = try r.requireString("auth")
        guard let auth = AuthMode(rawValue: authText) else {
            throw PandaError(.invalid_request, "'auth' must be open or signed", field: "auth")
        }
        let admin = try AccountID.parse(try r.requireString("admin"), allowNames: auth == .open, field: "admin")
        let chain = try r.requireString("chain_id")
        try ctx.store.setMeta("chain_id", chain)
        try ctx.store.setMeta("auth", auth.rawValue)
        try ctx.store.setMeta("admin", admin)
        try ctx.store.setMeta("created_at", ctx.now.rfc3339)
        try ctx.store.grantRole(admin, "admin", seq: ctx.seq)
        var info = LedgerInfo(chainID: chain, auth: auth, admin: admin, createdAt: ctx.now)
        info.issuanceRulesSeq = ctx.ledger.info.issuanceRulesSeq  // a replica replaying an old journal keeps its boundary
        info.multiplierRuleSeq = ctx.ledger.info.multiplierRuleSeq
        ctx.ledger.setInfo(info)
        return OpOutput(fields: ["chain_id": .string(chain), "auth": .string(auth.rawValue), "admin": .string(admin)])
    }

    /// `fund`: the admin issues PANDA to an account (creating it).
    public static let fund = Operation("fund", .mutating, fields: ["to", "amount"], summary: "issue PANDA to an account (admin only)") { ctx in
        try ctx.requireAdmin()
        let to = try ctx.requireAccount("to")
        let amount = try ctx.request.requireAmount("amount")
        guard let funded = try ctx.store.total("funded").adding(amount) else {
            throw PandaError(.overflow, "funding \(amount) would overflow the ledger's range", field: "amount")
        }
        let after = try ctx.credit(to, amount)
        try ctx.store.setTotal("funded", funded)
        return OpOutput(fields: [
            "to": .string(to), "amount": .string(amount.description),
            "balances": .object(JSONObject([(to, .string(after.description))])),
        ])
    }

    /// `transfer`: move PANDA from the sender to another account (creating it).
    public static let transfer = Operation("transfer", .mutating, fields: ["to", "amount"], summary: "move PANDA to another account") { ctx in
        let to = try ctx.requireAccount("to")
        let amount = try ctx.request.requireAmount("amount")
        let from = ctx.sender
        guard to != from else { throw PandaError(.self_transfer, "cannot transfer from \(from) to itself", field: "to") }
        try CurveOperations.refuseIndexAccount(ctx, to)
        guard try ctx.store.balance(from) != nil else {
            throw PandaError(.unknown_account, "account \(from) does not exist (it has never been funded)", field: "from")
        }
        let fromAfter = try ctx.debit(from, amount)
        let toAfter = try ctx.credit(to, amount)
        return OpOutput(fields: [
            "to": .string(to), "amount": .string(amount.description),
            "balances": .object(JSONObject([(from, .string(fromAfter.description)), (to, .string(toAfter.description))])),
        ])
    }

    /// `void`: spends the request's own `nonce` and does nothing else, so that no other request its sender
    /// signed with that nonce (pending, refused, or lost) can ever apply (DESIGN §3, request lifetime).
    public static let void = Operation("void", .mutating, fields: [], summary: "void an unused nonce of the sender") { ctx in
        guard let nonce = try ctx.request.safeInteger("nonce") else {
            throw PandaError(.missing_field, "'nonce' is required: the nonce to void", field: "nonce")
        }
        return OpOutput(fields: ["voided": .number(JSONNumber(Int64(nonce)))])
    }

    /// `balance`: an account's PANDA, tokens (free and locked), owed dividends and unreleased grants (`unvested`).
    public static let balance = Operation("balance", .query, fields: ["account"], summary: "show an account's balances") { ctx in
        let account = try ctx.account("account") ?? ctx.sender
        let holdings = try ctx.store.holdings(of: account)
        let promised = try ctx.store.unreleasedByModel(of: account)
        guard let panda = try ctx.store.balance(account) ?? (holdings.isEmpty && promised.isEmpty ? nil : .zero) else {
            throw PandaError(.unknown_account, "account \(account) does not exist", field: "account")
        }
        var tokens = JSONObject(), locked = JSONObject(), owed = JSONObject()
        for (symbol, h) in holdings {
            if h.total > 0 { tokens.appendUnique(symbol, .number(JSONNumber(h.total))) }
            if h.locked > 0 { locked.appendUnique(symbol, .number(JSONNumber(h.locked))) }
            if let pool = try ctx.store.model(symbol)?.pool {
                let due = h.dividends.owed + pool.accrued(h.dividends, balance: h.total)
                if due > 0 { owed.appendUnique(symbol, .string(Amount(units: due).description)) }
            }
        }
        // Grants not yet released are promises, listed apart: they are not tokens until released.
        var unvested = JSONObject()
        for (symbol, n) in promised { unvested.appendUnique(symbol, .number(JSONNumber(n))) }
        return OpOutput(fields: [
            "account": .string(account), "panda": .string(panda.description),
            "tokens": .object(tokens), "locked": .object(locked), "owed": .object(owed), "unvested": .object(unvested),
            "allowances": try AllowanceOperations.balanceFields(ctx, account),
        ])
    }

    /// `accounts`: one `account` record per account.
    public static let accounts = Operation("accounts", .query, fields: [], summary: "list accounts and their PANDA") { ctx in
        let rows = try ctx.store.accounts()
        return OpOutput(fields: JSONObject(), records: rows.map { row in
            JSONObject(uniqueMembers: [("type", "account"), ("account", .string(row.account)), ("panda", .string(row.panda.description))])
        })
    }

    /// The ledger_meta key naming the last audit checkpoint's sequence number.
    static let checkpointMetaKey = "audit_checkpoint"

    /// `audit.checkpoint`: written by `pandactl audit --checkpoint/--incremental` (never read from input)
    /// after a clean audit, with the digest of the state it verified. Replayed, it checks that the replayed
    /// state has that digest: a full audit verifies every checkpoint again.
    static let auditCheckpoint = Operation("checkpoint", .mutating, domain: "audit", fields: ["state", "through"],
                                           summary: "record the state digest a clean audit verified") { ctx in
        try ctx.requireAdmin()
        let recorded = try ctx.request.requireString("state")
        let digest = try ctx.ledger.stateDigest()
        guard digest == recorded else {
            throw PandaError(.audit_failed, "the state digest is \(digest), the checkpoint recorded \(recorded)", field: "state")
        }
        try ctx.store.setMeta(checkpointMetaKey, String(ctx.seq))
        return OpOutput(fields: ["state": .string(digest), "through": .number(JSONNumber(ctx.seq - 1))])
    }

    /// Every mutating operation, by name: the audit replays journal entries through these.
    /// Later domains (curves, orders, …) add theirs here.
    static let replayable: [String: Operation] = {
        var ops: [String: Operation] = [:]
        // Journal entries carry `Operation.journalName` ("transfer", "curve.transfer", …).
        var all: [Operation] = [initOp, fund, transfer, void, auditCheckpoint]
        // One domain per line: a long `+` chain is beyond Swift 6.0's type checker.
        all += CurveOperations.all
        all += AllowanceOperations.all
        all += MintOperations.all
        all += BurnOperations.all
        all += IndexOperations.all
        all += TrainOperations.all
        all += PredictOperations.all
        all += OrderOperations.all
        for op in all where op.kind == .mutating { ops[op.journalName] = op }
        return ops
    }()
}

extension Ledger {
    func setInfo(_ info: LedgerInfo) { self.info = info }
}
