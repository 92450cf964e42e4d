extension GridSpectrum {
    /// Estimated peak bytes of `circle(_:on:)` for N points: the half row of arguments and
    /// values, FFTW's buffers, the eigenvalues and their sorted copy (about 7N Doubles), plus
    /// `GramMemoryPlan.fixedOverheadBytes`. Saturates at Int.max.
    public static func memoryEstimate(circle grid: CircleGrid) -> Int {
        memoryEstimate(circleCount: grid.count)
    }

    /// `memoryEstimate(circle:)` for N points, before the grid exists.
    public static func memoryEstimate(circleCount n: Int) -> Int {
        let (doubles, overflow) = n.multipliedReportingOverflow(by: 7 * 8)
        guard !overflow else { return Int.max }
        let (bytes, sumOverflow) = doubles.addingReportingOverflow(GramMemoryPlan.fixedOverheadBytes)
        return sumOverflow ? Int.max : bytes
    }

    /// The largest N whose `memoryEstimate(circleCount:)` fits in `budget` bytes (0 if none).
    public static func largestCircleCount(budget: Int) -> Int {
        Swift.max(0, (budget - GramMemoryPlan.fixedOverheadBytes) / (7 * 8))
    }

    /// The exact spectrum of K/N on N equispaced points of S^1 (docs/accuracy.md#structured-grids, d = 2).
    ///
    /// K is circulant with first row r_j = kappa(cos(2 pi j / N)), real and even (r_j = r_{N-j}),
    /// so its eigenvalues are the DFT of that row, real:
    ///   lambda_m = (1/N) sum_j kappa(cos(2 pi j / N)) cos(2 pi j m / N),   m = 0 ... floor(N/2),
    /// with eigenvector e^{i m phi}: the degree-m harmonics, modes m and N - m together giving
    /// multiplicity N(2, m) = 2 (mode 0, and mode N/2 for even N, once).
    ///
    /// Relation to the Mercer eigenvalues (kappa(cos th) = sum_{k in Z} mu_|k| e^{ik th}): the
    /// trapezoid rule aliases, exactly, lambda_m = sum_{j in Z} mu_|m + jN|. The error
    /// lambda_m - mu_m is therefore the tail of the mu_k beyond N - m: O(N^{1-p}) for
    /// mu_k ~ k^{-p} at fixed m; zero once N > 2p for a polynomial of degree p.
    ///
    /// Work: floor(N/2) + 1 profile values (one batch call), one real FFT of length N, a sort.
    /// Accuracy: each lambda_m to about log N * 2^-53 * sum_j |r_j| / N (FFTW) plus the
    /// profile's own error. Memory: `memoryEstimate(circle:)`, checked against `memoryBudget`.
    public static func circle(_ profile: any ZonalFunction, on grid: CircleGrid,
                              memoryBudget: Int? = nil) throws(GridSpectrumError) -> GridSpectrum {
        let n = grid.count
        if let budget = memoryBudget {
            let required = memoryEstimate(circle: grid)
            if required > budget {
                throw .insufficientMemory(points: n, requiredBytes: required, budgetBytes: budget,
                                          largestCount: largestCircleCount(budget: budget))
            }
        }
        let arguments = grid.halfRowArguments()
        var row = profile.values(arguments)
        if let bad = row.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteKernelValue(innerProduct: arguments[bad].t, value: row[bad])
        }
        let transform: EvenSequenceCosineTransform
        do { transform = try EvenSequenceCosineTransform(period: n) } catch { throw .fft(error) }
        let atOne = row[0]   // kappa(1): the diagonal of K
        let scale = 1 / Double(n)
        for j in row.indices { row[j] *= scale }
        let modes = transform.transform(row)
        var blocks: [GridModeBlock] = []
        blocks.reserveCapacity(modes.count)
        var all: [Double] = []
        all.reserveCapacity(n)
        for (m, value) in modes.enumerated() {
            let multiplicity = (m == 0 || 2 * m == n) ? 1 : 2
            blocks.append(GridModeBlock(mode: m, parity: 0, multiplicity: multiplicity, eigenvalues: [value]))
            all.append(value)
            if multiplicity == 2 { all.append(value) }
        }
        all.sort(by: >)
        return GridSpectrum(dimension: 2, weighting: .equal,
                            spectrum: EmpiricalSpectrum(eigenvalues: all, meanDiagonal: atOne),
                            blocks: blocks, resolvedDegrees: 0...((n - 1) / 2))
    }
}
