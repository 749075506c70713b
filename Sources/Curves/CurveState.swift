import PandaCore

/// The ratio `v/S` of virtual supply to supply (DESIGN §4), held exactly on a grid of 10⁻³⁶.
///
/// It is 1 while no tokens were minted or burned off the curve, changes only on an off-curve mint or
/// burn (or a sigmoid's M(t) change), and is rounded **down** onto the grid when it changes, so the
/// virtual supply never grows by rounding and the reserve keeps covering `F(v)`. Buys and sells keep it.
/// Stored as decimal text (`"1"`, `"0.8"`, `"0.333333333333333333333333333333333333"`).
public struct VirtualRatio: Sendable, Hashable, CustomStringConvertible {
    /// Decimal places of the grid.
    public static let decimals = 36
    static let gridDenominator = BigNat.pow10(decimals)

    /// `ratio × 10³⁶`.
    public private(set) var scaled: BigNat

    public static let one = VirtualRatio(scaled: gridDenominator)
    public static let zero = VirtualRatio(scaled: .zero)

    init(scaled: BigNat) { self.scaled = scaled }

    /// The largest grid value not above `r`.
    public init(roundingDown r: Ratio) {
        scaled = (r.numerator * VirtualRatio.gridDenominator) / r.denominator
    }

    /// Parses the stored decimal text (non-negative, at most 36 decimals), or nil.
    public init?(text: String) {
        if text == "1" { self = .one; return }
        guard let d = try? ExactDecimal(parsing: text), !d.negative, d.exponent >= -VirtualRatio.decimals,
            d.digits.count + d.exponent <= 40
        else { return nil }
        var n = BigNat()
        for digit in d.digits { n.multiplyAdd(10, UInt64(digit)) }
        scaled = n * BigNat.pow10(d.exponent + VirtualRatio.decimals)
    }

    public var isOne: Bool { scaled == VirtualRatio.gridDenominator }
    public var isZero: Bool { scaled.isZero }

    /// The exact value (`1/1` when it is one, keeping the arithmetic small on the common path).
    public var ratio: Ratio { isOne ? .one : Ratio(scaled, VirtualRatio.gridDenominator) }

    /// Decimal text, trailing zeros trimmed: the stored form.
    public var description: String { isOne ? "1" : Ratio.format(scaled: scaled, digits: VirtualRatio.decimals) }
}

/// What a model's curve holds and the ledger persists, per model:
///
/// | field | type | ledger column (suggested) |
/// |---|---|---|
/// | `supply` | tokens outstanding, `Int64` | INTEGER |
/// | `reserve` | PANDA in base units, `Int128` | TEXT (decimal integer) |
/// | `ratio` | `v/S`, `VirtualRatio` | TEXT (`description`, e.g. `"1"`) |
/// | `multiplier` | M(t), exact decimal ≥ 1 (scales buys and the ask) | TEXT (e.g. `"1.8625"`) |
///
/// `virtualSupply = ratio × supply`. Invariants (checked by `ModelCurve.checkReserve()`):
/// `reserve ≥ F(virtualSupply)` (exactly for quadratic and linear curves, to 1e-9 for the others);
/// `supply == 0 ⇒ reserve == 0 and ratio == 1`; and `ratio == 0` only for supply minted off the curve
/// before anyone bought, with `reserve == 0`.
public struct CurveState: Sendable, Equatable {
    public var supply: Int64
    public var reserve: Int128
    public var ratio: VirtualRatio
    /// M(t) of eq. 4, exact (see `SuccessMetrics`): buys cost M times the base curve, the ask is M × bid.
    public var multiplier: Ratio

    public static let empty = CurveState(supply: 0, reserve: 0, ratio: .one, multiplier: .one)

    public init(supply: Int64, reserve: Int128, ratio: VirtualRatio = .one, multiplier: Ratio = .one) {
        self.supply = supply
        self.reserve = reserve
        self.ratio = ratio
        self.multiplier = multiplier
    }

    /// Rebuilds the state from the ledger's stored columns. Throws `ledger_corrupt` on text that is not
    /// what this library writes (a negative supply or reserve, an unparsable ratio or multiplier).
    public init(supply: Int64, reserve: String, ratio: String, multiplier: String = "1") throws(PandaError) {
        guard supply >= 0, let r = Amount.units(fromStored: reserve), r >= 0, let rho = VirtualRatio(text: ratio) else {
            throw PandaError(.ledger_corrupt, "curve state supply=\(supply) reserve='\(reserve)' ratio='\(ratio)' is not valid")
        }
        let m: Ratio
        if multiplier == "1" {
            m = .one
        } else {
            guard let p = try? parseDecimal(multiplier, field: "multiplier"), !p.negative, p.value >= .one else {
                throw PandaError(.ledger_corrupt, "curve multiplier '\(multiplier)' is not valid")
            }
            m = p.value
        }
        self.init(supply: supply, reserve: r, ratio: rho, multiplier: m)
    }

    /// The reserve as stored (decimal integer of base units).
    public var reserveText: String { storedText(reserve) }
    /// The ratio as stored.
    public var ratioText: String { ratio.description }
    /// The multiplier as stored (exact decimal).
    public var multiplierText: String { multiplier.description }

    /// `v = ratio × supply`, exactly.
    public var virtualSupply: Ratio { ratio.ratio.multiplied(by: BigNat(UInt64(supply))) }

    public static func == (a: CurveState, b: CurveState) -> Bool {
        a.supply == b.supply && a.reserve == b.reserve && a.ratio == b.ratio && a.multiplier == b.multiplier
    }
}
