import Testing
@testable import SpectraKit

/// Profiles with closed-form Funk-Hecke transforms, written here independently of the catalogue.
private struct PowerOfOneMinusT: ZonalFunction {
    /// (1 - t)^alpha for alpha a positive multiple of 1/2.
    let twiceAlpha: Int
    func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        var result = twiceAlpha % 2 == 1 ? R.sqrt(x.oneMinusT) : R.one
        for _ in 0..<(twiceAlpha / 2) { result = result * x.oneMinusT }
        return result
    }
}

private struct GaussianProfile: ZonalFunction {
    let c: Double
    func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R { R.exp(R(-2 * c) * x.oneMinusT) }
}

/// Gamma(n/2) for a positive integer n, exactly from Gamma(1) = 1 and Gamma(1/2) = sqrt(pi).
func gammaOfHalf(_ n: Int) -> DoubleDouble {
    var value = n % 2 == 0 ? DoubleDouble.one : DoubleDouble.sqrt(.pi)
    var x = n % 2 == 0 ? 2 : 1
    while x < n {
        value = value * (Double(x) / 2)
        x += 2
    }
    return value
}

/// docs/accuracy.md: c_d int (1-t)^alpha P_k (1-t^2)^{(d-3)/2} dt
///   = c_d (-alpha)_k 2^{alpha+d-2} B(alpha + (d-1)/2, k + (d-1)/2) / ((d-1)/2)_k,
/// for half-integer alpha, by its ratio T_{k+1}/T_k = (k - alpha)/(k + alpha + d - 1).
func powerTransform(twiceAlpha: Int, dimension d: Int, maxDegree: Int) -> [DoubleDouble] {
    let alpha = Double(twiceAlpha) / 2
    let cd = SphereMeasure.funkHeckeConstant(dimension: d, as: DoubleDouble.self)
    // B(a, b) = Gamma(a) Gamma(b) / Gamma(a + b), all arguments multiples of 1/2.
    let twiceA = twiceAlpha + d - 1
    let twiceB = d - 1
    let beta = gammaOfHalf(twiceA) * gammaOfHalf(twiceB) / gammaOfHalf(twiceA + twiceB)
    var power = DoubleDouble.one
    for _ in 0..<(d - 2) { power = power * 2.0 }
    if twiceAlpha % 2 == 1 { power = power * DoubleDouble.sqrt(DoubleDouble(2.0)) }
    for _ in 0..<(twiceAlpha / 2) { power = power * 2.0 }
    var t = cd * power * beta
    var result = [t]
    for k in 0..<maxDegree {
        t = t * DoubleDouble(Double(k) - alpha) / DoubleDouble(Double(k) + alpha + Double(d - 1))
        result.append(t)
    }
    return result
}

/// docs/conventions.md: Gaussian mu_k = e^{-2c} Gamma(d/2) c^{1-d/2} I_{k+d/2-1}(2c), with I by its
/// positive power series sum_m c^{2m+nu} / (m! Gamma(m + nu + 1)).
func gaussianEigenvalue(c: Double, dimension d: Int, degree k: Int) -> DoubleDouble {
    let twiceNu = 2 * k + d - 2
    let cc = DoubleDouble(c)
    // c^nu
    var cPowNu = twiceNu % 2 == 1 ? DoubleDouble.sqrt(cc) : DoubleDouble.one
    for _ in 0..<(twiceNu / 2) { cPowNu = cPowNu * cc }
    var term = cPowNu / gammaOfHalf(twiceNu + 2)
    var sum = term
    var m = 0
    while term.hi > 1e-40 * sum.hi {
        m += 1
        term = term * cc * cc / (DoubleDouble(Double(m)) * DoubleDouble(Double(m) + Double(twiceNu) / 2))
        sum += term
    }
    var cPow = DoubleDouble.one
    // c^{1 - d/2} = 1 / c^{(d-2)/2}
    var denom = (d - 2) % 2 == 1 ? DoubleDouble.sqrt(cc) : DoubleDouble.one
    for _ in 0..<((d - 2) / 2) { denom = denom * cc }
    cPow = cPow / denom
    return DoubleDouble.exp(DoubleDouble(-2 * c)) * gammaOfHalf(d) * cPow * sum
}

/// The accuracy bands of the foundation issue: relative error <= 1e-10 where
/// |mu| >= 1e-12 max|mu|, <= 1e-8 down to 1e-20 max|mu|; returns the worst of each band and
/// whether the error estimate covered the true error everywhere.
func accuracyBands(_ result: FunkHecke.Result, reference: [DoubleDouble]) -> (upper: Double, lower: Double, estimateCovers: Bool) {
    let maxMu = reference.map { $0.magnitude.doubleValue }.max() ?? 0
    var upper = 0.0, lower = 0.0
    var covers = true
    for k in reference.indices {
        let exact = reference[k].magnitude.doubleValue
        let error = (result.eigenvalues[k] - reference[k]).magnitude.doubleValue
        if error > result.errorEstimates[k] { covers = false }
        guard exact > 0 else { continue }
        if exact >= 1e-12 * maxMu { upper = Swift.max(upper, error / exact) }
        else if exact >= 1e-20 * maxMu { lower = Swift.max(lower, error / exact) }
    }
    return (upper, lower, covers)
}

@Suite struct FunkHeckeTests {
    @Test(arguments: [2, 3, 4, 5, 10])
    func constantHasUnitMass(dimension d: Int) {
        let result = FunkHecke.eigenvalues(of: PowerOfOneMinusT(twiceAlpha: 0), dimension: d, maxDegree: 6)
        #expect((result.eigenvalues[0] - .one).magnitude.doubleValue < 1e-30)
        for k in 1...6 { #expect(result.eigenvalues[k].magnitude.doubleValue < 1e-30) }
    }

    /// (1-t)^{1/2} (the NTK's and Laplace's leading singularity) to K = 10^4, and (1-t)^{3/2}.
    @Test(arguments: [(1, 2, 4000), (1, 3, 4000), (1, 3, 10_000), (1, 5, 4000), (1, 7, 500), (1, 10, 500),
                      (3, 2, 600), (3, 3, 1000), (3, 10, 300)])
    func powerOfOneMinusTMatchesClosedForm(twiceAlpha: Int, dimension d: Int, maxDegree: Int) {
        let result = FunkHecke.eigenvalues(of: PowerOfOneMinusT(twiceAlpha: twiceAlpha), dimension: d, maxDegree: maxDegree)
        let reference = powerTransform(twiceAlpha: twiceAlpha, dimension: d, maxDegree: maxDegree)
        let bands = accuracyBands(result, reference: reference)
        #expect(bands.upper <= 1e-10)
        #expect(bands.lower <= 1e-8)
        #expect(bands.estimateCovers)
    }

    @Test(arguments: [(2, 0.5), (3, 1.0), (3, 4.0), (10, 2.0)])
    func gaussianMatchesBesselClosedForm(dimension d: Int, c: Double) {
        let maxDegree = 60
        let result = FunkHecke.eigenvalues(of: GaussianProfile(c: c), dimension: d, maxDegree: maxDegree)
        let reference = (0...maxDegree).map { gaussianEigenvalue(c: c, dimension: d, degree: $0) }
        let bands = accuracyBands(result, reference: reference)
        #expect(bands.upper <= 1e-10)
        #expect(bands.lower <= 1e-8)
        #expect(bands.estimateCovers)
    }
}
