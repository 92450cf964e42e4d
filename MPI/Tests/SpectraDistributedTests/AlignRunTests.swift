import Foundation
import Testing
@testable import SpectraDistributed
import SpectraKit

/// `spectra-mpi align` under mpirun against the one-process `spectra align` computed in the
/// test (`EigenspaceAlignmentStudy` on the same seeded points, LAPACK's dsyevr): eigenvalues,
/// the eigenvectors' spaces, their harmonic projections and the pairwise alignments. Nested in
/// MPIRunTests so that its serialisation covers these runs too: MPI jobs running side by side
/// on this 2-core machine would only slow each other down.
extension MPIRunTests {
    @Suite(.serialized) struct AlignRunTests {
        static let kernels = ["ntk:depth=3", "laplace:c=2"]
        static let (n, d, m, seed) = (600, 3, 25, 5)

        /// The one-process study both paths are compared with: top 25 = degrees 0...4 complete on S^2.
        static let reference: EigenspaceAlignmentStudy = {
            let points = try! PointSet.uniformOnSphere(count: n, dimension: d, seed: UInt64(seed))
            return try! EigenspaceAlignmentStudy(kernels: kernels.map { try! KernelSpec.parse($0).kernel }, points: points, top: m)
        }()

        /// The columns of an eigenvector CSV written by --eigenvectors-csv, one n x m matrix per kernel.
        static func readEigenvectors(_ path: String, kernels: Int) throws -> [DenseMatrix] {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
            #expect(lines.count == n)
            var storage = [[Double]](repeating: [Double](repeating: .nan, count: n * m), count: kernels)
            for (i, line) in lines.enumerated() {
                let values = line.split(separator: ",").map { Double($0)! }
                for k in 0..<kernels { for j in 0..<m { storage[k][i + j * n] = values[k * m + j] } }
            }
            return try storage.map { try DenseMatrix(rows: n, columns: m, columnMajor: $0) }
        }

        static func leading(_ matrix: DenseMatrix, _ count: Int) throws -> DenseMatrix {
            try DenseMatrix(rows: matrix.rows, columns: count, columnMajor: Array(matrix.storage.prefix(matrix.rows * count)))
        }

        /// Every solver on 2 and 4 ranks. Eigenvalues to 1e-12 relative (the top 25 are all above
        /// 1e-2 lambda_max, where two backward-stable solvers agree to about n eps lambda_max /
        /// lambda_i); the distributed and the one-process top-m spaces coincide (overlap 1 to
        /// 1e-10) at every degree-complete m, where the gap to the next eigenvalue is a degree's;
        /// each eigenvector's energy per degree to 1e-10 (within a degree the sample splits the
        /// eigenvalues by far more than rounding, so each eigenvector is determined up to sign);
        /// and the kernels' overlaps of the distributed output equal the one-process ones to 1e-10.
        @Test(arguments: [2, 4], DistributedSolver.allCases)
        func alignEqualsTheOneProcessPath(ranks: Int, solver: DistributedSolver) throws {
            let csv = FileManager.default.temporaryDirectory.appendingPathComponent("spectra-mpi-align-\(getpid())-\(ranks)-\(solver).csv").path
            defer { try? FileManager.default.removeItem(atPath: csv) }
            let run = try MPIRun.run(ranks: ranks, ["align"] + Self.kernels.flatMap { ["--kernel", $0] }
                + ["--dim", "\(Self.d)", "--samples", "\(Self.n)", "--seed", "\(Self.seed)", "--top", "\(Self.m)",
                   "--solver", solver.rawValue, "--format", "json", "--timings", "--eigenvectors-csv", csv])
            try #require(run.status == 0, "\(run.error)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let results = try #require(document["results"] as? [[String: Any]])
            let reference = Self.reference
            try #require(results.count == 2)
            let vectors = try Self.readEigenvectors(csv, kernels: 2)
            for (k, result) in results.enumerated() {
                let expected = reference.kernels[k]
                let projections = try #require(result["projections"] as? [[String: Any]])
                try #require(projections.count == Self.m)
                var worstEigenvalue = 0.0, worstEnergy = 0.0
                for (j, p) in projections.enumerated() {
                    let value = try #require(p["eigenvalue"] as? Double)
                    worstEigenvalue = max(worstEigenvalue, abs(value - expected.spectrum.eigenvalues[j]) / expected.spectrum.eigenvalues[j])
                    let energies = try #require(p["energies"] as? [Double])
                    try #require(energies.count == expected.projections[j].energies.count)
                    for (a, b) in zip(energies, expected.projections[j].energies) { worstEnergy = max(worstEnergy, abs(a - b)) }
                }
                #expect(worstEigenvalue <= 1e-12, "\(Self.kernels[k]): largest relative eigenvalue difference \(worstEigenvalue)")
                #expect(worstEnergy <= 1e-10, "\(Self.kernels[k]): largest energy difference \(worstEnergy)")
                let one = try #require(expected.spectrum.eigenvectors)
                var worstOverlap = 0.0
                for size in EigenspaceAlignmentStudy.degreeCompleteSizes(dimension: Self.d, upTo: Self.m) {
                    let agreement = try SubspaceAlignment(try Self.leading(vectors[k], size), try Self.leading(one, size))
                    #expect(abs(1 - agreement.overlap) <= 1e-10, "\(Self.kernels[k]) m = \(size): overlap \(agreement.overlap)")
                    worstOverlap = max(worstOverlap, abs(1 - agreement.overlap))
                }
                // The measured agreement, for the record (docs/distributed.md quotes it).
                print("align \(Self.kernels[k]) P = \(ranks) \(solver): largest relative eigenvalue difference \(worstEigenvalue), "
                      + "largest |1 - overlap| of the top-m spaces at degree-complete m \(worstOverlap), largest energy difference \(worstEnergy)")
                // The gathered columns are orthonormal (V^T V = I): they are eigenvectors, not a mix.
                let gram = try SubspaceAlignment(vectors[k], vectors[k])
                #expect(abs(1 - gram.overlap) <= 1e-12)
            }
            let alignment = try #require(document["alignment"] as? [[String: Any]])
            let pair = try #require(reference.pairs.first)
            try #require(alignment.count == pair.overall.count)
            for (row, (size, expected)) in zip(alignment, pair.overall) {
                #expect(row["m"] as? Int == size)
                let overlap = try #require(row["overlap"] as? Double)
                #expect(abs(overlap - expected.overlap) <= 1e-10, "m = \(size): \(overlap) against \(expected.overlap)")
            }
            let distributed = try #require(document["distributed"] as? [String: Any])
            #expect(distributed["grid"] as? [Int] == (ranks == 2 ? [1, 2] : [2, 2]))
            #expect((distributed["phases"] as? [Any])?.count == 2)
        }

        /// --data --normalize: every rank reads the file; the study is the one-process study of the same rows.
        @Test func dataFileEqualsTheOneProcessStudy() throws {
            let sample = try PointSet.uniformOnSphere(count: 400, dimension: 4, seed: 9)
            let text = (0..<sample.count).map { i in sample[point: i].map { String($0 * Double(1 + i % 4)) }.joined(separator: ",") }
                .joined(separator: "\n") + "\n"
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("spectra-mpi-align-data-\(getpid()).csv").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let points = try PointSet.parse(text).normalizedOntoSphere()
            let reference = try EigenspaceAlignmentStudy(kernels: [try KernelSpec.parse("gexp:gamma=0.5").kernel], points: points, top: 15)
            let run = try MPIRun.run(ranks: 2, ["align", "--kernel", "gexp:gamma=0.5", "--dim", "4", "--data", path, "--normalize",
                                                "--top", "15", "--format", "json"])
            try #require(run.status == 0, "\(run.error)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            #expect(document["seed"] == nil)
            let projections = try #require((document["results"] as? [[String: Any]])?.first?["projections"] as? [[String: Any]])
            try #require(projections.count == 15)
            for (j, p) in projections.enumerated() {
                let value = try #require(p["eigenvalue"] as? Double), expected = reference.kernels[0].spectrum.eigenvalues[j]
                #expect(abs(value - expected) <= 1e-12 * expected)
                let energies = try #require(p["energies"] as? [Double])
                for (a, b) in zip(energies, reference.kernels[0].projections[j].energies) { #expect(abs(a - b) <= 1e-10) }
            }
        }

        /// The estimate with eigenvectors is an upper bound of the measured peak (VmHWM, the most
        /// demanding rank, rank 0's analysis included), within 2x, at n = 2000 with m = 100.
        @Test(arguments: DistributedSolver.allCases)
        func estimatedMemoryBoundsTheMeasuredPeak(solver: DistributedSolver) throws {
            let run = try MPIRun.run(ranks: 2, ["align", "--kernel", "ntk:depth=2", "--dim", "5", "--samples", "2000", "--top", "100",
                                                "--solver", solver.rawValue, "--format", "json", "--timings"])
            try #require(run.status == 0, "\(run.error)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let distributed = try #require(document["distributed"] as? [String: Any])
            let estimate = try #require(distributed["estimated_bytes_per_rank"] as? Int)
            let peak = try #require(distributed["peak_bytes_per_rank"] as? Int)
            #expect(peak <= estimate && estimate <= 2 * peak, "estimate \(estimate), measured peak \(peak)")
        }

        /// Refusals before any collective: exit status, the parameter named, nothing on standard
        /// output, an --output file left as it was.
        @Test func badInputIsRefusedOnEveryRank() throws {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("spectra-mpi-align-out-\(getpid()).txt").path
            try "untouched\n".write(toFile: output, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: output) }
            func refused(_ arguments: [String], status: Int32, saying texts: String...) throws {
                let run = try MPIRun.run(ranks: 2, ["align", "--output", output] + arguments)
                #expect(run.status == status, "\(arguments): \(run.error)")
                for text in texts { #expect(run.error.contains(text), "\(arguments): \(run.error)") }
                #expect(run.output.isEmpty)
                #expect(try String(contentsOfFile: output, encoding: .utf8) == "untouched\n")
            }
            try refused(["--kernel", "ntk", "--samples", "100", "--top", "101"], status: 64, saying: "--top 101 is outside 1...100")
            try refused(["--kernel", "ntk", "--samples", "100", "--top", "9", "--sizes", "4,10"], status: 64, saying: "--sizes: subspace size 10 is outside 1...9")
            try refused(["--kernel", "ntk", "--samples", "100", "--max-degree", "12"], status: 64, saying: "--max-degree 12")
            try refused(["--kernel", "nosuch", "--samples", "100"], status: 64, saying: "--kernel nosuch")
            try refused(["--kernel", "ntk", "--samples", "100", "--table", "angles"], status: 64, saying: "--table angles is not part of this output")
            try refused(["--kernel", "ntk", "--samples", "100", "--grid", "2x2"], status: 64, saying: "--grid 2x2 has 4 processes but the job has 2 ranks")
            // Rows off the sphere without --normalize: a data error naming the file and the remedy.
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("spectra-mpi-align-\(getpid()).csv").path
            try (0..<50).map { i in "\(1 + Double(i)),\(Double(i % 7) - 3),2" }.joined(separator: "\n").write(toFile: data, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: data) }
            try refused(["--kernel", "ntk", "--data", data], status: 65, saying: "--normalize")
            // Too little memory per rank: the ranks needed, from the plan with eigenvectors.
            let work = DistributedMemoryPlan.EigenvectorWork(top: 100, kernels: 1, basisSize: 1681)
            let needed = try #require(DistributedMemoryPlan.ranksNeeded(points: 20_000, dimension: 3, solver: .elpa2, eigenvectors: work,
                                                                        budgetPerRank: 1 << 30))
            #expect(needed > 2)
            try refused(["--kernel", "ntk", "--samples", "20000", "--memory-per-rank", "1G"], status: 64,
                        saying: "--samples 20000 on 2 ranks (grid 1 x 2, block 64, elpa2) needs about", "need at least \(needed) ranks")
            // What rank 0 gathers does not shrink with ranks: named, with its parameters.
            try refused(["--kernel", "ntk", "--samples", "20000", "--top", "20000", "--memory-per-rank", "8G"], status: 64,
                        saying: "lower --top or --max-degree")
        }
    }

}

@Suite struct EigenvectorPlanTests {
    /// The eigenvector terms by hand: Z and the sent columns on every rank, and on rank 0
    /// (kernels + 4) n m + 2 n basisSize Doubles, added to the eigenvalue-only plan.
    @Test func eigenvectorTermsByHand() {
        let layout = BlockCyclicLayout(order: 3000, blockSize: 64, grid: ProcessGrid(rows: 1, columns: 2))
        let work = DistributedMemoryPlan.EigenvectorWork(top: 100, kernels: 3, basisSize: 400)
        let values = DistributedMemoryPlan(points: 3000, dimension: 5, layout: layout, solver: .elpa2)
        let vectors = DistributedMemoryPlan(points: 3000, dimension: 5, layout: layout, solver: .elpa2, eigenvectors: work)
        let (np, nq) = layout.largestLocalShape
        #expect((np, nq) == (3000, 1528))   // 24 of the 47 block columns, the last one of 56
        let extraHalves = DistributedMemoryPlan.localMatrixHalves(.elpa2, eigenvectors: true) - DistributedMemoryPlan.localMatrixHalves(.elpa2)
        let expected = 8 * np * 100 + 4 * extraHalves * np * nq + 8 * ((3 + 4) * 3000 * 100 + 2 * 3000 * 400)
        #expect(vectors.bytesPerRank - values.bytesPerRank == expected)
        #expect(work.rootBytes(points: 3000) == 8 * (7 * 3000 * 100 + 2 * 3000 * 400))
    }

    /// ranksNeeded with eigenvectors is minimal, and nil when rank 0's part alone exceeds the budget.
    @Test func ranksNeededWithEigenvectors() throws {
        let work = DistributedMemoryPlan.EigenvectorWork(top: 200, kernels: 2, basisSize: 1000)
        let p = try #require(DistributedMemoryPlan.ranksNeeded(points: 30_000, dimension: 10, solver: .elpa2, eigenvectors: work,
                                                               budgetPerRank: 2 << 30))
        #expect(DistributedMemoryPlan(points: 30_000, dimension: 10, ranks: p, solver: .elpa2, eigenvectors: work).bytesPerRank <= 2 << 30)
        for q in 1..<p where DistributedMemoryPlan.isBalanced(q) {
            #expect(DistributedMemoryPlan(points: 30_000, dimension: 10, ranks: q, solver: .elpa2, eigenvectors: work).bytesPerRank > 2 << 30)
        }
        let huge = DistributedMemoryPlan.EigenvectorWork(top: 30_000, kernels: 2, basisSize: 1000)
        #expect(DistributedMemoryPlan.ranksNeeded(points: 30_000, dimension: 10, solver: .elpa2, eigenvectors: huge, budgetPerRank: 2 << 30) == nil)
    }
}
