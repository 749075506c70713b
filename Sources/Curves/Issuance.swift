import PandaCore

/// What a model's issuance cap looks at over its rolling window (DESIGN §4 "Issuance cap"), as the
/// ledger counts it. All figures are tokens; "in the window" means stamped after the window's start.
public struct EmissionWindow: Sendable, Equatable {
    /// Circulating supply now (unreleased grants excluded).
    public var supply: Int64
    /// Tokens added to the supply off the curve in the window after the model's first curve trade
    /// (rewards, releases of grants; not grants themselves, which are promises).
    public var mintedSinceTrading: Int64
    /// Tokens sold to the curve in the window.
    public var sold: Int64
    /// Tokens burned off the curve in the window (access burns).
    public var burned: Int64
    /// The issuance the cap counts in the window: improvement and block rewards, treasury mints and the
    /// full amount of every grant created after the model's first curve trade.
    public var counted: Int64

    public init(supply: Int64, mintedSinceTrading: Int64, sold: Int64, burned: Int64, counted: Int64) {
        self.supply = supply
        self.mintedSinceTrading = mintedSinceTrading
        self.sold = sold
        self.burned = burned
        self.counted = counted
    }

    /// The supply the cap measures: the supply at the window's start plus what buyers added since.
    /// Computed backwards from now as `S + burned − max(0, minted − sold)`: sales are taken first from
    /// the tokens issued in the window (selling issued tokens neither raises nor lowers the base), the
    /// rest from bought ones, so a buy sold back (a wash trade) adds nothing.
    public var base: Int64 {
        max(0, supply + burned - max(0, mintedSinceTrading - sold))
    }
}

/// The issuance cap: at most `bps` / 10,000 of the measured supply per rolling `window`.
public struct EmissionCap: Sendable, Equatable {
    /// The default cap: 10% per 365 days.
    public static let defaultBps: Int64 = 1_000
    public static let window = TimeSpan(milliseconds: 365 * 86_400_000)

    public var bps: Int64

    public init(bps: Int64 = EmissionCap.defaultBps) { self.bps = bps }

    /// Parses `"10%"`, `"0.1"` or `"1000bps"`-free forms: a percentage or a fraction in [0, 1], to whole bps
    /// (rounded down, in the holders' favour). Errors: `invalid_request`.
    public init(parsing text: String) throws(PandaError) {
        let isPercent = text.hasSuffix("%")
        let body = isPercent ? String(text.dropLast()) : text
        guard let d = try? ExactDecimal(parsing: body), !d.negative, let units = try? d.scaled(to: 18) else {
            throw PandaError(.invalid_request, "'max_emission' must be a percentage such as 10% or a fraction such as 0.1, got \(text)", field: "max_emission")
        }
        let bps = isPercent ? units * 100 / Amount.one : units * 10_000 / Amount.one
        guard bps <= 10_000 else {
            throw PandaError(.invalid_request, "'max_emission' must be at most 100% per 365 days, got \(text)", field: "max_emission")
        }
        self.bps = Int64(bps)
    }

    /// `bps` as a percentage text, e.g. `"10%"`, `"2.5%"`.
    public var text: String {
        let whole = bps / 100, frac = bps % 100
        if frac == 0 { return "\(whole)%" }
        return frac % 10 == 0 ? "\(whole).\(frac / 10)%" : "\(whole).\(frac < 10 ? "0" : "")\(frac)%"
    }

    /// What the cap still allows in this window (never negative): `bps/10,000 × base − counted`, rounded down.
    public func left(_ w: EmissionWindow) -> Int64 {
        let allowed = Int64(Int128(w.base) * Int128(bps) / 10_000)
        return max(0, allowed - w.counted)
    }

    /// Throws `emission_cap` when issuing `amount` more would pass the cap.
    public func check(_ w: EmissionWindow, issuing amount: Int64, what: String) throws(PandaError) {
        let left = left(w)
        guard amount <= left else {
            throw PandaError(.emission_cap, "\(what) of \(amount) would pass the issuance cap of \(text) per 365 days: \(w.counted) issued in the window, \(left) left of \(Int64(Int128(w.base) * Int128(bps) / 10_000)) (measured supply \(w.base))")
        }
    }
}

/// Improvement rewards (DESIGN §4): by default a share of circulating supply, `S × bps / 10,000 × 0.1`
/// tokens, at most 2% of S per event; an owner's `reward_per_bps` (tokens per bps) and `max_reward`
/// replace either figure. Rounded down (fewer tokens dilute less).
public enum ImprovementReward {
    /// The default share: 0.1 × bps / 10,000 of the supply, i.e. supply × bps / 100,000.
    public static let shareDivisor: Int64 = 100_000
    /// The default most per event: 2% of the supply.
    public static let maxShareBps: Int64 = 200

    /// The reward in tokens, and whether the maximum cut it.
    public static func tokens(supply: Int64, bps: Int64, rewardPerBps: Int64?, maxReward: Int64?) -> (reward: Int64, capped: Bool) {
        let raw: Int128 = rewardPerBps.map { Int128(bps) * Int128($0) } ?? Int128(supply) * Int128(bps) / Int128(shareDivisor)
        let most: Int128 = maxReward.map { Int128($0) } ?? Int128(supply) * Int128(maxShareBps) / 10_000
        return (Int64(min(raw, most)), raw > most)
    }
}

extension ModelCurve {
    /// Refuses a buy while tokens are out and the reserve holds nothing (`unbacked_supply`): the buyer
    /// would pay the curve's cost from zero for tokens whose backing the unbacked holders could take at once.
    public func checkBacked() throws(PandaError) {
        if state.supply > 0 && (state.reserve == 0 || state.ratio.isZero) {
            throw PandaError(.unbacked_supply, "\(state.supply) tokens are out and the reserve is empty: buying is refused until the owner seeds the reserve ('pandactl-curve seed')")
        }
    }

    /// Puts `amount` base units into the reserve without issuing tokens (the owner's `seed`): the virtual
    /// supply becomes the largest on the ratio grid that the new reserve pays for (`v = F⁻¹(R)`, rounded
    /// down, never below what it was), so every holder's tokens gain backing and the curve stays solvent.
    /// Errors: `invalid_amount` (≤ 0), `invalid_request` (no supply to back), `overflow`.
    public mutating func seed(_ amount: Int128) throws(PandaError) {
        guard amount > 0 else { throw PandaError(.invalid_amount, "the seed must be above 0 PANDA", field: "amount") }
        guard state.supply > 0 else {
            throw PandaError(.invalid_request, "no tokens are out: there is nothing to back (buy instead)", field: "symbol")
        }
        let (reserve, o) = state.reserve.addingReportingOverflow(amount)
        guard !o else { throw PandaError(.overflow, "the reserve would overflow the ledger's range", field: "amount") }
        state.reserve = reserve
        // The search seeds have used since schema 7, unchanged: ledgers replay their seeds with it.
        try rederiveVirtualSupply(floor: state.ratio.isZero ? nil : state.ratio, exactSearch: true)
    }

    /// Sets `ratio` to the largest on the grid whose virtual supply the reserve pays for (`v = F⁻¹(R)`,
    /// rounded down), never below `floor` (a ratio the reserve is known to cover). Used after a seed and
    /// after a buy at M > 1, whose premium enters the reserve. Errors: `internal_error` when no ratio keeps
    /// the reserve check (not reachable with a valid `floor`). `exactSearch` evaluates a polynomial `F`
    /// exactly at each step of the search (as seeds always have) rather than in Double; the result of
    /// either is confirmed exactly, and the journal's replay must use the same one as the entry did.
    mutating func rederiveVirtualSupply(floor: VirtualRatio?, exactSearch: Bool = false) throws(PandaError) {
        let fallback = floor ?? state.ratio
        let target = Double(state.reserve)
        let pm = priceMultiplier
        // Bisection in Double for F(x) ≤ R, then a step down until the exact check holds.
        func f(_ x: Double) -> Double {
            exactSearch ? curve.integral(at: Ratio(exactly: x) ?? .zero, multiplier: pm).approximate : curve.integralDouble(x, multiplier: pm)
        }
        var hi = 1.0
        while f(hi) <= target && hi < 1e30 { hi *= 2 }
        var lo = 0.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid <= lo || mid >= hi { break }
            if f(mid) <= target { lo = mid } else { hi = mid }
        }
        let cap = curve.maxSupply.map { Double($0) } ?? .infinity
        var v = min(lo, cap) * (1 - 1e-9)
        for _ in 0..<60 {
            guard let exact = Ratio(exactly: v) else { break }
            let ratio = VirtualRatio(roundingDown: exact / Ratio(BigNat(UInt64(state.supply))))
            state.ratio = floor.map { ratio > $0 ? ratio : $0 } ?? ratio
            if checkReserve().ok { return }
            v *= 0.999
        }
        state.ratio = fallback
        guard checkReserve().ok else { throw PandaError(.internal_error, "re-deriving the virtual supply could not keep the reserve check") }
    }

    /// The worst loss a holder's tokens can suffer from issuing `amount` tokens now, as the cap allows it:
    /// minted in `pieces` small pieces, each sold back to the curve at once. Returns
    /// `1 − bid_after / bid_before` per token, as a fraction in base units (1e18 = 100%), rounded up.
    public func worstCaseDilution(issuing amount: Int64, pieces: Int = 100) -> Int128 {
        guard amount > 0, state.supply > 0, !state.ratio.isZero, let before = try? spotPrice(), before > 0 else { return 0 }
        var c = self
        var left = amount
        let step = max(1, amount / Int64(max(1, pieces)))
        while left > 0 {
            let n = min(step, left)
            do {
                try c.mintOffCurve(n)
                try c.sell(n)
            } catch { break }
            left -= n
        }
        guard let after = try? c.spotPrice() else { return Amount.one }
        // A reported figure: the ratio in Double (prices in base units can pass 10^20), rounded up to 1e-18.
        let lost = 1 - Double(after) / Double(before)
        return lost <= 0 ? 0 : min(Amount.one, Int128((lost * 1e18).rounded(.up)))
    }
}

extension VirtualRatio: Comparable {
    public static func < (a: VirtualRatio, b: VirtualRatio) -> Bool { a.scaled < b.scaled }
}
