import Curves
import PandaCore

/// Allowances on model tokens, as PRC-20/ERC-20 has them (DESIGN §7): an owner lets a spender move up
/// to an amount of its tokens (`approve`, which sets the allowance, 0 withdraws it); the spender moves
/// them (`transfer-from`) or burns them for model access on the owner's behalf (`pandactl-burn access
/// --holder`). Every balance change settles dividends first, as `transfer` does.
public enum AllowanceOperations {
    /// `pandactl-curve`'s allowance verbs (journaled as `curve.approve`, `curve.transfer-from`).
    public static let all: [Operation] = [approve, allowance, transferFrom]

    public static let approve = Operation(
        "approve", .mutating, domain: "curve", fields: ["symbol", "spender", "amount"],
        summary: "let a spender move up to an amount of the sender's tokens (sets the allowance; 0 withdraws it)"
    ) { ctx in
        let m = try CurveOperations.loadModel(ctx)
        let spender = try ctx.requireAccount("spender")
        guard spender != ctx.sender else {
            throw PandaError(.self_transfer, "\(ctx.sender) cannot approve itself as a spender of its own \(m.symbol)", field: "spender")
        }
        guard let amount = try ctx.request.tokens("amount", allowZero: true) else {
            throw PandaError(.missing_field, "'amount' is required (whole tokens; 0 withdraws the allowance)", field: "amount")
        }
        let before = try ctx.store.allowance(m.symbol, owner: ctx.sender, spender: spender)
        try ctx.store.setAllowance(m.symbol, owner: ctx.sender, spender: spender, amount)
        return OpOutput(fields: ["symbol": .string(m.symbol), "owner": .string(ctx.sender), "spender": .string(spender),
                                 "allowance": .number(JSONNumber(amount)), "previous": .number(JSONNumber(before))])
    }

    public static let allowance = Operation(
        "allowance", .query, domain: "curve", fields: ["symbol", "owner", "spender"],
        summary: "what a spender may still move of an owner's tokens"
    ) { ctx in
        let m = try CurveOperations.loadModel(ctx)
        let owner = try ctx.account("owner") ?? ctx.sender
        let spender = try ctx.account("spender") ?? ctx.sender
        let left = try ctx.store.allowance(m.symbol, owner: owner, spender: spender)
        let free = try ctx.store.holding(m.symbol, owner)?.free ?? 0
        return OpOutput(fields: ["symbol": .string(m.symbol), "owner": .string(owner), "spender": .string(spender),
                                 "allowance": .number(JSONNumber(left)), "spendable": .number(JSONNumber(min(left, free)))])
    }

    public static let transferFrom = Operation(
        "transfer-from", .mutating, domain: "curve", fields: ["symbol", "owner", "to", "amount"],
        summary: "move an owner's tokens to an account within the allowance the owner gave the sender"
    ) { ctx in
        var m = try CurveOperations.loadModel(ctx)
        let owner = try ctx.requireAccount("owner")
        let to = try ctx.requireAccount("to")
        let amount = try CurveOperations.requireTokens(ctx.request)
        guard to != owner else { throw PandaError(.self_transfer, "cannot transfer \(m.symbol) from \(owner) to itself", field: "to") }
        try CurveOperations.refuseIndexAccount(ctx, to)
        let left = try spend(ctx, m.symbol, owner: owner, amount)
        var from = try CurveOperations.settledHolding(ctx, &m, owner)
        guard from.free >= amount else {
            throw PandaError(.insufficient_tokens, "\(owner) has \(from.free) free \(m.symbol), needs \(amount)", field: "amount")
        }
        from.free -= amount
        try ctx.store.saveHolding(m.symbol, owner, from)
        // Settled after the owner's holding is saved: `to` may be the sender, never the owner.
        var dest = try CurveOperations.settledHolding(ctx, &m, to)
        dest.free += amount
        try ctx.store.saveHolding(m.symbol, to, dest)
        try ctx.store.updateModel(m)
        return OpOutput(fields: ["symbol": .string(m.symbol), "owner": .string(owner), "spender": .string(ctx.sender), "to": .string(to),
                                 "amount": .number(JSONNumber(amount)), "allowance": .number(JSONNumber(left)),
                                 "balances": .object(JSONObject([(owner, .number(JSONNumber(from.total))), (to, .number(JSONNumber(dest.total)))]))])
    }

    /// Takes `amount` from the allowance `owner` gave the sender and returns what is left. Refuses a sender
    /// with no allowance (`not_authorized`) and an amount above it (`allowance_exceeded`). The one place an
    /// allowance is spent (`transfer-from`, access burns for a holder).
    static func spend(_ ctx: OpContext, _ symbol: String, owner: String, _ amount: Int64) throws -> Int64 {
        let allowed = try ctx.store.allowance(symbol, owner: owner, spender: ctx.sender)
        guard allowed > 0 else {
            throw PandaError(.not_authorized, "\(ctx.sender) is not a spender of \(owner)'s \(symbol) (the owner approves spenders with 'pandactl-curve approve')",
                             field: "owner")
        }
        guard amount <= allowed else {
            throw PandaError(.allowance_exceeded, "\(owner) allows \(ctx.sender) \(allowed) \(symbol), not \(amount)", field: "amount")
        }
        try ctx.store.setAllowance(symbol, owner: owner, spender: ctx.sender, allowed - amount)
        return allowed - amount
    }

    /// A balance's `allowances`: {"given": {SYM: {spender: n}}, "received": {SYM: {owner: n}}}.
    static func balanceFields(_ ctx: OpContext, _ account: String) throws -> JSONValue {
        func grouped(_ rows: [(symbol: String, account: String, amount: Int64)]) -> JSONObject {
            var o = JSONObject()
            var current: (String, JSONObject)?
            for r in rows {
                if current?.0 != r.symbol {
                    if let (s, inner) = current { o.appendUnique(s, .object(inner)) }
                    current = (r.symbol, JSONObject())
                }
                current!.1.appendUnique(r.account, .number(JSONNumber(r.amount)))
            }
            if let (s, inner) = current { o.appendUnique(s, .object(inner)) }
            return o
        }
        return .object(JSONObject([("given", .object(grouped(try ctx.store.allowances(owner: account)))),
                                   ("received", .object(grouped(try ctx.store.allowances(spender: account))))]))
    }
}

extension LedgerStore {
    // MARK: Allowances

    /// What `spender` may still move of `owner`'s `symbol` (0 when none).
    func allowance(_ symbol: String, owner: String, spender: String) throws(SQLiteError) -> Int64 {
        try db.statement("SELECT amount FROM allowances WHERE symbol = ? AND owner = ? AND spender = ?")
            .first([.text(symbol), .text(owner), .text(spender)]) { s throws(SQLiteError) in
                try s.storedInt(0, "allowances.amount of \(owner) to \(spender) in \(symbol)")
            } ?? 0
    }

    /// Sets an allowance; 0 removes the row (no empty allowances are kept).
    func setAllowance(_ symbol: String, owner: String, spender: String, _ amount: Int64) throws(SQLiteError) {
        if amount == 0 {
            try db.statement("DELETE FROM allowances WHERE symbol = ? AND owner = ? AND spender = ?").run([.text(symbol), .text(owner), .text(spender)])
        } else {
            try db.statement("""
                INSERT INTO allowances (symbol, owner, spender, amount) VALUES (?, ?, ?, ?)
                ON CONFLICT (symbol, owner, spender) DO UPDATE SET amount = excluded.amount
                """).run([.text(symbol), .text(owner), .text(spender), .int(amount)])
        }
    }

    /// Allowances `owner` gave, by symbol and spender.
    func allowances(owner: String) throws(SQLiteError) -> [(symbol: String, account: String, amount: Int64)] {
        try mapRows(db.statement("SELECT symbol, spender, amount FROM allowances WHERE owner = ? ORDER BY symbol, spender").all([.text(owner)])) {
            r throws(SQLiteError) in (r[0].description, r[1].description, try r[2].storedInt("allowances.amount given by \(owner)"))
        }
    }

    /// Allowances `spender` received, by symbol and owner.
    func allowances(spender: String) throws(SQLiteError) -> [(symbol: String, account: String, amount: Int64)] {
        try mapRows(db.statement("SELECT symbol, owner, amount FROM allowances WHERE spender = ? ORDER BY symbol, owner").all([.text(spender)])) {
            r throws(SQLiteError) in (r[0].description, r[1].description, try r[2].storedInt("allowances.amount received by \(spender)"))
        }
    }

    /// Allowance rows that are not above zero (the audit's check: none may be).
    func nonPositiveAllowances() throws(SQLiteError) -> [(symbol: String, owner: String, spender: String, amount: Int64)] {
        try mapRows(db.statement("SELECT symbol, owner, spender, amount FROM allowances WHERE amount <= 0 ORDER BY symbol, owner, spender").all()) {
            r throws(SQLiteError) in (r[0].description, r[1].description, r[2].description, try r[3].storedInt("allowances.amount"))
        }
    }
}
