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
        let layout = try Self.layout(points: n, grid: requestedGrid, blockSize: requestedBlock, ranks: comm.size)
        let plan = DistributedMemoryPlan(points: n, dimension: points.dimension, layout: layout, solver: solver)
        guard plan.bytesPerRank <= budgetPerRank else {
            throw .insufficientMemory(shortfall(plan, budget: budgetPerRank, ranks: comm.size, origin: origin))
        }
        return try withGrid(layout) { (grid: LocalGrid) throws(DistributedGramError) in
            var assembled = try assemble(profile, on: points, grid: grid, fullMatrix: solver == .elpa1 || solver == .elpa2, comm: comm)
            // Eigensolve.
            let solveStart = Communicator.now()
            var values = [Double](repeating: 0, count: n)
            let solveFailure: String?
            switch solver {
            case .pdsyevr: solveFailure = solveMRRR(&assembled.local, &values, n: n, descriptor: grid.descriptor)
            case .pdsyevd: solveFailure = solveDivideAndConquer(&assembled.local, &values, n: n, localCount: grid.np * grid.nq,
                                                                descriptor: grid.descriptor)
            case .elpa1, .elpa2:
                solveFailure = solveELPA(&assembled.local, &values, n: n, np: grid.np, nq: grid.nq, blockSize: layout.blockSize,
                                         processRow: grid.row, processColumn: grid.column, twoStage: solver == .elpa2)
            }
            if let message = comm.agree(solveFailure) { throw .solver(message) }
            let eigensolve = Communicator.now() - solveStart
            assembled.local = []

            let peak = comm.maximum(peakResidentBytes() ?? -1)
            let report = DistributedGramReport(layout: layout, solver: solver, estimatedBytesPerRank: plan.bytesPerRank,
                                               budgetPerRank: budgetPerRank, peakBytesPerRank: peak >= 0 ? peak : nil,
                                               assemblySeconds: comm.maximum(assembled.seconds), eigensolveSeconds: comm.maximum(eigensolve))
            let spectrum = EmpiricalSpectrum(eigenvalues: values.sorted(by: >), eigenvectors: nil, count: n,
                                             meanDiagonal: assembled.trace, interpolationError: assembled.interpolationError,
                                             timings: GramTimings(assembly: report.assemblySeconds, eigensolve: report.eigensolveSeconds))
            return (spectrum, report)
        }
    }

    /// The top m eigenpairs of K/n (`spectra-mpi align`): the matrix assembled per rank as for
    /// `spectrum`, the distributed solver asked for m eigenvectors only (ELPA: nev = m of -K/n,
    /// whose lowest are K/n's highest, negation being exact; pdsyevr: RANGE 'I', IL = n - m + 1;
    /// pdsyevd: all, the top m kept), and the n x m eigenvectors gathered to rank 0, the only
    /// thing any rank gathers. Call it on every rank with the same arguments and a `plan` that
    /// was checked against the budget on every rank (`DistributedMemoryPlan` with
    /// `eigenvectors`).
    /// - Returns: the m eigenvalues (descending) on every rank, the eigenvectors (n x m, unit
    ///   columns in the same order) in the spectrum of rank 0 only (nil elsewhere), and the
    ///   slowest rank's seconds of assembly, eigensolve and gather.
    public static func eigenpairs(_ profile: any ZonalFunction, on points: PointSet, top m: Int, plan: DistributedMemoryPlan,
                                  communicator comm: Communicator) throws(DistributedGramError)
        -> (spectrum: EmpiricalSpectrum, seconds: (assembly: Double, eigensolve: Double, gather: Double)) {
        let n = points.count, layout = plan.layout, solver = plan.solver
        guard (1...n).contains(m) else { throw .usage("--top must be in 1...\(n) (the number of points), got \(m)") }
        return try withGrid(layout) { (grid: LocalGrid) throws(DistributedGramError) in
            var assembled = try assemble(profile, on: points, grid: grid, fullMatrix: solver == .elpa1 || solver == .elpa2, comm: comm)
            let solveStart = Communicator.now()
            var values = [Double](repeating: 0, count: n)
            var z = [Double](repeating: 0, count: Swift.max(1, grid.np * grid.nq))
            // The global column of Z holding the j-th largest eigenpair, and its eigenvalue.
            let column: (Int) -> Int
            let eigenvalue: (Int) -> Double
            let solveFailure: String?
            switch solver {
            case .elpa1, .elpa2:
                for i in assembled.local.indices { assembled.local[i] = -assembled.local[i] }
                solveFailure = z.withUnsafeMutableBufferPointer { q in
                    solveELPA(&assembled.local, &values, n: n, np: grid.np, nq: grid.nq, blockSize: layout.blockSize,
                              processRow: grid.row, processColumn: grid.column, twoStage: solver == .elpa2,
                              eigenvectors: (m, q.baseAddress!))
                }
                column = { $0 }
                eigenvalue = { [values] j in -values[j] }
            case .pdsyevr:
                // At least one block of eigenpairs: pdsyevr sizes the workspace it hands to
                // PDORMTR (the back-transformation) from the number asked for, and with fewer
                // than nb of them PDORMTR refuses it ("parameter number 16 had an illegal
                // value", at m = 25, nb = 64) while pdsyevr still returns INFO = 0 with
                // eigenvectors of the tridiagonal matrix, not of A. With m' >= nb its
                // NP0 MQ0 + 2 nb^2 covers PDORMTR's (MQ0 + NP0) nb + nb^2.
                let asked = Swift.max(m, Swift.min(n, layout.blockSize))
                solveFailure = solveMRRR(&assembled.local, &values, n: n, descriptor: grid.descriptor, top: asked, vectors: &z)
                column = { asked - 1 - $0 }
                eigenvalue = { [values] j in values[asked - 1 - j] }
            case .pdsyevd:
                solveFailure = solveDivideAndConquer(&assembled.local, &values, n: n, localCount: grid.np * grid.nq,
                                                     descriptor: grid.descriptor, vectors: &z)
                column = { n - 1 - $0 }
                eigenvalue = { [values] j in values[n - 1 - j] }
            }
            if let message = comm.agree(solveFailure) { throw .solver(message) }
            let eigensolve = Communicator.now() - solveStart
            assembled.local = []

            // Gather: every rank sends its rows of the m columns it holds, in j order; rank 0
            // knows every rank's rows and columns from the layout and puts them in place.
            let gatherStart = Communicator.now()
            let columnsOf: (Int) -> [(j: Int, local: Int)] = { processColumn in
                (0..<m).compactMap { j in
                    let c = column(j), block = c / layout.blockSize
                    guard block % layout.grid.columns == processColumn else { return nil }
                    return (j, (block / layout.grid.columns) * layout.blockSize + c % layout.blockSize)
                }
            }
            let mine = columnsOf(grid.column)
            var packed: [Double] = []
            packed.reserveCapacity(grid.np * mine.count)
            for (_, local) in mine { packed += z[(local * grid.lld)..<(local * grid.lld + grid.np)] }
            z = []
            let counts = (0..<comm.size).map { r in
                layout.localRows(processRow: r / layout.grid.columns) * columnsOf(r % layout.grid.columns).count
            }
            var vectors: DenseMatrix? = nil
            if let pieces = comm.gatherToRoot(packed, counts: counts) {
                var storage = [Double](repeating: 0, count: n * m)
                for (r, piece) in pieces.enumerated() {
                    let rows = layout.rowRuns(processRow: r / layout.grid.columns).flatMap { $0 }
                    for (k, (j, _)) in columnsOf(r % layout.grid.columns).enumerated() {
                        for (i, row) in rows.enumerated() { storage[row + j * n] = piece[i + k * rows.count] }
                    }
                }
                do { vectors = try DenseMatrix(rows: n, columns: m, columnMajor: storage) } catch { throw .solver("\(error)") }
            }
            let gather = Communicator.now() - gatherStart
            let seconds = (comm.maximum(assembled.seconds), comm.maximum(eigensolve), comm.maximum(gather))
            let spectrum = EmpiricalSpectrum(eigenvalues: (0..<m).map(eigenvalue), eigenvectors: vectors, count: n,
                                             meanDiagonal: assembled.trace, interpolationError: assembled.interpolationError,
                                             timings: GramTimings(assembly: seconds.0, eigensolve: seconds.1))
            return (spectrum, seconds)
        }
    }

    /// The layout for n points on this job: the grid (default the squarest) must have as many
    /// processes as there are ranks; the block size (default `BlockCyclicLayout.defaultBlockSize`)
    /// must be in 1...n.
    public static func layout(points n: Int, grid requestedGrid: ProcessGrid?, blockSize requestedBlock: Int?,
                              ranks: Int) throws(DistributedGramError) -> BlockCyclicLayout {
        let grid = requestedGrid ?? ProcessGrid.squarest(ranks: ranks)
        guard grid.count == ranks else {
            throw .usage("--grid \(grid.rows)x\(grid.columns) has \(grid.count) processes but the job has \(ranks) ranks; give a grid of \(ranks) (default: the squarest)")
        }
        let nb = requestedBlock ?? BlockCyclicLayout.defaultBlockSize(order: n, grid: grid)
        guard nb >= 1 && nb <= n else { throw .usage("--block-size must be in 1...\(n) (the number of points), got \(nb)") }
        return BlockCyclicLayout(order: n, blockSize: nb, grid: grid)
    }

    /// This rank's place in the BLACS grid (`grid.row`, `grid.np`, ... read through to `blacs`)
    /// and the n x n matrix's descriptor.
    @dynamicMemberLookup
    struct LocalGrid {
        let blacs: BLACSGrid
        let descriptor: [Int32]
        subscript<T>(dynamicMember member: KeyPath<BLACSGrid, T>) -> T { blacs[keyPath: member] }
    }

    /// The BLACS grid (row-major like ProcessGrid) and the n x n matrix's descriptor for the
    /// duration of `body`.
    static func withGrid<T>(_ layout: BlockCyclicLayout, _ body: (LocalGrid) throws(DistributedGramError) -> T) throws(DistributedGramError) -> T {
        try BLACSGrid.with(layout) { (blacs: BLACSGrid) throws(DistributedGramError) -> T in
            let n = layout.order
            let (descriptor, info) = blacs.descriptor(rows: n, columns: n)
            guard info == 0 else { throw .solver("descinit failed with info \(info) (n \(n), block \(layout.blockSize), grid \(layout.grid))") }
            return try body(LocalGrid(blacs: blacs, descriptor: descriptor))
        }
    }

    /// This rank's local matrix of K/n, the trace of K/n (every rank), the interpolant's error
    /// and the seconds it took. ELPA reads the whole matrix (`fullMatrix`), ScaLAPACK only the
    /// upper triangle.
    static func assemble(_ profile: any ZonalFunction, on points: PointSet, grid: LocalGrid, fullMatrix: Bool,
                         comm: Communicator) throws(DistributedGramError)
        -> (local: [Double], trace: Double, interpolationError: Double?, seconds: Double) {
        let n = points.count, layout = grid.layout
        let start = Communicator.now()
        var local = [Double](repeating: 0, count: Swift.max(1, grid.np * grid.nq))
        var failure: String? = nil
        var interpolationError: Double? = nil
        let rowRuns = layout.rowRuns(processRow: grid.row), columnRuns = layout.columnRuns(processColumn: grid.column)
        do {
            let assembler = try GramBlockAssembler(profile, on: points, scale: 1 / Double(n))
            interpolationError = assembler.interpolationError
            try local.withUnsafeMutableBufferPointer { buffer throws(EmpiricalSpectrumError) in
                try assembler.fill(rowRuns: rowRuns, columnRuns: columnRuns, into: buffer.baseAddress!, leadingDimension: grid.lld,
                                   upperTriangleOnly: !fullMatrix)
            }
        } catch {
            failure = error.description
        }
        if let message = comm.agree(failure) { throw .data(message) }
        // The diagonal for the trace: each entry lives on exactly one rank.
        var diagonal = [Double](repeating: 0, count: n)
        var columnStart = 0
        for columnRun in columnRuns {
            var rowStart = 0
            for rowRun in rowRuns {
                let first = Swift.max(rowRun.lowerBound, columnRun.lowerBound), end = Swift.min(rowRun.upperBound, columnRun.upperBound)
                for i in stride(from: first, to: end, by: 1) { diagonal[i] = local[(rowStart + i - rowRun.lowerBound) + (columnStart + i - columnRun.lowerBound) * grid.lld] }
                rowStart += rowRun.count
            }
            columnStart += columnRun.count
        }
        diagonal = comm.sum(diagonal)
        return (local, neumaierSum(diagonal), interpolationError, Communicator.now() - start)
    }

    /// The refusal: what n needs per rank on this many ranks, what is available, and how many
    /// ranks (default grid) would fit at this memory per rank.
    public static func shortfall(_ plan: DistributedMemoryPlan, budget: Int, ranks: Int, origin: GramPointOrigin) -> String {
        let n = plan.points
        let what = origin == .samples ? "--samples \(n)" : "the data's \(n) points"
        var message = "\(what) on \(ranks) rank\(ranks == 1 ? "" : "s") (grid \(plan.layout.grid), block \(plan.layout.blockSize), \(plan.solver.rawValue)) "
            + "needs about \(formatBytes(plan.bytesPerRank)) per rank, but only \(formatBytes(budget)) per rank is available"
        if let needed = DistributedMemoryPlan.ranksNeeded(points: n, dimension: plan.dimension, solver: plan.solver,
                                                          eigenvectors: plan.eigenvectors, budgetPerRank: budget) {
            message += "; at \(formatBytes(budget)) per rank, \(n) points need at least \(needed) ranks"
        } else if let work = plan.eigenvectors, work.rootBytes(points: n) > budget / 2 {
            message += "; on rank 0 alone the gathered eigenvectors (--top \(work.top) of \(n) points for \(work.kernels) kernel\(work.kernels == 1 ? "" : "s")) "
                + "and the harmonic basis (\(work.basisSize) harmonics, --max-degree) take \(formatBytes(work.rootBytes(points: n))), "
                + "which no number of ranks reduces: lower --top or --max-degree, or give fewer kernels"
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

    /// pdsyevr, JOBZ = 'V', RANGE = 'I': the top m eigenpairs (IL = n - m + 1, IU = n), eigenvalues
    /// ascending in w[0..<m], eigenvectors in Z's first m columns (Z: the local shape of A).
    static func solveMRRR(_ a: inout [Double], _ w: inout [Double], n: Int, descriptor: [Int32], top: Int, vectors z: inout [Double]) -> String? {
        var n32 = Int32(n), one: Int32 = 1, vl = 0.0, vu = 0.0, il = Int32(n - top + 1), iu = Int32(n), m: Int32 = 0, nz: Int32 = 0
        var info: Int32 = 0, lwork: Int32 = -1, liwork: Int32 = -1
        var workSize = [Double](repeating: 0, count: 3), iworkSize = [Int32](repeating: 0, count: 3)
        var desc = descriptor
        pdsyevr_("V", "I", "U", &n32, &a, &one, &one, &desc, &vl, &vu, &il, &iu, &m, &nz, &w, &z, &one, &one, &desc,
                 &workSize, &lwork, &iworkSize, &liwork, &info)
        guard info == 0 else { return "pdsyevr workspace query failed with info \(info)" }
        lwork = Int32(workSize[0]); liwork = iworkSize[0]
        var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
        pdsyevr_("V", "I", "U", &n32, &a, &one, &one, &desc, &vl, &vu, &il, &iu, &m, &nz, &w, &z, &one, &one, &desc,
                 &work, &lwork, &iwork, &liwork, &info)
        guard info == 0 else { return "pdsyevr failed with info \(info)" }
        guard m == Int32(top), nz == m else { return "pdsyevr found \(m) eigenvalues and \(nz) eigenvectors of the \(top) asked for" }
        return nil
    }

    /// pdsyevd (eigenvectors computed into a second local matrix and dropped).
    static func solveDivideAndConquer(_ a: inout [Double], _ w: inout [Double], n: Int, localCount: Int, descriptor: [Int32]) -> String? {
        var z = [Double](repeating: 0, count: Swift.max(1, localCount))
        return solveDivideAndConquer(&a, &w, n: n, localCount: localCount, descriptor: descriptor, vectors: &z)
    }

    /// pdsyevd: all eigenvalues ascending, all eigenvectors into `z` (the local shape of A).
    static func solveDivideAndConquer(_ a: inout [Double], _ w: inout [Double], n: Int, localCount: Int, descriptor: [Int32],
                                      vectors z: inout [Double]) -> String? {
        var n32 = Int32(n), one: Int32 = 1, info: Int32 = 0, lwork: Int32 = -1, liwork: Int32 = -1
        var desc = descriptor
        var workSize = [Double](repeating: 0, count: 3), iworkSize = [Int32](repeating: 0, count: 3)
        pdsyevd_("V", "U", &n32, &a, &one, &one, &desc, &w, &z, &one, &one, &desc, &workSize, &lwork, &iworkSize, &liwork, &info)
        guard info == 0 else { return "pdsyevd workspace query failed with info \(info)" }
        lwork = Int32(workSize[0]); liwork = Swift.max(iworkSize[0], 1)
        var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
        pdsyevd_("V", "U", &n32, &a, &one, &one, &desc, &w, &z, &one, &one, &desc, &work, &lwork, &iwork, &liwork, &info)
        return info == 0 ? nil : "pdsyevd failed with info \(info)"
    }

    /// ELPA's one- or two-stage solver on the full local matrix: eigenvalues only, or with
    /// `eigenvectors` (nev, Q) the nev lowest eigenvectors into Q's first nev columns (Q: the
    /// local shape of A). All n eigenvalues land in w, ascending.
    static func solveELPA(_ a: inout [Double], _ w: inout [Double], n: Int, np: Int, nq: Int, blockSize: Int,
                          processRow: Int, processColumn: Int, twoStage: Bool,
                          eigenvectors: (nev: Int, q: UnsafeMutablePointer<Double>)? = nil) -> String? {
        guard elpa_init(20221109) == 0 else { return "ELPA does not support API version 20221109" }
        var error: Int32 = 0
        guard let handle = elpa_allocate(&error), error == 0 else { return "elpa_allocate failed with error \(error)" }
        defer { var e: Int32 = 0; elpa_deallocate(handle, &e); elpa_uninit(&e) }
        let settings: [(String, Int)] = [("na", n), ("nev", eigenvectors?.nev ?? n), ("local_nrows", np), ("local_ncols", nq), ("nblk", blockSize),
                                         ("mpi_comm_parent", Int(spectra_mpi_comm_c2f(spectra_mpi_comm_world()))),
                                         ("process_row", processRow), ("process_col", processColumn)]
        for (name, value) in settings {
            elpa_set_integer(handle, name, Int32(value), &error)
            guard error == 0 else { return "ELPA refused \(name) = \(value) (error \(error))" }
        }
        guard elpa_setup(handle) == 0 else { return "elpa_setup failed" }
        elpa_set_integer(handle, "solver", twoStage ? 2 : 1, &error)
        guard error == 0 else { return "ELPA refused its solver setting (error \(error))" }
        if let q = eigenvectors?.q {
            elpa_eigenvectors_double(handle, &a, &w, q, &error)
            return error == 0 ? nil : "ELPA's eigenvector solver failed with error \(error)"
        }
        elpa_eigenvalues_double(handle, &a, &w, &error)
        return error == 0 ? nil : "ELPA's eigenvalue solver failed with error \(error)"
    }
}

/// VmHWM of this process (Linux), bytes.
public func peakResidentBytes() -> Int? {
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
