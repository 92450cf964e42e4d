import Foundation
import Testing
@testable import SpectraKit

/// kappa(t) = (1 + t)^2 / 4 = 1/3 + P_1/2 + P_2/6 on S^2 (t^2 = (2 P_2 + 1)/3), so by
/// kappa = sum_k mu_k N(3,k) P_k: mu_0 = 1/3, mu_1 = 1/6, mu_2 = 1/30, mu_k = 0 for k > 2.
/// In any d, K has rank sum_{k<=2} N(d,k) = 1 + d + (d(d+1)/2 - 1).
private struct QuadraticProfile: ZonalFunction {
    func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R { x.onePlusT * x.onePlusT * 0.25 }
}

/// The Gaussian kappa(t) = exp(-c (2 - 2t)) with the closed form of docs/conventions.md#closed-forms-used-as-tests
/// mu_k = e^{-2c} Gamma(d/2) (1/c)^{d/2-1} I_{k+d/2-1}(2c).
private struct GaussianProfile: ZonalFunction {
    let c: Double
    func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R { R.exp(x.oneMinusT * (-2 * c)) }

    /// mu_k from the power series I_nu(z) = sum_m (z/2)^{2m+nu} / (m! Gamma(m+nu+1)).
    func mercerEigenvalue(degree k: Int, dimension d: Int) -> Double {
        let nu = Double(k) + Double(d) / 2 - 1, half = c
        var bessel = 0.0
        for m in 0..<60 {
            bessel += exp((2 * Double(m) + nu) * log(half) - lgamma(Double(m) + 1) - lgamma(Double(m) + nu + 1))
        }
        return exp(-2 * c) * tgamma(Double(d) / 2) * pow(1 / c, Double(d) / 2 - 1) * bessel
    }
}

/// A Laplace-like profile, exp(-sqrt(2 (1 - t))), singular at t = 1.
private struct LaplaceProfile: ZonalFunction {
    func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R { R.exp(-R.sqrt(x.oneMinusT * 2)) }
}

private struct NaNProfile: ZonalFunction {
    func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R { x.t < R(-0.5) ? R.sqrt(R(-1)) : x.t }
}

/// N(d,k) of docs/conventions.md#spherical-harmonics-and-multiplicities for small arguments.
private func multiplicity(_ d: Int, _ k: Int) -> Int {
    if k == 0 { return 1 }
    var binomial = 1.0   // C(k+d-3, k-1)
    for i in 0..<(k - 1) { binomial = binomial * Double(d - 1 + i) / Double(i + 1) }
    return Int((Double(2 * k + d - 2) / Double(k) * binomial).rounded())
}

@Suite struct EmpiricalSpectrumTests {
    @Test func quadraticKernelHasRankOfItsHarmonicDegrees() throws {
        for d in [3, 5] {
            let points = try PointSet.uniformOnSphere(count: 300, dimension: d, seed: 17)
            let spectrum = try EmpiricalSpectrum.zonal(QuadraticProfile(), on: points)
            let rank = 1 + d + (d * (d + 1) / 2 - 1)
            #expect(rank == (0...2).map { multiplicity(d, $0) }.reduce(0, +))
            #expect(spectrum.eigenvalues[rank - 1] > 1e-3, "d = \(d): lambda_rank = \(spectrum.eigenvalues[rank - 1])")
            let tail = spectrum.eigenvalues[rank...].map(abs).max() ?? 0
            #expect(tail < 1e-14, "d = \(d): beyond the rank, |lambda| <= \(tail)")
        }
    }

    @Test func traceIdentityHoldsToRounding() throws {
        let points = try PointSet.uniformOnSphere(count: 400, dimension: 3, seed: 8)
        for profile in [QuadraticProfile() as any ZonalFunction, GaussianProfile(c: 1), LaplaceProfile()] {
            let spectrum = try EmpiricalSpectrum.zonal(profile, on: points)
            #expect(abs(spectrum.meanDiagonal - profile.value(at: 1)) < 1e-14)
            #expect(spectrum.traceResidual < 1e-12, "residual \(spectrum.traceResidual)")
            #expect(zip(spectrum.eigenvalues, spectrum.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
        }
    }

    /// Hoffman-Wielandt on the empirical covariance operator: sum_i (lambda_i - mu_(i))^2 <=
    /// ||Sigma_n - Sigma||_HS^2, with E||Sigma_n - Sigma||_HS^2 <= kappa(1)^2 / n. A block of
    /// N(d,k) eigenvalues therefore has mean error <= ||.||_HS / sqrt(N(d,k)); we allow three
    /// times its expected size: |estimate - mu_k| <= 3 kappa(1) / sqrt(n N(d,k)).
    @Test func gaussianDegreeEstimatesConvergeAtTheSquareRootRate() throws {
        let profile = GaussianProfile(c: 1), d = 3
        let analytic = (0...30).map {
            AnalyticEigenvalue(degree: $0, multiplicity: multiplicity(d, $0), eigenvalue: profile.mercerEigenvalue(degree: $0, dimension: d))
        }
        // The closed form itself: kappa(1) = sum_k N(d,k) mu_k = 1.
        #expect(abs(analytic.reduce(0) { $0 + Double($1.multiplicity) * $1.eigenvalue } - 1) < 1e-14)
        var previousWorst = Double.infinity
        for n in [250, 1000] {
            let points = try PointSet.uniformOnSphere(count: n, dimension: d, seed: 1)
            let grouping = try EmpiricalSpectrum.zonal(profile, on: points).degreeEstimates(for: analytic)
            var worst = 0.0
            for e in grouping.estimates.prefix(4) {
                let error = abs(e.estimate - e.analytic)
                #expect(error <= 3 / (Double(n) * Double(e.multiplicity)).squareRoot(), "n = \(n), k = \(e.degree): error \(error)")
                worst = max(worst, error * (Double(e.multiplicity)).squareRoot())
            }
            #expect(worst < previousWorst)
            previousWorst = worst
        }
    }

    @Test func quadraticDegreeEstimatesConverge() throws {
        let analytic = [AnalyticEigenvalue(degree: 0, multiplicity: 1, eigenvalue: 1.0 / 3),
                        AnalyticEigenvalue(degree: 1, multiplicity: 3, eigenvalue: 1.0 / 6),
                        AnalyticEigenvalue(degree: 2, multiplicity: 5, eigenvalue: 1.0 / 30),
                        AnalyticEigenvalue(degree: 3, multiplicity: 7, eigenvalue: 0)]
        for n in [200, 800] {
            let points = try PointSet.uniformOnSphere(count: n, dimension: 3, seed: 4)
            let grouping = try EmpiricalSpectrum.zonal(QuadraticProfile(), on: points).degreeEstimates(for: analytic)
            for e in grouping.estimates {
                #expect(abs(e.estimate - e.analytic) <= 3 / (Double(n) * Double(e.multiplicity)).squareRoot())
            }
            #expect(abs(grouping.estimates[3].estimate) < 1e-15)   // mu_3 = 0: rounding noise only
        }
    }

    @Test func sameSeedGivesTheSameSpectrum() throws {
        let a = try EmpiricalSpectrum.zonal(LaplaceProfile(), on: try PointSet.uniformOnSphere(count: 200, dimension: 4, seed: 21))
        let b = try EmpiricalSpectrum.zonal(LaplaceProfile(), on: try PointSet.uniformOnSphere(count: 200, dimension: 4, seed: 21))
        #expect(a.eigenvalues.map(\.bitPattern) == b.eigenvalues.map(\.bitPattern))
    }

    @Test func generalKernelAgreesWithZonalOnTheSphereAndWithANaiveGramOffIt() throws {
        let sphere = try PointSet.uniformOnSphere(count: 150, dimension: 3, seed: 2)
        let zonal = try EmpiricalSpectrum.zonal(GaussianProfile(c: 1), on: sphere)
        let general = try EmpiricalSpectrum.general(on: sphere) { _, _, dot in exp(-2 * (1 - min(max(dot, -1), 1))) }
        #expect(zip(zonal.eigenvalues, general.eigenvalues).allSatisfy { abs($0 - $1) < 1e-13 })

        // Off the sphere: the Euclidean Gaussian exp(-||x - y||^2) = exp(-(|x|^2 + |y|^2 - 2 <x,y>)).
        let rows = (0..<60).map { i in [sin(Double(i)), 2 * cos(Double(3 * i)), 0.1 * Double(i)] }
        let points = try PointSet(rows: rows)
        let spectrum = try EmpiricalSpectrum.general(on: points) { xx, yy, xy in exp(-(xx + yy - 2 * xy)) }
        func squaredDistance(_ i: Int, _ j: Int) -> Double {
            var sum = 0.0
            for c in 0..<3 { sum += (rows[i][c] - rows[j][c]) * (rows[i][c] - rows[j][c]) }
            return sum
        }
        let naive = SymmetricMatrix(order: 60) { i, j in exp(-squaredDistance(i, j)) / 60 }
        let reference = try naive.eigenvalues()
        #expect(zip(spectrum.eigenvalues, reference).allSatisfy { abs($0 - $1) < 1e-13 })
        #expect(abs(spectrum.meanDiagonal - 1) < 1e-15 && spectrum.traceResidual < 1e-13)
    }

    @Test func duplicatePointsGiveKappaOfOneExactly() throws {
        let x = try PointSet.uniformOnSphere(count: 3, dimension: 5, seed: 3)
        let opposite = x[point: 1].map { -$0 }
        let points = try PointSet(rows: [x[point: 0], x[point: 1], x[point: 0], opposite])
        let interpolant = try #require(ZonalInterpolant(LaplaceProfile()))
        for evaluation in [GramProfileEvaluation.direct, .interpolated(interpolant)] {
            let k = try GramMatrix.zonal(LaplaceProfile(), on: points, evaluation: evaluation)
            #expect(k[0, 2] == 1 && k[0, 0] == 1)                 // kappa(1), no sqrt(ulp) error
            #expect(k[1, 3] == exp(-2))                           // kappa(-1) = exp(-sqrt(4))
        }
    }

    @Test func groupingFollowsTheAnalyticOrderAndStopsAtN() throws {
        // Degrees out of order: mu_2 > mu_1. Blocks: degree 0 -> [0,1), 2 -> [1,6), 1 -> [6,9).
        let spectrum = EmpiricalSpectrum(eigenvalues: [0.5, 0.31, 0.3, 0.3, 0.29, 0.3, 0.1, 0.1, 0.1, 0.01], meanDiagonal: 2.31)
        let analytic = [AnalyticEigenvalue(degree: 0, multiplicity: 1, eigenvalue: 0.5),
                        AnalyticEigenvalue(degree: 1, multiplicity: 3, eigenvalue: 0.1),
                        AnalyticEigenvalue(degree: 2, multiplicity: 5, eigenvalue: 0.3)]
        let g = try spectrum.degreeEstimates(for: analytic)
        #expect(g.estimates.map(\.degree) == [0, 2, 1])
        #expect(g.estimates.map(\.block) == [0..<1, 1..<6, 6..<9])
        #expect(abs(g.estimates[1].estimate - 0.3) < 1e-15)
        #expect(g.estimates.allSatisfy(\.isComplete) && g.unassigned == 9..<10)

        // n ends inside a block; a huge multiplicity neither overflows nor traps.
        let short = EmpiricalSpectrum(eigenvalues: [0.5, 0.3, 0.3], meanDiagonal: 1.1)
        let h = try short.degreeEstimates(for: analytic + [AnalyticEigenvalue(degree: 9, multiplicity: Int.max, eigenvalue: 1e-9)])
        #expect(h.estimates.map(\.block) == [0..<1, 1..<3] && !h.estimates[1].isComplete && h.unassigned.isEmpty)
        let huge = try short.degreeEstimates(for: [AnalyticEigenvalue(degree: 0, multiplicity: Int.max, eigenvalue: 1)])
        #expect(huge.estimates.map(\.block) == [0..<3])

        #expect(throws: EmpiricalSpectrumError.invalidMultiplicity(degree: 4, multiplicity: 0)) {
            _ = try short.degreeEstimates(for: [AnalyticEigenvalue(degree: 4, multiplicity: 0, eigenvalue: 1)])
        }
        #expect(throws: EmpiricalSpectrumError.unorderedAnalyticEigenvalue(degree: 1)) {
            _ = try short.degreeEstimates(for: [AnalyticEigenvalue(degree: 1, multiplicity: 3, eigenvalue: .nan)])
        }
    }

    @Test func badInputIsRefusedWithAReason() throws {
        let offSphere = try PointSet.parse("1,0\n0.5,0.5\n")
        #expect(throws: EmpiricalSpectrumError.points(.offSphere(PointLocation(point: 1, line: 2), norm: offSphere.norm(ofPoint: 1), tolerance: 1e-6))) {
            _ = try EmpiricalSpectrum.zonal(QuadraticProfile(), on: offSphere)
        }
        let points = try PointSet.uniformOnSphere(count: 50, dimension: 3, seed: 1)
        do {
            _ = try EmpiricalSpectrum.zonal(NaNProfile(), on: points)
            Issue.record("expected a refusal")
        } catch {
            guard case .nonFiniteKernelValue(_, _, let t, let value) = error else { Issue.record("\(error)"); return }
            #expect(t < -0.5 && value.isNaN)
        }
        // Refused before allocating: a budget that cannot hold even the fixed overhead.
        do {
            _ = try EmpiricalSpectrum.zonal(QuadraticProfile(), on: points, memoryBudget: 1 << 20, origin: .dataRows)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("the data has 50 points"))
        }
    }

    @Test func topEigenvaluesAreTheTopOfTheFullSpectrum() throws {
        let kernel = try KernelSpec.parse("ntk:depth=3").kernel
        let points = try PointSet.uniformOnSphere(count: 400, dimension: 4, seed: 12)
        let full = try EmpiricalSpectrum.zonal(kernel, on: points)
        for vectors in [false, true] {
            let top = try EmpiricalSpectrum.zonal(kernel, on: points, top: 37, eigenvectors: vectors)
            #expect(top.eigenvalues.count == 37 && top.count == 400 && !top.isComplete)
            #expect((top.eigenvectors?.columns ?? 0) == (vectors ? 37 : 0))
            let worst = zip(top.eigenvalues, full.eigenvalues).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1e-14 * full.eigenvalues[0], "vectors \(vectors): \(worst)")
            #expect(top.traceResidual <= full.eigenvalues[37...].reduce(0, +) + 1e-12)
        }
        #expect(full.isComplete && full.interpolationError != nil)
    }

    /// (K/n) v = lambda v and V^T V = I, for all pairs (dsyevd) and for the top m (dsyevr).
    @Test func eigenvectorsSolveTheEigenproblemAndAreOrthonormal() throws {
        let kernel = try KernelSpec.parse("laplace").kernel
        let points = try PointSet.uniformOnSphere(count: 350, dimension: 3, seed: 3)
        let n = points.count
        let k = try GramMatrix.zonal(kernel, on: points, scale: 1 / Double(n))
        for top in [nil, 25] as [Int?] {
            let spectrum = try EmpiricalSpectrum.zonal(kernel, on: points, top: top, eigenvectors: true)
            let v = try #require(spectrum.eigenvectors)
            #expect(v.rows == n && v.columns == (top ?? n))
            var residual = 0.0, orthogonality = 0.0
            for c in stride(from: 0, to: v.columns, by: max(1, v.columns / 25)) {
                let column = v.column(c)
                for i in 0..<n {
                    var kv = 0.0
                    for j in 0..<n { kv += k[i, j] * column[j] }
                    residual = max(residual, abs(kv - spectrum.eigenvalues[c] * column[i]))
                }
                for c2 in stride(from: 0, to: v.columns, by: max(1, v.columns / 25)) {
                    let dot = zip(column, v.column(c2)).reduce(0) { $0 + $1.0 * $1.1 }
                    orthogonality = max(orthogonality, abs(dot - (c == c2 ? 1 : 0)))
                }
            }
            #expect(residual <= 1e-13 * spectrum.eigenvalues[0], "top \(String(describing: top)): residual \(residual)")
            #expect(orthogonality <= 1e-13, "top \(String(describing: top)): |V^T V - I| = \(orthogonality)")
        }
    }

    @Test func eigenvectorRequestsAreCountedInTheMemoryCheck() throws {
        let points = try PointSet.uniformOnSphere(count: 3000, dimension: 3, seed: 1)
        let budget = GramMemoryPlan(points: 3000, dimension: 3, work: .eigenvalues).bytes
        #expect(GramMemoryPlan(points: 3000, dimension: 3, work: .eigenvectors).bytes > budget)
        #expect(GramMemoryPlan(points: 3000, dimension: 3, work: .topEigenpairs(2000)).bytes > budget)
        for (top, vectors) in [(nil, true), (2000, true)] as [(Int?, Bool)] {
            #expect(throws: EmpiricalSpectrumError.self) {
                _ = try EmpiricalSpectrum.zonal(QuadraticProfile(), on: points, memoryBudget: budget, top: top, eigenvectors: vectors)
            }
        }
        #expect(throws: EmpiricalSpectrumError.linearAlgebra(.eigenpairCountOutOfRange(requested: 3001, order: 3000))) {
            _ = try EmpiricalSpectrum.zonal(QuadraticProfile(), on: points, top: 3001)
        }
    }
}
