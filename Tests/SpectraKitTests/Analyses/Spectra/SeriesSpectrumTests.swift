import Foundation
import Testing
@testable import SpectraKit

/// Exact tails of analytic kernels from their positive Taylor series (docs/accuracy.md#exact-tails),
/// against computations written here: the Gaussian's Bessel closed form and erf's arcsin series,
/// each summed in log space with lgamma (a different arithmetic and indexing from the library's
/// ratio recurrences in `ScaledDouble`), and the Funk-Hecke quadrature (a different method) where
/// it resolves the values.
@Suite struct SeriesSpectrumTests {
    static func seriesSpectrum(_ spec: String, dimension d: Int, maxDegree: Int) throws -> AnalyticSpectrum {
        let kernel = try KernelSpec.parse(spec).kernel
        let coefficients = try #require(SeriesSpectrum.Coefficients.of(kernel), "\(spec) has no series")
        return AnalyticSpectrum(series: coefficients, dimension: d, maxDegree: maxDegree, vanishes: kernel.vanishes(atDegree:))
    }

    /// log sum exp of the terms.
    static func logSum(_ terms: [Double]) -> Double {
        guard let top = terms.max(), top.isFinite else { return -.infinity }
        return top + Foundation.log(terms.reduce(0) { $0 + Foundation.exp($1 - top) })
    }

    /// log T(d, n, k) = log(n! Gamma(d/2) / (2^n ((n-k)/2)! Gamma((n+k+d)/2))).
    static func logT(_ d: Int, _ n: Int, _ k: Int) -> Double {
        let top: Double = Foundation.lgamma(Double(n + 1)) + Foundation.lgamma(Double(d) / 2) - Double(n) * M_LN2
        let bottom: Double = Foundation.lgamma(Double((n - k) / 2 + 1)) + Foundation.lgamma(Double(n + k + d) / 2)
        return top - bottom
    }

    /// The Gaussian exp(-2c(1 - t)): mu_k = e^{-2c} Gamma(d/2) c^{1-d/2} I_{k+d/2-1}(2c), with
    /// I_nu(x) = sum_m (x/2)^{2m+nu} / (m! Gamma(m + nu + 1)) in logs. On S^2 and S^9 to k = 300:
    /// every degree `accurate` and within 1e-10 relative (1e-616 of mu_0 on S^2).
    @Test(arguments: [3, 10])
    func gaussianMatchesItsBesselForm(_ d: Int) throws {
        for c in [1.0, 3.0] {
            let spectrum = try Self.seriesSpectrum("gaussian:c=\(c)", dimension: d, maxDegree: 300)
            let halfD = Double(d) / 2
            var smallest = 0.0
            for entry in spectrum.degrees {
                let nu = Double(entry.degree) + halfD - 1
                var terms: [Double] = []
                for m in 0..<400 {
                    let power: Double = (2 * Double(m) + nu) * Foundation.log(c)
                    let factorials: Double = Foundation.lgamma(Double(m + 1)) + Foundation.lgamma(Double(m) + nu + 1)
                    terms.append(power - factorials)
                }
                let logI: Double = Self.logSum(terms)
                let front: Double = -2 * c + Foundation.lgamma(halfD)
                let logMu: Double = front + (1 - halfD) * Foundation.log(c) + logI
                let difference = Swift.abs(entry.log10Eigenvalue * M_LN10 - logMu)
                #expect(difference <= 1e-10, "c = \(c) d = \(d) k = \(entry.degree): log mu \(entry.log10Eigenvalue * M_LN10) vs \(logMu)")
                #expect(entry.reliability == .accurate, "c = \(c) d = \(d) k = \(entry.degree)")
                smallest = Swift.min(smallest, entry.log10Eigenvalue - spectrum.degrees[0].log10Eigenvalue)
            }
            print("gaussian:c=\(c) on S^\(d - 1): smallest accurate mu_k/mu_0 = 1e\(smallest)")
            #expect(smallest < -200 || c > 1)
        }
    }

    /// The erf NTK of depth 2 without bias: kappa(t) = sw2 (2/pi) asin(a t) + iv t sw2 (4/pi) /
    /// ((1 + 2 iv) sqrt(1 - a^2 t^2)), a = 2 iv / (1 + 2 iv), expanded here term by term in logs
    /// (c_j = (2j)! / (4^j j!^2)) and transformed with log T; every odd degree `accurate` and within
    /// 1e-10, every even degree an exact zero.
    @Test(arguments: [3, 10])
    func erfNTKMatchesItsArcsinSeries(_ d: Int) throws {
        let sw2 = 2.0, iv = 2.0
        let a = 2 * iv / (1 + 2 * iv)
        let spectrum = try Self.seriesSpectrum("ntk:activation=erf,weight_var=\(sw2),input_var=\(iv)", dimension: d, maxDegree: 300)
        let logA: Double = Foundation.log(a)
        let asinFactor: Double = Foundation.log(sw2 * 2 / Double.pi)
        let rootFactor: Double = Foundation.log(iv * sw2 * 4 / Double.pi / (1 + 2 * iv))
        func logB(_ n: Int) -> Double {            // n odd
            let j = Double((n - 1) / 2)
            let logC: Double = Foundation.lgamma(2 * j + 1) - 2 * Foundation.lgamma(j + 1) - 2 * j * M_LN2
            let asinTerm: Double = asinFactor + logC + Double(n) * logA - Foundation.log(2 * j + 1)
            let rootTerm: Double = rootFactor + logC + 2 * j * logA
            return Self.logSum([asinTerm, rootTerm])
        }
        var smallest = 0.0
        for entry in spectrum.degrees {
            let k = entry.degree
            if k % 2 == 0 { #expect(entry.reliability == .exactZero); continue }
            var terms: [Double] = []
            for n in stride(from: k, to: k + 6000, by: 2) { terms.append(logB(n) + Self.logT(d, n, k)) }
            let logMu: Double = Self.logSum(terms)
            #expect(Swift.abs(entry.log10Eigenvalue * M_LN10 - logMu) <= 1e-10, "d = \(d) k = \(k)")
            #expect(entry.reliability == .accurate, "d = \(d) k = \(k)")
            smallest = Swift.min(smallest, entry.log10Eigenvalue - spectrum.degrees[1].log10Eigenvalue)
        }
        print("ntk:activation=erf on S^\(d - 1): smallest accurate mu_k/mu_1 = 1e\(smallest)")
    }

    /// The series against Funk-Hecke quadrature (the profile in double-double, a different
    /// method) wherever the quadrature calls its value accurate: within 1e-9 relative, for the
    /// Gaussian, the erf NTK and the smooth activations' depth-2 NTKs and NNGPs (whose series are
    /// `accurate` much further down than the quadrature's 1e-30 of mu_0).
    @Test(arguments: ["gaussian", "ntk:activation=erf", "ntk:activation=sigmoid", "nngp:activation=tanh,weight_var=1.5",
                      "ntk:activation=gelu"])
    func seriesAgreesWithQuadrature(_ spec: String) throws {
        for d in [3, 10] {
            let kernel = try KernelSpec.parse(spec).kernel
            let series = try Self.seriesSpectrum(spec, dimension: d, maxDegree: 300)
            let quadrature = AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: 300, vanishes: kernel.vanishes(atDegree:))
            var compared = 0, smallest = 0.0
            for (s, q) in zip(series.degrees, quadrature.degrees) {
                #expect(s.isStructuralZero == q.isStructuralZero)
                if s.reliability == .accurate {
                    let top: Double = Swift.max(series.degrees[0].log10Eigenvalue, series.degrees[1].log10Eigenvalue)
                    smallest = Swift.min(smallest, s.log10Eigenvalue - top)
                }
                guard s.reliability == .accurate, q.reliability == .accurate else { continue }
                #expect(Swift.abs(s.eigenvalue - q.eigenvalue) <= 1e-9 * q.eigenvalue, "\(spec) d = \(d) k = \(s.degree)")
                compared += 1
            }
            #expect(compared >= 10, "\(spec) d = \(d)")
            print("\(spec) on S^\(d - 1): \(compared) degrees compared with quadrature; smallest accurate mu_k/max = 1e\(smallest)")
        }
    }

    /// The fitted superpolynomial rates against theory on S^2 over [10, 300]: the Gaussian's c,
    /// the erf NTK's rho = R + sqrt(R^2 - 1) with R = 1 + 1/(2 iv) (2 for iv = 2), and the
    /// sigmoid and tanh NTKs' C = (3/2) (2 tau / sqrt(V))^{2/3} (tau = pi, pi/2; V = iv at depth 2,
    /// and the largest layer V for the deeper sigmoid networks, whose composed series now resolve
    /// all 291 degrees).
    @Test func superpolynomialRatesMatchTheory() throws {
        for (spec, tolerance) in [("gaussian", 1e-3), ("gaussian:c=3", 2e-3), ("ntk:activation=erf", 1e-3),
                                  ("ntk:activation=erf,input_var=0.5", 1e-3), ("ntk:activation=sigmoid", 0.02),
                                  ("ntk:activation=tanh", 0.02), ("ntk:activation=sigmoid,depth=3,bias_var=0.1,input_var=0.5", 0.02),
                                  ("ntk:activation=sigmoid,depth=4,bias_var=0.1", 0.02)] {
            let kernel = try KernelSpec.parse(spec).kernel
            let study = try AnalyticDecayStudy(kernel: kernel, dimension: 3, maxDegree: 300, fitRange: 10...300, parity: .all,
                                               shifted: false, slopes: false)
            let fit = try #require(study.superpolynomialFit, "\(spec)")
            let theory = try #require(fit.theoreticalRate)
            #expect(Swift.abs(fit.rate / theory - 1) <= tolerance, "\(spec): \(fit.rate) vs \(theory)")
            print("\(spec): \(fit.form.rawValue) rate \(fit.rate), theory \(theory), over \(fit.pointCount) degrees")
        }
        // The theory's values, independently: erf iv = 2 gives rho = 2; tanh iv = 2 gives
        // C = 1.5 (pi / sqrt 2)^{2/3}.
        let tanh = try #require(SuperpolynomialFit.theory(for: try KernelSpec.parse("ntk:activation=tanh").kernel, dimension: 3))
        let expected: Double = 1.5 * Foundation.pow(Double.pi / 2.0.squareRoot(), 2.0 / 3.0)
        #expect(Swift.abs((tanh.1 ?? 0) - expected) <= 1e-12)
    }

    /// (d, k, log10 mu_k) of ntk:activation=sigmoid,depth=3,bias_var=0.1,input_var=0.5 (weight_var 2),
    /// from `python3 scripts/network-tail-reference.py 1700` (mpmath Hermite coefficients by
    /// quadrature and by the series over the poles at 60+ digits, the layers composed by Horner's
    /// rule in 80-bit long double to degree 1700; degree 1200 gives the same values to 1e-16).
    static let depthThreeReference: [(Int, Int, Double)] = [
        (3, 0, -0.1432471439772631135), (3, 1, -2.3138249639240008729), (3, 50, -36.625596749351637055),
        (3, 101, -59.150184111707955374), (3, 150, -77.355102733091376181), (3, 200, -93.9778202577366043),
        (3, 250, -109.26484750172428708), (3, 299, -123.28633853681914508), (3, 300, -123.56417719524722507),
        (10, 0, -0.14326628037932716131), (10, 1, -2.838100783470427287), (10, 50, -41.373920415139307411),
        (10, 101, -65.032471070469021485), (10, 150, -83.900221689779929245), (10, 200, -101.01469093421026919),
        (10, 250, -116.68823382527443555), (10, 299, -131.02274429226805496), (10, 300, -131.30644665479060229),
    ]

    /// The same for the depth-2 sigmoid NTK without bias (weight_var = input_var = 2), from
    /// `python3 scripts/network-tail-reference.py 3000 depth2` (odd degrees; the even ones from 2
    /// on are exact zeros).
    static let depthTwoReference: [(Int, Int, Double)] = [
        (3, 0, -0.30102999566398119521), (3, 1, -1.0365843648172720971), (3, 101, -36.823955575643500327),
        (3, 299, -77.183714148855037012), (10, 0, -0.30102999566398119521), (10, 1, -1.5711519569061607481),
        (10, 101, -43.007068557503080538), (10, 299, -85.318413532898668106),
    ]

    /// The sigmoid NTK's exact tails against the independent extended-precision computations:
    /// depth 3 with bias (the composed series) and depth 2 (the relative-precision Hermite
    /// coefficients), on S^2 and S^9 to k = 300, each value within 1e-10 relative and `accurate`
    /// (down to 1e-131 of mu_0).
    @Test(arguments: [("ntk:activation=sigmoid,depth=3,bias_var=0.1,input_var=0.5", 3), ("ntk:activation=sigmoid", 2)])
    func sigmoidTailsMatchTheExtendedPrecisionReference(_ spec: String, _ depth: Int) throws {
        let reference = depth == 3 ? Self.depthThreeReference : Self.depthTwoReference
        for d in [3, 10] {
            let spectrum = try Self.seriesSpectrum(spec, dimension: d, maxDegree: 300)
            var checked = 0
            for (dimension, k, log10Value) in reference where dimension == d {
                let entry = spectrum.degrees[k]
                #expect(Swift.abs(entry.log10Eigenvalue - log10Value) * M_LN10 <= 1e-10,
                        "\(spec) d = \(d) k = \(k): \(entry.log10Eigenvalue) vs \(log10Value)")
                #expect(entry.reliability == .accurate, "\(spec) d = \(d) k = \(k)")
                checked += 1
            }
            #expect(checked >= 4)
            let top = spectrum.degrees[0].log10Eigenvalue
            let smallest = spectrum.degrees.filter { $0.reliability == .accurate }.map { $0.log10Eigenvalue - top }.min() ?? 0
            print("\(spec) on S^\(d - 1): smallest accurate mu_k/mu_0 = 1e\(smallest) (k <= 300)")
            if depth == 3 { #expect(smallest < -100) }
        }
    }

    /// The composed series (depth >= 3, bias, beta, normalised; every smooth activation) against
    /// Funk-Hecke quadrature of the profile (a different method) wherever both call the value
    /// accurate: within 1e-9 relative, with the same exact zeros.
    @Test(arguments: ["ntk:activation=tanh,depth=3,bias_var=0.1", "ntk:activation=gelu,depth=3", "nngp:activation=silu,depth=3,bias_var=0.2",
                      "ntk:activation=softplus,bias_var=0.1", "ntk:activation=erf,depth=3,bias_var=0.1",
                      "ntk:activation=sigmoid,depth=4,bias_var=0.1,beta=0.5", "nngp:activation=erf,bias_var=0.3,normalize=true",
                      "ntk:activation=tanh,depth=3", "nngp:activation=gelu,depth=4,weight_var=1.5,bias_var=0.05,normalize=true"])
    func composedSeriesAgreesWithQuadrature(_ spec: String) throws {
        for d in [3, 10] {
            let kernel = try KernelSpec.parse(spec).kernel
            let series = try Self.seriesSpectrum(spec, dimension: d, maxDegree: 120)
            let quadrature = AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: 120, vanishes: kernel.vanishes(atDegree:))
            var compared = 0
            for (s, q) in zip(series.degrees, quadrature.degrees) {
                #expect(s.isStructuralZero == q.isStructuralZero)
                guard s.reliability == .accurate, q.reliability == .accurate else { continue }
                #expect(Swift.abs(s.eigenvalue - q.eigenvalue) <= 1e-9 * q.eigenvalue, "\(spec) d = \(d) k = \(s.degree)")
                compared += 1
            }
            #expect(compared >= 10, "\(spec) d = \(d)")
            let top = Swift.max(series.degrees[0].log10Eigenvalue, series.degrees[1].log10Eigenvalue)
            let smallest = series.degrees.filter { $0.reliability == .accurate }.map { $0.log10Eigenvalue - top }.min() ?? 0
            print("\(spec) on S^\(d - 1): \(compared) degrees compared with quadrature; smallest accurate mu_k/mu_0 = 1e\(smallest) (k <= 120)")
        }
    }

    /// The composition machinery on a kernel with a closed form: the erf NTK and NNGP of depth 2
    /// without bias through `NetworkSeries` (layer re-expansion, jets, bounds) against the arcsin
    /// series of `Coefficients.of`, every odd degree to k = 300 within 1e-10 relative.
    @Test func composedErfMatchesItsClosedForm() throws {
        for spec in ["ntk:activation=erf", "nngp:activation=erf,input_var=0.7,weight_var=1.3"] {
            let kernel = try #require(try KernelSpec.parse(spec).kernel as? NetworkKernel)
            let composed = try #require(NetworkSeries.coefficients(kernel, terms: 512))
            let closed = try #require(SeriesSpectrum.Coefficients.of(kernel))
            for d in [3, 10] {
                let a = AnalyticSpectrum(series: composed, dimension: d, maxDegree: 300, vanishes: kernel.vanishes(atDegree:))
                let b = AnalyticSpectrum(series: closed, dimension: d, maxDegree: 300, vanishes: kernel.vanishes(atDegree:))
                for (x, y) in zip(a.degrees, b.degrees) where x.degree % 2 == 1 {
                    #expect(Swift.abs(x.log10Eigenvalue - y.log10Eigenvalue) * M_LN10 <= 1e-10, "\(spec) d = \(d) k = \(x.degree)")
                    #expect(x.reliability == .accurate, "\(spec) d = \(d) k = \(x.degree)")
                }
            }
        }
    }

    /// Where the composed series stops short (a large variance needs more degrees than spectra
    /// composes), the decay study takes the quadrature's value at each degree where its error is
    /// smaller: never worse than the quadrature alone, and the method says so. (For this kernel the
    /// series, capped at 6144 degrees, is behind the quadrature at every nonzero degree.)
    @Test func decayCompletesTheSeriesByTheQuadrature() throws {
        let kernel = try KernelSpec.parse("ntk:activation=tanh,depth=3,input_var=50,weight_var=20").kernel
        let study = try AnalyticDecayStudy(kernel: kernel, dimension: 3, maxDegree: 150, fitRange: 10...150, parity: .all,
                                           shifted: false, slopes: false)
        let quadrature = AnalyticSpectrum(profile: kernel, dimension: 3, maxDegree: 150, vanishes: kernel.vanishes(atDegree:))
        #expect(study.spectrum.method == .seriesAndQuadrature)
        for (s, q) in zip(study.spectrum.degrees, quadrature.degrees) {
            #expect(s.relativeError <= q.relativeError, "k = \(s.degree)")
        }
    }

    /// ScaledDouble: products and sums far below Double's range, against logs.
    @Test func scaledDoubleCarriesTheExponent() {
        var x = ScaledDouble(1.0)
        for _ in 0..<100 { x = x * 1e-10 }
        #expect(Swift.abs(x.log10 + 1000) <= 1e-12)
        #expect(x.doubleValue == 0)
        let y = x + x
        #expect(Swift.abs(y.log10 - (Foundation.log10(2.0) - 1000)) <= 1e-12)
        #expect(Swift.abs(ScaledDouble(log: -5000).log10 + 5000 / M_LN10) <= 1e-9)
        #expect(ScaledDouble(0.75).doubleValue == 0.75)
    }
}
