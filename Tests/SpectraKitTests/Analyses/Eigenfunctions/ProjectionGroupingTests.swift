import Foundation
import Testing
@testable import SpectraKit

@Suite struct ProjectionGroupingTests {
    /// (t+1)^3 on uniform points of S^2 has rank 16 = 1 + 3 + 5 + 7: the projection assigns
    /// exactly N(3,k) eigenvectors to each degree k <= 3, and each estimate is within the
    /// sampling error of mu_k = 2, 6/5, 2/5, 2/35 (hand-computed Legendre coefficients / (2k+1)).
    @Test func cubicKernelDegreesAreCompleteAndNearTheirEigenvalues() throws {
        let kernel = try KernelSpec.parse("poly:degree=3,c=1").kernel
        let points = try PointSet.uniformOnSphere(count: 800, dimension: 3, seed: 4)
        let study = try GramDecayStudy(kernel: kernel, points: points, offSphere: false, memoryBudget: nil,
                                       origin: .samples, fitRange: nil, parity: .all, maxDegree: 6, top: 16,
                                       assignment: .projection)
        let expected = [2.0, 6.0 / 5, 2.0 / 5, 2.0 / 35]
        for k in 0...3 {
            let e = try #require(study.grouping.estimates.first { $0.degree == k })
            #expect(e.isComplete)
            #expect(abs(e.estimate - expected[k]) / expected[k] < 4 / Double(800).squareRoot() * 3)
        }
    }

    /// The NTK on 1500 points of S^2: the first degrees are complete, and block and projection
    /// assignments agree on them (the empirical order follows the analytic one there).
    @Test func ntkProjectionAgreesWithBlocksOnTheFirstDegrees() throws {
        let kernel = try KernelSpec.parse("ntk:depth=3,bias_var=0.25").kernel
        let points = try PointSet.uniformOnSphere(count: 1500, dimension: 3, seed: 2)
        let blocks = try GramDecayStudy(kernel: kernel, points: points, offSphere: false, memoryBudget: nil,
                                        origin: .samples, fitRange: nil, parity: .all)
        let projected = try GramDecayStudy(kernel: kernel, points: points, offSphere: false, memoryBudget: nil,
                                           origin: .samples, fitRange: nil, parity: .all, assignment: .projection)
        for k in 0...4 {
            let a = try #require(blocks.grouping.estimates.first { $0.degree == k })
            let b = try #require(projected.grouping.estimates.first { $0.degree == k })
            #expect(b.isComplete)
            #expect(abs(a.estimate - b.estimate) <= 1e-12 * a.estimate)
        }
    }
}
