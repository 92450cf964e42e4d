import Foundation
import Testing
@testable import SpectraKit

/// Kernels concentrated near t = 1 (large c, small ell): the Funk-Hecke quadrature must grade
/// down to the profile's own scale, and what it cannot represent it refuses (issue: laplace with
/// c = 1e20 came out unresolved and wrong, c = 1e100 as "exact zeros").
@Suite struct ConcentratedProfileTests {
    private func spectrum(_ spec: String, dimension d: Int, maxDegree: Int) throws -> AnalyticSpectrum {
        let kernel = try KernelSpec.parse(spec).kernel
        return AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: maxDegree, vanishes: kernel.vanishes(atDegree:))
    }

    /// On S^2, with r = sqrt(2 - 2t): mu_0 = (1/2) int_0^2 r e^{-cr} dr = (1 - e^{-2c}(1 + 2c)) / (2c^2) and
    /// mu_1 = (1/2) int_0^2 (1 - r^2/2) r e^{-cr} dr = (1/c^2 - 3/c^4)/2 up to terms in e^{-2c} (below 1e-80
    /// relative for c >= 100).
    @Test(arguments: [100.0, 1e6, 1e20, 1e100])
    func laplaceOnTheTwoSphereMatchesItsClosedForm(c: Double) throws {
        let s = try spectrum("laplace:c=\(c)", dimension: 3, maxDegree: 2)
        let cc = DoubleDouble(c) * DoubleDouble(c)
        let mu0 = DoubleDouble.one / (cc * 2.0)
        let mu1 = (DoubleDouble.one / cc - DoubleDouble(3.0) / (cc * cc)) * 0.5
        for (k, exact) in [(0, mu0), (1, mu1)] {
            let degree = s.degrees[k]
            let error = ((degree.extendedEigenvalue - exact) / exact).doubleValue
            #expect(Swift.abs(error) < 1e-25, "c = \(c), k = \(k): relative error \(error)")
            #expect(degree.reliability == .accurate, "c = \(c), k = \(k)")
            #expect(degree.errorEstimate >= Swift.abs((degree.extendedEigenvalue - exact).doubleValue))
        }
    }

    /// On S^9 (d = 10), for c large: mu_0 = c_d int_0^pi e^{-2c sin(theta/2)} sin^8(theta) d theta
    /// = c_d 8! / c^9 (1 - 78.75 / c^2 + O(c^-4)), c_d = Gamma(5) / (sqrt(pi) Gamma(9/2)) = 384 / (105 pi)
    /// (expanding 2 sin(theta/2) = theta - theta^3/24 and sin^8 = theta^8 (1 - 4 theta^2 / 3)).
    @Test func laplaceOnTheNineSphereMatchesItsAsymptoticForm() throws {
        for c in [1e10, 1e25] {
            let s = try spectrum("laplace:c=\(c)", dimension: 10, maxDegree: 2)
            var expected = DoubleDouble(384.0 * 40320) / (DoubleDouble.pi * 105.0)
            for _ in 0..<9 { expected = expected / c }
            expected = expected * (DoubleDouble.one - DoubleDouble(78.75) / (DoubleDouble(c) * DoubleDouble(c)))
            let error = ((s.degrees[0].extendedEigenvalue - expected) / expected).doubleValue
            #expect(Swift.abs(error) < 1e-20, "c = \(c): relative error \(error)")
            #expect(s.degrees[0].reliability == .accurate)
        }
    }

    /// Beyond Double's range the analytic study refuses, naming the kernel and the range.
    @Test func eigenvaluesBeyondDoubleRangeAreRefused() throws {
        let kernel = try KernelSpec.parse("laplace:c=1e308").kernel
        #expect(throws: AnalyticSpectrumError.self) {
            try AnalyticDecayStudy(kernel: kernel, dimension: 3, maxDegree: 10, fitRange: 2...10, parity: .all,
                                   shifted: false, slopes: false)
        }
        do {
            try AnalyticSpectrum.checkRepresentable(kernel, kernel: "laplace:c=1e+308", dimension: 3)
        } catch {
            #expect(error.description.contains("laplace:c=1e+308") && error.description.contains("Double"))
        }
        // The same c is fine where the eigenvalues stay representable.
        try AnalyticSpectrum.checkRepresentable(try KernelSpec.parse("laplace:c=1e100").kernel, kernel: "", dimension: 3)
    }

    /// A computed value of 0 is not a structural zero: only `vanishes` makes one.
    @Test func computedZeroIsUnresolvedNotExact() {
        let computed = AnalyticSpectrum.Degree(degree: 7, multiplicity: Natural(15), extendedEigenvalue: .zero,
                                               errorEstimate: 1e-33, isStructuralZero: false)
        #expect(computed.reliability == .unresolved)
        #expect(computed.trustworthyDigits == 1)
        let underflowed = AnalyticSpectrum.Degree(degree: 7, multiplicity: Natural(15), extendedEigenvalue: .zero,
                                                  errorEstimate: 0, isStructuralZero: false)
        #expect(underflowed.reliability == .unresolved)
        #expect(underflowed.trustworthyDigits == 1)
        let structural = AnalyticSpectrum.Degree(degree: 3, multiplicity: Natural(7), extendedEigenvalue: DoubleDouble(1e-40),
                                                 errorEstimate: 1e-33, isStructuralZero: true)
        #expect(structural.reliability == .exactZero && structural.eigenvalue == 0 && structural.errorEstimate == 0)
        #expect(structural.trustworthyDigits == 17)
    }

    /// The Gaussian on S^4 to K = 1000 and gaussian:c=1e-6 on S^2: tails far below what
    /// double-double resolves come out unresolved (some exactly 0), never as a trap.
    @Test func unresolvedTailsOfSmoothKernelsKeepTheirDigitCount() throws {
        for (spec, d, k) in [("gaussian", 5, 1000), ("gaussian:c=1e-6", 3, 40)] {
            let s = try spectrum(spec, dimension: d, maxDegree: k)
            #expect(s.degrees.last?.reliability == .unresolved)
            for degree in s.degrees { #expect((1...17).contains(degree.trustworthyDigits)) }
        }
    }
}
