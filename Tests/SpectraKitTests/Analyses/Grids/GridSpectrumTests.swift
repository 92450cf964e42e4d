import Foundation
import Testing
@testable import SpectraKit

/// psi_1(x) = sum_{i>=0} 1/(x+i)^2 (trigamma), x > 0: recurrence up to x >= 30, then the
/// asymptotic series 1/x + 1/(2x^2) + 1/(6x^3) - 1/(30x^5) + 1/(42x^7) - 1/(30x^9) (error < 1e-16).
private func trigamma(_ x: Double) -> Double {
    var x = x, sum = 0.0
    while x < 30 { sum += 1 / (x * x); x += 1 }
    let r = 1 / x, r2 = r * r
    return sum + r * (1 + r * (0.5 + r * (1.0 / 6 + r2 * (-1.0 / 30 + r2 * (1.0 / 42 - r2 / 30)))))
}

/// The aliasing series lambda_m = sum_{j in Z} mu_{|m + jN|} for the arc-cosine kernel of order
/// 0 on S^1 (docs/conventions.md#closed-forms-used-as-tests: mu_0 = 1/2, mu_k = 2/(pi^2 k^2) odd k, 0 even k >= 2), summed exactly:
/// the |k| = |m + jN| form two progressions a + iN (a = m, and a = N - m), and the odd terms of
/// each are again a progression, summed by trigamma: sum_i 1/(a + i s)^2 = psi_1(a/s) / s^2.
private func aliasedArcCosineEigenvalue(mode m: Int, points n: Int) -> Double {
    var total = 0.0
    for start in [m, n - m] {
        var a = start
        if a == 0 { total += 0.5; a = n }   // k = 0 itself (only from the first progression, m = 0)
        if n % 2 == 0 {
            if a % 2 == 1 { total += 2 / (Double.pi * Double.pi) * trigamma(Double(a) / Double(n)) / Double(n * n) }
        } else {
            let odd = a % 2 == 1 ? a : a + n, s = 2 * n
            total += 2 / (Double.pi * Double.pi) * trigamma(Double(odd) / Double(s)) / Double(s * s)
        }
    }
    return total
}

/// mu_k of (1 + t)^p on S^2: with u = (1+t)/2, mu_k = 2^p int_0^1 u^p P~_k(u) du
/// = 2^p (p!)^2 / ((p-k)! (p+k+1)!) for k <= p, 0 beyond (shifted Legendre moments).
private func polynomialEigenvalueOnS2(degree k: Int, power p: Int) -> Double {
    guard k <= p else { return 0 }
    func factorial(_ n: Int) -> Double { (1...Swift.max(n, 1)).reduce(1.0) { $0 * Double($1) } }
    return pow(2, Double(p)) * factorial(p) * factorial(p) / (factorial(p - k) * factorial(p + k + 1))
}

private func kernel(_ spec: String) throws -> any CatalogueKernel { try KernelSpec.parse(spec).kernel }

private func analytic(_ kernel: any CatalogueKernel, dimension d: Int, maxDegree: Int) -> [AnalyticEigenvalue] {
    AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: maxDegree, vanishes: kernel.vanishes(atDegree:)).degrees.map {
        AnalyticEigenvalue(degree: $0.degree, multiplicity: $0.multiplicity.intValue ?? Int.max, eigenvalue: $0.eigenvalue)
    }
}

/// Max over degrees 0...K (mu_k != 0) of |estimate - mu_k| / mu_k.
private func maxRelativeError(_ spectrum: GridSpectrum, _ reference: [AnalyticEigenvalue], upTo top: Int) -> Double {
    spectrum.degreeEstimates(for: reference, maxDegree: top).compactMap { e in
        guard let mu = e.analytic, mu != 0 else { return nil }
        return abs(e.estimate - mu) / abs(mu)
    }.max() ?? .infinity
}

@Suite struct GridSpectrumCircleTests {
    /// lambda_m = sum_j mu_{|m + jN|} exactly (the trapezoid rule's aliasing), for even and odd N.
    @Test func arcCosineEigenvaluesEqualTheAliasedMercerSeries() throws {
        let profile = try kernel("arccos:order=0")
        for n in [1000, 1001, 64] {
            let spectrum = try GridSpectrum.circle(profile, on: CircleGrid(count: n))
            #expect(spectrum.blocks.count == n / 2 + 1)
            let error = spectrum.blocks.map { abs($0.eigenvalues[0] - aliasedArcCosineEigenvalue(mode: $0.mode, points: n)) }.max() ?? 1
            #expect(error < 1e-12, "N = \(n): max |lambda_m - sum_j mu_|m+jN|| = \(error)")
        }
    }

    /// mu_k of (1 + t)^3 on S^1 from cos^6(th/2) = (10 + 15 cos th + 6 cos 2th + cos 3th) / 32:
    /// mu_0 = 5/2, mu_1 = 15/8, mu_2 = 3/4, mu_3 = 1/8 (times 8), multiplicity 2 for k >= 1.
    @Test func cubicKernelGivesTheMercerEigenvaluesExactlyOnceNExceedsSix() throws {
        let profile = try kernel("poly:degree=3,c=1")
        let mu = [2.5, 15.0 / 8, 0.75, 0.125]
        for n in [7, 8, 9, 50] {
            let spectrum = try GridSpectrum.circle(profile, on: CircleGrid(count: n))
            let expected = ([mu[0]] + mu[1...].flatMap { [$0, $0] } + [Double](repeating: 0, count: n - 7)).sorted(by: >)
            let error = zip(spectrum.spectrum.eigenvalues, expected).map { abs($0 - $1) }.max() ?? 1
            #expect(spectrum.count == n)
            #expect(error < 1e-14, "N = \(n): max |lambda - mu| = \(error)")
        }
        // N = 6 aliases degree 3 onto mode 3 = N - 3: lambda_3 = mu_3 + mu_3.
        let aliased = try GridSpectrum.circle(profile, on: CircleGrid(count: 6))
        #expect(abs(aliased.blocks[3].eigenvalues[0] - 0.25) < 1e-14)
    }

    /// lambda_m - mu_m = sum_{j != 0} mu_|m + jN| ~ (2/pi^2)(2/N^2) for odd m << N: the error
    /// of every low degree falls by 4 when N doubles (O(N^-2) absolute; mu_k ~ k^-2).
    @Test func arcCosineDegreeEstimatesConvergeAtRateNToTheMinusTwo() throws {
        let profile = try kernel("arccos:order=0")
        let reference = analytic(profile, dimension: 2, maxDegree: 10)
        var previous: [Double]? = nil
        for n in [1000, 2000, 4000] {
            let estimates = try GridSpectrum.circle(profile, on: CircleGrid(count: n)).degreeEstimates(for: reference, maxDegree: 10)
            #expect(estimates.allSatisfy { $0.multiplicity == ($0.degree == 0 ? 1 : 2) && $0.spread == 0 })
            let errors = estimates.filter { $0.degree % 2 == 1 }.map { abs($0.estimate - $0.analytic!) }
            #expect(errors.allSatisfy { $0 < 5 / Double(n * n) }, "N = \(n): \(errors)")
            if let previous {
                for (e, p) in zip(errors, previous) { #expect(abs(p / e - 4) < 0.05, "ratio \(p / e)") }
            }
            previous = errors
        }
    }

    @Test func traceEqualsProfileAtOneAndMatchesTheDenseGramSpectrum() throws {
        let profile = try kernel("ntk:depth=3,bias_var=0.25")
        let grid = try CircleGrid(count: 150)
        let spectrum = try GridSpectrum.circle(profile, on: grid)
        #expect(abs(spectrum.spectrum.eigenvalueSum - profile.value(at: 1)) < 1e-12 * profile.value(at: 1))
        #expect(spectrum.spectrum.meanDiagonal == profile.value(at: 1))
        let dense = try EmpiricalSpectrum.zonal(profile, on: grid.pointSet())
        let error = zip(spectrum.spectrum.eigenvalues, dense.eigenvalues).map { abs($0 - $1) }.max() ?? 1
        #expect(error < 1e-13 * profile.value(at: 1), "max |FFT - dsyevd| = \(error)")
    }

    @Test func refusesWhatDoesNotFitTheMemoryBudget() throws {
        let profile = try kernel("laplace")
        #expect {
            try GridSpectrum.circle(profile, on: CircleGrid(count: 10_000_000), memoryBudget: 100 << 20)
        } throws: { error in
            guard case let GridSpectrumError.insufficientMemory(points, required, budget, largest)? = error as? GridSpectrumError else { return false }
            return points == 10_000_000 && required > budget && largest < 10_000_000 && largest > 0
                && GridSpectrum.memoryEstimate(circle: try! CircleGrid(count: largest)) <= budget
        }
    }
}

@Suite struct GridSpectrumRingsTests {
    /// The Fourier-block reduction reproduces dsyevd on the dense K/n and W^{1/2} K W^{1/2}
    /// built from the grid's points (odd and even L and M).
    @Test func fourierBlocksReproduceTheDenseSpectrumForBothWeightings() throws {
        let profile = try kernel("ntk:depth=3,bias_var=0.25")
        for (l, m) in [(5, 8), (6, 7), (1, 4), (4, 1)] {
            let grid = try RingGrid(latitudes: l, longitudes: m)
            let points = try grid.pointSet()
            let blocks = try RingGridFourierBlocks(profile, on: grid)
            let equal = try blocks.spectrum(weighting: .equal)
            let dense = try EmpiricalSpectrum.zonal(profile, on: points)
            let errorEqual = zip(equal.spectrum.eigenvalues, dense.eigenvalues).map { abs($0 - $1) }.max() ?? 1
            #expect(equal.count == l * m && errorEqual < 1e-13 * 7.5, "L = \(l), M = \(m): equal weights off by \(errorEqual)")

            let w = grid.pointWeights()
            var weighted = try GramMatrix.zonal(profile, on: points)
            for j in 0..<grid.count { for i in 0...j { weighted[i, j] *= (w[i] * w[j]).squareRoot() } }
            let denseWeighted = try SymmetricEigensolver.eigenvalues(of: weighted)
            let quadrature = try blocks.spectrum(weighting: .quadrature)
            let errorWeighted = zip(quadrature.spectrum.eigenvalues, denseWeighted).map { abs($0 - $1) }.max() ?? 1
            #expect(errorWeighted < 1e-13 * 7.5, "L = \(l), M = \(m): quadrature weights off by \(errorWeighted)")
        }
    }

    /// For (1 + t)^p with L > p and M > 2p the product rule is exact on products of harmonics of
    /// degree <= p, so the weighted spectrum is mu_k with multiplicity 2k + 1, then zeros.
    @Test func polynomialKernelGivesMercerEigenvaluesWithMultiplicityTwoKPlusOne() throws {
        let p = 6
        let profile = try kernel("poly:degree=\(p),c=1")
        for (l, m) in [(p + 1, 2 * p + 1), (10, 20)] {
            let spectrum = try GridSpectrum.rings(profile, on: RingGrid(latitudes: l, longitudes: m), weighting: .quadrature)
            let mu = (0...p).map { polynomialEigenvalueOnS2(degree: $0, power: p) }
            var expected = (0...p).flatMap { [Double](repeating: mu[$0], count: 2 * $0 + 1) }
            expected += [Double](repeating: 0, count: l * m - expected.count)
            expected.sort(by: >)
            let error = zip(spectrum.spectrum.eigenvalues, expected).map { abs($0 - $1) }.max() ?? 1
            #expect(error < 1e-12 * mu[0], "L = \(l), M = \(m): max |lambda - mu| = \(error)")
            let estimates = spectrum.degreeEstimates(maxDegree: p)
            for e in estimates {
                #expect(e.multiplicity == 2 * e.degree + 1)
                #expect(abs(e.estimate - mu[e.degree]) < 1e-12 * mu[0] && e.spread < 1e-12 * mu[0], "k = \(e.degree)")
            }
        }
    }

    @Test func traceEqualsProfileAtOneForBothWeightings() throws {
        let profile = try kernel("ntk:depth=3,bias_var=0.25")
        let blocks = try RingGridFourierBlocks(profile, on: RingGrid(latitudes: 20, longitudes: 40))
        for weighting in GridWeighting.allCases {
            let s = try blocks.spectrum(weighting: weighting).spectrum
            #expect(abs(s.eigenvalueSum - 7.5) < 1e-12 * 7.5 && abs(s.meanDiagonal - 7.5) < 1e-14 * 7.5, "\(weighting): \(s.eigenvalueSum)")
        }
    }

    /// Per-degree estimates of the NTK (mu_k ~ k^-3) for k <= 10 as L doubles (M = 2L), max
    /// relative error against Funk-Hecke: Gauss-Legendre rings with quadrature weights converge
    /// like L^-3 (the first aliased harmonics have degree ~2L, mu_{2L} ~ L^-3); equal-area rings
    /// with equal weights (K/n, a uniform design) about like L^-2.5; Gauss-Legendre rings with
    /// equal weights do not converge to mu_k at all (design density ~ 1/sin(theta): ~5% bias).
    @Test func ntkDegreeEstimatesConvergeToTheAnalyticEigenvalues() throws {
        let profile = try kernel("ntk:depth=3,bias_var=0.25")
        let reference = analytic(profile, dimension: 3, maxDegree: 160)
        func errors(_ rule: RingLatitudes, _ weighting: GridWeighting) throws -> [Double] {
            try [16, 32, 64].map { l in
                let grid = try RingGrid(latitudes: l, longitudes: 2 * l, rule: rule)
                return maxRelativeError(try GridSpectrum.rings(profile, on: grid, weighting: weighting), reference, upTo: 10)
            }
        }
        let gauss = try errors(.gaussLegendre, .quadrature)
        #expect(gauss[0] / gauss[1] > 6 && gauss[1] / gauss[2] > 6 && gauss[2] < 5e-3, "Gauss-Legendre, quadrature: \(gauss)")
        let equalArea = try errors(.equalArea, .equal)
        #expect(equalArea[0] / equalArea[1] > 4 && equalArea[1] / equalArea[2] > 4 && equalArea[2] < 1e-2, "equal-area, K/n: \(equalArea)")
        let biased = try errors(.gaussLegendre, .equal)
        #expect(biased[2] > 0.03, "Gauss-Legendre, K/n: \(biased)")
    }

    /// On equal-area rings the equal weights are the rule's weights: both spectra coincide.
    @Test func equalAreaRingsHaveTheSameSpectrumForBothWeightings() throws {
        let profile = try kernel("laplace")
        let blocks = try RingGridFourierBlocks(profile, on: RingGrid(latitudes: 9, longitudes: 16, rule: .equalArea))
        let equal = try blocks.spectrum(weighting: .equal).spectrum.eigenvalues
        let quadrature = try blocks.spectrum(weighting: .quadrature).spectrum.eigenvalues
        #expect(zip(equal, quadrature).allSatisfy { abs($0 - $1) < 1e-15 })
    }

    @Test func refusesWhatDoesNotFitTheMemoryBudget() throws {
        let profile = try kernel("laplace")
        let grid = try RingGrid(approximateCount: 2_000_000)
        #expect {
            try GridSpectrum.rings(profile, on: grid, weighting: .quadrature, memoryBudget: 256 << 20)
        } throws: { error in
            guard case let GridSpectrumError.insufficientMemory(points, required, budget, largest)? = error as? GridSpectrumError else { return false }
            let l = Int((Double(largest) / 2).squareRoot().rounded())
            return points == grid.count && required > budget && largest > 0 && largest < points
                && RingGridFourierBlocks.memoryEstimate(latitudes: l, longitudes: 2 * l) <= budget
                && RingGridFourierBlocks.memoryEstimate(latitudes: l + 1, longitudes: 2 * l + 2) > budget
        }
    }
}

@Suite struct GridPlanTests {
    @Test func planChoosesTheGridAndRefusesOtherDimensions() throws {
        #expect(try GridPlan(dimension: 2, approximateCount: 1000).count == 1000)
        let rings = try GridPlan(dimension: 3, approximateCount: 200_000)
        #expect(rings.count == 199_712 && rings.memoryEstimate < 1 << 30)
        #expect(throws: GridSpectrumError.unsupportedDimension(4)) { try GridPlan(dimension: 4, approximateCount: 100) }
        #expect(throws: GridSpectrumError.grid(.invalidSize(what: "number of points on the circle", value: 0, minimum: 1))) {
            try GridPlan(dimension: 2, approximateCount: 0)
        }
    }

    /// The grouping handed to the gram method's reports carries the Fourier-mode estimates and
    /// blocks of N(d,k) consecutive indices in analytic order, covering the resolved degrees.
    @Test func degreeGroupingHasModeEstimatesAndConsecutiveBlocks() throws {
        let profile = try kernel("ntk:depth=3,bias_var=0.25")
        let spectrum = try GridPlan(dimension: 3, approximateCount: 800).spectrum(of: profile, weighting: .quadrature)
        let reference = analytic(profile, dimension: 3, maxDegree: 60)
        let grouping = spectrum.degreeGrouping(for: reference)
        let direct = spectrum.degreeEstimates(for: reference)
        #expect(grouping.estimates.count == spectrum.resolvedDegrees.count)
        var next = 0
        for e in grouping.estimates {
            #expect(e.block.lowerBound == next && e.isComplete && e.multiplicity == 2 * e.degree + 1)
            #expect(e.estimate == direct[e.degree].estimate)
            next = e.block.upperBound
        }
        #expect(grouping.unassigned == next..<spectrum.count)
    }
}
