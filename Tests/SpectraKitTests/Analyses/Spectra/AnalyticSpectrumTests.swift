import Foundation
import Testing
@testable import SpectraKit

private func spectrum(_ spec: String, dimension d: Int, maxDegree: Int) throws -> AnalyticSpectrum {
    let kernel = try KernelSpec.parse(spec).kernel
    return AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: maxDegree, vanishes: kernel.vanishes(atDegree:))
}

@Suite struct AnalyticSpectrumTests {
    /// docs/kernels.md#forms-in-the-literature: Geifman et al.'s depth-2 kernel (input_var = 1, beta = b) on S^2.
    @Test func geifmanEigenvaluesWithUnitBeta() throws {
        let s = try spectrum("ntk:input_var=1,beta=1", dimension: 3, maxDegree: 6)
        let expected: [Int: Double] = [0: 2, 1: 11.0 / 24, 2: 5.0 / 64, 3: 1.0 / 128, 5: 1.0 / 512]
        for (k, mu) in expected { #expect(abs(s.degrees[k].eigenvalue - mu) <= 1e-15 * mu) }
    }

    @Test func geifmanEigenvaluesWithoutBetaAndTheirExactZeros() throws {
        let s = try spectrum("ntk:input_var=1", dimension: 3, maxDegree: 40)
        let expected: [Int: Double] = [0: 0.5, 1: 1.0 / 3, 2: 5.0 / 64, 4: 1.0 / 192]
        for (k, mu) in expected { #expect(abs(s.degrees[k].eigenvalue - mu) <= 1e-15 * mu) }
        for k in stride(from: 3, through: 39, by: 2) {
            #expect(s.degrees[k].eigenvalue == 0 && s.degrees[k].reliability == .exactZero)
        }
    }

    /// docs/conventions.md#closed-forms-used-as-tests: on S^1 the arc-cosine kernel of order 0 has mu_0 = 1/2, mu_k = 2/(pi^2 k^2)
    /// for odd k and 0 for even k >= 2; checked to K = 4000 in both accuracy bands.
    @Test func arcCosineOrderZeroOnTheCircle() throws {
        let s = try spectrum("arccos:order=0", dimension: 2, maxDegree: 4000)
        #expect(abs(s.degrees[0].eigenvalue - 0.5) < 1e-16)
        var worst = 0.0
        for k in stride(from: 1, through: 4000, by: 2) {
            let exact = 2 / (Double.pi * Double.pi * Double(k * k))
            worst = max(worst, abs(s.degrees[k].eigenvalue - exact) / exact)
            #expect(s.degrees[k].reliability == .accurate)
        }
        #expect(worst <= 1e-10)
        for k in stride(from: 2, through: 4000, by: 2) { #expect(s.degrees[k].eigenvalue == 0) }
    }

    /// (t + 1)^3 = 1 + 3t + 3t^2 + t^3; with t^2 = 1/3 + (2/3) P_2 and t^3 = (3/5) P_1 + (2/5) P_3
    /// its Legendre coefficients are 2, 18/5, 2, 2/5, and mu_k = a_k / (2k + 1) on S^2.
    @Test func cubicPolynomialByHandAndZerosBeyondItsDegree() throws {
        let s = try spectrum("poly:degree=3,c=1", dimension: 3, maxDegree: 50)
        let expected = [2.0, 6.0 / 5, 2.0 / 5, 2.0 / 35]
        for k in 0...3 { #expect(abs(s.degrees[k].eigenvalue - expected[k]) <= 2e-16 * expected[k]) }
        for k in 4...50 { #expect(s.degrees[k].eigenvalue == 0 && s.degrees[k].reliability == .exactZero) }
    }

    /// docs/conventions.md#the-trace-identity: the trace identity kappa(1) = sum_k N(d,k) mu_k (here a kernel whose tail
    /// beyond K = 60 is below 1e-40), within the multiplicity-weighted error estimates, which
    /// must themselves be small: N(10, 60) ~ 1e10 multiplies each mu_k's absolute error.
    @Test(arguments: [(3, 1e-26), (5, 1e-23), (10, 1e-18)])
    func traceIdentityForTheGaussian(dimension d: Int, bound: Double) throws {
        let s = try spectrum("gaussian:c=1", dimension: d, maxDegree: 60)
        let estimate = s.degrees.reduce(0.0) { $0 + $1.multiplicity.doubleValue * $1.errorEstimate }
        let deviation = (s.partialTrace - DoubleDouble.one).magnitude.doubleValue
        #expect(deviation <= estimate)
        #expect(estimate <= bound)
    }

    @Test(arguments: [(3, 0.5), (10, 2.0)])
    func gaussianCatalogueKernelMatchesBessel(dimension d: Int, c: Double) throws {
        let s = try spectrum("gaussian:c=\(c)", dimension: d, maxDegree: 60)
        for k in 0...60 {
            let exact = gaussianEigenvalue(c: c, dimension: d, degree: k)
            let error = (s.degrees[k].extendedEigenvalue - exact).magnitude.doubleValue
            #expect(error <= max(1e-10 * exact.doubleValue, s.degrees[k].errorEstimate))
            #expect(error <= s.degrees[k].errorEstimate)
        }
    }

    /// Multiplicities: N(3, k) = 2k + 1, N(2, k) = 2, and N(10, k) beyond Int64.
    @Test func multiplicitiesAreExact() {
        for k in 1...50 {
            #expect(SphericalHarmonics.dimension(degree: k, sphereDimension: 3) == Natural(2 * k + 1))
            #expect(SphericalHarmonics.dimension(degree: k, sphereDimension: 2) == Natural(2))
        }
        // N(10, k) = (2k+8)/k C(k+7, k-1) = (2k + 8)(k + 7)! / (k! 8!): at k = 4000, from the
        // product formula evaluated independently with exact Natural arithmetic.
        let k = 4000
        var product = Natural(2 * k + 8)
        for j in (k + 1)...(k + 7) { product = product * Natural(j) }
        let viaProduct = product.dividedExactly(by: 40320)
        #expect(viaProduct == SphericalHarmonics.dimension(degree: k, sphereDimension: 10))
        #expect(SphericalHarmonics.dimension(degree: k, sphereDimension: 10).intValue == nil)
    }
}

@Suite struct AnalyticDecayTests {
    /// docs/decay.md: NTK and Laplace decay like k^{-d}; on [1000, 4000] on S^2 the fitted
    /// exponent is within 0.01 of 3, approached from below.
    @Test(arguments: ["laplace", "ntk:depth=3,bias_var=0.25"])
    func fittedExponentApproachesTheTheoryOnTheSphere(spec: String) throws {
        let kernel = try KernelSpec.parse(spec).kernel
        let study = try AnalyticDecayStudy(kernel: kernel, dimension: 3, maxDegree: 4000, fitRange: 1000...4000,
                                           parity: .all, shifted: true, slopes: true)
        let fit = try #require(study.fit)
        #expect(study.theory.exponent == 3)
        #expect(abs(fit.exponent - 3) < 0.01)
        #expect(fit.exponent < 3)
        let slopes = study.localSlopes.map(\.exponent)
        #expect(zip(slopes, slopes.dropFirst()).allSatisfy { $0 < $1 })
        #expect(abs((study.shiftedFit?.exponent ?? 0) - 3) < abs(fit.exponent - 3))
    }

    /// The finite-degree figures of docs/decay.md for the NTK on S^2: about 2.97 on [20, 40] and 2.99 on [100, 200].
    @Test func finiteDegreeBiasOfTheNTKMatchesMathMd() throws {
        let kernel = try KernelSpec.parse("ntk:depth=3,bias_var=0.25").kernel
        let low = try AnalyticDecayStudy(kernel: kernel, dimension: 3, maxDegree: 200, fitRange: 20...40,
                                         parity: .all, shifted: false, slopes: false)
        let high = try AnalyticDecayStudy(kernel: kernel, dimension: 3, maxDegree: 200, fitRange: 100...200,
                                          parity: .all, shifted: false, slopes: false)
        #expect(abs(try #require(low.fit).exponent - 2.97) < 0.015)
        #expect(abs(try #require(high.fit).exponent - 2.99) < 0.01)
    }
}

@Suite struct DecayFitOutcomeTests {
    /// A polynomial kernel has no power law; with the default window the spectrum stands and
    /// the note says why, while a chosen window that admits no fit is an error.
    @Test func polynomialKernelHasNoFitButItsSpectrumStands() throws {
        let kernel = try KernelSpec.parse("poly:degree=3").kernel
        let study = try AnalyticDecayStudy(kernel: kernel, dimension: 3, maxDegree: 40, fitRange: 10...40, parity: .all,
                                           shifted: false, slopes: false, rangeWasChosen: false)
        #expect(study.fit == nil)
        #expect(study.fitNote?.contains("beyond 3") == true)
        #expect(throws: DecayFitError.self) {
            try AnalyticDecayStudy(kernel: kernel, dimension: 3, maxDegree: 40, fitRange: 10...40, parity: .all,
                                   shifted: false, slopes: false, rangeWasChosen: true)
        }
    }
}
