import PandaCore

/// The success metrics of paper eq. 4 and their multiplier `M(t) = 1 + Σ wᵢ·mᵢ(t)` (DESIGN §4).
///
/// Each metric is clamped to its range — accuracy [0.7, 1], adoption [0, 1], improvement [0.8, 1],
/// growth [0, 1] — and a metric that was never set contributes nothing (so no metrics → M = 1).
/// Weights default to 0.25 each. Everything is exact decimal arithmetic, so M is an exact decimal
/// (`"1.8625"`) that the ledger stores as text in `CurveState.multiplier`. M scales the buy side of every
/// curve family (`ModelCurve`, DESIGN §4 "How M acts"): a buy costs M times the base curve, the ask is
/// M × bid, selling pays the base curve.
public struct SuccessMetrics: Sendable, Equatable {
    public enum Metric: String, Sendable, CaseIterable {
        case accuracy, adoption, improvement, growth

        /// The metric's range (eq. 4's bounds, DESIGN §4).
        public var range: ClosedRange<Double> {
            switch self {
            case .accuracy: 0.7...1
            case .adoption: 0...1
            case .improvement: 0.8...1
            case .growth: 0...1
            }
        }

        var lower: Ratio {
            switch self {
            case .accuracy: Ratio(7, 10)
            case .improvement: Ratio(8, 10)
            case .adoption, .growth: .zero
            }
        }
    }

    /// The clamped values of the metrics that were set.
    public private(set) var values: [Metric: Ratio] = [:]
    /// The weight of each metric (0.25 unless given).
    public private(set) var weights: [Metric: Ratio]

    public static let defaultWeight = Ratio(1, 4)

    /// Metrics and weights as decimal text (fractions: accuracy `"0.87"`, not 87 — see
    /// `accuracyFraction(percent:)`). Values outside a metric's range are clamped into it, not refused.
    /// `weights` maps metric names to non-negative decimals. Errors: `invalid_request` (not a decimal, a
    /// negative weight), `unknown_field` (a weight for an unknown metric).
    public init(accuracy: String? = nil, adoption: String? = nil, improvement: String? = nil, growth: String? = nil,
                weights: [String: String] = [:]) throws(PandaError) {
        var w: [Metric: Ratio] = [:]
        for m in Metric.allCases { w[m] = SuccessMetrics.defaultWeight }
        for (name, text) in weights.sorted(by: { $0.key < $1.key }) {
            guard let m = Metric(rawValue: name) else {
                throw PandaError(.unknown_field, "no success metric '\(name)' (accuracy, adoption, improvement, growth)", field: name)
            }
            let p = try parseDecimal(text, field: "weights.\(name)")
            if p.negative { throw PandaError(.invalid_request, "weight of \(name) must not be negative", field: "weights") }
            w[m] = p.value
        }
        self.weights = w
        for (m, text) in [(Metric.accuracy, accuracy), (.adoption, adoption), (.improvement, improvement), (.growth, growth)] {
            if let text { try set(m, text) }
        }
    }

    /// Sets one metric from decimal text, clamped to its range.
    public mutating func set(_ metric: Metric, _ text: String) throws(PandaError) {
        let p = try parseDecimal(text, field: metric.rawValue)
        values[metric] = SuccessMetrics.clamp(p, metric)
    }

    static func clamp(_ p: DecimalParameter, _ metric: Metric) -> Ratio {
        if p.negative || p.value < metric.lower { return metric.lower }
        if p.value > .one { return .one }
        return p.value
    }

    /// The clamped value of a metric as decimal text, or nil when it was not set.
    public func text(of metric: Metric) -> String? { values[metric]?.description }

    /// `M = 1 + Σ wᵢ·mᵢ` over the metrics that are set, exactly.
    public var multiplier: Ratio {
        var m = Ratio.one
        for metric in Metric.allCases {
            if let v = values[metric], let w = weights[metric] { m = m + w * v }
        }
        return m.reduced()
    }

    /// M as exact decimal text (`"1"`, `"1.8625"`): `CurveState.multiplier`'s stored form and the
    /// `multiplier` field of the `metrics` receipt.
    public var multiplierText: String { multiplier.description }

    /// The accuracy metric from a `trained` record's accuracy in percent (the seed's `round(r2·100, 2)`):
    /// `"87.5"` → `"0.875"`. Errors: `invalid_request` when it is not a decimal.
    public static func accuracyFraction(percent text: String) throws(PandaError) -> String {
        let p = try parseDecimal(text, field: "accuracy")
        let v = p.value / Ratio(100)
        return (p.negative && !v.isZero ? "-" : "") + v.description
    }
}

extension Ratio {
    /// A small fraction `n/d`.
    public init(_ n: UInt64, _ d: UInt64) { self.init(BigNat(n), BigNat(d)) }
}
