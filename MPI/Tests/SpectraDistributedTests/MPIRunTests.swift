import Foundation
import Testing
@testable import SpectraDistributed
import SpectraKit

/// spectra-mpi under mpirun (2 ranks, and 4 oversubscribed on a 2-core machine) against the
/// one-process path that `spectra decay --method gram` runs (`EmpiricalSpectrum.zonal`).
/// The binary is the one beside this test bundle, or SPECTRA_MPI_BINARY.
enum MPIRun {
    static var binary: String {
        if let given = ProcessInfo.processInfo.environment["SPECTRA_MPI_BINARY"] { return given }
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return executable.deletingLastPathComponent().appendingPathComponent("spectra-mpi").path
    }

    /// Runs `mpirun -np P spectra-mpi ARGS`; (exit status, stdout, stderr).
    static func run(ranks: Int, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var launcher = ["mpirun", "-np", String(ranks)]
        if ranks > 2 { launcher.append("--oversubscribe") }
        process.arguments = launcher + [binary] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        // One BLAS thread per rank: ranks are the parallelism (and 4 ranks share 2 cores here).
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the job runs, so that a full pipe cannot stall it.
        nonisolated(unsafe) var errorData = Data()
        let reader = Thread { errorData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// The JSON document's first result, with the document's "distributed" object (--timings) added.
    static func result(_ output: String) throws -> [String: Any] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let results = try #require(document["results"] as? [[String: Any]])
        var first = try #require(results.first)
        first["distributed"] = document["distributed"]
        return first
    }
}

/// Largest |a_i - b_i| over all eigenvalues, relative to the largest eigenvalue.
func worstDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { abs($0 - $1) }.max()! / abs(b[0])
}

@Suite(.serialized) struct MPIRunTests {
    /// Every solver on 2 and 4 ranks: all n eigenvalues equal the one-process ones to 1e-12 of
    /// the largest (LAPACK's and ScaLAPACK's/ELPA's backward errors are both about n eps
    /// lambda_max, so an eigenvalue lambda_i can only agree to about n eps lambda_max / lambda_i
    /// relative); those above 1e-2 lambda_max agree to 1e-12 relative; and their sum is kappa(1).
    @Test(arguments: [2, 4], DistributedSolver.allCases)
    func eigenvaluesEqualTheOneProcessPath(ranks: Int, solver: DistributedSolver) throws {
        let kernel = try KernelSpec.parse("ntk:depth=3").kernel
        let points = try PointSet.uniformOnSphere(count: 700, dimension: 4, seed: 11)
        let reference = try EmpiricalSpectrum.zonal(kernel, on: points).eigenvalues
        let run = try MPIRun.run(ranks: ranks, ["decay", "--kernel", "ntk:depth=3", "--dim", "4", "--samples", "700", "--seed", "11",
                                                "--solver", solver.rawValue, "--format", "json", "--timings"])
        try #require(run.status == 0, "\(run.error)")
        let result = try MPIRun.result(run.output)
        let values = try #require(result["eigenvalues"] as? [Double])
        #expect(values.count == 700)
        #expect(worstDifference(values, reference) <= 1e-12, "largest difference \(worstDifference(values, reference)) of lambda_max")
        var worstRelative = 0.0
        for (a, b) in zip(values, reference) where b >= 1e-2 * reference[0] { worstRelative = max(worstRelative, abs(a - b) / b) }
        #expect(worstRelative <= 1e-12, "largest relative difference \(worstRelative)")
        let trace = try #require(result["trace"] as? [String: Double])
        #expect(abs(trace["eigenvalue_sum"]! - kernel.value(at: 1)) <= 1e-12 * kernel.value(at: 1))
        let distributed = try #require(result["distributed"] as? [String: Any])
        #expect(distributed["ranks"] as? Int == ranks)
        #expect(distributed["grid"] as? [Int] == (ranks == 2 ? [1, 2] : [2, 2]))
    }

    /// --data: every rank reads the file; the spectrum is the one-process spectrum of the same rows.
    @Test func dataFileEqualsTheOneProcessPath() throws {
        let sample = try PointSet.uniformOnSphere(count: 450, dimension: 3, seed: 4)
        // Rows off the sphere (scaled), projected back by --normalize on both paths.
        let text = (0..<sample.count).map { i in sample[point: i].map { String($0 * Double(1 + i % 3)) }.joined(separator: ",") }
            .joined(separator: "\n") + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spectra-mpi-test-\(getpid()).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let points = try PointSet.parse(text).normalizedOntoSphere()
        let kernel = try KernelSpec.parse("laplace:c=2").kernel
        let reference = try EmpiricalSpectrum.zonal(kernel, on: points).eigenvalues
        let run = try MPIRun.run(ranks: 2, ["decay", "--kernel", "laplace:c=2", "--dim", "3", "--data", path, "--normalize", "--format", "json"])
        try #require(run.status == 0, "\(run.error)")
        let values = try #require(try MPIRun.result(run.output)["eigenvalues"] as? [Double])
        #expect(values.count == 450)
        #expect(worstDifference(values, reference) <= 1e-12)
    }

    /// The estimate is an upper bound of every rank's measured peak (VmHWM), within 2x, at
    /// n = 2000 (the local matrix, 15 MiB, then weighs as much as the fixed part).
    @Test(arguments: DistributedSolver.allCases)
    func estimatedMemoryBoundsTheMeasuredPeak(solver: DistributedSolver) throws {
        let run = try MPIRun.run(ranks: 2, ["decay", "--kernel", "ntk:depth=2", "--dim", "5", "--samples", "2000",
                                            "--solver", solver.rawValue, "--format", "json", "--timings"])
        try #require(run.status == 0, "\(run.error)")
        let distributed = try #require(try MPIRun.result(run.output)["distributed"] as? [String: Any])
        let estimate = try #require(distributed["estimated_bytes_per_rank"] as? Int)
        let peak = try #require(distributed["peak_bytes_per_rank"] as? Int)
        #expect(peak <= estimate && estimate <= 2 * peak, "estimate \(estimate), measured peak \(peak)")
    }

    /// Too little memory per rank: refused before any allocation, with the number of ranks that fits.
    @Test func tooLittleMemoryPerRankNamesTheRanksNeeded() throws {
        let needed = try #require(DistributedMemoryPlan.ranksNeeded(points: 20_000, dimension: 3, solver: .elpa2, budgetPerRank: 512 << 20))
        #expect(needed > 2)
        let run = try MPIRun.run(ranks: 2, ["decay", "--kernel", "ntk:depth=2", "--dim", "3", "--samples", "20000", "--memory-per-rank", "512M"])
        #expect(run.status == 64)
        #expect(run.output.isEmpty)
        #expect(run.error.contains("--samples 20000 on 2 ranks"), "\(run.error)")
        #expect(run.error.contains("need at least \(needed) ranks"), "\(run.error)")
    }

    @Test func badOptionsAndDataExitWithTheirStatus() throws {
        let grid = try MPIRun.run(ranks: 2, ["decay", "--kernel", "ntk", "--dim", "3", "--samples", "100", "--grid", "2x2"])
        #expect(grid.status == 64)
        #expect(grid.error.contains("--grid 2x2 has 4 processes but the job has 2 ranks"), "\(grid.error)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spectra-mpi-bad-\(getpid()).csv").path
        try "1,0,0\n0,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = try MPIRun.run(ranks: 2, ["decay", "--kernel", "ntk", "--dim", "3", "--data", path])
        #expect(data.status == 65)
        #expect(data.error.contains("--data \(path)"), "\(data.error)")
        let kernel = try MPIRun.run(ranks: 2, ["decay", "--kernel", "nosuch", "--dim", "3", "--samples", "100"])
        #expect(kernel.status == 64)
        #expect(kernel.error.contains("--kernel nosuch"), "\(kernel.error)")
    }

    /// An option error is found by every rank before MPI starts; one rank prints it, and the job
    /// exits with the usage status.
    @Test func anOptionErrorIsPrintedOnce() throws {
        let run = try MPIRun.run(ranks: 2, ["decay", "--kernel", "ntk", "--dim", "1", "--samples", "100"])
        #expect(run.status == 64)
        #expect(run.output.isEmpty)
        let lines = run.error.split(separator: "\n").filter { $0.contains("--dim must be at least 2, got 1") }
        #expect(lines.count == 1, "\(run.error)")
    }

    /// spectra's checks of the raw command line hold here too: a negative number after an option
    /// is its value, so the option's own check names it (the parser alone said "Missing value"),
    /// and an option that takes one value, given twice, is refused with both values.
    @Test func aNegativeValueAndARepeatedOptionAreRefusedByName() throws {
        let negative = try MPIRun.run(ranks: 2, ["regress", "--kernel", "ntk", "--data", "\(RegressRunTests.dataFolder)/wine.csv",
                                                 "--target", "class", "--ridge", "-1"])
        #expect(negative.status == 64)
        #expect(negative.output.isEmpty)
        let lines = negative.error.split(separator: "\n").filter { $0.contains("--ridge must be auto or a number >= 0, got '-1'") }
        #expect(lines.count == 1, "\(negative.error)")
        let repeated = try MPIRun.run(ranks: 2, ["decay", "--kernel", "ntk", "--dim", "3", "--dim", "10", "--samples", "100"])
        #expect(repeated.status == 64)
        let refusals = repeated.error.split(separator: "\n").filter { $0.contains("--dim is given 2 times (3, 10)") }
        #expect(refusals.count == 1, "\(repeated.error)")
    }

    /// --output or --eigenvectors-csv naming the --data file is refused before any work, and the
    /// file is left as it was (align wrote over the points until 2026-12-07).
    @Test func anOutputThatIsTheInputIsRefusedAndTheInputKept() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spectra-mpi-output-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let points = try PointSet.uniformOnSphere(count: 200, dimension: 3, seed: 3)
        let text = (0..<points.count).map { i in points[point: i].map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n") + "\n"
        let path = folder.appendingPathComponent("points.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try MPIRun.run(ranks: 2, ["align", "--kernel", "ntk", "--data", path, "--output", path])
        #expect(run.status == 64)
        let lines = run.error.split(separator: "\n").filter { $0.contains("--output \(path) is the file given to --data") }
        #expect(lines.count == 1, "\(run.error)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        let vectors = try MPIRun.run(ranks: 2, ["align", "--kernel", "ntk", "--data", path, "--eigenvectors-csv", path])
        #expect(vectors.status == 64)
        #expect(vectors.error.split(separator: "\n").filter { $0.contains("--eigenvectors-csv \(path) is the file given to --data") }.count == 1,
                "\(vectors.error)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }
}
