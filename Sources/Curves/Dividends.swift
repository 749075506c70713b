import PandaCore

/// One holder's dividend position in one model: the counter value at their last settlement and what
/// has been settled to them but not yet claimed. Per (model, account) the ledger stores:
///
/// | field | type | ledger column (suggested) |
/// |---|---|---|
/// | `checkpoint` | `BigNat` | TEXT (decimal integer, `"0"` for a new holder) |
/// | `owed` | base units, `Int128` | TEXT (decimal integer) |
public struct DividendAccount: Sendable, Equatable {
    public var checkpoint: BigNat
    public var owed: Int128

    public init(checkpoint: BigNat = .zero, owed: Int128 = 0) {
        self.checkpoint = checkpoint
        self.owed = owed
    }

    /// From stored text; throws `ledger_corrupt` on anything this library does not write.
    public init(checkpoint: String, owed: String) throws(PandaError) {
        guard let c = BigNat(decimal: checkpoint), let o = Amount.units(fromStored: owed), o >= 0 else {
            throw PandaError(.ledger_corrupt, "dividend account checkpoint='\(checkpoint)' owed='\(owed)' is not valid")
        }
        self.init(checkpoint: c, owed: o)
    }

    /// The stored forms.
    public var checkpointText: String { checkpoint.description }
    public var owedText: String { storedText(owed) }
}

/// What a fee credit did: the part the model's holders share, and the part that goes straight to the
/// model's owner (the whole fee while the supply is 0, DESIGN §8).
public struct DividendCredit: Sendable, Equatable {
    public var toHolders: Int128
    public var toOwner: Int128
}

/// A model's inference-fee dividends (DESIGN §4 "Dividends"): the seed's cumulative dividend-per-token
/// counter, with its flaw fixed by per-holder checkpoints settled on every balance change.
///
/// ### The calls the ledger makes
/// - a fee is paid (`pandactl-predict`): `let c = try pool.credit(fee: fee, supply: S)`; add
///   `c.toOwner` to the owner's PANDA balance (only while S = 0; otherwise it is 0).
/// - **before any change of an account's token balance** (buy, sell, transfer — both sides — off-curve
///   mint or burn, escrow in or out of an order or index if those change the counted balance):
///   `pool.settle(&account, balance: balanceBeforeTheChange)`, then store the account. `balance` counts
///   free and locked tokens (locked tokens earn for their owner). A new holder is settled with balance 0,
///   which sets their checkpoint to the counter: fees paid before they held anything never reach them.
/// - `claim`: `let paid = try pool.claim(&account, balance: balance)` (settles first; throws
///   `nothing_to_claim` when nothing is owed), add `paid` to their PANDA balance.
///
/// ### Precision and dust
/// The counter `perToken` is in base units × 10³⁶ per token (`counterScale`): a credit adds
/// `⌊fee·10³⁶ / S⌋`. A settlement moves `⌊balance·(perToken − checkpoint) / 10³⁶⌋` base units from
/// `pending` into the account's `owed`. `pending` receives every credited fee whole, so it always covers
/// what holders have accrued and not yet settled; the excess is rounding dust (at most about one base
/// unit per settlement, plus S/10³⁶ per credit). Exactly, at every moment:
///
///     Σ owed (all accounts) + claimed + pending = revenue
///
/// and `pending − Σ accrued(unsettled) = dust ≥ 0`. When the supply is 0 every holder has settled, so
/// `pending` is then pure dust; it stays in the pool (counted by the ledger's conservation as dust).
///
/// Per model the ledger stores `perToken` (TEXT, decimal integer), `pending`, `revenue`, `claimed`
/// (TEXT, base units).
public struct DividendPool: Sendable, Equatable {
    /// Counter units per base unit per token.
    public static let counterScale = BigNat.pow10(36)

    /// The cumulative dividend per token, in base units × 10³⁶.
    public var perToken: BigNat
    /// Fees credited to holders and not yet settled into an account's `owed` (includes the dust).
    public var pending: Int128
    /// Every fee credited to holders (the seed's `total_revenue`; owner-bound fees are not counted).
    public var revenue: Int128
    /// Everything holders have claimed.
    public var claimed: Int128

    public static let empty = DividendPool(perToken: .zero, pending: 0, revenue: 0, claimed: 0)

    public init(perToken: BigNat, pending: Int128, revenue: Int128, claimed: Int128) {
        self.perToken = perToken
        self.pending = pending
        self.revenue = revenue
        self.claimed = claimed
    }

    /// From stored text; throws `ledger_corrupt` on anything this library does not write.
    public init(perToken: String, pending: String, revenue: String, claimed: String) throws(PandaError) {
        guard let c = BigNat(decimal: perToken), let p = Amount.units(fromStored: pending), let r = Amount.units(fromStored: revenue),
            let cl = Amount.units(fromStored: claimed), p >= 0, r >= 0, cl >= 0
        else {
            throw PandaError(.ledger_corrupt, "dividend pool per_token='\(perToken)' pending='\(pending)' revenue='\(revenue)' claimed='\(claimed)' is not valid")
        }
        self.init(perToken: c, pending: p, revenue: r, claimed: cl)
    }

    /// The stored forms.
    public var perTokenText: String { perToken.description }
    public var pendingText: String { storedText(pending) }
    public var revenueText: String { storedText(revenue) }
    public var claimedText: String { storedText(claimed) }

    /// Credits a fee of `fee` base units paid while `supply` tokens are outstanding.
    /// Errors: `invalid_amount` (fee ≤ 0, supply < 0), `overflow`.
    public mutating func credit(fee: Int128, supply: Int64) throws(PandaError) -> DividendCredit {
        guard fee > 0 else { throw PandaError(.invalid_amount, "the fee must be greater than 0", field: "fee") }
        guard supply >= 0 else { throw PandaError(.invalid_amount, "supply must not be negative", field: "supply") }
        if supply == 0 { return DividendCredit(toHolders: 0, toOwner: fee) }
        let (p, o1) = pending.addingReportingOverflow(fee)
        let (r, o2) = revenue.addingReportingOverflow(fee)
        guard !o1, !o2 else { throw PandaError(.overflow, "dividend revenue would overflow the ledger's range", field: "fee") }
        perToken += (BigNat(UInt128(fee)) * DividendPool.counterScale) / BigNat(UInt64(supply))
        pending = p
        revenue = r
        return DividendCredit(toHolders: fee, toOwner: 0)
    }

    /// What `account` has accrued since its checkpoint with `balance` tokens (not yet settled), base units.
    public func accrued(_ account: DividendAccount, balance: Int64) -> Int128 {
        guard balance > 0, account.checkpoint < perToken else { return 0 }
        let amount = (BigNat(UInt64(balance)) * (perToken - account.checkpoint)) / DividendPool.counterScale
        // Never more than the pool holds (only a ledger that broke the settle-first rule could ask for more).
        return min(amount.int128 ?? .max, pending)
    }

    /// Moves what `account` accrued with `balance` tokens into its `owed` bucket and moves its checkpoint
    /// to the counter. Call it before every change of the account's balance, with the balance before.
    /// Returns the amount settled.
    @discardableResult
    public mutating func settle(_ account: inout DividendAccount, balance: Int64) -> Int128 {
        let amount = accrued(account, balance: balance)
        account.owed += amount
        pending -= amount
        account.checkpoint = perToken
        return amount
    }

    /// Settles, then pays out everything owed: returns the amount to add to the account's PANDA balance.
    /// Errors: `nothing_to_claim` when nothing is owed (the seed raises too).
    public mutating func claim(_ account: inout DividendAccount, balance: Int64) throws(PandaError) -> Int128 {
        var a = account
        settle(&a, balance: balance)
        guard a.owed > 0 else { throw PandaError(.nothing_to_claim, "no dividends are owed") }
        let paid = a.owed
        a.owed = 0
        claimed += paid
        // Commit the settlement only on success, so a refused claim changes nothing.
        account = a
        return paid
    }
}
