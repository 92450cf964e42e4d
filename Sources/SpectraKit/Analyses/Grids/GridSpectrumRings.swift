import Foundation

/// The Fourier blocks of a zonal kernel's matrix on a ring grid of S^2: the
/// expensive stage of `GridSpectrum.rings`, computed once and solved for either weighting.
///
/// K is block-circulant in the longitude index (docs/accuracy.md#structured-grids, d = 3):
///   K_{(a,b),(a',b')} = kappa(t_a t_a' + s_a s_a' cos(2 pi (b - b') / M)) = f_{aa'}(b - b'),
/// f_{aa'}(c) even in c, so the DFT along the rings turns it into one real symmetric L x L
/// block per Fourier mode m = 0 ... floor(M/2):
///   B_m[a, a'] = sum_{c=0}^{M-1} f_{aa'}(c) cos(2 pi c m / M),
/// whose eigenvalues (modes m and M - m alike) make up the eigenvalues of K.
/// The nodes are symmetric (t_{L-1-a} = -t_a), so B_m commutes with the flip J: a -> L-1-a and
/// splits into the even block E_m = B[a,a'] + B[a,Ja'] and the odd block O_m = B[a,a'] -
/// B[a,Ja'] on a, a' < L/2 (for odd L the middle ring joins the even block, entries
/// sqrt(2) B[a, mid] and B[mid, mid]). Even blocks hold the degrees k with k + m even,
/// odd blocks those with k + m odd (P_k^m(-t) = (-1)^{k+m} P_k^m(t)).
///
/// Work: about L^2/4 * (floor(M/2) + 1) profile values (both symmetries used), L^2/4 real FFTs
/// of length M. Memory: the blocks, (floor(M/2) + 1) * L^2 / 2 Doubles.
public struct RingGridFourierBlocks: Sendable {
    public let grid: RingGrid
    /// kappa(1).
    public let profileAtOne: Double
    /// Order of the even blocks (ceil(L/2)) and odd blocks (floor(L/2)).
    public let evenOrder: Int
    public let oddOrder: Int
    /// floor(M/2) + 1 modes; block m of each parity at offset m * order^2, column-major, upper
    /// triangle authoritative, unweighted (entries of the transformed K itself).
    let even: [Double]
    let odd: [Double]

    public var modeCount: Int { grid.longitudes / 2 + 1 }

    /// Estimated peak bytes for a grid: the blocks, one ring's batch of profile arguments and
    /// values, the eigenvalues and their sorted copy, one block copy for the solver, plus
    /// `GramMemoryPlan.fixedOverheadBytes`. Saturates at Int.max.
    public static func memoryEstimate(latitudes l: Int, longitudes m: Int) -> Int {
        let modes = Double(m / 2 + 1), he = Double((l + 1) / 2), ho = Double(l / 2), n = Double(l) * Double(m)
        let doubles = modes * (he * he + ho * ho) + 5 * Double(l + 1) * modes + 3 * n + 2 * he * he + 2 * Double(m)
        let bytes = 8 * doubles + Double(GramMemoryPlan.fixedOverheadBytes)
        return bytes >= Double(Int.max) ? Int.max : Int(bytes)
    }

    /// The largest point count 2 L^2 (grids with M = 2L, `RingGrid(approximateCount:)`)
    /// whose estimate fits in `budget` bytes (0 if none).
    public static func largestCount(budget: Int) -> Int {
        var low = 0, high = 1
        while memoryEstimate(latitudes: high, longitudes: 2 * high) <= budget && high < (1 << 24) { low = high; high *= 2 }
        while high - low > 1 {
            let mid = (low + high) / 2
            if memoryEstimate(latitudes: mid, longitudes: 2 * mid) <= budget { low = mid } else { high = mid }
        }
        return 2 * low * low
    }

    /// Evaluates the profile on the grid's pairs and transforms along the rings.
    /// Throws `insufficientMemory` (when `memoryBudget` is given and exceeded), `fft` errors,
    /// and `nonFiniteKernelValue` for the first NaN or infinite kappa.
    public init(_ profile: any ZonalFunction, on grid: RingGrid, memoryBudget: Int? = nil) throws(GridSpectrumError) {
        let l = grid.latitudes, m = grid.longitudes
        if let budget = memoryBudget {
            let required = Self.memoryEstimate(latitudes: l, longitudes: m)
            if required > budget {
                throw .insufficientMemory(points: grid.count, requiredBytes: required, budgetBytes: budget,
                                          largestCount: Self.largestCount(budget: budget))
            }
        }
        self.grid = grid
        let diagonal = CosineArgument<Double>(t: 1, oneMinusT: 0, onePlusT: 2)
        profileAtOne = profile.values([diagonal])[0]
        guard profileAtOne.isFinite else { throw .nonFiniteKernelValue(innerProduct: 1, value: profileAtOne) }
        let h = l / 2, he = (l + 1) / 2, hl = m / 2 + 1
        evenOrder = he
        oddOrder = h
        var even = [Double](repeating: 0, count: hl * he * he)
        var odd = [Double](repeating: 0, count: hl * h * h)
        let transform: EvenSequenceCosineTransform
        do { transform = try EvenSequenceCosineTransform(period: m) } catch { throw .fft(error) }
        // sin^2(pi c / M), cos^2(pi c / M): the longitude half-angle terms, c = 0 ... floor(M/2).
        let sinSquared = (0..<hl).map { c in let s = sin(Double.pi * Double(c) / Double(m)); return s * s }
        let cosSquared = (0..<hl).map { c in let s = cos(Double.pi * Double(c) / Double(m)); return s * s }
        let theta = grid.polarAngles, sines = grid.sines
        let middle: Int? = l % 2 == 1 ? h : nil

        // The pair (a, b) of rings, as `partner` (b itself or a mirrored ring) to row a.
        var arguments: [CosineArgument<Double>] = []
        arguments.reserveCapacity((2 * h + 1) * hl)
        func appendSequence(_ a: Int, _ b: Int) {
            // docs/conventions.md on the sphere: 1 - t = 2 sin^2((th_a - th_b)/2) + 2 s_a s_b sin^2(dphi/2),
            // 1 + t = 2 cos^2((th_a + th_b)/2) + 2 s_a s_b cos^2(dphi/2), both sums of nonnegative terms.
            let minusBase = 2 * pow(sin(0.5 * (theta[a] - theta[b])), 2)
            let plusBase = 2 * pow(cos(0.5 * (theta[a] + theta[b])), 2)
            let product = 2 * sines[a] * sines[b]
            for c in 0..<hl {
                let oneMinusT = Swift.min(minusBase + product * sinSquared[c], 2)
                let onePlusT = Swift.min(plusBase + product * cosSquared[c], 2)
                let t = oneMinusT < onePlusT ? 1 - oneMinusT : onePlusT - 1
                arguments.append(CosineArgument(t: Swift.min(Swift.max(t, -1), 1), oneMinusT: oneMinusT, onePlusT: onePlusT))
            }
        }
        var half = [Double](repeating: 0, count: hl)
        var modes = [Double](repeating: 0, count: hl)
        func transformed(_ fill: (Int) -> Double) -> [Double] {
            for c in 0..<hl { half[c] = fill(c) }
            half.withUnsafeBufferPointer { x in modes.withUnsafeMutableBufferPointer { transform.transform(half: x, into: $0) } }
            return modes
        }
        for a in 0..<he {
            arguments.removeAll(keepingCapacity: true)
            if a < h {
                for b in a..<h {
                    appendSequence(a, b)           // same hemisphere: B[a, b]
                    appendSequence(a, l - 1 - b)   // mirrored: B[a, Jb]
                }
                if let mid = middle { appendSequence(a, mid) }
            } else {
                appendSequence(a, a)               // the middle ring with itself
            }
            let values = profile.values(arguments)
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw .nonFiniteKernelValue(innerProduct: arguments[bad].t, value: values[bad])
            }
            if a < h {
                for (i, b) in (a..<h).enumerated() {
                    let same = 2 * i * hl, mirrored = same + hl
                    let sum = transformed { values[same + $0] + values[mirrored + $0] }
                    for k in 0..<hl { even[k * he * he + a + b * he] = sum[k] }
                    let difference = transformed { values[same + $0] - values[mirrored + $0] }
                    for k in 0..<hl { odd[k * h * h + a + b * h] = difference[k] }
                }
                if let mid = middle {
                    let offset = 2 * (h - a) * hl
                    let column = transformed { values[offset + $0] }
                    for k in 0..<hl { even[k * he * he + a + mid * he] = 2.0.squareRoot() * column[k] }
                }
            } else {
                let column = transformed { values[$0] }
                for k in 0..<hl { even[k * he * he + a + a * he] = column[k] }
            }
        }
        self.even = even
        self.odd = odd
    }

    /// The spectrum for a weighting: block entries scaled by D_a D_a' with D_a = 1/sqrt(n)
    /// (`equal`, eigenvalues of K/n) or sqrt(w_a / M) (`quadrature`, W^{1/2} K W^{1/2}), each
    /// block solved by dsyevd. Work: (floor(M/2) + 1) * 2 eigenproblems of order about L/2.
    public func spectrum(weighting: GridWeighting) throws(GridSpectrumError) -> GridSpectrum {
        let l = grid.latitudes, m = grid.longitudes, hl = modeCount
        let n = Double(grid.count)
        let scales: [Double] = (0..<evenOrder).map { a in
            weighting == .equal ? 1 / n.squareRoot() : (grid.ringWeights[a] / Double(m)).squareRoot()
        }
        var blocks: [GridModeBlock] = []
        var all: [Double] = []
        all.reserveCapacity(grid.count)
        for k in 0..<hl {
            let multiplicity = (k == 0 || 2 * k == m) ? 1 : 2
            for (parity, order, storage) in [(0, evenOrder, even), (1, oddOrder, odd)] where order > 0 {
                var entries = Array(storage[(k * order * order)..<((k + 1) * order * order)])
                for j in 0..<order {
                    for i in 0...j { entries[i + j * order] *= scales[i] * scales[j] }
                }
                var matrix: SymmetricMatrix
                let values: [Double]
                do {
                    matrix = try SymmetricMatrix(order: order, columnMajor: entries)
                    values = try SymmetricEigensolver.eigenvalues(overwriting: &matrix)
                } catch { throw .linearAlgebra(error) }
                blocks.append(GridModeBlock(mode: k, parity: parity, multiplicity: multiplicity, eigenvalues: values))
                all.append(contentsOf: values)
                if multiplicity == 2 { all.append(contentsOf: values) }
            }
        }
        all.sort(by: >)
        let trace = weighting == .equal ? profileAtOne : profileAtOne * compensatedSum(grid.ringWeights)
        return GridSpectrum(dimension: 3, weighting: weighting, spectrum: EmpiricalSpectrum(eigenvalues: all, meanDiagonal: trace),
                            blocks: blocks, resolvedDegrees: 0...Swift.min(l - 1, (m - 1) / 2))
    }
}

extension GridSpectrum {
    /// The exact spectrum of a zonal kernel on a ring grid of S^2 (see
    /// `RingGridFourierBlocks` for the reduction): all n = L M eigenvalues of K/n (`equal`) or
    /// of the quadrature-weighted operator (`quadrature`), in seconds for n ~ 2 x 10^5.
    ///
    /// Convergence to the Mercer eigenvalues (measured for ntk:depth=3,bias_var=0.25, mu_k ~ k^-3,
    /// degrees k <= 10, M = 2L):
    /// - Gauss-Legendre rings, `quadrature`: exact for polynomial profiles of degree p < L with
    ///   M > 2p; otherwise the first aliased harmonics have degree about 2L, so the error is of
    ///   the order of mu_{2L} (L^-3 here: 2.5e-1, 2.8e-2, 3.5e-3, 4.4e-4 at L = 16, 32, 64, 128).
    /// - Equal-area rings (either weighting: they coincide): K/n of a uniform design, about
    ///   L^-2.5 here (the midpoint rule in t meets the sqrt(1 - t) singularity).
    /// - Gauss-Legendre rings, `equal`: K/n of a design with density ~ 1/sin(theta); it converges
    ///   to that weighted operator's eigenvalues, not to the mu_k (about 5% off at every L).
    public static func rings(_ profile: any ZonalFunction, on grid: RingGrid, weighting: GridWeighting,
                             memoryBudget: Int? = nil) throws(GridSpectrumError) -> GridSpectrum {
        try RingGridFourierBlocks(profile, on: grid, memoryBudget: memoryBudget).spectrum(weighting: weighting)
    }
}
