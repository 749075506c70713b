// A fitted model, its predictions and its canonical text encoding.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore

/// The model families `pandactl-train --algo` offers.
public enum Algorithm: String, Sendable, CaseIterable, Equatable {
    /// Ordinary least squares with an intercept (scikit-learn `LinearRegression`).
    case linear
    /// Least squares with an L2 penalty on the coefficients, not on the intercept, features not
    /// scaled (scikit-learn `Ridge(alpha)`).
    case ridge
    /// Binary logistic regression, labels 0/1, L2 penalty ½‖w‖² with C = 1, intercept not
    /// penalised (scikit-learn `LogisticRegression()`).
    case logistic
}

/// One prediction: the value (linear, ridge) or the class 0/1 (logistic) with P(label = 1).
public struct Prediction: Sendable, Equatable {
    /// The predicted value, or for logistic the class: 1 when the decision value b + w·x is > 0
    /// (as scikit-learn's `predict`), else 0.
    public var value: Double
    /// Logistic only: the probability that the label is 1.
    public var probability: Double?

    public init(value: Double, probability: Double? = nil) {
        self.value = value
        self.probability = probability
    }
}

/// A fitted model: prediction = intercept + coefficients · features (through the logistic
/// function for `logistic`).
public struct FittedModel: Sendable, Equatable {
    public var algorithm: Algorithm
    public var intercept: Double
    public var coefficients: [Double]
    /// The ridge penalty (ridge only; nil otherwise).
    public var alpha: Double?

    /// The number of features a row must have.
    public var featureCount: Int { coefficients.count }

    public init(algorithm: Algorithm, intercept: Double, coefficients: [Double], alpha: Double? = nil) {
        self.algorithm = algorithm
        self.intercept = intercept
        self.coefficients = coefficients
        self.alpha = algorithm == .ridge ? alpha : nil
    }

    /// The decision value intercept + coefficients·features; the dot product is summed first, in
    /// order, then the intercept added (as scikit-learn's `X @ coef_ + intercept_`).
    @inline(__always)
    public func decisionValue(_ features: UnsafeBufferPointer<Double>) -> Double {
        precondition(features.count == coefficients.count, "row has \(features.count) features, model \(coefficients.count)")
        var s = 0.0
        coefficients.withUnsafeBufferPointer { c in
            for i in 0..<c.count { s += c[i] * features[i] }
        }
        return s + intercept
    }

    /// Predicts one row (`features.count` must equal `featureCount`; the row reader checks that).
    public func predict(_ features: UnsafeBufferPointer<Double>) -> Prediction {
        let z = decisionValue(features)
        switch algorithm {
        case .linear, .ridge:
            return Prediction(value: z)
        case .logistic:
            return Prediction(value: z > 0 ? 1 : 0, probability: sigmoid(z))
        }
    }

    /// Predicts one row.
    public func predict(_ features: [Double]) -> Prediction {
        features.withUnsafeBufferPointer { predict($0) }
    }

    /// Predicts every row a `RowReader` just read (read it with `expectedFeatureCount: featureCount`).
    public func predict(_ rows: RowReader) -> [Prediction] {
        precondition(rows.featureCount == featureCount, "rows have \(rows.featureCount) features, model \(featureCount)")
        return rows.values.withUnsafeBufferPointer { all in
            (0..<rows.rowCount).map { i in
                predict(UnsafeBufferPointer(rebasing: all[(i * featureCount)..<((i + 1) * featureCount)]))
            }
        }
    }
}

/// 1 / (1 + e^−z), without overflow for any z.
@inline(__always)
func sigmoid(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + exp(-z)) }
    let e = exp(z)
    return e / (1 + e)
}

// MARK: - Canonical text

extension FittedModel {
    /// The version written in `format`.
    public static let formatVersion = 1

    /// The canonical encoding: one JSON object, keys sorted, no whitespace, e.g.
    ///
    ///     {"algo":"ridge","alpha":1.0,"coefficients":[0.5,-2.25e-05],"features":2,"format":1,"intercept":3.0}
    ///
    /// `alpha` only for ridge. Doubles are written in Swift's shortest round-trip form
    /// (`Double.description`: `1.0`, `1e-05`, `-0.0`, `5e-324`), which is valid JSON for finite
    /// values and reads back to the same bits; non-finite values cannot occur in a fitted model
    /// (`init` would reject them). Hash these bytes for `model_hash`.
    public var encoded: String {
        var out = "{\"algo\":\"\(algorithm.rawValue)\""
        if let alpha { out += ",\"alpha\":" + FittedModel.number(alpha) }
        out += ",\"coefficients\":["
        for (i, c) in coefficients.enumerated() {
            if i > 0 { out += "," }
            out += FittedModel.number(c)
        }
        out += "],\"features\":\(coefficients.count),\"format\":\(FittedModel.formatVersion),\"intercept\":"
        out += FittedModel.number(intercept) + "}"
        return out
    }

    /// The canonical encoding's UTF-8 bytes.
    public var encodedBytes: [UInt8] { Array(encoded.utf8) }

    static func number(_ x: Double) -> String {
        precondition(x.isFinite, "a model holds only finite numbers")
        return x.description
    }

    /// Decodes a model from its canonical encoding. Anything else — other whitespace or key order,
    /// numbers written differently, unknown keys, non-finite values — is `invalid_model`, so one
    /// model has exactly one text (and one hash).
    public init(decoding text: String) throws(LearningError) {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONParser.parse(text)
        } catch {
            throw LearningError.invalidModel("model text is not valid JSON: \(error.message)")
        }
        guard let object = value.objectValue else { throw LearningError.invalidModel("model text is not an object") }
        for key in object.keys where !["algo", "alpha", "coefficients", "features", "format", "intercept"].contains(key) {
            throw LearningError.invalidModel("model has an unknown key \"\(key)\"")
        }
        guard let algoName = object["algo"]?.stringValue, let algorithm = Algorithm(rawValue: algoName) else {
            throw LearningError.invalidModel("model has no valid algo")
        }
        guard let format = object["format"]?.numberValue?.int64Value, format == Int64(FittedModel.formatVersion) else {
            throw LearningError.invalidModel("model format is not \(FittedModel.formatVersion)")
        }
        guard let items = object["coefficients"]?.arrayValue else {
            throw LearningError.invalidModel("model has no coefficients")
        }
        var coefficients: [Double] = []
        for item in items {
            guard let n = item.numberValue else { throw LearningError.invalidModel("a coefficient is not a number") }
            coefficients.append(try FittedModel.parse(n, "coefficient"))
        }
        guard let countText = object["features"]?.numberValue?.int64Value, countText == Int64(coefficients.count) else {
            throw LearningError.invalidModel("model features does not match its coefficients")
        }
        guard let interceptNumber = object["intercept"]?.numberValue else {
            throw LearningError.invalidModel("model has no intercept")
        }
        let intercept = try FittedModel.parse(interceptNumber, "intercept")
        var alpha: Double?
        if let a = object["alpha"] {
            guard let n = a.numberValue else { throw LearningError.invalidModel("model alpha is not a number") }
            alpha = try FittedModel.parse(n, "alpha")
        }
        if (algorithm == .ridge) != (alpha != nil) {
            throw LearningError.invalidModel(algorithm == .ridge ? "ridge model has no alpha" : "\(algoName) model has an alpha")
        }
        let model = FittedModel(algorithm: algorithm, intercept: intercept, coefficients: coefficients, alpha: alpha)
        guard model.encoded == text else { throw LearningError.invalidModel("model text is not in canonical form") }
        self = model
    }

    /// Decodes a model from the UTF-8 bytes of its canonical encoding.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(LearningError) {
        // Invalid UTF-8 becomes U+FFFD, which the canonical (ASCII) form never contains.
        try self.init(decoding: String(decoding: bytes, as: UTF8.self))
    }

    private static func parse(_ n: JSONNumber, _ what: String) throws(LearningError) -> Double {
        var text = n.text
        let v: Double = text.withUTF8 { b in
            var s = Scanner(base: b.baseAddress!, end: b.baseAddress! + b.count)
            return (try? s.scanNumber()) ?? .nan
        }
        guard v.isFinite else { throw LearningError.invalidModel("model \(what) \(n.text) is not finite") }
        return v
    }
}

// MARK: - Rounding as Python's round(x, n)

/// `x` rounded to `places` decimals exactly as Python's `round(x, places)` does for a float:
/// the exact binary value of `x` is rounded to the nearest multiple of 10^−places, ties (only when
/// the binary value is exactly halfway) to even, and the result is the double nearest to that
/// decimal. So `round(2.675, 2)` is 2.67 (2.675 is stored as 2.67499999…), `round(0.125, 2)` is
/// 0.12, `round(0.375, 2)` is 0.38, `round(-0.001, 2)` is −0.0. `places` must be in 0…17;
/// non-finite values are returned unchanged.
public func roundDecimal(_ x: Double, places: Int) -> Double {
    precondition(places >= 0 && places <= 17, "roundDecimal supports 0…17 places")
    guard x.isFinite, x != 0 else { return x }
    let scale = pow10(places)
    let a = abs(x)
    // When a multiple of 10^−places is closer than half an ulp, the nearest double is x itself.
    if a.ulp > 1 / scale { return x }
    let y = a * scale  // < 2^53·(1 + tiny): the exact a·10^places is within half an ulp of y
    let lower = y.rounded(.down)
    let frac = y - lower
    var k: Double
    if abs(frac - 0.5) > 2 * y.ulp {
        k = frac > 0.5 ? lower + 1 : lower
    } else {
        // Too close to a tie to trust y: compare a·10^places with lower + ½ exactly.
        let floorExact = exactFloor(a, places)
        let c = compareWithHalf(a, places, floorExact)
        if c > 0 || (c == 0 && floorExact.truncatingRemainder(dividingBy: 2) == 1) {
            k = floorExact + 1
        } else {
            k = floorExact
        }
    }
    let r = k / scale
    return x < 0 ? -r : r
}

private func pow10(_ n: Int) -> Double {
    var p = 1.0
    for _ in 0..<n { p *= 10 }  // exact up to 10^22
    return p
}

/// The significand and exponent of a positive finite double: a = m·2^e, m < 2^53 an integer.
private func decompose(_ a: Double) -> (m: UInt64, e: Int) {
    let bits = a.bitPattern
    let biased = Int((bits >> 52) & 0x7FF)
    let fraction = bits & ((1 << 52) - 1)
    if biased == 0 { return (fraction, -1074) }
    return (fraction | (1 << 52), biased - 1075)
}

/// floor(a·10^places) exactly (a·10^places < 2^54 here).
private func exactFloor(_ a: Double, _ places: Int) -> Double {
    let (m, e) = decompose(a)
    var p: UInt64 = 1
    for _ in 0..<places { p *= 10 }
    let (hi, lo) = m.multipliedFullWidth(by: p)  // m·10^places < 2^53·2^57
    if e >= 0 { return Double(m) * pow10(places) * Double(sign: .plus, exponent: e, significand: 1) }
    let shift = -e
    if shift >= 128 { return 0 }
    // (hi, lo) >> shift
    let q: UInt64
    if shift >= 64 {
        q = shift - 64 >= 64 ? 0 : hi >> UInt64(shift - 64)
    } else if shift == 0 {
        q = lo
    } else {
        q = (lo >> UInt64(shift)) | (hi << UInt64(64 - shift))
    }
    return Double(q)
}

/// The sign of a·10^places − (k + ½), computed exactly.
private func compareWithHalf(_ a: Double, _ places: Int, _ k: Double) -> Int {
    let (m, e) = decompose(a)
    if e >= 0 { return -1 }  // a·10^places is an integer: never a tie, and k is its floor
    var p: UInt64 = 1
    for _ in 0..<places { p *= 10 }
    // Compare m·10^places·2 with (2k + 1)·2^−e.
    let (lh, ll) = m.multipliedFullWidth(by: p * 2)
    let odd = UInt64(k) * 2 + 1
    let shift = -e
    let bits = 64 - odd.leadingZeroBitCount + shift
    if bits > 127 { return -1 }
    let rh: UInt64 = shift >= 64 ? odd << UInt64(shift - 64) : (shift == 0 ? 0 : odd >> UInt64(64 - shift))
    let rl: UInt64 = shift >= 64 ? 0 : odd << UInt64(shift)
    if lh != rh { return lh < rh ? -1 : 1 }
    if ll != rl { return ll < rl ? -1 : 1 }
    return 0
}
