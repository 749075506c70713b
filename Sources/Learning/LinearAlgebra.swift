// Small dense linear algebra for the fits: a streaming QR accumulator, a one-sided Jacobi SVD of
// the small triangular factor, and a Cholesky solve for Newton steps.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Dot product with four independent accumulators (floating-point reductions are not vectorised
/// otherwise). The summation order is fixed, so results are deterministic.
@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var s0 = SIMD4<Double>()
    var s1 = SIMD4<Double>()
    var i = 0
    let ra = UnsafeRawPointer(a)
    let rb = UnsafeRawPointer(b)
    while i + 8 <= n {
        s0 += ra.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            * rb.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
        s1 += ra.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            * rb.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
        i += 8
    }
    var tail = 0.0
    while i < n {
        tail += a[i] * b[i]
        i += 1
    }
    let s = s0 + s1
    return ((s[0] + s[1]) + (s[2] + s[3])) + tail
}

/// The upper-triangular factor R of a tall matrix whose rows arrive one at a time:
/// after any number of rows, RᵀR = AᵀA for the rows A seen so far (R is unique up to row signs).
///
/// Rows are buffered in a column-major block of `blockRows` rows; a full block is merged into R
/// with one Householder reflection per column (the reflection only touches R's diagonal entry and
/// the block's column, so each merge costs about 2·rows·columns² flops, mostly in vectorised
/// loops). Memory: columns² + blockRows·columns doubles, whatever the row count.
final class StreamingQR {
    let columns: Int
    let blockRows: Int
    /// R, row-major, `columns × columns`; below the diagonal stays zero.
    let r: UnsafeMutablePointer<Double>
    /// The pending rows, column-major: element (i, j) at `block[j * blockRows + i]`.
    let block: UnsafeMutablePointer<Double>
    /// Rows waiting in `block`.
    private(set) var pending = 0
    /// Column sums of every row added (Neumaier-compensated), for the means.
    private var sums: [Double]
    private var compensation: [Double]

    init(columns: Int, blockRows: Int = 128) {
        self.columns = columns
        self.blockRows = blockRows
        r = .allocate(capacity: columns * columns)
        r.initialize(repeating: 0, count: columns * columns)
        block = .allocate(capacity: columns * blockRows)
        block.initialize(repeating: 0, count: columns * blockRows)
        sums = Array(repeating: 0, count: columns)
        compensation = Array(repeating: 0, count: columns)
    }

    deinit {
        r.deallocate()
        block.deallocate()
    }

    /// The slot for the next row; fill `columns` values with stride `blockRows`, then `commit()`.
    @inline(__always)
    var nextRow: UnsafeMutablePointer<Double> { block + pending }

    @inline(__always)
    func commit() {
        pending += 1
        if pending == blockRows { merge() }
    }

    /// The exact column sum `j` (compensated), after `flush()`.
    func sum(_ j: Int) -> Double { sums[j] + compensation[j] }

    /// Merges the pending rows into R.
    func flush() {
        if pending > 0 { merge() }
    }

    /// R[i, j].
    @inline(__always)
    func at(_ i: Int, _ j: Int) -> Double { r[i * columns + j] }

    private func merge() {
        let n = pending
        let p = columns
        let b = blockRows
        // Column sums first: the reflections below overwrite the block.
        for j in 0..<p {
            let col = block + j * b
            var s = 0.0
            for i in 0..<n { s += col[i] }
            // Neumaier's compensated summation of the block sums.
            let t = sums[j] + s
            if abs(sums[j]) >= abs(s) {
                compensation[j] += (sums[j] - t) + s
            } else {
                compensation[j] += (s - t) + sums[j]
            }
            sums[j] = t
        }
        for j in 0..<p {
            let aj = block + j * b
            let s = dot(aj, aj, n)
            if s == 0 { continue }
            let rjj = r[j * p + j]
            let norm = (rjj * rjj + s).squareRoot()
            // v = [rjj − alpha; a_j] with alpha = −sign(rjj)·norm, so rjj − alpha never cancels.
            let alpha = rjj >= 0 ? -norm : norm
            let v0 = rjj - alpha
            // 2 / vᵀv, using vᵀv = 2·norm·|v0|.
            let tau = 1 / (norm * abs(v0))
            r[j * p + j] = alpha
            var k = j + 1
            while k < p {
                let ak = block + k * b
                let w = v0 * r[j * p + k] + dot(aj, ak, n)
                let t = tau * w
                r[j * p + k] -= t * v0
                for i in 0..<n { ak[i] -= t * aj[i] }
                k += 1
            }
        }
        pending = 0
    }

    /// ‖R·v‖² for a vector of `columns` values.
    func squaredNorm(times v: [Double]) -> Double {
        let p = columns
        var total = 0.0
        v.withUnsafeBufferPointer { v in
            for i in 0..<p {
                let e = dot(r + i * p + i, v.baseAddress! + i, p - i)
                total += e * e
            }
        }
        return total
    }

    /// Whether every entry of R is finite (false after an overflow).
    var isFinite: Bool {
        for i in 0..<(columns * columns) where !r[i].isFinite { return false }
        return true
    }
}

// MARK: - Singular value decomposition

/// A one-sided Jacobi (Hestenes) SVD of a small square matrix A (n × n): A·V = W with W's columns
/// orthogonal, so A = U·Σ·Vᵀ with σᵢ = ‖wᵢ‖ and uᵢ = wᵢ/σᵢ. Highly accurate, also for graded or
/// nearly singular matrices; costs O(n³) per sweep, a handful of sweeps.
struct JacobiSVD {
    let n: Int
    /// W = A·V, column-major.
    var w: [Double]
    /// V, column-major.
    var v: [Double]
    /// σᵢ² = ‖wᵢ‖².
    var sigmaSquared: [Double]

    /// `a` is column-major n × n.
    init(columnMajor a: [Double], n: Int) {
        self.n = n
        w = a
        v = Array(repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        sigmaSquared = Array(repeating: 0, count: n)
        let eps = Double.ulpOfOne
        w.withUnsafeMutableBufferPointer { wb in
            v.withUnsafeMutableBufferPointer { vb in
                let W = wb.baseAddress!
                let V = vb.baseAddress!
                for _ in 0..<80 {
                    var rotated = false
                    for i in 0..<max(0, n - 1) {
                        for j in (i + 1)..<n {
                            let wi = W + i * n
                            let wj = W + j * n
                            let alpha = dot(wi, wi, n)
                            let beta = dot(wj, wj, n)
                            let gamma = dot(wi, wj, n)
                            if gamma == 0 || abs(gamma) <= eps * (alpha * beta).squareRoot() { continue }
                            rotated = true
                            let zeta = (beta - alpha) / (2 * gamma)
                            let t: Double
                            if abs(zeta) > 1e150 {
                                t = 0.5 / zeta
                            } else {
                                t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                            }
                            let c = 1 / (1 + t * t).squareRoot()
                            let s = c * t
                            for k in 0..<n {
                                let x = wi[k], y = wj[k]
                                wi[k] = c * x - s * y
                                wj[k] = s * x + c * y
                            }
                            let vi = V + i * n
                            let vj = V + j * n
                            for k in 0..<n {
                                let x = vi[k], y = vj[k]
                                vi[k] = c * x - s * y
                                vj[k] = s * x + c * y
                            }
                        }
                    }
                    if !rotated { break }
                }
            }
        }
        for i in 0..<n {
            var s = 0.0
            for k in 0..<n { s += w[i * n + k] * w[i * n + k] }
            sigmaSquared[i] = s
        }
    }

    /// Σᵢ vᵢ·(wᵢᵀz)·fᵢ, where fᵢ is `factor(σᵢ²)` (0 to drop a direction).
    func solve(_ z: [Double], factor: (Double) -> Double) -> [Double] {
        var x = Array(repeating: 0.0, count: n)
        for i in 0..<n {
            let f = factor(sigmaSquared[i])
            if f == 0 { continue }
            var wz = 0.0
            for k in 0..<n { wz += w[i * n + k] * z[k] }
            let coefficient = wz * f
            if coefficient == 0 { continue }
            for k in 0..<n { x[k] += v[i * n + k] * coefficient }
        }
        return x
    }
}

// MARK: - Cholesky

/// Solves H·x = b for a symmetric positive definite H (row-major n × n, upper triangle used).
/// Returns nil when H is not numerically positive definite.
func choleskySolve(_ h: [Double], _ b: [Double], n: Int) -> [Double]? {
    // H = LLᵀ, L lower, stored row-major.
    var l = Array(repeating: 0.0, count: n * n)
    for j in 0..<n {
        var d = h[j * n + j]
        for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
        guard d > 0, d.isFinite else { return nil }
        let ljj = d.squareRoot()
        l[j * n + j] = ljj
        for i in (j + 1)..<max(n, j + 1) {
            var s = h[j * n + i]  // H[i, j] = H[j, i]
            for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
            l[i * n + j] = s / ljj
        }
    }
    var y = b
    for i in 0..<n {
        var s = y[i]
        for k in 0..<i { s -= l[i * n + k] * y[k] }
        y[i] = s / l[i * n + i]
    }
    var x = y
    for i in stride(from: n - 1, through: 0, by: -1) {
        var s = x[i]
        for k in (i + 1)..<max(n, i + 1) { s -= l[k * n + i] * x[k] }
        x[i] = s / l[i * n + i]
    }
    return x
}
