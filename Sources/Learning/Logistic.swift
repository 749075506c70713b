// Binary logistic regression by Newton's method over a row spool.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PandaCore

/// The logistic rows (in a spool) and what the trainer learns while spooling them.
final class LogisticData {
    let spool: RowSpool
    let d: Int
    /// Sums of the training rows' features, for the internal centring.
    private var sums: [Double]
    /// Training rows labelled 1.
    private(set) var ones = 0

    init(spool: RowSpool, featureCount d: Int) {
        self.spool = spool
        self.d = d
        sums = Array(repeating: 0, count: d)
    }

    func add(_ x: UnsafeBufferPointer<Double>, _ y: Double, training: Bool) throws(LearningError) {
        try spool.append(x, last: y)
        if training {
            for j in 0..<d { sums[j] += x[j] }
            if y == 1 { ones += 1 }
        }
    }

    struct Fit {
        var model: FittedModel
        var accuracy: Double
        var iterations: Int
        /// Passes that kept the previous Hessian (the forecast last step).
        var hessiansSkipped = 0
        /// Newton iterations of the warm-up on a sample of the segments (0: none).
        var warmIterations = 0
    }

    /// Minimises Σ log(1 + e^z) − y·z + ½‖w‖² over the training rows, z = c + w·(x − μ).
    ///
    /// On many rows (16 pass segments or more) Newton's method first runs on every 8th segment, to a
    /// loose tolerance, and the fit on all rows starts from there: the optimum and the stopping rule
    /// are the same, only fewer passes over all rows are needed. A warm-up that does not converge
    /// within 12 iterations (a sample with one class, say) is dropped.
    /// `workers`: threads a pass may use (the result is the same bits for any count).
    /// `forecastLastStep`: skip the Hessian of a pass whose step is forecast to be the last.
    func fit(holdout: Holdout, trainingRows: Int, featureCount: Int, workers: Int = LogisticPass.availableWorkers,
             forecastLastStep: Bool = true, warmStart: Bool = true, segmentRows: Int = LogisticPass.defaultSegmentRows)
        throws(LearningError) -> Fit
    {
        let p = d + 1
        let n = Double(trainingRows)
        let mu = sums.map { $0 / n }
        var theta = Array(repeating: 0.0, count: p)
        theta[0] = log(Double(ones) / (n - Double(ones)))
        let pass = LogisticPass(featureCount: d, mu: mu, workers: workers, segmentRows: segmentRows)
        var warmIterations = 0
        if warmStart && pass.segmentCount(spool) >= 16 {
            let warm = try newton(pass, from: theta, holdout: holdout, stride: 8, tolerance: 1e-3, maxIterations: 12,
                                  forecastLastStep: false)
            warmIterations = warm.iterations
            if warm.converged && warm.theta.allSatisfy(\.isFinite) { theta = warm.theta }
        }
        let run = try newton(pass, from: theta, holdout: holdout, stride: 1, tolerance: 1e-7, maxIterations: 100,
                             forecastLastStep: forecastLastStep)
        theta = run.theta
        let iterations = run.iterations
        let hessiansSkipped = run.hessiansSkipped
        var intercept = theta[0]
        for j in 0..<d { intercept -= theta[j + 1] * mu[j] }
        let model = FittedModel(algorithm: .logistic, intercept: intercept, coefficients: Array(theta[1...]))
        guard model.intercept.isFinite, model.coefficients.allSatisfy(\.isFinite) else {
            throw LearningError.fitFailed("the logistic fit overflowed: feature values are too large")
        }
        // Accuracy on the held-out rows, or on the training rows when nothing is held out.
        let (correct, evaluated) = try pass.accuracy(spool: spool, model: model, holdout: holdout)
        let accuracy = evaluated == 0 ? 0 : 100 * Double(correct) / Double(evaluated)
        return Fit(model: model, accuracy: accuracy, iterations: iterations, hessiansSkipped: hessiansSkipped,
                   warmIterations: warmIterations)
    }

    struct NewtonRun {
        var theta: [Double]
        var iterations = 0
        var hessiansSkipped = 0
        /// Stopped on a step within the tolerance (not on the iteration limit or a failed step).
        var converged = false
    }

    /// Newton's method with a backtracking (Armijo) line search from `start`, over the training rows of
    /// every `stride`-th pass segment: stops on a full step of at most tolerance·(1 + max|θ|) (applied;
    /// by quadratic convergence the error is then about its square), when the objective stops
    /// decreasing at rounding level, or after `maxIterations`.
    private func newton(_ pass: LogisticPass, from start: [Double], holdout: Holdout, stride: Int, tolerance: Double,
                        maxIterations: Int, forecastLastStep: Bool) throws(LearningError) -> NewtonRun
    {
        let p = d + 1
        var run = NewtonRun(theta: start)
        var current = try pass.run(spool: spool, theta: run.theta, holdout: holdout, stride: stride)
        // The last full step's size while the Hessians were fresh (for the quadratic-rate forecast).
        var lastFullStep: Double?
        while run.iterations < maxIterations {
            run.iterations += 1
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
            let scale = run.theta.reduce(0) { max($0, abs($1)) }
            // Quadratic convergence: after this step the error is about size² (below 1e-10 at 1e-7).
            if size <= tolerance * (1 + scale) {
                for j in 0..<p { run.theta[j] += delta[j] }
                run.converged = true
                break
            }
            var slope = 0.0
            for j in 0..<p { slope += current.g[j] * delta[j] }
            // Quadratic convergence forecasts the next step: size · (size / last²)·size. When even a
            // hundred times that is within the stopping bound, the next step will be the last, and the
            // Hessian at the trial point is not computed: the last step is solved with this one, which
            // differs from it by O(size), so that step changes by O(size × its own size), far below
            // rounding (a wrong forecast only makes the next step a quasi-Newton one, and the pass after
            // it computes the Hessian again).
            let freshHessian = current.hessianIsFresh
            var lastStepNext = false
            if forecastLastStep, freshHessian, let last = lastFullStep, last > 0 {
                let forecast = size * (size / (last * last)) * size
                lastStepNext = forecast.isFinite && 100 * forecast <= tolerance * (1 + scale)
            }
            var t = 1.0
            while true {
                let trial = (0..<p).map { run.theta[$0] + t * delta[$0] }
                let skipHessian = lastStepNext && t == 1
                var next = try pass.run(spool: spool, theta: trial, holdout: holdout, hessian: !skipHessian, stride: stride)
                if next.f <= current.f + 1e-4 * t * slope + 1e-13 * abs(current.f) {
                    if skipHessian {
                        run.hessiansSkipped += 1
                        next.h = current.h
                        next.hessianIsFresh = false
                    }
                    lastFullStep = t == 1 && freshHessian ? size : nil
                    run.theta = trial
                    current = next
                    break
                }
                t *= 0.5
                if t < 1e-10 { return run }  // no decrease left at rounding level
            }
        }
        return run
    }
}

/// One pass over the training rows: the objective, its gradient and Hessian at θ.
///
/// The spool is cut into segments of `segmentRows` rows. Each segment's sums start from zero (its
/// training rows in column-major blocks of `blockRows`) and the segments' sums are added in segment
/// order, so a pass gives the same bits whichever thread computed which segment and however many
/// threads ran: up to `workers` threads (the caller's and helpers started for the pass) take the
/// next segment as they become free; with one worker or one segment everything runs inline.
/// Memory: per worker one segment of rows and one block; a ring of 2 × workers segment sums.
final class LogisticPass {
    struct Result {
        var f: Double
        var g: [Double]
        /// Row-major p × p, upper triangle filled (empty when the pass was asked for none).
        var h: [Double]
        /// h is the Hessian at this θ (false when the caller kept an earlier one).
        var hessianIsFresh = true
    }

    let d: Int
    let p: Int
    let workers: Int
    let segmentRows: Int
    private let mu: [Double]
    private let crew: [LogisticSegmentWorker]

    /// Threads a pass may use: the processors online, at most 4.
    static let availableWorkers: Int = max(1, min(4, sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    static let defaultSegmentRows = 8192

    init(featureCount d: Int, mu: [Double], workers: Int = LogisticPass.availableWorkers, segmentRows: Int = LogisticPass.defaultSegmentRows) {
        precondition(workers >= 1 && segmentRows >= 1)
        self.d = d
        p = d + 1
        self.mu = mu
        self.workers = workers
        self.segmentRows = segmentRows
        crew = (0..<workers).map { _ in LogisticSegmentWorker(featureCount: d, mu: mu, segmentRows: segmentRows) }
    }

    /// f, g and (unless `hessian` is false) h at θ over the training rows.
    /// `stride`: only every stride-th segment (a sample of the rows).
    func run(spool: RowSpool, theta: [Double], holdout: Holdout, hessian: Bool = true, stride: Int = 1) throws(LearningError) -> Result {
        let pass = try runSegments(spool, .objective(theta: theta, hessian: hessian), holdout: holdout, sumCount: 1 + p + p * p,
                                   stride: stride)
        var f = pass.total[0]
        var g = Array(pass.total[1...p])
        var h = hessian ? Array(pass.total[(1 + p)...]) : []
        var penalty = 0.0
        for j in 1..<p {
            penalty += theta[j] * theta[j]
            g[j] += theta[j]
            if hessian { h[j * p + j] += 1 }
        }
        f += 0.5 * penalty
        return Result(f: f, g: g, h: h)
    }

    /// Rows classified correctly by `model`, and rows evaluated: the held-out rows, or the training
    /// rows when nothing is held out.
    func accuracy(spool: RowSpool, model: FittedModel, holdout: Holdout) throws(LearningError) -> (correct: Int, evaluated: Int) {
        let pass = try runSegments(spool, .accuracy(model: model, heldOut: holdout.fraction > 0), holdout: holdout, sumCount: 2,
                                   stride: 1)
        return (Int(pass.total[0]), Int(pass.total[1]))
    }

    /// Segments in a pass over all rows.
    func segmentCount(_ spool: RowSpool) -> Int {
        (spool.rowCount + segmentRows - 1) / segmentRows
    }

    private func runSegments(_ spool: RowSpool, _ work: LogisticPassState.Work, holdout: Holdout, sumCount: Int, stride: Int)
        throws(LearningError) -> LogisticPassState
    {
        try spool.finishWriting()
        let segments = (segmentCount(spool) + stride - 1) / stride
        let pass = LogisticPassState(spool: spool, work: work, holdout: holdout, segments: segments, stride: stride,
                                     segmentRows: segmentRows, sumCount: sumCount, ring: 2 * workers)
        let threads = min(workers, segments)
        if threads <= 1 {
            for segment in 0..<segments {
                try crew[0].compute(segment: segment * stride, pass)
                pass.add(crew[0].sums)
            }
        } else {
            var helpers: [pthread_t] = []
            for w in 1..<threads {
                let worker = crew[w]
                if let thread = BackgroundThread.start({ pass.work(worker) }) { helpers.append(thread) }
            }
            pass.work(crew[0])
            for thread in helpers { pthread_join(thread, nil) }
            if let failure = pass.failure { throw failure }
        }
        return pass
    }
}

/// One pass's shared state: the next segment to take, and the sums added in segment order through a
/// ring of slots (a segment is taken only when its slot is free, so memory does not grow with rows).
final class LogisticPassState: @unchecked Sendable {
    enum Work {
        /// f, g and h (when `hessian`) at θ.
        case objective(theta: [Double], hessian: Bool)
        /// Rows classified correctly and rows evaluated (held-out ones, or training ones).
        case accuracy(model: FittedModel, heldOut: Bool)
    }

    let spool: RowSpool
    let work: Work
    let holdout: Holdout
    /// Segments to compute: spool segments 0, stride, 2·stride, …
    let segments: Int
    let stride: Int
    let segmentRows: Int
    /// f, then g (p), then h (p × p).
    let sumCount: Int
    private(set) var total: [Double]
    private(set) var failure: LearningError?
    private let ring: Int
    private let slots: UnsafeMutablePointer<Double>
    /// The segment each slot holds, or -1.
    private var ready: [Int]
    private var next = 0
    private var combined = 0
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(spool: RowSpool, work: Work, holdout: Holdout, segments: Int, stride: Int, segmentRows: Int, sumCount: Int, ring: Int) {
        self.stride = stride
        self.spool = spool
        self.work = work
        self.holdout = holdout
        self.segments = segments
        self.segmentRows = segmentRows
        self.sumCount = sumCount
        self.ring = ring
        total = Array(repeating: 0, count: sumCount)
        slots = .allocate(capacity: ring * sumCount)
        ready = Array(repeating: -1, count: ring)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        changed.deallocate()
        lock.deallocate()
        slots.deallocate()
    }

    /// Adds one segment's sums to the total (the next segment in order).
    func add(_ sums: UnsafePointer<Double>) {
        total.withUnsafeMutableBufferPointer { t in
            for i in 0..<sumCount { t[i] += sums[i] }
        }
        combined += 1
    }

    /// Takes segments until none is left (or one failed), computing each with `worker`.
    func work(_ worker: LogisticSegmentWorker) {
        pthread_mutex_lock(lock)
        while failure == nil && next < segments {
            let segment = next
            if segment - combined >= ring {
                pthread_cond_wait(changed, lock)
                continue
            }
            next += 1
            pthread_mutex_unlock(lock)
            var error: LearningError?
            do throws(LearningError) { try worker.compute(segment: segment * stride, self) } catch let thrown { error = thrown }
            pthread_mutex_lock(lock)
            if let error {
                if failure == nil { failure = error }
                pthread_cond_broadcast(changed)
                break
            }
            let slot = segment % ring
            (slots + slot * sumCount).update(from: worker.sums, count: sumCount)
            ready[slot] = segment
            while ready[combined % ring] == combined {
                ready[combined % ring] = -1
                add(slots + (combined % ring) * sumCount)
            }
            pthread_cond_broadcast(changed)
        }
        pthread_mutex_unlock(lock)
    }
}

/// The buffers and sums of one thread of a pass.
final class LogisticSegmentWorker {
    let d: Int
    let p: Int
    let blockRows = 128
    /// f, g (p), h (p × p, upper triangle) of the last segment computed.
    let sums: UnsafeMutablePointer<Double>
    private let mu: [Double]
    private let segmentRows: Int
    private let rows: UnsafeMutablePointer<Double>
    /// Column-major block of [1, x − μ] rows.
    private let block: UnsafeMutablePointer<Double>
    private let labels: UnsafeMutablePointer<Double>
    private let z: UnsafeMutablePointer<Double>
    private let residual: UnsafeMutablePointer<Double>
    private let weighted: UnsafeMutablePointer<Double>
    private let weight: UnsafeMutablePointer<Double>
    private var pending = 0
    private var withHessian = true

    init(featureCount d: Int, mu: [Double], segmentRows: Int) {
        self.d = d
        p = d + 1
        self.mu = mu
        self.segmentRows = segmentRows
        sums = .allocate(capacity: 1 + p + p * p)
        rows = .allocate(capacity: segmentRows * (d + 1))
        block = .allocate(capacity: (d + 1) * blockRows)
        for i in 0..<blockRows { block[i] = 1 }
        labels = .allocate(capacity: blockRows)
        z = .allocate(capacity: blockRows)
        residual = .allocate(capacity: blockRows)
        weighted = .allocate(capacity: blockRows)
        weight = .allocate(capacity: blockRows)
    }

    deinit {
        sums.deallocate()
        rows.deallocate()
        block.deallocate()
        labels.deallocate()
        z.deallocate()
        residual.deallocate()
        weighted.deallocate()
        weight.deallocate()
    }

    /// Sets `sums` to segment `segment`'s share of the pass's work, from zero.
    func compute(segment: Int, _ pass: LogisticPassState) throws(LearningError) {
        sums.initialize(repeating: 0, count: 1 + p + p * p)
        let first = segment * segmentRows
        let count = min(segmentRows, pass.spool.rowCount - first)
        try pass.spool.readRows(first..<(first + count), into: rows)
        let width = d + 1
        let holdout = pass.holdout
        let theta: [Double]
        switch pass.work {
        case .accuracy(let model, let heldOut):
            var correct = 0
            var evaluated = 0
            for r in 0..<count where holdout.isHeldOut(first + r) == heldOut {
                let row = UnsafeBufferPointer(start: rows + r * width, count: d)
                let predicted: Double = model.decisionValue(row) > 0 ? 1 : 0
                if predicted == rows[r * width + d] { correct += 1 }
                evaluated += 1
            }
            sums[0] = Double(correct)
            sums[1] = Double(evaluated)
            return
        case .objective(let at, let hessian):
            theta = at
            withHessian = hessian
        }
        pending = 0
        theta.withUnsafeBufferPointer { theta in
            mu.withUnsafeBufferPointer { mu in
                for r in 0..<count {
                    if holdout.isHeldOut(first + r) { continue }
                    let row = rows + r * width
                    for j in 0..<d { block[(j + 1) * blockRows + pending] = row[j] - mu[j] }
                    labels[pending] = row[d]
                    pending += 1
                    if pending == blockRows { process(theta) }
                }
                if pending > 0 { process(theta) }
            }
        }
    }

    private func process(_ theta: UnsafeBufferPointer<Double>) {
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
        sums[0] += loss
        let g = sums + 1
        let h = sums + 1 + p
        for j in 0..<p {
            let col = block + j * b
            g[j] += dot(residual, col, n)
            guard withHessian else { continue }
            for i in 0..<n { weighted[i] = weight[i] * col[i] }
            for k in j..<p {
                h[j * p + k] += dot(weighted, block + k * b, n)
            }
        }
        pending = 0
    }
}
