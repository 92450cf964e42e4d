import Foundation
import Testing
@testable import SpectraKit

/// Paths that allocate in proportion to the user's input check the memory they need before they
/// allocate it, and say how much that is.
@Suite struct MemoryCheckTests {
    /// GridPlan refuses from the requested count, before computing any latitude (on S^2 the
    /// Gauss-Legendre rule of 2e5 latitudes alone would take minutes).
    @Test func gridPlanRefusesBeforeBuildingTheGrid() {
        for d in [2, 3] {
            #expect(throws: GridSpectrumError.self) {
                try GridPlan(dimension: d, approximateCount: 80_000_000_000, memoryBudget: 1 << 30)
            }
        }
        #expect(throws: Never.self) { try GridPlan(dimension: 3, approximateCount: 800, memoryBudget: 1 << 30) }
    }

    /// The harmonic basis of `align` counts with the eigenvectors against the budget.
    @Test func alignmentCountsTheHarmonicBasis() throws {
        let points = try PointSet.uniformOnSphere(count: 400, dimension: 3, seed: 2)
        let kernels = [try KernelSpec.parse("ntk").kernel]
        // Enough for the eigenvectors alone (about 66 MiB with the fixed allowance), not with the basis.
        let gram = GramMemoryPlan(points: 400, dimension: 3, work: GramEigenWork(top: 10, eigenvectors: true)).bytes
        do {
            _ = try EigenspaceAlignmentStudy(kernels: kernels, points: points, top: 10, maxDegree: 19, memoryBudget: gram + 1000)
            Issue.record("expected insufficientMemory")
        } catch {
            guard case let .insufficientMemory(n, basis, required, _) = error else { Issue.record("\(error)"); return }
            #expect(n == 400 && basis == 400 && required == gram + 400 * 400 * 8)
        }
    }

    /// Kernel ridge regression refuses a training set whose Gram and factor exceed the budget.
    @Test func regressionChecksItsKernelMatrices() throws {
        let n = 50
        let features = (0..<(3 * n)).map { Double(($0 * 7919) % 101) / 101 + 0.01 }
        let targets = (0..<n).map { Double($0 % 5) }
        let data = LabeledData(featureNames: ["a", "b", "c"], targetName: "y", features: features, targets: targets,
                               sourceLines: Array(2...(n + 1)))
        let kernel = try KernelSpec.parse("laplace").kernel
        #expect(throws: KernelRidgeError.self) {
            try KernelRegressionStudy.run(data: data, kernel: kernel, name: "laplace", task: .regression,
                                          memoryBudget: GramMemoryPlan.fixedOverheadBytes)
        }
        let fits = KernelRegressionStudy.memoryEstimate(trainRows: 40, testRows: 10, features: 3, outputs: 1)
        #expect(throws: Never.self) {
            try KernelRegressionStudy.run(data: data, kernel: kernel, name: "laplace", task: .regression, memoryBudget: fits)
        }
    }
}
