// Streaming model fitting: feed rows one at a time, then `finish()`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What a fit produced.
public struct TrainingResult: Sendable, Equatable {
    public var model: FittedModel
    /// Every row added.
    public var rows: Int
    /// Rows the model was fitted on.
    public var trainingRows: Int
    /// Rows held out for the metrics (0 when the holdout fraction is 0).
    public var holdoutRows: Int
    /// Linear and ridge: the coefficient of determination on the held-out rows (on the training
    /// rows when nothing is held out), as scikit-learn's `r2_score`. nil for logistic.
    public var r2: Double?
    /// Logistic: the share of correctly classified rows, in percent (0…100), on the held-out rows
    /// (training rows when nothing is held out). nil for linear and ridge.
    public var accuracy: Double?
    /// Logistic: Newton iterations taken.
    public var iterations: Int?
}

/// Fits a model from rows fed one at a time, in memory O(d²) whatever the row count.
///
/// - `linear`: least squares with an intercept via a streaming QR factor R of the rows
///   [1, x − x₀, y − y₀] (x₀, y₀ the first row, subtracted so large offsets cost no precision).
///   R's trailing block is the R factor of the centred data, so the fit solves the centred problem
///   like scikit-learn's `LinearRegression`: β is the minimum-norm least-squares solution of
///   R_c·β = z computed from the SVD of R_c, singular values σ ≤ 10⁻⁶·σ_max dropped (scikit-learn
///   ≥ 1.9 passes `tol=1e-6` as `cond` to `scipy.linalg.lstsq`; exact collinearity, constant
///   columns and d ≥ rows all land there); intercept = ȳ − x̄·β (means from compensated sums).
/// - `ridge(alpha)`: β = (X_cᵀX_c + αI)⁻¹X_cᵀy_c = Σᵢ vᵢ·(wᵢᵀz)/(σᵢ² + α) from the same SVD;
///   intercept = ȳ − x̄·β, not penalised, features not scaled, like scikit-learn `Ridge(alpha)`.
///   With α = 0 it is the linear fit.
/// - `logistic`: rows go to a `RowSpool`; `finish()` runs Newton's method with a backtracking
///   (Armijo) line search on Σ log(1 + e^z) − y·z + ½‖w‖² (scikit-learn `LogisticRegression()`
///   with C = 1), features centred internally. It stops when a full Newton step changes no
///   parameter by more than 10⁻⁷·(1 + max|θ|) (the step is still applied; by quadratic
///   convergence the remaining error is then of order 10⁻¹⁴ relative), when the objective stops
///   decreasing at rounding level, or after 100 iterations. On many rows Newton first runs on a
///   sample (every 8th pass segment) to a loose tolerance and the fit on all rows starts there; a
///   pass forecast to give the last step reuses the previous Hessian; passes run over segments of
///   the spool on up to 4 threads, summed in segment order (the same model bits for any count).
///
/// Metrics: r2 = 1 − SS_res/SS_tot with SS_res = ‖R_h·[c; β; −1]‖² from a second QR factor R_h of
/// the held-out rows (of the training rows when nothing is held out) and SS_tot from Welford's
/// running variance of their labels. When those labels are all equal (SS_tot = 0), r2 is 1.0 if the
/// predictions are perfect (root mean squared residual ≤ 10⁻¹²·max(1, |y|)) and 0.0 otherwise,
/// as scikit-learn's `r2_score`. If every training label is the same, linear and ridge give β = 0
/// and intercept = that label exactly.
///
/// The feature count is fixed by the first row. Not thread-safe.
public final class Trainer {
    public let algorithm: Algorithm
    /// Ridge only.
    public let alpha: Double?
    public let holdout: Holdout
    /// Where the logistic row spool is created (default `$TMPDIR`, else `/tmp`).
    public let spoolDirectory: String?

    /// Rows added so far.
    public private(set) var rowCount = 0
    /// Set by the first row.
    public private(set) var featureCount: Int?

    private var trainingRows = 0
    private var heldRows = 0
    private var xRef: [Double] = []
    private var yRef = 0.0
    private var training: RegressionAccumulator?
    private var held: RegressionAccumulator?
    private var logistic: LogisticData?
    private var finished = false

    /// - Parameters:
    ///   - alpha: the ridge penalty (required for ridge, ≥ 0, finite); ignored by the others.
    ///   - holdout: the share of rows held out for the metrics, in [0, 1); see `Holdout`.
    ///   - spoolDirectory: logistic only, where its temporary row file goes.
    public init(algorithm: Algorithm, alpha: Double? = nil, holdout: Double = 0, spoolDirectory: String? = nil)
        throws(LearningError)
    {
        self.algorithm = algorithm
        if algorithm == .ridge {
            guard let alpha else { throw LearningError.invalidOption("ridge needs alpha") }
            guard alpha.isFinite, alpha >= 0 else {
                throw LearningError.invalidOption("alpha must be a finite number ≥ 0, got \(alpha)")
            }
            self.alpha = alpha
        } else {
            self.alpha = nil
        }
        self.holdout = try Holdout(fraction: holdout)
        self.spoolDirectory = spoolDirectory
    }

    /// Adds one row. A rejected row (wrong feature count, a non-finite value, a logistic label
    /// other than 0 or 1) leaves the trainer as it was.
    public func add(features: UnsafeBufferPointer<Double>, label: Double) throws(LearningError) {
        precondition(!finished, "Trainer.add after finish")
        // Messages name no row number: the trainer counts accepted rows, not input lines, and every
        // caller reports the input line itself.
        let d: Int
        if let known = featureCount {
            guard features.count == known else {
                throw LearningError.featureCountMismatch(row: nil, got: features.count, expected: known)
            }
            d = known
        } else {
            guard features.count > 0 else { throw LearningError.invalidFeature("the row has no features") }
            d = features.count
        }
        for i in 0..<d where !features[i].isFinite {
            throw LearningError.nonFinite("feature \(i + 1) is \(features[i])")
        }
        guard label.isFinite else { throw LearningError.nonFinite("the label is \(label)") }
        if algorithm == .logistic, label != 0, label != 1 {
            throw LearningError.invalidLabel("logistic labels must be 0 or 1, got \(label)")
        }
        if featureCount == nil { try start(features, label) }
        let isHeld = holdout.isHeldOut(rowCount)
        switch algorithm {
        case .linear, .ridge:
            if isHeld {
                held!.add(features, label, xRef, yRef)
            } else {
                training!.add(features, label, xRef, yRef)
            }
        case .logistic:
            try logistic!.add(features, label, training: !isHeld)
        }
        if isHeld { heldRows += 1 } else { trainingRows += 1 }
        rowCount += 1
    }

    /// Adds one row.
    public func add(features: [Double], label: Double) throws(LearningError) {
        let result: Result<Void, LearningError> = features.withUnsafeBufferPointer { f in
            do throws(LearningError) {
                try add(features: f, label: label)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Adds the row a `RowReader` just read (one row with a label; `missing_label` without one).
    public func add(_ row: RowReader) throws(LearningError) {
        precondition(row.rowCount == 1, "Trainer.add(RowReader) takes single-row lines")
        let label = try row.requireLabel()
        let result: Result<Void, LearningError> = row.values.withUnsafeBufferPointer { f in
            do throws(LearningError) {
                try add(features: f, label: label)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    private func start(_ features: UnsafeBufferPointer<Double>, _ label: Double) throws(LearningError) {
        let d = features.count
        switch algorithm {
        case .linear, .ridge:
            xRef = Array(features)
            yRef = label
            training = RegressionAccumulator(featureCount: d)
            if holdout.fraction > 0 { held = RegressionAccumulator(featureCount: d) }
        case .logistic:
            logistic = LogisticData(spool: try RowSpool(width: d + 1, directory: spoolDirectory), featureCount: d)
        }
        featureCount = d
    }

    /// Fits the model and computes the metrics. Call once.
    public func finish() throws(LearningError) -> TrainingResult {
        precondition(!finished, "Trainer.finish called twice")
        finished = true
        defer { logistic?.spool.close() }
        guard let d = featureCount, trainingRows > 0 else { throw LearningError.noRows }
        if holdout.fraction > 0 && heldRows == 0 {
            throw LearningError.noHoldoutRows(rows: rowCount, holdout: holdout.fraction)
        }
        var result = TrainingResult(
            model: FittedModel(algorithm: algorithm, intercept: 0, coefficients: []),
            rows: rowCount, trainingRows: trainingRows, holdoutRows: heldRows)
        switch algorithm {
        case .linear, .ridge:
            let fit = training!
            fit.flush()
            guard fit.qr.isFinite else {
                throw LearningError.fitFailed("the fit overflowed: feature or label values are too large")
            }
            let model = fit.solve(algorithm: algorithm, alpha: alpha ?? 0, xRef: xRef, yRef: yRef)
            guard model.intercept.isFinite, model.coefficients.allSatisfy(\.isFinite) else {
                throw LearningError.fitFailed("the fit overflowed: feature or label values are too large")
            }
            let evaluation = held ?? fit
            evaluation.flush()
            result.r2 = evaluation.r2(of: model, xRef: xRef, yRef: yRef)
            result.model = model
        case .logistic:
            let data = logistic!
            if data.ones == 0 || data.ones == trainingRows {
                throw LearningError.singleClass(data.ones == 0 ? 0 : 1)
            }
            let fit = try data.fit(holdout: holdout, trainingRows: trainingRows, featureCount: d)
            result.model = fit.model
            result.accuracy = fit.accuracy
            result.iterations = fit.iterations
        }
        return result
    }
}

// MARK: - Least squares state

/// The streaming QR factor of [1, x − x₀, y − y₀] for one set of rows, plus their label statistics.
final class RegressionAccumulator {
    let d: Int
    let qr: StreamingQR
    private(set) var count = 0
    /// Welford's running mean and sum of squared deviations of the labels.
    private var mean = 0.0
    private var m2 = 0.0
    private var firstLabel = 0.0
    private(set) var constantLabel = true
    private var maxAbsLabel = 0.0

    init(featureCount d: Int) {
        self.d = d
        qr = StreamingQR(columns: d + 2)
    }

    @inline(__always)
    func add(_ x: UnsafeBufferPointer<Double>, _ y: Double, _ xRef: [Double], _ yRef: Double) {
        let slot = qr.nextRow
        let stride = qr.blockRows
        slot[0] = 1
        xRef.withUnsafeBufferPointer { ref in
            for j in 0..<d { slot[(j + 1) * stride] = x[j] - ref[j] }
        }
        slot[(d + 1) * stride] = y - yRef
        qr.commit()
        count += 1
        if count == 1 { firstLabel = y } else if y != firstLabel { constantLabel = false }
        let delta = y - mean
        mean += delta / Double(count)
        m2 += delta * (y - mean)
        maxAbsLabel = max(maxAbsLabel, abs(y))
    }

    func flush() { qr.flush() }

    /// The least-squares (α = 0) or ridge fit of these rows.
    func solve(algorithm: Algorithm, alpha: Double, xRef: [Double], yRef: Double) -> FittedModel {
        let n = Double(count)
        if constantLabel {
            return FittedModel(
                algorithm: algorithm, intercept: firstLabel, coefficients: Array(repeating: 0, count: d),
                alpha: algorithm == .ridge ? alpha : nil)
        }
        // R_c = R[1...d, 1...d] (column-major for the SVD), z = R[1...d, d+1].
        var a = Array(repeating: 0.0, count: d * d)
        var z = Array(repeating: 0.0, count: d)
        for i in 0..<d {
            for j in i..<d { a[j * d + i] = qr.at(1 + i, 1 + j) }
            z[i] = qr.at(1 + i, d + 1)
        }
        let svd = JacobiSVD(columnMajor: a, n: d)
        let beta: [Double]
        if alpha > 0 {
            beta = svd.solve(z) { s2 in 1 / (s2 + alpha) }
        } else {
            let largest = svd.sigmaSquared.max() ?? 0
            let cutoff = largest * (linearRelativeCutoff * linearRelativeCutoff)
            beta = svd.solve(z) { s2 in s2 > cutoff && s2 > 0 ? 1 / s2 : 0 }
        }
        // Means: x̄ = x₀ + Σ(x − x₀)/n.
        var intercept = yRef + qr.sum(d + 1) / n
        for j in 0..<d {
            let mean = xRef[j] + qr.sum(j + 1) / n
            intercept -= mean * beta[j]
        }
        return FittedModel(algorithm: algorithm, intercept: intercept, coefficients: beta, alpha: algorithm == .ridge ? alpha : nil)
    }

    /// r2 of `model` on these rows.
    func r2(of model: FittedModel, xRef: [Double], yRef: Double) -> Double {
        // Row [1, x − x₀, y − y₀]·[c; β; −1] = −(y − b − x·β) with c = b + x₀·β − y₀.
        var c = model.intercept - yRef
        for j in 0..<d { c += xRef[j] * model.coefficients[j] }
        var v = [c]
        v += model.coefficients
        v.append(-1)
        let ssRes = qr.squaredNorm(times: v)
        if constantLabel {
            let scale = 1e-12 * max(1, maxAbsLabel)
            return ssRes <= Double(count) * scale * scale ? 1 : 0
        }
        return 1 - ssRes / m2
    }
}

/// scikit-learn ≥ 1.9: `LinearRegression(tol=1e-6)` passes `cond=tol` to `scipy.linalg.lstsq`.
let linearRelativeCutoff = 1e-6
