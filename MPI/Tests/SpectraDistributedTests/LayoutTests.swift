import CScaLAPACK
import Testing
@testable import SpectraDistributed

@Suite struct LayoutTests {
    @Test func squarestGridsForSmallRankCounts() {
        let expected: [(Int, Int, Int)] = [(1, 1, 1), (2, 1, 2), (3, 1, 3), (4, 2, 2), (6, 2, 3), (7, 1, 7), (8, 2, 4), (9, 3, 3), (12, 3, 4), (64, 8, 8)]
        for (p, r, c) in expected {
            #expect(ProcessGrid.squarest(ranks: p) == ProcessGrid(rows: r, columns: c), "P = \(p)")
        }
    }

    /// Local sizes equal ScaLAPACK's own NUMROC, and the runs of all processes cover 0..<n once.
    @Test func localCountsMatchNumrocAndRunsPartitionTheIndices() {
        for n in [1, 7, 64, 100, 257, 4000] {
            for nb in [1, 5, 64] {
                for processes in [1, 2, 3, 4] {
                    var covered = [Int](repeating: 0, count: n)
                    let layout = BlockCyclicLayout(order: n, blockSize: nb, grid: ProcessGrid(rows: processes, columns: 1))
                    for p in 0..<processes {
                        var n32 = Int32(n), nb32 = Int32(nb), p32 = Int32(p), zero: Int32 = 0, np32 = Int32(processes)
                        let reference = Int(numroc_(&n32, &nb32, &p32, &zero, &np32))
                        #expect(BlockCyclicLayout.localCount(n, blockSize: nb, process: p, processes: processes) == reference)
                        let runs = layout.runs(process: p, processes: processes)
                        #expect(runs.reduce(0) { $0 + $1.count } == reference)
                        for run in runs { for i in run { covered[i] += 1 } }
                        #expect(runs.allSatisfy { $0.lowerBound % nb == 0 && ($0.lowerBound / nb) % processes == p })
                    }
                    #expect(covered.allSatisfy { $0 == 1 }, "n \(n), nb \(nb), P \(processes)")
                }
            }
        }
    }

    @Test func defaultBlockSizeIs64UnlessThatLeavesAProcessEmpty() {
        #expect(BlockCyclicLayout.defaultBlockSize(order: 4000, grid: ProcessGrid(rows: 2, columns: 2)) == 64)
        #expect(BlockCyclicLayout.defaultBlockSize(order: 100, grid: ProcessGrid(rows: 2, columns: 2)) == 50)
        #expect(BlockCyclicLayout.defaultBlockSize(order: 10, grid: ProcessGrid(rows: 1, columns: 7)) == 2)
    }
}

@Suite struct MemoryPlanTests {
    /// The largest rank's bytes, term by term for pdsyevr at n = 1000, d = 3, one rank (block 64:
    /// the workspace's nb (np + 1) = 64064 exceeds 12n).
    @Test func pdsyevrPlanByHand() {
        let plan = DistributedMemoryPlan(points: 1000, dimension: 3, ranks: 1, solver: .pdsyevr)
        let doubles = 1000 * 3 + 2000 * 3 + 4 * 1000 + (2 + 5 * 1000 + 64 * 1001)
        let integers = 12 * 1000 + 2 + 8
        let localMatrices = 3 * 1000 * 1000 * 8
        #expect(plan.bytesPerRank == 8 * doubles + 4 * integers + localMatrices + DistributedMemoryPlan.fixedOverheadBytes)
    }

    /// The local matrix shrinks as 1/P: at n = 100,000 the plan on 16 ranks is about a 16th of one rank's.
    @Test func localMatrixDominatesAndShrinksWithRanks() {
        let one = DistributedMemoryPlan(points: 100_000, dimension: 10, ranks: 1, solver: .elpa2).bytesPerRank
        let sixteen = DistributedMemoryPlan(points: 100_000, dimension: 10, ranks: 16, solver: .elpa2).bytesPerRank
        #expect(abs(Double(one) / Double(sixteen) - 16) < 0.5)
    }

    /// ranksNeeded is the fewest ranks with a balanced grid that fit: it fits, and no smaller
    /// balanced P does; a prime P (1 x P grid) is passed over.
    @Test(arguments: [DistributedSolver.elpa2, .pdsyevr, .pdsyevd])
    func ranksNeededIsMinimal(solver: DistributedSolver) throws {
        for (n, budget) in [(20_000, 1 << 30), (100_000, 16 << 30), (5_000, 256 << 20)] {
            let p = try #require(DistributedMemoryPlan.ranksNeeded(points: n, dimension: 10, solver: solver, budgetPerRank: budget))
            #expect(DistributedMemoryPlan(points: n, dimension: 10, ranks: p, solver: solver).bytesPerRank <= budget)
            #expect(DistributedMemoryPlan.isBalanced(p))
            for q in 1..<p where DistributedMemoryPlan.isBalanced(q) {
                #expect(DistributedMemoryPlan(points: n, dimension: 10, ranks: q, solver: solver).bytesPerRank > budget)
            }
        }
        // Less than the fixed allowance fits nowhere.
        #expect(DistributedMemoryPlan.ranksNeeded(points: 1000, dimension: 3, solver: solver, budgetPerRank: 1 << 20, limit: 64) == nil)
    }

    @Test func balancedGrids() {
        #expect([1, 2, 3, 4, 6, 8, 12, 16, 150].allSatisfy(DistributedMemoryPlan.isBalanced))
        #expect(![5, 7, 11, 149, 1869].contains(where: DistributedMemoryPlan.isBalanced))   // 1869 = 21 x 89
    }

    @Test func byteSizesParse() {
        #expect(parseBytes("4G") == 4 << 30)
        #expect(parseBytes("512M") == 512 << 20)
        #expect(parseBytes("1.5GiB") == 3 << 29)
        #expect(parseBytes("100000") == 100_000)
        for bad in ["", "G", "-1G", "0", "4X", "nan", "1e30T"] { #expect(parseBytes(bad) == nil, "\(bad)") }
    }
}
