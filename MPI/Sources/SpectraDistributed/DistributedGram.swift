import CMPI
import CScaLAPACK
import Foundation
import SpectraKit

/// What a distributed Gram spectrum ran with and how long each phase took.
public struct DistributedGramReport: Sendable {
    public let layout: BlockCyclicLayout
    public let solver: DistributedSolver
    /// The plan's estimate for the largest rank, and the budget it was checked against.
    public let estimatedBytesPerRank: Int
    public let budgetPerRank: Int
    /// Peak resident memory (VmHWM) of the most demanding rank, measured after the solve.
    public let peakBytesPerRank: Int?
    /// Wall-clock seconds per phase, the slowest rank's: "assembly" (interpolant plan, dgemm,
    /// kernel on the local entries), "eigensolve" (the distributed solver).
    public let assemblySeconds: Double
    public let eigensolveSeconds: Double
}

/// Failures of the distributed path, each with the message every rank agrees on.
public enum DistributedGramError: Error, CustomStringConvertible, Sendable {
    /// The plan does not fit in the memory per rank; the message says how many ranks would do.
    case insufficientMemory(String)
    /// Bad option values (grid not matching the ranks, block size).
    case usage(String)
    /// The kernel or the points (non-finite values, points off the sphere).
    case data(String)
    /// The solver reported an error (its INFO or ELPA's error code).
    case solver(String)

    public var description: String {
        switch self {
        case .insufficientMemory(let m), .usage(let m), .data(let m), .solver(let m): return m
        }
    }
}

/// K/n of a zonal kernel on n points, distributed 2-D block-cyclically over all ranks of
/// MPI_COMM_WORLD, and all its eigenvalues from ScaLAPACK or ELPA (docs/distributed.md).
///
/// Every rank holds all the points (seeded sampling gives the same points on every rank; a data
/// file is read by every rank) and assembles only its own local matrix with
/// `GramBlockAssembler`, the kernel code of the one-process path; no rank ever holds the whole
/// matrix. Call it on every rank with the same arguments.
public enum DistributedGram {
    /// - Parameters:
    ///   - origin: what the user sets to change n, for the memory message (--samples or the data).
    ///   - grid: nil for `ProcessGrid.squarest`; its size must equal the number of ranks.
    ///   - blockSize: nil for `BlockCyclicLayout.defaultBlockSize`.
    ///   - budgetPerRank: bytes each rank may use; the plan is checked against it first.
    /// - Returns: the spectrum (the same on every rank) and what ran.
    public static func spectrum(_ profile: any ZonalFunction, on points: PointSet, origin: GramPointOrigin,
                                solver: DistributedSolver, grid requestedGrid: ProcessGrid?, blockSize requestedBlock: Int?,
                                budgetPerRank: Int, communicator comm: Communicator) throws(DistributedGramError)
        -> (spectrum: EmpiricalSpectrum, report: DistributedGramReport) {
        let n = points.count
        let grid = requestedGrid ?? ProcessGrid.squarest(ranks: comm.size)
        guard grid.count == comm.size else {
            throw .usage("--grid \(grid.rows)x\(grid.columns) has \(grid.count) processes but the job has \(comm.size) ranks; give a grid of \(comm.size) (default: the squarest)")
        }
        let nb = requestedBlock ?? BlockCyclicLayout.defaultBlockSize(order: n, grid: grid)
        guard nb >= 1 && nb <= n else { throw .usage("--block-size must be in 1...\(n) (the number of points), got \(nb)") }
        let layout = BlockCyclicLayout(order: n, blockSize: nb, grid: grid)
        let plan = DistributedMemoryPlan(points: n, dimension: points.dimension, layout: layout, solver: solver)
        guard plan.bytesPerRank <= budgetPerRank else {
            throw .insufficientMemory(shortfall(plan, budget: budgetPerRank, ranks: comm.size, origin: origin))
        }

        // BLACS grid, row-major like ProcessGrid.
        var context: Int32 = 0
        Cblacs_get(-1, 0, &context)
        Cblacs_gridinit(&context, "Row", Int32(grid.rows), Int32(grid.columns))
        var rows: Int32 = 0, columns: Int32 = 0, myRow: Int32 = 0, myColumn: Int32 = 0
        Cblacs_gridinfo(context, &rows, &columns, &myRow, &myColumn)
        defer { Cblacs_gridexit(context) }
        let np = layout.localRows(processRow: Int(myRow)), nq = layout.localColumns(processColumn: Int(myColumn))
        var descriptor = [Int32](repeating: 0, count: 9)
        var n32 = Int32(n), nb32 = Int32(nb), zero: Int32 = 0, lld = Int32(Swift.max(1, np)), info: Int32 = 0
        descinit_(&descriptor, &n32, &n32, &nb32, &nb32, &zero, &zero, &context, &lld, &info)
        guard info == 0 else { throw .solver("descinit failed with info \(info) (n \(n), block \(nb), grid \(grid))") }

        // Assembly: this rank's rows and columns of K/n. ELPA reads the whole matrix, ScaLAPACK
        // only the upper triangle.
        let start = Communicator.now()
        var local = [Double](repeating: 0, count: Swift.max(1, np * nq))
        var failure: String? = nil
        var interpolationError: Double? = nil
        do {
            let assembler = try GramBlockAssembler(profile, on: points, scale: 1 / Double(n))
            interpolationError = assembler.interpolationError
            try local.withUnsafeMutableBufferPointer { buffer throws(EmpiricalSpectrumError) in
                try assembler.fill(rowRuns: layout.rowRuns(processRow: Int(myRow)), columnRuns: layout.columnRuns(processColumn: Int(myColumn)),
                                   into: buffer.baseAddress!, leadingDimension: Int(lld),
                                   upperTriangleOnly: solver == .pdsyevr || solver == .pdsyevd)
            }
        } catch {
            failure = error.description
        }
        if let message = comm.agree(failure) { throw .data(message) }
        // The diagonal for the trace: each entry lives on exactly one rank.
        var diagonal = [Double](repeating: 0, count: n)
        let rowRuns = layout.rowRuns(processRow: Int(myRow)), columnRuns = layout.columnRuns(processColumn: Int(myColumn))
        var columnStart = 0
        for columnRun in columnRuns {
            var rowStart = 0
            for rowRun in rowRuns {
                let first = Swift.max(rowRun.lowerBound, columnRun.lowerBound), end = Swift.min(rowRun.upperBound, columnRun.upperBound)
                for i in stride(from: first, to: end, by: 1) { diagonal[i] = local[(rowStart + i - rowRun.lowerBound) + (columnStart + i - columnRun.lowerBound) * Int(lld)] }
                rowStart += rowRun.count
            }
            columnStart += columnRun.count
        }
        diagonal = comm.sum(diagonal)
        let assembly = Communicator.now() - start

        // Eigensolve.
        let solveStart = Communicator.now()
        var values = [Double](repeating: 0, count: n)
        let solveFailure: String?
        switch solver {
        case .pdsyevr: solveFailure = solveMRRR(&local, &values, n: n, descriptor: descriptor)
        case .pdsyevd: solveFailure = solveDivideAndConquer(&local, &values, n: n, localCount: np * nq, descriptor: descriptor)
        case .elpa1, .elpa2:
            solveFailure = solveELPA(&local, &values, n: n, np: np, nq: nq, blockSize: nb, processRow: Int(myRow),
                                     processColumn: Int(myColumn), twoStage: solver == .elpa2)
        }
        if let message = comm.agree(solveFailure) { throw .solver(message) }
        let eigensolve = Communicator.now() - solveStart
        local = []

        let peak = comm.maximum(peakResidentBytes() ?? -1)
        let report = DistributedGramReport(layout: layout, solver: solver, estimatedBytesPerRank: plan.bytesPerRank,
                                           budgetPerRank: budgetPerRank, peakBytesPerRank: peak >= 0 ? peak : nil,
                                           assemblySeconds: comm.maximum(assembly), eigensolveSeconds: comm.maximum(eigensolve))
        let spectrum = EmpiricalSpectrum(eigenvalues: values.sorted(by: >), eigenvectors: nil, count: n,
                                         meanDiagonal: neumaierSum(diagonal), interpolationError: interpolationError,
                                         timings: GramTimings(assembly: report.assemblySeconds, eigensolve: report.eigensolveSeconds))
        return (spectrum, report)
    }

    /// The refusal: what n needs per rank on this many ranks, what is available, and how many
    /// ranks (default grid) would fit at this memory per rank.
    public static func shortfall(_ plan: DistributedMemoryPlan, budget: Int, ranks: Int, origin: GramPointOrigin) -> String {
        let n = plan.points
        let what = origin == .samples ? "--samples \(n)" : "the data's \(n) points"
        var message = "\(what) on \(ranks) rank\(ranks == 1 ? "" : "s") (grid \(plan.layout.grid), block \(plan.layout.blockSize), \(plan.solver.rawValue)) "
            + "needs about \(formatBytes(plan.bytesPerRank)) per rank, but only \(formatBytes(budget)) per rank is available"
        if let needed = DistributedMemoryPlan.ranksNeeded(points: n, dimension: plan.dimension, solver: plan.solver, budgetPerRank: budget) {
            message += "; at \(formatBytes(budget)) per rank, \(n) points need at least \(needed) ranks"
        } else {
            message += "; the points and the O(n) workspace that every rank holds do not fit in \(formatBytes(budget))"
        }
        return message
    }

    /// pdsyevr, JOBZ = 'N', RANGE = 'A', upper triangle.
    static func solveMRRR(_ a: inout [Double], _ w: inout [Double], n: Int, descriptor: [Int32]) -> String? {
        var n32 = Int32(n), one: Int32 = 1, vl = 0.0, vu = 0.0, il: Int32 = 1, iu = Int32(n), m: Int32 = 0, nz: Int32 = 0
        var info: Int32 = 0, lwork: Int32 = -1, liwork: Int32 = -1
        var workSize = [Double](repeating: 0, count: 3), iworkSize = [Int32](repeating: 0, count: 3)
        var desc = descriptor
        var dummy = [Double](repeating: 0, count: 1)
        pdsyevr_("N", "A", "U", &n32, &a, &one, &one, &desc, &vl, &vu, &il, &iu, &m, &nz, &w, &dummy, &one, &one, &desc,
                 &workSize, &lwork, &iworkSize, &liwork, &info)
        guard info == 0 else { return "pdsyevr workspace query failed with info \(info)" }
        lwork = Int32(workSize[0]); liwork = iworkSize[0]
        var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
        pdsyevr_("N", "A", "U", &n32, &a, &one, &one, &desc, &vl, &vu, &il, &iu, &m, &nz, &w, &dummy, &one, &one, &desc,
                 &work, &lwork, &iwork, &liwork, &info)
        guard info == 0 else { return "pdsyevr failed with info \(info)" }
        guard m == n32 else { return "pdsyevr found \(m) of \(n) eigenvalues" }
        return nil
    }

    /// pdsyevd (eigenvectors computed into a second local matrix and dropped).
    static func solveDivideAndConquer(_ a: inout [Double], _ w: inout [Double], n: Int, localCount: Int, descriptor: [Int32]) -> String? {
        var n32 = Int32(n), one: Int32 = 1, info: Int32 = 0, lwork: Int32 = -1, liwork: Int32 = -1
        var desc = descriptor
        var z = [Double](repeating: 0, count: Swift.max(1, localCount))
        var workSize = [Double](repeating: 0, count: 3), iworkSize = [Int32](repeating: 0, count: 3)
        pdsyevd_("V", "U", &n32, &a, &one, &one, &desc, &w, &z, &one, &one, &desc, &workSize, &lwork, &iworkSize, &liwork, &info)
        guard info == 0 else { return "pdsyevd workspace query failed with info \(info)" }
        lwork = Int32(workSize[0]); liwork = Swift.max(iworkSize[0], 1)
        var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
        pdsyevd_("V", "U", &n32, &a, &one, &one, &desc, &w, &z, &one, &one, &desc, &work, &lwork, &iwork, &liwork, &info)
        return info == 0 ? nil : "pdsyevd failed with info \(info)"
    }

    /// ELPA's one- or two-stage solver, eigenvalues only, on the full local matrix.
    static func solveELPA(_ a: inout [Double], _ w: inout [Double], n: Int, np: Int, nq: Int, blockSize: Int,
                          processRow: Int, processColumn: Int, twoStage: Bool) -> String? {
        guard elpa_init(20221109) == 0 else { return "ELPA does not support API version 20221109" }
        var error: Int32 = 0
        guard let handle = elpa_allocate(&error), error == 0 else { return "elpa_allocate failed with error \(error)" }
        defer { var e: Int32 = 0; elpa_deallocate(handle, &e); elpa_uninit(&e) }
        let settings: [(String, Int)] = [("na", n), ("nev", n), ("local_nrows", np), ("local_ncols", nq), ("nblk", blockSize),
                                         ("mpi_comm_parent", Int(spectra_mpi_comm_c2f(spectra_mpi_comm_world()))),
                                         ("process_row", processRow), ("process_col", processColumn)]
        for (name, value) in settings {
            elpa_set_integer(handle, name, Int32(value), &error)
            guard error == 0 else { return "ELPA refused \(name) = \(value) (error \(error))" }
        }
        guard elpa_setup(handle) == 0 else { return "elpa_setup failed" }
        elpa_set_integer(handle, "solver", twoStage ? 2 : 1, &error)
        guard error == 0 else { return "ELPA refused its solver setting (error \(error))" }
        elpa_eigenvalues_double(handle, &a, &w, &error)
        return error == 0 ? nil : "ELPA's eigenvalue solver failed with error \(error)"
    }
}

/// VmHWM of this process (Linux), bytes.
func peakResidentBytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
    }
    return nil
}

/// Sum with Neumaier's compensation (the one-process trace is compensated too).
func neumaierSum(_ xs: [Double]) -> Double {
    var s = 0.0, c = 0.0
    for x in xs {
        let t = s + x
        c += abs(s) >= abs(x) ? (s - t) + x : (x - t) + s
        s = t
    }
    return s + c
}
