// The deterministic holdout rule.

/// Which rows are held out for evaluation.
///
/// Row `i` (0-based, in the order rows are added) is held out when
/// `Double(splitmix64(i) >> 11) · 2⁻⁵³ < fraction`, where `splitmix64` is the SplitMix64 output
/// function applied to `i`:
///
///     z = i &+ 0x9E3779B97F4A7C15
///     z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
///     splitmix64(i) = z ^ (z >> 31)
///
/// So every run holds out the same rows, each row independently of the others, and the held-out
/// share tends to `fraction`. Fraction 0 holds out nothing (metrics are then computed on the
/// training rows, as the seed does).
public struct Holdout: Sendable, Equatable {
    public let fraction: Double
    /// `fraction · 2⁵³`, compared with the top 53 bits of the hash.
    private let threshold: Double

    /// `fraction` must be in [0, 1).
    public init(fraction: Double) throws(LearningError) {
        guard fraction.isFinite, fraction >= 0, fraction < 1 else {
            throw LearningError.invalidOption("holdout must be at least 0 and below 1, got \(fraction)")
        }
        self.fraction = fraction
        threshold = fraction * 0x1p53
    }

    /// Whether row `index` (0-based) is held out.
    @inline(__always)
    public func isHeldOut(_ index: Int) -> Bool {
        guard fraction > 0 else { return false }
        return Double(Holdout.splitmix64(UInt64(truncatingIfNeeded: index)) >> 11) < threshold
    }

    /// The SplitMix64 output function of `x` (see the type's documentation).
    @inline(__always)
    public static func splitmix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
