import PandaCore

/// One side of a curve trade.
public enum TradeSide: String, Sendable {
    case buy, sell
}

/// A priced curve trade: what the ledger charges or pays, the spot prices around it, and the state after.
/// Nothing is applied until the caller stores `after` (or calls `ModelCurve.apply`).
public struct CurveTrade: Sendable, Equatable {
    public var side: TradeSide
    /// Tokens bought or sold.
    public var amount: Int64
    /// Base units: the cost of a buy (rounded up) or the payout of a sell (rounded down; exactly the
    /// reserve when the whole supply is sold).
    public var value: Int128
    /// Spot price per token (`p(v)·v/S`) before and after, base units, rounded down.
    public var priceBefore: Int128
    public var priceAfter: Int128
    public var before: CurveState
    public var after: CurveState

    /// `value ÷ amount`, rounded down (the receipt's `avg_price`).
    public var averagePrice: Int128 { value / Int128(amount) }

    /// The buy's `max_cost` / the sell's `min_payout` guard: throws `slippage` when it fails.
    public func check(limit: Int128?) throws(PandaError) {
        guard let limit else { return }
        switch side {
        case .buy where value > limit:
            throw PandaError(.slippage, "cost \(Amount(units: value)) is above max_cost \(Amount(units: limit))", field: "max_cost")
        case .sell where value < limit:
            throw PandaError(.slippage, "payout \(Amount(units: value)) is below min_payout \(Amount(units: limit))", field: "min_payout")
        default: return
        }
    }
}

/// A point of `table`: a supply, the spot price there, and the reserve the curve holds there.
public struct CurvePoint: Sendable, Equatable {
    public var supply: Int64
    /// Base units per token, rounded down.
    public var price: Int128
    /// `F(ratio × supply)` in base units, rounded up.
    public var reserve: Int128
}

/// The result of checking a curve's reserve against its virtual supply (audit: `R = F(v)` within rounding).
public struct ReserveCheck: Sendable, Equatable {
    /// `F(v)` rounded up (exact families) or `F(v)·(1 − 1e-9)` rounded down (exponential, sigmoid).
    public var required: Int128
    /// `reserve − required`: the rounding dust trades left in the reserve (never negative when `ok`).
    public var surplus: Int128
    public var ok: Bool
}

/// A model token's bonding curve with its state: quotes, trades, off-curve mints and burns, prices,
/// tables. A value type; every method is pure except the `mutating` ones, which change only `state`.
///
/// ### The virtual-supply rule (DESIGN §4)
/// With `v = ratio × supply` the supply the reserve pays for, buying `n` costs `F(v + n·v/S) − F(v)`
/// and selling `n` pays `F(v) − F(v − n·v/S)` (`v/S := 1` when `S = 0`). `ratio` is kept in the state
/// rather than recomputed as `F⁻¹(R)/S`: the reserve holds the rounding dust of every trade (costs are
/// rounded up, payouts down), and `F⁻¹` of a dusty reserve would make `v/S` slightly above 1 and every
/// later cost drift from the seed's formula (by far more than a base unit for a large buy at a small
/// supply). So with no off-curve change `ratio` stays exactly 1 and every cost and payout is the seed's
/// `[(s+n)³ − s³]/(3·scale)` / `[s³ − (s−n)³]/(3·scale)` rounded once against the user.
///
/// ### Rounding
/// A cost is rounded up and a payout down, to the base unit, once per trade: exactly for quadratic and
/// linear curves; from Double with a relative margin of `Curve.doubleMargin` for the others. The dust
/// stays in the reserve (so `Σ costs − Σ payouts = reserve` exactly), and **selling the whole supply
/// pays exactly the reserve**, dust included, and resets the curve (`ratio = 1`).
///
/// ### Off-curve mints and burns
/// `mintOffCurve` / `burnOffCurve` change the supply and keep the reserve and `v`: `ratio` becomes
/// `v/S'` rounded down, so the price per token `p(v)·v/S` falls after a mint and rises after a burn.
/// Supply minted while `S = 0` is unbacked (`ratio = 0`, `v = 0`); the next buy then starts from the
/// curve's origin (`v/S := 1` for that buy, as when `S = 0`) and sets `ratio = v/S` afterwards.
public struct ModelCurve: Sendable {
    public let curve: Curve
    public var state: CurveState

    public init(curve: Curve, state: CurveState = .empty) {
        self.curve = curve
        self.state = state
    }

    // MARK: Prices

    /// The spot price per token now: `p(v)·v/S`, base units, rounded down; `p(0)` when `S = 0` or `v = 0`
    /// (for the quadratic `1/scale`, as the seed reports).
    public func spotPrice() throws(PandaError) -> Int128 { try spotPrice(of: state) }

    func spotPrice(of s: CurveState, pricer: Curve.Pricer? = nil) throws(PandaError) -> Int128 {
        if s.supply == 0 || s.ratio.isZero { return try curve.price(at: .zero, multiplier: s.multiplier) }
        let p = pricer ?? curve.pricer(ratio: s.ratio, multiplier: s.multiplier)
        return try p.spotPrice(supply: s.supply)
    }

    // MARK: Quotes

    /// Prices buying `amount` tokens now, without applying it.
    /// Errors: `invalid_amount` (amount ≤ 0), `max_supply`, `overflow`.
    public func quoteBuy(_ amount: Int64) throws(PandaError) -> CurveTrade {
        guard amount > 0 else { throw PandaError(.invalid_amount, "amount must be a whole number of tokens ≥ 1", field: "amount") }
        let s = state.supply
        guard s <= Int64.max - amount else { throw PandaError(.overflow, "supply would overflow", field: "amount") }
        if let m = curve.maxSupply, s + amount > m {
            throw PandaError(.max_supply, "buying \(amount) would take the supply to \(s + amount), past max_supply \(m)", field: "amount")
        }
        // v/S := 1 when S = 0, and when the supply is unbacked (minted off the curve before any buy).
        let restart = s == 0 || state.ratio.isZero
        let n0 = restart ? 0 : s
        let pricer = curve.pricer(ratio: restart ? .one : state.ratio, multiplier: state.multiplier)
        let cost = try pricer.value(from: n0, to: n0 + amount, roundingUp: true)
        let (reserve, o) = state.reserve.addingReportingOverflow(cost)
        guard !o else { throw PandaError(.overflow, "the reserve would overflow the ledger's range", field: "amount") }
        var after = CurveState(supply: s + amount, reserve: reserve, ratio: state.ratio, multiplier: state.multiplier)
        if s == 0 {
            after.ratio = .one
        } else if state.ratio.isZero {
            // The unbacked supply shares the newly backed virtual supply from now on.
            after.ratio = VirtualRatio(roundingDown: Ratio(BigNat(UInt64(amount)), BigNat(UInt64(s + amount))))
        }
        return CurveTrade(side: .buy, amount: amount, value: cost, priceBefore: try spotPrice(of: state, pricer: restart ? nil : pricer),
                          priceAfter: try spotPrice(of: after, pricer: after.ratio == pricer.ratio ? pricer : nil),
                          before: state, after: after)
    }

    /// Prices selling `amount` tokens back to the curve now, without applying it.
    /// Errors: `invalid_amount` (amount ≤ 0), `insufficient_tokens` (more than the supply).
    public func quoteSell(_ amount: Int64) throws(PandaError) -> CurveTrade {
        guard amount > 0 else { throw PandaError(.invalid_amount, "amount must be a whole number of tokens ≥ 1", field: "amount") }
        let s = state.supply
        guard amount <= s else {
            throw PandaError(.insufficient_tokens, "cannot sell \(amount): only \(s) outstanding", field: "amount")
        }
        var after: CurveState
        let payout: Int128
        let pricer = curve.pricer(ratio: state.ratio, multiplier: state.multiplier)
        if amount == s {
            // The whole supply takes the whole reserve, rounding dust included; the curve starts afresh.
            payout = state.reserve
            after = CurveState(supply: 0, reserve: 0, ratio: .one, multiplier: state.multiplier)
        } else {
            var p: Int128 = 0
            if !state.ratio.isZero {
                p = try pricer.value(from: s - amount, to: s, roundingUp: false)
            }
            p = min(p, state.reserve)  // never more than is held (only reachable through Double error)
            payout = p
            after = CurveState(supply: s - amount, reserve: state.reserve - p, ratio: state.ratio, multiplier: state.multiplier)
        }
        return CurveTrade(side: .sell, amount: amount, value: payout, priceBefore: try spotPrice(of: state, pricer: pricer),
                          priceAfter: try spotPrice(of: after, pricer: after.ratio == pricer.ratio ? pricer : nil),
                          before: state, after: after)
    }

    /// Applies a trade quoted on this state (its `before` must be the current state).
    public mutating func apply(_ trade: CurveTrade) {
        precondition(trade.before == state, "applying a trade quoted on another state")
        state = trade.after
    }

    /// Quotes, checks `max_cost`, applies. Errors: those of `quoteBuy`, and `slippage`.
    @discardableResult
    public mutating func buy(_ amount: Int64, maxCost: Int128? = nil) throws(PandaError) -> CurveTrade {
        let t = try quoteBuy(amount)
        try t.check(limit: maxCost)
        state = t.after
        return t
    }

    /// Quotes, checks `min_payout`, applies. Errors: those of `quoteSell`, and `slippage`.
    @discardableResult
    public mutating func sell(_ amount: Int64, minPayout: Int128? = nil) throws(PandaError) -> CurveTrade {
        let t = try quoteSell(amount)
        try t.check(limit: minPayout)
        state = t.after
        return t
    }

    /// The most whole tokens one buy can take for at most `budget` base units: 0 when not even one
    /// token is that cheap (or buying is refused, e.g. at `max_supply`). A search over `quoteBuy`.
    public func mostTokens(costingAtMost budget: Int128) throws(PandaError) -> Int64 {
        guard budget > 0 else { return 0 }
        func fits(_ n: Int64) -> Bool { ((try? quoteBuy(n))?.value).map { $0 <= budget } ?? false }
        var lo: Int64 = 0, hi: Int64 = 1
        while fits(hi) {
            lo = hi
            guard hi <= Int64.max / 2 else { return lo }
            hi *= 2
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if fits(mid) { lo = mid } else { hi = mid }
        }
        return lo
    }

    // MARK: Off-curve supply changes

    /// Tokens created off the curve (improvement rewards, initial supply, block rewards): the supply
    /// grows, the reserve and `v` stay, `ratio` becomes `v/(S + n)` rounded down — every holder is diluted.
    /// Errors: `invalid_amount`, `max_supply`, `overflow`.
    public mutating func mintOffCurve(_ amount: Int64) throws(PandaError) {
        guard amount > 0 else { throw PandaError(.invalid_amount, "amount must be a whole number of tokens ≥ 1", field: "amount") }
        let s = state.supply
        guard s <= Int64.max - amount else { throw PandaError(.overflow, "supply would overflow", field: "amount") }
        if let m = curve.maxSupply, s + amount > m {
            throw PandaError(.max_supply, "minting \(amount) would take the supply to \(s + amount), past max_supply \(m)", field: "amount")
        }
        if s == 0 {
            state.ratio = .zero  // nothing backs these tokens (v = 0)
        } else if !state.ratio.isZero {
            state.ratio = VirtualRatio(roundingDown: state.ratio.ratio * Ratio(BigNat(UInt64(s)), BigNat(UInt64(s + amount))))
        }
        state.supply = s + amount
    }

    /// Tokens destroyed off the curve (access burns): the supply shrinks, the reserve and `v` stay,
    /// `ratio` becomes `v/(S − n)` rounded down — every remaining holder's share grows.
    /// Errors: `invalid_amount`; `insufficient_tokens` for more than the supply, or for the whole supply
    /// while the reserve holds anything (no token would be left to redeem it; sell it instead).
    public mutating func burnOffCurve(_ amount: Int64) throws(PandaError) {
        guard amount > 0 else { throw PandaError(.invalid_amount, "amount must be a whole number of tokens ≥ 1", field: "amount") }
        let s = state.supply
        guard amount <= s else {
            throw PandaError(.insufficient_tokens, "cannot burn \(amount): only \(s) outstanding", field: "amount")
        }
        if amount == s {
            guard state.reserve == 0 else {
                throw PandaError(.insufficient_tokens, "burning the whole supply would strand the reserve of \(Amount(units: state.reserve)) PANDA; sell instead",
                                 field: "amount")
            }
            state = CurveState(supply: 0, reserve: 0, ratio: .one, multiplier: state.multiplier)
            return
        }
        if !state.ratio.isZero {
            state.ratio = VirtualRatio(roundingDown: state.ratio.ratio * Ratio(BigNat(UInt64(s)), BigNat(UInt64(s - amount))))
        }
        state.supply = s - amount
    }

    // MARK: Success multiplier

    /// Sets M(t) (from `SuccessMetrics.multiplier`). For the sigmoid it rescales the price function, and
    /// the virtual supply is re-derived as `v = F_M⁻¹(F_old(v))` (rounded down) so that the reserve still
    /// backs the whole supply — DESIGN §4's `v = F⁻¹(R)`. Other families only record it.
    /// Errors: `invalid_request` when M < 1.
    public mutating func setMultiplier(_ m: Ratio) throws(PandaError) {
        guard m >= .one else { throw PandaError(.invalid_request, "the success multiplier must be at least 1", field: "multiplier") }
        defer { state.multiplier = m }
        guard curve.kind == .sigmoid, state.supply > 0, !state.ratio.isZero, m != state.multiplier else { return }
        let target = curve.integral(at: state.virtualSupply, multiplier: state.multiplier).approximate * (1 - Curve.doubleMargin)
        let vNew = curve.inverseDouble(target: target, multiplier: m.double)
        guard let exact = Ratio(exactly: vNew) else { return }
        state.ratio = VirtualRatio(roundingDown: exact / Ratio(BigNat(UInt64(state.supply))))
    }

    // MARK: Table and audit

    /// `steps + 1` points from supply `from` to `to` (inclusive, evenly spaced, rounded down to whole
    /// tokens), each with the spot price and reserve at that supply under the current `ratio` (1 for a
    /// fresh curve). Errors: `invalid_request` (from < 0, to < from, steps outside 1…10000), `max_supply`.
    public func table(from: Int64, to: Int64, steps: Int) throws(PandaError) -> [CurvePoint] {
        guard from >= 0 else { throw PandaError(.invalid_request, "from must be ≥ 0", field: "from") }
        guard to >= from else { throw PandaError(.invalid_request, "to must be ≥ from", field: "to") }
        guard steps >= 1, steps <= 10_000 else { throw PandaError(.invalid_request, "steps must be between 1 and 10000", field: "steps") }
        if let m = curve.maxSupply, to > m {
            throw PandaError(.max_supply, "to \(to) is past max_supply \(m)", field: "to")
        }
        let ratio = state.ratio.isZero ? VirtualRatio.one : state.ratio
        var points: [CurvePoint] = []
        points.reserveCapacity(steps + 1)
        let span = Int128(to - from)
        for i in 0...steps {
            let s = from + Int64(span * Int128(i) / Int128(steps))
            let at = CurveState(supply: s, reserve: 0, ratio: s == 0 ? .one : ratio, multiplier: state.multiplier)
            let reserve = try curve.reserve(at: at.virtualSupply, multiplier: state.multiplier)
            points.append(CurvePoint(supply: s, price: try spotPrice(of: at), reserve: reserve))
        }
        return points
    }

    /// Checks `R ≥ F(v)`: exactly for quadratic and linear curves, to a relative 1e-9 for the others;
    /// and that an empty curve holds nothing.
    public func checkReserve() -> ReserveCheck {
        let v = state.virtualSupply
        let required: Int128
        let (exact, approximate) = curve.integral(at: v, multiplier: state.multiplier)
        if let exact {
            required = exact.ceiling.int128 ?? .max
        } else {
            let t = approximate * (1 - 1e-9)
            required = t.isFinite && t < 1.7e38 ? Int128(t.rounded(.down)) : .max
        }
        let surplus = state.reserve.subtractingReportingOverflow(required).partialValue
        let emptyOK = state.supply > 0 || state.reserve == 0
        return ReserveCheck(required: required, surplus: surplus, ok: state.reserve >= required && emptyOK)
    }
}
