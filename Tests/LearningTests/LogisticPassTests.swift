// The logistic pass over spool segments on several threads: the same bits as one thread, whatever
// the worker count, and the same sums (to rounding) as a plain row-by-row loop, held-out rows left out.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing
@testable import Learning

/// `n` random rows of `d` features and a 0/1 label (a small LCG, so every run sees the same data).
private func randomRows(_ n: Int, _ d: Int, seed: UInt64) -> [[Double]] {
    var state = seed
    func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    return (0..<n).map { _ in
        let x = (0..<d).map { j in next() * Double(j + 1) + Double(j) }
        let y: Double = x.reduce(0, +) / Double(d) + next() > Double(d) / 2 ? 1 : 0
        return x + [y]
    }
}

private func spool(of rows: [[Double]]) throws -> RowSpool {
    let spool = try RowSpool(width: rows[0].count)
    for row in rows { try spool.append(row) }
    return spool
}

/// f, g and h summed row by row, as the pass defines them (h's upper triangle).
private func plainSums(_ rows: [[Double]], theta: [Double], mu: [Double], holdout: Holdout) -> (f: Double, g: [Double], h: [Double]) {
    let d = mu.count, p = d + 1
    var f = 0.0
    var g = Array(repeating: 0.0, count: p)
    var h = Array(repeating: 0.0, count: p * p)
    for (index, row) in rows.enumerated() where !holdout.isHeldOut(index) {
        let x = [1] + (0..<d).map { row[$0] - mu[$0] }
        let z = zip(theta, x).reduce(0) { $0 + $1.0 * $1.1 }
        let prob = 1 / (1 + exp(-z))
        let y = row[d]
        f += max(z, 0) + log1p(exp(-abs(z))) - y * z
        for j in 0..<p {
            g[j] += (prob - y) * x[j]
            for k in j..<p { h[j * p + k] += prob * (1 - prob) * x[j] * x[k] }
        }
    }
    for j in 1..<p {
        f += 0.5 * theta[j] * theta[j]
        g[j] += theta[j]
        h[j * p + j] += 1
    }
    return (f, g, h)
}

@Test(arguments: [0.0, 0.3])
func logisticPassIsTheSameBitsOnAnyNumberOfThreads(holdoutFraction: Double) throws {
    let d = 4
    let rows = randomRows(5_003, d, seed: 42)
    let data = try spool(of: rows)
    let holdout = try Holdout(fraction: holdoutFraction)
    let mu = (0..<d).map { j in rows.reduce(0) { $0 + $1[j] } / Double(rows.count) }
    let theta = [0.1, -0.4, 0.25, 0.05, -0.3]
    // Segments of 300 rows: many segments, each ending in a partial block of 128.
    let one = try LogisticPass(featureCount: d, mu: mu, workers: 1, segmentRows: 300).run(spool: data, theta: theta, holdout: holdout)
    for workers in [2, 3, 4] {
        for _ in 0..<5 {
            let many = try LogisticPass(featureCount: d, mu: mu, workers: workers, segmentRows: 300)
                .run(spool: data, theta: theta, holdout: holdout)
            #expect(many.f.bitPattern == one.f.bitPattern, "f with \(workers) workers")
            #expect(many.g.map(\.bitPattern) == one.g.map(\.bitPattern), "g with \(workers) workers")
            #expect(many.h.map(\.bitPattern) == one.h.map(\.bitPattern), "h with \(workers) workers")
        }
    }
    // And they are the sums the pass is defined by, over the training rows only.
    let plain = plainSums(rows, theta: theta, mu: mu, holdout: holdout)
    #expect(close(one.f, plain.f, 1e-12), "f \(one.f) vs \(plain.f)")
    for j in 0..<(d + 1) {
        #expect(close(one.g[j], plain.g[j], 1e-10), "g[\(j)] \(one.g[j]) vs \(plain.g[j])")
        for k in j..<(d + 1) {
            #expect(close(one.h[j * (d + 1) + k], plain.h[j * (d + 1) + k], 1e-10), "h[\(j),\(k)]")
        }
    }
}

@Test func logisticPassOnFewerRowsThanASegmentRunsInline() throws {
    let rows = randomRows(40, 2, seed: 5)
    let data = try spool(of: rows)
    let holdout = try Holdout(fraction: 0)
    let mu = [0.5, 1.5]
    let inline = try LogisticPass(featureCount: 2, mu: mu, workers: 1).run(spool: data, theta: [0.2, 0.1, -0.1], holdout: holdout)
    let offered = try LogisticPass(featureCount: 2, mu: mu, workers: 4).run(spool: data, theta: [0.2, 0.1, -0.1], holdout: holdout)
    #expect(offered.h.map(\.bitPattern) == inline.h.map(\.bitPattern))
    let plain = plainSums(rows, theta: [0.2, 0.1, -0.1], mu: mu, holdout: holdout)
    #expect(close(inline.f, plain.f, 1e-12))
}

@Test(arguments: [0.0, 0.25])
func logisticFitGivesTheSameModelBitsOnAnyNumberOfThreads(holdoutFraction: Double) throws {
    let d = 3
    let rows = randomRows(30_000, d, seed: 9)
    let holdout = try Holdout(fraction: holdoutFraction)
    var fits: [LogisticData.Fit] = []
    for workers in [1, 2, 3] {
        let (data, training) = try logisticData(rows, d, holdout)
        fits.append(try data.fit(holdout: holdout, trainingRows: training, featureCount: d, workers: workers))
    }
    for fit in fits.dropFirst() {
        #expect(fit.model.intercept.bitPattern == fits[0].model.intercept.bitPattern)
        #expect(fit.model.coefficients.map(\.bitPattern) == fits[0].model.coefficients.map(\.bitPattern))
        #expect(fit.accuracy == fits[0].accuracy && fit.iterations == fits[0].iterations)
    }
    #expect(fits[0].iterations >= 2 && fits[0].accuracy > 50)
}

/// The pass forecast to give the last step skips its Hessian; the model is the one a fit computing
/// every Hessian finds, to rounding.
@Test(arguments: [0.0, 0.25])
func logisticFitSkippingTheLastHessianFindsTheSameModel(holdoutFraction: Double) throws {
    let d = 5
    let rows = randomRows(20_000, d, seed: 31)
    let holdout = try Holdout(fraction: holdoutFraction)
    var fits: [LogisticData.Fit] = []
    for forecast in [true, false] {
        let (data, training) = try logisticData(rows, d, holdout)
        fits.append(try data.fit(holdout: holdout, trainingRows: training, featureCount: d, forecastLastStep: forecast))
    }
    #expect(fits[0].hessiansSkipped == 1)
    #expect(fits[1].hessiansSkipped == 0)
    #expect(fits[0].iterations == fits[1].iterations)
    #expect(close(fits[0].model.intercept, fits[1].model.intercept, 1e-12))
    for (a, b) in zip(fits[0].model.coefficients, fits[1].model.coefficients) {
        #expect(close(a, b, 1e-12), "\(a) vs \(b)")
    }
    #expect(fits[0].accuracy == fits[1].accuracy)
}

private func logisticData(_ rows: [[Double]], _ d: Int, _ holdout: Holdout) throws -> (LogisticData, Int) {
    let data = LogisticData(spool: try RowSpool(width: d + 1), featureCount: d)
    var training = 0
    for (i, row) in rows.enumerated() {
        let held = holdout.isHeldOut(i)
        try row.withUnsafeBufferPointer { try data.add(UnsafeBufferPointer(rebasing: $0[0..<d]), row[d], training: !held) }
        if !held { training += 1 }
    }
    return (data, training)
}

/// Newton first on every 8th segment, then on all rows from there: the model a cold start finds, to
/// rounding, in fewer iterations over all rows.
@Test(arguments: [0.0, 0.25])
func logisticFitFromAWarmStartFindsTheSameModel(holdoutFraction: Double) throws {
    let d = 4
    let rows = randomRows(20_000, d, seed: 77)
    let holdout = try Holdout(fraction: holdoutFraction)
    var fits: [LogisticData.Fit] = []
    for warm in [true, false] {
        let (data, training) = try logisticData(rows, d, holdout)
        fits.append(try data.fit(holdout: holdout, trainingRows: training, featureCount: d, warmStart: warm, segmentRows: 300))
    }
    #expect(fits[0].warmIterations > 0 && fits[1].warmIterations == 0)
    #expect(fits[0].iterations < fits[1].iterations, "\(fits[0].iterations) vs \(fits[1].iterations)")
    #expect(close(fits[0].model.intercept, fits[1].model.intercept, 1e-12))
    for (a, b) in zip(fits[0].model.coefficients, fits[1].model.coefficients) {
        #expect(close(a, b, 1e-12), "\(a) vs \(b)")
    }
    #expect(fits[0].accuracy == fits[1].accuracy)
}

/// A warm-up whose sample holds one class only does not converge and is dropped: the fit is the cold
/// one, bit for bit.
@Test func logisticWarmUpOnASingleClassSampleIsDropped() throws {
    let d = 3
    var rows = randomRows(20_000, d, seed: 8)
    for i in rows.indices where (i / 300) % 8 == 0 { rows[i][d] = 1 }
    let holdout = try Holdout(fraction: 0)
    var fits: [LogisticData.Fit] = []
    for warm in [true, false] {
        let (data, training) = try logisticData(rows, d, holdout)
        fits.append(try data.fit(holdout: holdout, trainingRows: training, featureCount: d, warmStart: warm, segmentRows: 300))
    }
    #expect(fits[0].warmIterations > 0)
    #expect(fits[0].iterations == fits[1].iterations)
    #expect(fits[0].model.intercept.bitPattern == fits[1].model.intercept.bitPattern)
    #expect(fits[0].model.coefficients.map(\.bitPattern) == fits[1].model.coefficients.map(\.bitPattern))
}
