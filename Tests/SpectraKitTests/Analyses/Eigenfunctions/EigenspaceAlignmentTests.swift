import Foundation
import Testing
@testable import SpectraKit

@Suite("Eigenspace alignment: overlaps and principal angles (docs/eigenfunctions.md)")
struct EigenspaceAlignmentTests {
    /// Columns given as arrays.
    static func matrix(_ columns: [[Double]]) throws -> DenseMatrix {
        try DenseMatrix(rows: columns.first?.count ?? 0, columns: columns.count, columnMajor: columns.flatMap { $0 })
    }

    static func kernels(_ specs: [String]) throws -> [any CatalogueKernel] { try specs.map { try KernelSpec.parse($0).kernel } }

    @Test("span(e1, e2) against span(e1, cos t e2 + sin t e3): angles [0, t], overlap (1 + cos^2 t)/2, also for t = 1e-10")
    func anglesOfRotatedPlanes() throws {
        for t in [1e-10, 1e-5, 0.3, 1.2, Double.pi / 2] {
            let a = try Self.matrix([[1, 0, 0, 0], [0, 1, 0, 0]])
            let b = try Self.matrix([[1, 0, 0, 0], [0, cos(t), sin(t), 0]])
            let alignment = try SubspaceAlignment(a, b)
            #expect(alignment.principalAngles.count == 2)
            #expect(abs(alignment.principalAngles[0]) <= 1e-15)
            // Small angles to full relative precision (the sines), not sqrt(eps) (arccos).
            #expect(abs(alignment.principalAngles[1] - t) <= 1e-14 * t + 1e-16, "t = \(t): \(alignment.principalAngles)")
            #expect(abs(alignment.overlap - (1 + cos(t) * cos(t)) / 2) <= 1e-15)
        }
    }

    @Test("orthogonal spaces: overlap 0, angles pi/2; nested spaces of sizes 1 and 2: overlap 1/2, angle 0")
    func orthogonalAndNested() throws {
        let orthogonal = try SubspaceAlignment(try Self.matrix([[1, 0, 0]]), try Self.matrix([[0, 1, 0], [0, 0, 1]]))
        #expect(orthogonal.overlap == 0)
        #expect(orthogonal.principalAngles.map { abs($0 - Double.pi / 2) < 1e-15 } == [true])
        let nested = try SubspaceAlignment(try Self.matrix([[1, 0, 0]]), try Self.matrix([[0, 1, 0], [1, 0, 0]]))
        #expect(abs(nested.overlap - 0.5) < 1e-15)
        #expect(nested.principalAngles.count == 1 && abs(nested.principalAngles[0]) < 1e-15)
        let empty = try SubspaceAlignment(DenseMatrix(rows: 3, columns: 0), try Self.matrix([[1, 0, 0]]))
        #expect(empty.overlap == 0 && empty.principalAngles.isEmpty)
    }

    @Test("a kernel against itself: overlap 1 and zero angles for every m")
    func kernelAgainstItself() throws {
        let points = try PointSet.uniformOnSphere(count: 500, dimension: 3, seed: 2)
        let study = try EigenspaceAlignmentStudy(kernels: try Self.kernels(["ntk:depth=3,bias_var=0.25", "ntk:depth=3,bias_var=0.25"]),
                                                 points: points, top: 40)
        #expect(study.subspaceSizes == [1, 4, 9, 16, 25, 36])
        let pair = try #require(study.pairs.first)
        for (m, alignment) in pair.overall {
            #expect(abs(alignment.overlap - 1) < 1e-13, "m = \(m)")
            #expect(alignment.principalAngles.count == m)
            #expect(alignment.principalAngles.allSatisfy { $0 < 1e-12 }, "m = \(m): \(alignment.principalAngles.max() ?? 0)")
        }
        for (k, alignment) in pair.byDegree {
            #expect(abs(alignment.overlap - 1) < 1e-13, "degree \(k)")
        }
    }

    @Test("(t+1)^2 and (t+2)^2 on a 5-design: same eigenspaces, different mu_k, overlap 1 for m = 1, 4, 9")
    func polynomialsShareEigenspaces() throws {
        // On S^2: (1+t)^2 = 4/3 + 2 P_1 + 2/3 P_2 and (2+t)^2 = 13/3 + 4 P_1 + 2/3 P_2: mu = (4/3, 2/3, 2/15)
        // and (13/3, 4/3, 2/15), both descending; on the design the degree blocks are exactly span(Y_k).
        let study = try EigenspaceAlignmentStudy(kernels: try Self.kernels(["poly:degree=2,c=1", "poly:degree=2,c=2"]),
                                                 points: ExactDesigns.icosahedronAndDodecahedron, top: 9, maxDegree: 2)
        #expect(study.subspaceSizes == [1, 4, 9])
        let pair = try #require(study.pairs.first)
        #expect(pair.overall.map(\.m) == [1, 4, 9])
        for (m, alignment) in pair.overall {
            #expect(abs(alignment.overlap - 1) <= 1e-10, "m = \(m): \(alignment.overlap)")
            #expect(alignment.principalAngles.allSatisfy { $0 <= 1e-10 })
        }
        #expect(pair.byDegree.map(\.degree) == [0, 1, 2])
        for (k, alignment) in pair.byDegree {
            #expect(alignment.sizes == (2 * k + 1, 2 * k + 1))
            #expect(abs(alignment.overlap - 1) <= 1e-10, "degree \(k)")
        }
    }

    @Test("one kernel: projections and no pairs; the dominant-fraction summary is the minimum and the median")
    func oneKernel() throws {
        let points = try PointSet.uniformOnSphere(count: 300, dimension: 3, seed: 3)
        let study = try EigenspaceAlignmentStudy(kernels: try Self.kernels(["laplace"]), points: points)
        #expect(study.pairs.isEmpty)
        #expect(study.top == 100)
        #expect(study.maxDegree == 7)   // 64 <= 75 < 81
        let result = try #require(study.kernels.first)
        #expect(result.projections.count == 100)
        let fractions = result.projections.map(\.dominantFraction).sorted()
        let summary = try #require(result.dominantFractionSummary)
        #expect(summary.minimum == fractions[0])
        #expect(summary.median == (fractions[49] + fractions[50]) / 2)
    }

    @Test("bad requests are refused before any Gram matrix: --top above n, --max-degree too high, sizes, off-sphere points")
    func badRequests() throws {
        let points = try PointSet.uniformOnSphere(count: 50, dimension: 3, seed: 1)
        let kernels = try Self.kernels(["ntk", "laplace"])
        func refusal(_ make: () throws -> EigenspaceAlignmentStudy) -> String {
            (#expect(throws: EigenspaceAlignmentError.self) { _ = try make() }).map(String.init(describing:)) ?? ""
        }
        #expect(refusal { try EigenspaceAlignmentStudy(kernels: kernels, points: points, top: 51) }.contains("--top 51"))
        let tooHigh = refusal { try EigenspaceAlignmentStudy(kernels: kernels, points: points, maxDegree: 7) }
        #expect(tooHigh.contains("--max-degree 7") && tooHigh.contains("64 harmonics"), "\(tooHigh)")
        #expect(refusal { try EigenspaceAlignmentStudy(kernels: kernels, points: points, top: 10, subspaceSizes: [4, 11]) }.contains("11"))
        let off = try PointSet(rows: [[1, 0, 0], [0, 2, 0], [0, 0, 1]])
        #expect(refusal { try EigenspaceAlignmentStudy(kernels: kernels, points: off, top: 2, maxDegree: 0) }.contains("--normalize"))
    }
}
