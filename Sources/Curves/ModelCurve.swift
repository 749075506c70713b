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
    /// The ask (`M·p(v)·v/S`, what a buyer pays at the margin) before and after, base units, rounded down:
    /// the spot `price` of quotes and receipts (DESIGN §8).
    public var priceBefore: Int128
    public var priceAfter: Int128
    /// The bid (`p(v)·v/S`, what a seller is paid at the margin) before and after, base units, rounded down.
    public var bidBefore: Int128
    public var bidAfter: Int128
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

/// How M(t) acts on a curve (DESIGN §4 "How M acts").
public enum MultiplierRule: Sendable, Equatable {
    /// Every family: buying costs `M·[F(v + n·v/S) − F(v)]` on the base curve, all of it into the reserve
    /// (then `v = F⁻¹(R)`); selling pays the base curve; the ask is `M·bid`.
    case buySide
    /// Before schema 10: M scaled the sigmoid's price function and nothing else. Kept so that `audit`
    /// replays a journal written then as it applied.
    case sigmoidPrice
}

/// A point of `table`: a supply, the spot price there, and the reserve the curve holds there.
public struct CurvePoint: Sendable, Equatable {
    public var supply: Int64
    /// The ask there (`M·bid`), base units per token, rounded down.
    public var price: Int128
    /// The bid there (`p(v)·v/S`), base units per token, rounded down.
    public var bid: Int128
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
    /// How M(t) acts: on the buy side of every family (the rule since schema 10), or — for journal
    /// entries applied before it, replayed by `audit` — as a scale of the sigmoid's price only.
    public var rule: MultiplierRule

    public init(curve: Curve, state: CurveState = .empty, rule: MultiplierRule = .buySide) {
        self.curve = curve
        self.state = state
        self.rule = rule
    }

    /// M as it scales the base curve `F` itself: only under the legacy sigmoid rule; 1 otherwise.
    var priceMultiplier: Ratio { rule == .sigmoidPrice ? state.multiplier : .one }

    /// M as it scales what a buyer pays: under the buy-side rule; 1 otherwise.
    var buyMultiplier: Ratio { rule == .buySide ? state.multiplier : .one }

    // MARK: Prices

    /// The spot price per token now, the ask: `M·p(v)·v/S` (DESIGN §4, §8), base units, rounded down;
    /// `M·p(0)` when `S = 0` or `v = 0` (for the quadratic `p(0)` is `1/scale`, as the seed reports).
    /// Exactly `⌊M × bid⌋`, so raising M raises it by exactly the factor.
    public func spotPrice() throws(PandaError) -> Int128 { try ask(bid: try bidPrice()) }

    /// The bid now: `p(v)·v/S`, what selling pays at the margin, base units, rounded down.
    public func bidPrice() throws(PandaError) -> Int128 { try spotPrice(of: state) }

    /// `⌊M × bid⌋` under the buy-side rule; the bid itself under the legacy rule.
    func ask(bid: Int128) throws(PandaError) -> Int128 {
        let m = buyMultiplier
        if m == .one || bid <= 0 { return bid }
        guard let b = BigNat(exactly: bid) else { return bid }
        return try curve.toUnits((Ratio(b) * m).floor)
    }

    /// The bid of a state: `p(v)·v/S` on the base curve (times M under the legacy sigmoid rule).
    func spotPrice(of s: CurveState, pricer: Curve.Pricer? = nil) throws(PandaError) -> Int128 {
        let pm = rule == .sigmoidPrice ? s.multiplier : .one
        if s.supply == 0 || s.ratio.isZero { return try curve.price(at: .zero, multiplier: pm) }
        let p = pricer ?? curve.pricer(ratio: s.ratio, multiplier: pm)
        return try p.spotPrice(supply: s.supply)
    }

    /// The curve trade's price fields from the bids before and after.
    func trade(_ side: TradeSide, _ amount: Int64, value: Int128, bidBefore: Int128, bidAfter: Int128,
               before: CurveState, after: CurveState) throws(PandaError) -> CurveTrade {
        CurveTrade(side: side, amount: amount, value: value, priceBefore: try ask(bid: bidBefore), priceAfter: try ask(bid: bidAfter),
                   bidBefore: bidBefore, bidAfter: bidAfter, before: before, after: after)
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
        let pricer = curve.pricer(ratio: restart ? .one : state.ratio, multiplier: priceMultiplier)
        // Buy-side M (DESIGN §4): the buyer pays M·[F(v + n·v/S) − F(v)], all of it into the reserve.
        let m = buyMultiplier
        let cost = try pricer.value(from: n0, to: n0 + amount, roundingUp: true, times: m)
        let (reserve, o) = state.reserve.addingReportingOverflow(cost)
        guard !o else { throw PandaError(.overflow, "the reserve would overflow the ledger's range", field: "amount") }
        var after = CurveState(supply: s + amount, reserve: reserve, ratio: state.ratio, multiplier: state.multiplier)
        if s == 0 {
            after.ratio = .one
        } else if state.ratio.isZero {
            // The unbacked supply shares the newly backed virtual supply from now on.
            after.ratio = VirtualRatio(roundingDown: Ratio(BigNat(UInt64(amount)), BigNat(UInt64(s + amount))))
        }
        if m != .one {
            // The premium raised the reserve past F(v + n·v/S): the virtual supply is what it now pays
            // for, v = F⁻¹(R), never below what the base cost alone would leave.
            var next = ModelCurve(curve: curve, state: after, rule: rule)
            try next.rederiveVirtualSupply(floor: after.ratio)
            after = next.state
        }
        let bidBefore = try spotPrice(of: state, pricer: restart ? nil : pricer)
        let bidAfter = try spotPrice(of: after, pricer: after.ratio == pricer.ratio ? pricer : nil)
        return try trade(.buy, amount, value: cost, bidBefore: bidBefore, bidAfter: bidAfter, before: state, after: after)
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
        let pricer = curve.pricer(ratio: state.ratio, multiplier: priceMultiplier)
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
        let bidBefore = try spotPrice(of: state, pricer: pricer)
        let bidAfter = try spotPrice(of: after, pricer: after.ratio == pricer.ratio ? pricer : nil)
        return try trade(.sell, amount, value: payout, bidBefore: bidBefore, bidAfter: bidAfter, before: state, after: after)
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

    /// Sets M(t) (from `SuccessMetrics.multiplier`). Under the buy-side rule it only scales later buys and
    /// the ask: the base curve, the reserve and `v` stay. Under the legacy rule (journal entries before
    /// schema 10) the sigmoid's price function was rescaled and `v = F_M⁻¹(F_old(v))` re-derived.
    /// Errors: `invalid_request` when M < 1.
    public mutating func setMultiplier(_ m: Ratio) throws(PandaError) {
        guard m >= .one else { throw PandaError(.invalid_request, "the success multiplier must be at least 1", field: "multiplier") }
        defer { state.multiplier = m }
        guard rule == .sigmoidPrice, curve.kind == .sigmoid, state.supply > 0, !state.ratio.isZero, m != state.multiplier else { return }
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
            let reserve = try curve.reserve(at: at.virtualSupply, multiplier: priceMultiplier)
            let bid = try spotPrice(of: at)
            points.append(CurvePoint(supply: s, price: try ask(bid: bid), bid: bid, reserve: reserve))
        }
        return points
    }

    /// Checks `R ≥ F(v)`: exactly for quadratic and linear curves, to a relative 1e-9 for the others;
    /// and that an empty curve holds nothing.
    public func checkReserve() -> ReserveCheck {
        let v = state.virtualSupply
        let required: Int128
        let (exact, approximate) = curve.integral(at: v, multiplier: priceMultiplier)
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
