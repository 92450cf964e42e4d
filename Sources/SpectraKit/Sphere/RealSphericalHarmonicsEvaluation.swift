import Foundation

extension RealSphericalHarmonics {
    /// All basis functions at every point: an n x totalCount matrix, column-major (element
    /// (i, j) at j * n + i), degrees in order 0, 1, ..., maxDegree (`columns(degree:)`).
    ///
    /// Points must be unit vectors. Each level is evaluated in solid form (the harmonic of
    /// degree k at y is |y|^k Y(y/|y|), a polynomial), so no coordinate is divided by
    /// sqrt(1 - t^2) and the poles need no special case; a point off the sphere gets
    /// |x|^k Y_kj(x/|x|).
    ///
    /// - Accuracy: every value within a few times k ulps of max |Y_kj| (forward-stable
    ///   recurrences, `AssociatedGegenbauerRecurrence`). Measured against the addition
    ///   theorem: |sum_j Y_kj(x) Y_kj(y) - N(d,k) P_k(<x,y>)| <= 2e-14 N(d,k) to degree 200 on
    ///   S^2 (4e-14 at 1023), 4e-13 N to degree 1000 on S^1, 2e-16 N to degree 13 on S^9;
    ///   exact-quadrature Gram matrices equal I within 4e-14 (degree 200 on S^2).
    /// - Edge cases: points of another dimension than `dimension` give the empty array.
    /// - Cost: about n * totalCount multiplications and stores at the top level, plus the lower
    ///   levels (about d / (K + 1) times that; so d in the thousands with K = 1 is slow); blocks
    ///   of points run in parallel. A large result is dominated by first touching its pages:
    ///   n = 2000 on S^9 to degree 10 (2.3 GB) takes about 1.2 s of CPU, 60% of it in the kernel.
    public func evaluate(_ points: PointSet) -> [Double] {
        guard points.dimension == dimension else { return [] }
        let n = points.count
        let total = totalCount
        let block = blockSize
        let blockCount = (n + block - 1) / block
        // Each block does about total * block multiplications; threads only pay above ~1e6.
        let workers = total * n < 1 << 20 ? 1 : Swift.min(blockCount, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount))
        return [Double](unsafeUninitializedCapacity: n * total) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }   // n * total >= 1 by the invariants
            let shared = SharedHarmonicOutput(base: base)
            let plan = self
            @Sendable func work(_ worker: Int) {
                let scratch = HarmonicBlockScratch(basis: plan, blockSize: block)
                var b = worker
                while b < blockCount {
                    let first = b * block
                    plan.evaluateBlock(points, first: first, count: Swift.min(block, n - first),
                                       into: shared.base, rowStride: n, scratch: scratch)
                    b += workers
                }
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            initialized = n * total
        }
    }

    /// Points per block, 1...64: as many as keep the largest lower-level table within 2^22
    /// Doubles (32 MiB; two per worker). The output is written in runs of a block's points, so
    /// blocks of one point would scatter every store into a different cache line.
    var blockSize: Int {
        let lowerRows = dimension >= 3 ? degreeOffsets[dimension - 3][maxDegree + 1] : 1
        return Swift.max(1, Swift.min(64, (1 << 22) / Swift.max(1, lowerRows)))
    }

    /// Writes the values of every basis function at points first ..< first + count into
    /// output[column * rowStride + first + p].
    func evaluateBlock(_ points: PointSet, first: Int, count b: Int,
                       into output: UnsafeMutablePointer<Double>, rowStride: Int,
                       scratch: HarmonicBlockScratch) {
        let d = dimension, K = maxDegree, stride = scratch.blockSize
        points.coordinates.withUnsafeBufferPointer { x in
            // rho^2 of the first j coordinates, j = 2...d, at rhoSquared[(j - 2) * stride + p].
            for p in 0..<b {
                var sum = 0.0
                for c in 0..<d {
                    let v = x[(first + p) * d + c]
                    sum += v * v
                    if c >= 1 { scratch.rhoSquared[(c - 1) * stride + p] = sum }
                }
            }
            var source = scratch.tableA
            var target = scratch.tableB
            let h = scratch.gegenbauer
            // Level 2 (S^1): 1, sqrt(2) Re z^m, sqrt(2) Im z^m with z = x_1 + i x_2.
            let (base2, stride2) = d == 2 ? (output + first, rowStride) : (source, stride)
            for p in 0..<b { base2[p] = 1 }
            if K >= 1 {
                let c1 = base2 + stride2, s1 = base2 + 2 * stride2
                for p in 0..<b {
                    c1[p] = 2.0.squareRoot() * x[(first + p) * d]
                    s1[p] = 2.0.squareRoot() * x[(first + p) * d + 1]
                }
            }
            if K >= 2 {
                for m in 2...K {
                    let c = base2 + (2 * m - 1) * stride2, s = c + stride2
                    let cp = c - 2 * stride2, sp = s - 2 * stride2
                    for p in 0..<b {
                        let x1 = x[(first + p) * d], x2 = x[(first + p) * d + 1]
                        c[p] = cp[p] * x1 - sp[p] * x2
                        s[p] = sp[p] * x1 + cp[p] * x2
                    }
                }
            }
            guard d >= 3 else { return }
            for j in 3...d {
                let recurrence = recurrences[j - 3]
                let u = j - 1   // the coordinate index of y_j
                let rho2 = scratch.rhoSquared + (j - 2) * stride
                // h^{(m)}_n (m + n <= K) at row hRow(m, n) = m (2K + 3 - m) / 2 + n.
                for m in 0...K {
                    let row0 = h + (m * (2 * K + 3 - m) / 2) * stride
                    let h0 = recurrence.start[m]
                    for p in 0..<b { row0[p] = h0 }
                    guard m < K else { continue }
                    let a0 = recurrence.alpha[recurrence.stepOffsets[m]]
                    let row1 = row0 + stride
                    for p in 0..<b { row1[p] = a0 * x[(first + p) * d + u] * h0 }
                    var n = 1
                    while n < K - m {
                        let s = recurrence.stepOffsets[m] + n
                        let a = recurrence.alpha[s], be = recurrence.beta[s]
                        let next = row0 + (n + 1) * stride, cur = row0 + n * stride, prev = row0 + (n - 1) * stride
                        for p in 0..<b {
                            next[p] = a * x[(first + p) * d + u] * cur[p] - be * rho2[p] * prev[p]
                        }
                        n += 1
                    }
                }
                // Level j from level j - 1: the degree-k, order-m rows are h^{(m)}_{k-m} times
                // the degree-m rows of level j - 1.
                let (dest, destStride) = j == d ? (output + first, rowStride) : (target, stride)
                let lower = degreeOffsets[j - 3]
                var row = 0
                for k in 0...K {
                    for m in 0...k {
                        let factor = h + (m * (2 * K + 3 - m) / 2 + k - m) * stride
                        for r in lower[m]..<lower[m + 1] {
                            let src = source + r * stride
                            let out = dest + row * destStride
                            for p in 0..<b { out[p] = factor[p] * src[p] }
                            row += 1
                        }
                    }
                }
                swap(&source, &target)
            }
        }
    }
}

/// Per-worker work space of `RealSphericalHarmonics.evaluateBlock` (rows x blockSize each).
final class HarmonicBlockScratch {
    let blockSize: Int
    /// Two level tables, used alternately as source and target.
    let tableA: UnsafeMutablePointer<Double>
    let tableB: UnsafeMutablePointer<Double>
    /// h^{(m)}_n for m + n <= K, (K+1)(K+2)/2 rows.
    let gegenbauer: UnsafeMutablePointer<Double>
    /// rho^2 of the first j coordinates, j = 2...d.
    let rhoSquared: UnsafeMutablePointer<Double>

    init(basis: RealSphericalHarmonics, blockSize: Int) {
        self.blockSize = blockSize
        let d = basis.dimension, K = basis.maxDegree
        let lowerRows = d >= 3 ? basis.degreeOffsets[d - 3][K + 1] : 0
        let rows = Swift.max(lowerRows, 2 * K + 1)
        tableA = .allocate(capacity: rows * blockSize)
        tableB = .allocate(capacity: rows * blockSize)
        gegenbauer = .allocate(capacity: (K + 1) * (K + 2) / 2 * blockSize)
        rhoSquared = .allocate(capacity: (d - 1) * blockSize)
    }

    deinit {
        tableA.deallocate()
        tableB.deallocate()
        gegenbauer.deallocate()
        rhoSquared.deallocate()
    }
}

struct SharedHarmonicOutput: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}

extension RealSphericalHarmonics {
    /// sum_j Y_kj(x) Y_kj(y) over the N(d, k) functions of degree k, for k = 0...K and each
    /// pair (x, y), without forming the functions: each is a product of one factor per level,
    /// so the sum over all of them nests level by level,
    ///   S_2(m) = 1 (m = 0), 2 Re(z^m conj(w^m)) (m >= 1),   z = x_1 + i x_2, w = y_1 + i y_2,
    ///   S_j(k) = sum_{m <= k} h^{(j,m)}_{k-m}(x) h^{(j,m)}_{k-m}(y) S_{j-1}(m),
    /// with the same factors as `evaluate`. O(d K^2) work per pair, so it reaches degrees
    /// whose N(d, k) functions are far too many to list (30 on S^9: 8.8e7), which is why it
    /// takes no basis (whose size is capped). By the addition theorem (docs/conventions.md#the-addition-theorem) it equals
    /// N(d, k) P_k(<x, y>) for unit x, y. Empty if d < 2, K < 0, or a point is not of length d.
    static func additionSums(dimension d: Int, maxDegree K: Int, pairs: [([Double], [Double])]) -> [[Double]] {
        guard d >= 2, K >= 0, pairs.allSatisfy({ $0.0.count == d && $0.1.count == d }) else { return [] }
        let recurrences = d >= 3 ? (3...d).map { AssociatedGegenbauerRecurrence(level: $0, maxDegree: K) } : []
        return pairs.map { x, y in
            // Level 2: products of sqrt(2) (Re, Im) z^m and w^m.
            var sums = [Double](repeating: 1, count: K + 1)
            var (zr, zi, wr, wi) = (1.0, 0.0, 1.0, 0.0)
            for m in stride(from: 1, through: K, by: 1) {
                (zr, zi) = (zr * x[0] - zi * x[1], zi * x[0] + zr * x[1])
                (wr, wi) = (wr * y[0] - wi * y[1], wi * y[0] + wr * y[1])
                sums[m] = 2 * (zr * wr + zi * wi)
            }
            var rhoX = x[0] * x[0] + x[1] * x[1], rhoY = y[0] * y[0] + y[1] * y[1]
            for recurrence in recurrences {
                let j = recurrence.level
                rhoX += x[j - 1] * x[j - 1]
                rhoY += y[j - 1] * y[j - 1]
                var next = [Double](repeating: 0, count: K + 1)
                for m in 0...K {
                    let hx = recurrence.values(order: m, u: x[j - 1], rhoSquared: rhoX)
                    let hy = recurrence.values(order: m, u: y[j - 1], rhoSquared: rhoY)
                    for k in m...K { next[k] += hx[k - m] * hy[k - m] * sums[m] }
                }
                sums = next
            }
            return sums
        }
    }
}
