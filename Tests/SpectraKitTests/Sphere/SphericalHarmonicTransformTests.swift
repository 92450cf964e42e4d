import Foundation
import Testing
@testable import SpectraKit

@Suite struct SphericalHarmonicTransformTests {
    typealias Coefficients = SphericalHarmonicTransform.Coefficients

    /// Unit-variance Gaussian coefficients (seeded).
    static func randomCoefficients(bandLimit l: Int, seed: UInt64) -> Coefficients {
        var rng = Xoshiro256StarStar(seed: seed)
        var values: [Double] = []
        let count = (l + 1) * (l + 1)
        while values.count < count {
            let (a, b) = rng.nextGaussianPair()
            values.append(a)
            if values.count < count { values.append(b) }
        }
        return Coefficients(bandLimit: l, uncheckedValues: values)
    }

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
    }

    /// sum_{l, m} c_lm Y_lm at the grid point (a, b), written independently of the library: for
    /// each m, the one-degree normalised recurrence in double-double,
    ///   N_l = a_l (t N_{l-1} - N_{l-2} / a_{l-1}),  a_l = sqrt((4l^2 - 1)/(l^2 - m^2)),
    /// from N_mm = K_m sin^m theta, K_m^2 = 2 (2m+1)!!/(2m)!! (K_0 = 1), at the double-double
    /// node t = 1 - (1 - t) of the grid (plain Double: fine away from underflow, L <= 100).
    static func directSum(_ c: Coefficients, grid: RingGrid, ring a: Int, longitude b: Int) -> Double {
        let l = c.bandLimit
        let north = grid.nodes[a] > 0
        let t = north ? DoubleDouble.one - DoubleDouble(grid.oneMinusNodes[a]) : DoubleDouble(grid.onePlusNodes[a]) - DoubleDouble.one
        let s = DoubleDouble.sqrt(DoubleDouble(grid.oneMinusNodes[a]) * DoubleDouble(grid.onePlusNodes[a]))
        let phi = 2 * Double.pi * Double(b) / Double(grid.longitudes)
        var total = 0.0
        var sectoral = DoubleDouble.one
        for m in 0...l {
            if m == 1 { sectoral = DoubleDouble.sqrt(DoubleDouble(3)) * s }
            if m >= 2 { sectoral = sectoral * s * DoubleDouble.sqrt(DoubleDouble(2 * m + 1) / DoubleDouble(2 * m)) }
            func a(_ k: Int) -> DoubleDouble { DoubleDouble.sqrt(DoubleDouble(4 * k * k - 1) / DoubleDouble(k * k - m * m)) }
            let (cosine, sine) = (cos(Double(m) * phi), sin(Double(m) * phi))
            var previous = DoubleDouble.zero, current = sectoral
            for degree in m...l {
                if degree > m {
                    let next = degree == m + 1 ? a(degree) * t * current : a(degree) * (t * current - previous / a(degree - 1))
                    previous = current
                    current = next
                }
                let n = current.doubleValue
                total += m == 0 ? c[degree: degree, order: 0] * n
                                : n * (c[degree: degree, order: m] * cosine + c[degree: degree, order: -m] * sine)
            }
        }
        return total
    }

    @Test func mapOfY00IsConstantOne() throws {
        let sht = try SphericalHarmonicTransform(bandLimit: 32, fftPlanning: .estimate)
        var c = Coefficients(bandLimit: 32)
        c[degree: 0, order: 0] = 1
        let map = try sht.synthesis(of: c)
        #expect(map.count == 33 * 66)
        let error = map.reduce(0) { Swift.max($0, abs($1 - 1)) }
        #expect(error < 1e-14, "max |f - 1| = \(error)")
    }

    /// Closed forms of the probability-normalised real harmonics (no Condon-Shortley phase):
    /// Y_10 = sqrt(3) t, Y_11 = sqrt(3) s cos phi, Y_2,-2 = sqrt(15)/2 s^2 sin 2phi,
    /// Y_21 = sqrt(15) t s cos phi, Y_20 = sqrt(5)(3t^2 - 1)/2, Y_3,-3 = sqrt(35/8) s^3 sin 3phi,
    /// Y_30 = sqrt(7)(5t^3 - 3t)/2.
    @Test func lowDegreeMapsMatchClosedForms() throws {
        let l = 8
        let sht = try SphericalHarmonicTransform(bandLimit: l, fftPlanning: .estimate)
        let grid = sht.grid
        let closedForms: [(Int, Int, (Double, Double, Double) -> Double)] = [
            (1, 0, { t, _, _ in 3.0.squareRoot() * t }),
            (1, 1, { _, s, p in 3.0.squareRoot() * s * cos(p) }),
            (1, -1, { _, s, p in 3.0.squareRoot() * s * sin(p) }),
            (2, -2, { _, s, p in 15.0.squareRoot() / 2 * s * s * sin(2 * p) }),
            (2, 1, { t, s, p in 15.0.squareRoot() * t * s * cos(p) }),
            (2, 0, { t, _, _ in 5.0.squareRoot() * (3 * t * t - 1) / 2 }),
            (3, -3, { _, s, p in (35.0 / 8).squareRoot() * s * s * s * sin(3 * p) }),
            (3, 0, { t, _, _ in 7.0.squareRoot() * (5 * t * t * t - 3 * t) / 2 }),
        ]
        for (degree, order, form) in closedForms {
            var c = Coefficients(bandLimit: l)
            c[degree: degree, order: order] = 1
            let map = try sht.synthesis(of: c)
            var error = 0.0
            for a in 0..<grid.latitudes {
                for b in 0..<grid.longitudes {
                    let phi = 2 * Double.pi * Double(b) / Double(grid.longitudes)
                    error = Swift.max(error, abs(map[a * grid.longitudes + b] - form(grid.nodes[a], grid.sines[a], phi)))
                }
            }
            #expect(error < 1e-14, "Y_\(degree),\(order): max error \(error)")
        }
    }

    /// The map of random coefficients at random grid points against the direct sum
    /// sum c_lm Y_lm(x) with the test's own Legendre recurrence, L = 100; the points include
    /// the rings next to both poles (where the transform starts its recurrences late).
    @Test func mapAgreesWithDirectEvaluationUpToDegree100() throws {
        let l = 100
        let sht = try SphericalHarmonicTransform(bandLimit: l, fftPlanning: .estimate)
        let c = Self.randomCoefficients(bandLimit: l, seed: 7)
        let map = try sht.synthesis(of: c)
        let grid = sht.grid
        var rng = Xoshiro256StarStar(seed: 11)
        var points: [(Int, Int)] = [(0, 3), (l, 17), (l / 2, 0)]
        for _ in 0..<5 { points.append((Int(rng.next() % UInt64(l + 1)), Int(rng.next() % UInt64(2 * l + 2)))) }
        var error = 0.0
        for (a, b) in points {
            error = Swift.max(error, abs(map[a * grid.longitudes + b] - Self.directSum(c, grid: grid, ring: a, longitude: b)))
        }
        // Map values are about sqrt(sum c^2) = L + 1 = 101 in size: 5e-12 is 5e-14 of that
        // (measured: 1.2e-12).
        #expect(error < 5e-12, "max |fast - direct| = \(error)")
    }

    @Test(arguments: [64, 256])
    func roundTripRecoversRandomCoefficients(bandLimit l: Int) throws {
        let sht = try SphericalHarmonicTransform(bandLimit: l, fftPlanning: .estimate)
        let c = Self.randomCoefficients(bandLimit: l, seed: UInt64(l))
        let back = try sht.analysis(of: try sht.synthesis(of: c))
        let error = Self.maxDifference(back.values, c.values)
        #expect(error < 1e-12, "L = \(l): max round-trip error \(error)")
    }

    /// Analysis of a synthesised single harmonic is the unit vector e_lm (exactness of the
    /// product rule for degree 2L and discrete orthonormality), including sectoral degree L.
    @Test func analysisOfOneHarmonicIsAUnitVector() throws {
        let l = 48
        let sht = try SphericalHarmonicTransform(bandLimit: l, fftPlanning: .estimate)
        for (degree, order) in [(0, 0), (1, -1), (5, 3), (17, 0), (30, -29), (48, 48), (48, -48), (47, 1)] {
            var c = Coefficients(bandLimit: l)
            c[degree: degree, order: order] = 1
            let back = try sht.analysis(of: try sht.synthesis(of: c))
            let error = Self.maxDifference(back.values, c.values)
            #expect(error < 1e-14, "Y_\(degree),\(order): max |analysis - e_lm| = \(error)")
        }
    }

    /// Parseval: the quadrature mean of f^2, sum_points (w_a / M) f^2, equals sum c_lm^2.
    @Test func parsevalHoldsOnTheQuadrature() throws {
        let l = 64
        let sht = try SphericalHarmonicTransform(bandLimit: l, fftPlanning: .estimate)
        let c = Self.randomCoefficients(bandLimit: l, seed: 3)
        let map = try sht.synthesis(of: c)
        let weights = sht.grid.pointWeights()
        let mean = zip(map, weights).reduce(0.0) { $0 + $1.1 * $1.0 * $1.0 }
        let energy = c.values.reduce(0.0) { $0 + $1 * $1 }
        #expect(abs(mean - energy) / energy < 1e-13, "mean f^2 = \(mean), sum c^2 = \(energy)")
    }

    @Test func planOfBandLimitZeroIsTheConstant() throws {
        let sht = try SphericalHarmonicTransform(bandLimit: 0, fftPlanning: .estimate)
        #expect(sht.mapCount == 2)
        let back = try sht.analysis(of: [2.5, 2.5])
        #expect(abs(back[degree: 0, order: 0] - 2.5) < 1e-15)
    }

    @Test func rejectsInvalidInput() throws {
        #expect(throws: SphericalHarmonicTransformError.invalidBandLimit(-1)) { try SphericalHarmonicTransform(bandLimit: -1) }
        #expect(throws: SphericalHarmonicTransformError.invalidBandLimit(5000)) { try SphericalHarmonicTransform(bandLimit: 5000) }
        let sht = try SphericalHarmonicTransform(bandLimit: 4, fftPlanning: .estimate)
        #expect(throws: SphericalHarmonicTransformError.wrongCount(what: "map values", given: 3, expected: 50)) {
            try sht.analysis(of: [1, 2, 3])
        }
        #expect(throws: SphericalHarmonicTransformError.bandLimitMismatch(given: 3, expected: 4)) {
            try sht.synthesis(of: Coefficients(bandLimit: 3))
        }
        #expect(throws: SphericalHarmonicTransformError.wrongCount(what: "coefficients", given: 2, expected: 25)) {
            try Coefficients(bandLimit: 4, values: [1, 2])
        }
    }
}
