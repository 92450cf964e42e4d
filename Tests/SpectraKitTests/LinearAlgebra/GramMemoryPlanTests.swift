import Testing
@testable import SpectraKit

@Suite struct GramMemoryPlanTests {
    @Test func estimateIsDominatedByTheGramMatrix() {
        let plan = GramMemoryPlan(points: 100_000, dimension: 3)
        // n^2 doubles = 80 GB; the rest is O(n) plus the fixed 64 MiB.
        #expect(plan.bytes >= 8 * 100_000 * 100_000)
        #expect(plan.bytes < 8 * 100_000 * 100_000 + 100_000 * 1000 + GramMemoryPlan.fixedOverheadBytes)
        let vectors = GramMemoryPlan(points: 100_000, dimension: 3, work: .eigenvectors)
        #expect(vectors.bytes > 3 * 8 * 100_000 * 100_000)   // A (becoming the vectors), 2n^2 workspace
        #expect(vectors.bytes < 3 * 8 * 100_000 * 100_000 + 100_000 * 1000 + GramMemoryPlan.fixedOverheadBytes)
        let top = GramMemoryPlan(points: 100_000, dimension: 3, work: .topEigenpairs(500))
        #expect(top.bytes > 8 * (100_000 * 100_000 + 100_000 * 500))      // A and the 500 vectors
        #expect(top.bytes < plan.bytes + 8 * 100_000 * 500 + 100_000 * 1000)
        #expect(GramEigenWork(top: 500, eigenvectors: false) == .eigenvalues)
        #expect(GramEigenWork(top: nil, eigenvectors: true) == .eigenvectors)
        #expect(GramEigenWork(top: 500, eigenvectors: true) == .topEigenpairs(500))
    }

    @Test func maximumPointsIsTheLargestThatFits() {
        for budget in [1 << 27, 1 << 33, 15_600_000_000] {
            for work in [GramEigenWork.eigenvalues, .eigenvectors, .topEigenpairs(50)] {
                let n = GramMemoryPlan.maximumPoints(dimension: 10, work: work, budget: budget)
                #expect(n > 0)
                #expect(GramMemoryPlan(points: n, dimension: 10, work: work).bytes <= budget)
                #expect(GramMemoryPlan(points: n + 1, dimension: 10, work: work).bytes > budget)
            }
        }
        #expect(GramMemoryPlan.maximumPoints(dimension: 3, budget: 1000) == 0)
    }

    @Test func hugeRequestsSaturateInsteadOfOverflowing() {
        #expect(GramMemoryPlan(points: 1 << 40, dimension: 3).bytes == Int.max)
    }

    @Test func refusalNamesTheOptionAndTheLimit() {
        let budget = 8 << 30
        let fits = GramMemoryPlan.maximumPoints(dimension: 3, budget: budget)
        #expect(throws: Never.self) { try GramMemoryPlan(points: fits, dimension: 3).check(budget: budget, origin: .samples) }
        do {
            try GramMemoryPlan(points: 1_000_000, dimension: 3).check(budget: budget, origin: .samples)
            Issue.record("expected a refusal")
        } catch {
            let message = error.description
            #expect(message.contains("--samples 1000000"))
            #expect(message.contains("--samples \(fits) or fewer"))
            #expect(message.contains("8.0 GiB"))
            #expect(message.contains("spectra-mpi (docs/distributed.md)"))
        }
        do {
            try GramMemoryPlan(points: 1_000_000, dimension: 3).check(budget: budget, origin: .dataRows)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("the data has 1000000 points"))
            #expect(error.description.contains("at most \(fits) points"))
        }
    }
}
