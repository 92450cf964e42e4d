import Foundation
import Testing
@testable import SpectraKit

/// Point sets with exact quadrature properties, written out by the tests.
enum ExactDesigns {
    /// The 12 vertices of the icosahedron and the 20 of the dodecahedron, unit norm: 32 points.
    /// Every orbit of the icosahedral group is a spherical 5-design (its first invariant harmonic
    /// has degree 6), and a union of equal-weight designs is one: sum_i f(x_i) = 32 * mean of f
    /// on S^2 for every polynomial f of degree <= 5 (checked in `designIntegratesDegreesUpToFive`).
    /// It is antipodal too. Hence for j != k with j + k <= 5, the samples of H_j and H_k are
    /// exactly orthogonal, and Y_k^T Y_k / n = I for k <= 2.
    static let icosahedronAndDodecahedron: PointSet = {
        let phi = (1 + 5.0.squareRoot()) / 2
        var rows: [[Double]] = []
        func cyclic(_ p: [Double]) -> [[Double]] { [p, [p[2], p[0], p[1]], [p[1], p[2], p[0]]] }
        for s in [1.0, -1.0] { for t in [1.0, -1.0] { rows += cyclic([0, s, t * phi]) } }            // icosahedron
        for a in [1.0, -1.0] { for b in [1.0, -1.0] { for c in [1.0, -1.0] { rows.append([a, b, c]) } } }
        for s in [1.0, -1.0] { for t in [1.0, -1.0] { rows += cyclic([0, s / phi, t * phi]) } }      // dodecahedron
        let unit = rows.map { r in r.map { $0 / (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).squareRoot() } }
        return try! PointSet(rows: unit)
    }()
}

@Suite("Harmonic projections of Gram eigenvectors (docs/eigenfunctions.md)")
struct HarmonicProjectionTests {
    static func kernel(_ spec: String) throws -> any CatalogueKernel { try KernelSpec.parse(spec).kernel }

    static func projections(_ spec: String, on points: PointSet, top: Int, maxDegree: Int) throws
        -> (EmpiricalSpectrum, [HarmonicProjection], HarmonicProjector) {
        let spectrum = try EmpiricalSpectrum.zonal(try kernel(spec), on: points, top: top, eigenvectors: true)
        let projector = try HarmonicProjector(harmonics: try RealSphericalHarmonics(dimension: points.dimension, maxDegree: maxDegree),
                                              points: points)
        return (spectrum, try projector.project(try #require(spectrum.eigenvectors)), projector)
    }

    @Test("the 32-point icosahedron-dodecahedron set integrates Legendre P_1 ... P_5 exactly (a 5-design)")
    func designIntegratesDegreesUpToFive() {
        // sum_i P_k(<x_i, y>) = 0 for k = 1..5 and any y is the zonal form of the design property.
        let points = ExactDesigns.icosahedronAndDodecahedron
        let g = Gegenbauer(dimension: 3)
        for y in [[0.3, -0.5, 0.81], [0.9, 0.1, -0.2], [-0.6, 0.64, 0.48]] {
            let r = (y[0] * y[0] + y[1] * y[1] + y[2] * y[2]).squareRoot()
            let sums = (0..<points.count).reduce(into: [Double](repeating: 0, count: 7)) { sums, i in
                let x = points[point: i]
                let t = (x[0] * y[0] + x[1] * y[1] + x[2] * y[2]) / r
                for (k, p) in g.values(upTo: 6, at: t).enumerated() { sums[k] += p }
            }
            for k in 1...5 { #expect(abs(sums[k]) < 1e-12, "degree \(k): \(sums[k])") }
            #expect(abs(sums[6]) > 1e-3, "a 6-design would make the degree-3 block isotropic too")
        }
    }

    @Test("(t+1)^3 on a 5-design: each of its 16 eigenvectors lies in one degree to 1e-10, in the order of mu_k")
    func polynomialEigenvectorsLieInOneDegree() throws {
        // (1 + t)^3 = 2 + 3.6 P_1 + 2 P_2 + 0.4 P_3 on S^2 (t^2 = (2 P_2 + 1)/3, t^3 = (2 P_3 + 3 P_1)/5),
        // so mu_k = a_k / (2k + 1): 2, 1.2, 0.4, 0.4/7; rank sum_{k<=3} N(3,k) = 16.
        let mu = [2.0, 1.2, 0.4, 0.4 / 7]
        let (spectrum, projections, projector) = try Self.projections("poly:degree=3,c=1", on: ExactDesigns.icosahedronAndDodecahedron,
                                                                      top: 16, maxDegree: 3)
        #expect(projector.dependentColumns == 0)
        for (i, p) in projections.enumerated() {
            #expect(p.dominantFraction >= 1 - 1e-10, "eigenvector \(i + 1): \(p.energies)")
        }
        // Degrees follow mu_k descending: 1 of degree 0, 3 of degree 1, 5 of degree 2, 7 of degree 3.
        let expected = [0] + [Int](repeating: 1, count: 3) + [Int](repeating: 2, count: 5) + [Int](repeating: 3, count: 7)
        #expect(projections.map(\.dominantDegree) == expected)
        // On the design Y_k^T Y_k / n = I for k <= 2, so those eigenvalues are mu_k exactly.
        for (i, k) in expected.enumerated() where k <= 2 {
            #expect(abs(spectrum.eigenvalues[i] - mu[k]) < 1e-12, "eigenvalue \(i + 1): \(spectrum.eigenvalues[i])")
        }
        // Degree 3's block splits (not a 6-design) but its trace is mu_3 sum_i sum_m Y_3m(x_i)^2 / n = N(3,3) mu_3 (addition theorem).
        let degreeThree = spectrum.eigenvalues[9..<16].reduce(0, +)
        #expect(abs(degreeThree - 7 * mu[3]) < 1e-12)
    }

    @Test("NTK on 1000 uniform points of S^2: the top eigenvector is degree 0 (> 0.99), the next three degree 1")
    func ntkTopEigenvectorsAreDegreesZeroAndOne() throws {
        let points = try PointSet.uniformOnSphere(count: 1000, dimension: 3, seed: 1)
        let (_, projections, _) = try Self.projections("ntk", on: points, top: 4, maxDegree: 5)
        #expect(projections[0].dominantDegree == 0)
        #expect(projections[0].dominantFraction > 0.99, "\(projections[0].energies)")
        for p in projections[1...3] {
            #expect(p.dominantDegree == 1, "\(p.energies)")
            #expect(p.dominantFraction > 0.9, "\(p.energies)")
        }
    }

    @Test("energies are in [0, 1], sum to at most 1, and the residual is >= -1e-12")
    func energiesSumToAtMostOne() throws {
        let points = try PointSet.uniformOnSphere(count: 600, dimension: 3, seed: 4)
        for spec in ["laplace", "ntk:depth=3,bias_var=0.25", "gexp:gamma=0.5"] {
            let (_, projections, _) = try Self.projections(spec, on: points, top: 60,
                                                           maxDegree: HarmonicProjector.defaultMaxDegree(dimension: 3, points: 600))
            for p in projections {
                #expect(p.energies.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-12 })
                #expect(p.capturedEnergy <= 1 + 1e-12)
                #expect(p.residual >= -1e-12)
            }
        }
    }

    @Test("a vector in the span of the sampled harmonics of degree <= K leaves no residual; one orthogonal to all leaves all")
    func residualOfSpanAndComplement() throws {
        let points = try PointSet.uniformOnSphere(count: 200, dimension: 4, seed: 9)
        let projector = try HarmonicProjector(harmonics: try RealSphericalHarmonics(dimension: 4, maxDegree: 2), points: points)
        let q = projector.basis
        // v = normalised sum of the basis columns of degrees 1 and 2, w = e_1 minus its projection on Q.
        var v = [Double](repeating: 0, count: 200)
        for j in projector.degreeColumns[1].lowerBound..<projector.degreeColumns[2].upperBound { for i in 0..<200 { v[i] += q[i, j] } }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var w = [Double](repeating: 0, count: 200)
        w[0] = 1
        for j in 0..<q.columns { let c = q[0, j]; for i in 0..<200 { w[i] -= c * q[i, j] } }
        let wNorm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let vectors = try DenseMatrix(rows: 200, columns: 2, columnMajor: v.map { $0 / norm } + w.map { $0 / wNorm })
        let result = try projector.project(vectors)
        #expect(abs(result[0].residual) < 1e-13)
        #expect(abs(result[0].energies[0]) < 1e-13)
        #expect(abs(result[0].energies[1] - Double(projector.degreeColumns[1].count)
                   / Double(projector.degreeColumns[1].count + projector.degreeColumns[2].count)) < 1e-12)
        #expect(abs(result[1].residual - 1) < 1e-13)
    }

    @Test("more harmonics than points is refused, naming --max-degree")
    func basisLargerThanSampleIsRefused() throws {
        let points = try PointSet.uniformOnSphere(count: 10, dimension: 3, seed: 1)
        #expect(throws: HarmonicProjectionError.basisExceedsSamples(maxDegree: 3, dimension: 3, basisSize: 16, samples: 10)) {
            _ = try HarmonicProjector(harmonics: try RealSphericalHarmonics(dimension: 3, maxDegree: 3), points: points)
        }
        let error = HarmonicProjectionError.basisExceedsSamples(maxDegree: 3, dimension: 3, basisSize: 16, samples: 10)
        #expect(error.description.contains("--max-degree 3"))
    }

    @Test("basis sizes are sum_{k<=K} N(d,k); the default K keeps them within n/4, at most 40")
    func basisSizesAndDefaultDegree() {
        // S^2: (K+1)^2. S^1: 2K + 1. S^3: (K+1)(K+2)(2K+3)/6.
        for k in 0...10 {
            #expect(HarmonicProjector.basisSize(dimension: 3, maxDegree: k) == (k + 1) * (k + 1))
            #expect(HarmonicProjector.basisSize(dimension: 2, maxDegree: k) == 2 * k + 1)
            #expect(HarmonicProjector.basisSize(dimension: 4, maxDegree: k) == (k + 1) * (k + 2) * (2 * k + 3) / 6)
        }
        // Any dimension: the sum of the multiplicities N(d, k) for k <= K.
        for d in 5...8 {
            var sum = 0
            for k in 0...12 {
                sum += SphericalHarmonics.dimension(degree: k, sphereDimension: d).intValue ?? 0
                #expect(HarmonicProjector.basisSize(dimension: d, maxDegree: k) == sum)
            }
        }
        // A huge K (align --max-degree 2147483648 did not return): 2K + 1 on the circle, nil past Int.
        #expect(HarmonicProjector.basisSize(dimension: 2, maxDegree: 1 << 31) == (1 << 32) + 1)
        #expect(HarmonicProjector.basisSize(dimension: 10, maxDegree: 1 << 31) == nil)
        #expect(HarmonicProjector.defaultMaxDegree(dimension: 3, points: 2000) == 21)   // 22^2 = 484 <= 500 < 529
        #expect(HarmonicProjector.defaultMaxDegree(dimension: 3, points: 1_000_000) == 40)
        #expect(HarmonicProjector.defaultMaxDegree(dimension: 3, points: 7) == 0)
        #expect(HarmonicProjector.defaultMaxDegree(dimension: 2, points: 100) == 12)     // 25 <= 25
    }

    @Test("the dominant degree is the lowest of tied maxima; its fraction is its energy")
    func dominantDegreeTies() {
        let p = HarmonicProjection(energies: [0.1, 0.4, 0.4, 0.05])
        #expect(p.dominantDegree == 1)
        #expect(p.dominantFraction == 0.4)
        #expect(abs(p.residual - 0.05) < 1e-15)
    }
}
