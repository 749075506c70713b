// Binary logistic regression by Newton's method over a row spool.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The logistic rows (in a spool) and what the trainer learns while spooling them.
final class LogisticData {
    let spool: RowSpool
    let d: Int
    /// Sums of the training rows' features, for the internal centring.
    private var sums: [Double]
    /// Training rows labelled 1.
    private(set) var ones = 0
    private var scratch: [Double]

    init(spool: RowSpool, featureCount d: Int) {
        self.spool = spool
        self.d = d
        sums = Array(repeating: 0, count: d)
        scratch = Array(repeating: 0, count: d + 1)
    }

    func add(_ x: UnsafeBufferPointer<Double>, _ y: Double, training: Bool) throws(LearningError) {
        for j in 0..<d { scratch[j] = x[j] }
        scratch[d] = y
        try spool.append(scratch)
        if training {
            for j in 0..<d { sums[j] += x[j] }
            if y == 1 { ones += 1 }
        }
    }

    struct Fit {
        var model: FittedModel
        var accuracy: Double
        var iterations: Int
    }

    /// Minimises Σ log(1 + e^z) − y·z + ½‖w‖² over the training rows, z = c + w·(x − μ).
    func fit(holdout: Holdout, trainingRows: Int, featureCount: Int) throws(LearningError) -> Fit {
        let p = d + 1
        let n = Double(trainingRows)
        let mu = sums.map { $0 / n }
        var theta = Array(repeating: 0.0, count: p)
        theta[0] = log(Double(ones) / (n - Double(ones)))
        let pass = LogisticPass(featureCount: d, mu: mu)
        var current = try pass.run(spool: spool, theta: theta, holdout: holdout)
        var iterations = 0
        newton: while iterations < 100 {
            iterations += 1
            var step = choleskySolve(current.h, current.g.map { -$0 }, n: p)
            if step == nil {
                // Saturated probabilities can leave the intercept's curvature at rounding level.
                var h = current.h
                var trace = 0.0
                for j in 0..<p { trace += h[j * p + j] }
                for j in 0..<p { h[j * p + j] += 1e-12 * trace }
                step = choleskySolve(h, current.g.map { -$0 }, n: p)
            }
            guard let delta = step, delta.allSatisfy(\.isFinite) else { break }
            let size = delta.reduce(0) { max($0, abs($1)) }
            let scale = theta.reduce(0) { max($0, abs($1)) }
            // Quadratic convergence: after this step the error is about size², far below 1e-10.
            if size <= 1e-7 * (1 + scale) {
                for j in 0..<p { theta[j] += delta[j] }
                break
            }
            var slope = 0.0
            for j in 0..<p { slope += current.g[j] * delta[j] }
            var t = 1.0
            while true {
                let trial = (0..<p).map { theta[$0] + t * delta[$0] }
                let next = try pass.run(spool: spool, theta: trial, holdout: holdout)
                if next.f <= current.f + 1e-4 * t * slope + 1e-13 * abs(current.f) {
                    theta = trial
                    current = next
                    break
                }
                t *= 0.5
                if t < 1e-10 { break newton }  // no decrease left at rounding level
            }
        }
        var intercept = theta[0]
        for j in 0..<d { intercept -= theta[j + 1] * mu[j] }
        let model = FittedModel(algorithm: .logistic, intercept: intercept, coefficients: Array(theta[1...]))
        guard model.intercept.isFinite, model.coefficients.allSatisfy(\.isFinite) else {
            throw LearningError.fitFailed("the logistic fit overflowed: feature values are too large")
        }
        // Accuracy on the held-out rows, or on the training rows when nothing is held out.
        var correct = 0
        var evaluated = 0
        var index = 0
        let useHeld = holdout.fraction > 0
        let width = d + 1
        try spool.forEachChunk { values, rows in
            for r in 0..<rows {
                defer { index += 1 }
                guard holdout.isHeldOut(index) == useHeld else { continue }
                let row = UnsafeBufferPointer(rebasing: values[(r * width)..<(r * width + d)])
                let predicted: Double = model.decisionValue(row) > 0 ? 1 : 0
                if predicted == values[r * width + d] { correct += 1 }
                evaluated += 1
            }
        }
        let accuracy = evaluated == 0 ? 0 : 100 * Double(correct) / Double(evaluated)
        return Fit(model: model, accuracy: accuracy, iterations: iterations)
    }
}

/// One pass over the training rows: the objective, its gradient and Hessian at θ.
final class LogisticPass {
    struct Result {
        var f: Double
        var g: [Double]
        /// Row-major p × p, upper triangle filled.
        var h: [Double]
    }

    let d: Int
    let p: Int
    let mu: [Double]
    let blockRows = 128
    /// Column-major block of [1, x − μ] rows.
    private let block: UnsafeMutablePointer<Double>
    private let labels: UnsafeMutablePointer<Double>
    private let z: UnsafeMutablePointer<Double>
    private let residual: UnsafeMutablePointer<Double>
    private let weighted: UnsafeMutablePointer<Double>
    private let weight: UnsafeMutablePointer<Double>
    private var pending = 0
    private var f = 0.0
    private var g: [Double]
    private var h: [Double]
    private var theta: [Double]

    init(featureCount d: Int, mu: [Double]) {
        self.d = d
        p = d + 1
        self.mu = mu
        block = .allocate(capacity: (d + 1) * blockRows)
        for i in 0..<blockRows { block[i] = 1 }
        labels = .allocate(capacity: blockRows)
        z = .allocate(capacity: blockRows)
        residual = .allocate(capacity: blockRows)
        weighted = .allocate(capacity: blockRows)
        weight = .allocate(capacity: blockRows)
        g = Array(repeating: 0, count: d + 1)
        h = Array(repeating: 0, count: (d + 1) * (d + 1))
        theta = Array(repeating: 0, count: d + 1)
    }

    deinit {
        block.deallocate()
        labels.deallocate()
        z.deallocate()
        residual.deallocate()
        weighted.deallocate()
        weight.deallocate()
    }

    func run(spool: RowSpool, theta: [Double], holdout: Holdout) throws(LearningError) -> Result {
        self.theta = theta
        f = 0
        for i in 0..<g.count { g[i] = 0 }
        for i in 0..<h.count { h[i] = 0 }
        pending = 0
        var index = 0
        let width = d + 1
        try spool.forEachChunk { values, rows in
            for r in 0..<rows {
                defer { index += 1 }
                if holdout.isHeldOut(index) { continue }
                let row = values.baseAddress! + r * width
                for j in 0..<d { block[(j + 1) * blockRows + pending] = row[j] - mu[j] }
                labels[pending] = row[d]
                pending += 1
                if pending == blockRows { process() }
            }
        }
        if pending > 0 { process() }
        var penalty = 0.0
        for j in 1..<p {
            penalty += theta[j] * theta[j]
            g[j] += theta[j]
            h[j * p + j] += 1
        }
        return Result(f: f + 0.5 * penalty, g: g, h: h)
    }

    private func process() {
        let n = pending
        let b = blockRows
        let c0 = theta[0]
        for i in 0..<n { z[i] = c0 }
        for j in 1..<p {
            let c = theta[j]
            let col = block + j * b
            for i in 0..<n { z[i] += c * col[i] }
        }
        var loss = 0.0
        for i in 0..<n {
            let zi = z[i]
            let e = exp(-abs(zi))
            let prob = zi >= 0 ? 1 / (1 + e) : e / (1 + e)
            let y = labels[i]
            loss += max(zi, 0) + log1p(e) - y * zi
            residual[i] = prob - y
            weight[i] = prob * (1 - prob)
        }
        f += loss
        g.withUnsafeMutableBufferPointer { g in
            h.withUnsafeMutableBufferPointer { h in
                for j in 0..<p {
                    let col = block + j * b
                    g[j] += dot(residual, col, n)
                    for i in 0..<n { weighted[i] = weight[i] * col[i] }
                    for k in j..<p {
                        h[j * p + k] += dot(weighted, block + k * b, n)
                    }
                }
            }
        }
        pending = 0
    }
}
