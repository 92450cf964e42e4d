import Foundation
import Testing
@testable import SpectraKit

/// P_j^{(d)} as a zonal profile.
private struct GegenbauerProfile: ZonalFunction {
    let degree: Int
    let dimension: Int
    func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        Gegenbauer(dimension: dimension).value(degree: degree, at: x.t)
    }
}

@Suite struct GegenbauerTests {
    /// docs/conventions.md: for d = 2 the P_k are Chebyshev polynomials, P_k(cos th) = cos(k th).
    @Test func circleGivesChebyshevPolynomials() {
        let theta = DoubleDouble(0.7)
        let p = Gegenbauer(dimension: 2).values(upTo: 1000, at: DoubleDouble.cos(theta))
        for k in stride(from: 0, through: 1000, by: 37) {
            let exact = DoubleDouble.cos(theta * Double(k))
            #expect((p[k] - exact).magnitude.doubleValue < 1e-28)
        }
    }

    /// docs/conventions.md#gegenbauer-polynomials: for d = 3 the ordinary Legendre polynomials, P_2 = (3t^2 - 1)/2, P_3 = (5t^3 - 3t)/2.
    @Test func twoSphereGivesLegendrePolynomials() {
        for t in stride(from: -1.0, through: 1.0, by: 0.125) {
            let p = Gegenbauer(dimension: 3).values(upTo: 3, at: t)
            #expect(abs(p[2] - (3 * t * t - 1) / 2) < 1e-15)
            #expect(abs(p[3] - (5 * t * t * t - 3 * t) / 2) < 1e-15)
        }
    }

    /// Every P_k(1) = 1, and |P_k| <= 1 on [-1, 1].
    @Test(arguments: [2, 3, 5, 10, 50])
    func normalisedAtOneAndBounded(dimension d: Int) {
        let g = Gegenbauer(dimension: d)
        #expect(g.values(upTo: 500, at: 1.0).allSatisfy { abs($0 - 1) < 1e-13 })
        for t in stride(from: -1.0, through: 1.0, by: 0.01) {
            #expect(g.values(upTo: 200, at: t).allSatisfy { abs($0) <= 1 + 1e-12 })
        }
    }

    /// Orthogonality with the multiplicities (docs/conventions.md): the Funk-Hecke transform of P_j is
    /// c_d int P_j P_k (1-t^2)^{(d-3)/2} dt = delta_jk / N(d, j); ties Gegenbauer, c_d,
    /// N(d, k) and the quadrature together.
    @Test(arguments: [(2, 7), (3, 12), (5, 9), (10, 6)])
    func funkHeckeOfAGegenbauerPolynomialIsOneOverItsMultiplicity(dimension d: Int, degree j: Int) {
        let result = FunkHecke.eigenvalues(of: GegenbauerProfile(degree: j, dimension: d), dimension: d, maxDegree: j + 5)
        let n = SphericalHarmonics.dimension(degree: j, sphereDimension: d).doubleValue
        for k in 0...(j + 5) {
            let expected = k == j ? 1 / n : 0
            #expect(abs(result.eigenvalues[k].doubleValue - expected) < 1e-28 + 1e-15 * expected)
        }
    }

    /// c_2 = 1/pi, c_3 = 1/2, c_4 = 2/pi (docs/conventions.md).
    @Test func funkHeckeConstants() {
        #expect(abs(SphereMeasure.funkHeckeConstant(dimension: 2, as: Double.self) - 1 / Double.pi) < 1e-17)
        #expect(SphereMeasure.funkHeckeConstant(dimension: 3, as: Double.self) == 0.5)
        #expect(abs(SphereMeasure.funkHeckeConstant(dimension: 4, as: Double.self) - 2 / Double.pi) < 1e-16)
    }
}
