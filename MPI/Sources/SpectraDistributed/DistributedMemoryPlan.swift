import Foundation

/// The memory one rank needs for a distributed Gram spectrum, estimated **before** anything is
/// allocated, for the rank holding the largest local matrix (process (0, 0)).
///
/// Counted, 8 bytes per Double and 4 per integer (np x nq: that rank's local matrix):
/// - the points on every rank, n d, and the block's row and column points, (np + nq) d;
/// - eigenvalues, their sorted copy and the diagonal for the trace, 4 n;
/// - the local matrix and the solver's workspace together, as a number of local matrices
///   (`localMatrixCopies`) plus the O(n) workspace ScaLAPACK documents
///   (pdsyevr 'N': 2 + 5n + max(12n, nb (np + 1)) Doubles and 12n + 2 max(rows, columns) + 8
///   integers; pdsyevd: max(1 + 6n, 3n + max(nb (np + 1), 3 nb)) + 2n Doubles and
///   7n + 8 columns + 2 integers) or 8 n nb Doubles for ELPA (its band and Householder
///   buffers grow with n times the block size: measured 44 MiB beyond the rest at n = 4000);
/// - a fixed 64 MiB for the process (Swift, Open MPI's shared-memory transport, OpenBLAS):
///   measured 42-45 MiB peak at n = 600.
/// The copies are measured, not documented, except pdsyevd's: the peak resident memory
/// (VmHWM) at n = 3000 and 4000 on 1, 2 and 4 ranks here (docs/distributed.md) was at most 4.7
/// local matrices beyond the fixed part for elpa2, 3.6 for elpa1, 3.0 for pdsyevr and 3.9 for
/// pdsyevd (whose documentation asks for A, the eigenvectors and two more in WORK). The
/// estimate is an upper bound of those peaks within 1.6x. Arithmetic saturates at Int.max.
///
/// With eigenvectors (`spectra-mpi align`, `EigenvectorWork`) every rank also holds a local
/// eigenvector matrix Z of the same shape as A (ELPA and ScaLAPACK both want Z n x n even for
/// m < n eigenvectors), counted in `localMatrixHalves(_:eigenvectors:)`, and the sent columns
/// (np x the local share of m); rank 0, the rank with the largest local matrix, also holds what
/// is gathered and analysed there: every kernel's n x m eigenvectors, the receive buffer and
/// three n x m temporaries of the alignments, and the sampled harmonic basis twice (n x
/// basisSize: evaluated, then factored into Q). That part does not shrink with more ranks.
public struct DistributedMemoryPlan: Sendable, Equatable {
    public let points: Int
    public let dimension: Int
    public let layout: BlockCyclicLayout
    public let solver: DistributedSolver
    /// nil for eigenvalues only (`decay`).
    public let eigenvectors: EigenvectorWork?

    /// The eigenvectors of `spectra-mpi align`: the top m of each of `kernels` kernels,
    /// gathered to rank 0 and projected on a sampled basis of `basisSize` harmonics there.
    public struct EigenvectorWork: Sendable, Equatable {
        public let top: Int
        public let kernels: Int
        public let basisSize: Int

        public init(top: Int, kernels: Int, basisSize: Int) {
            self.top = top
            self.kernels = kernels
            self.basisSize = basisSize
        }

        /// Bytes rank 0 holds for the gathered eigenvectors and the analysis, whatever the ranks:
        /// (kernels + 4) n m + 2 n basisSize Doubles.
        public func rootBytes(points n: Int) -> Int {
            product(8, sum(product(kernels + 4, product(n, top)), product(2, product(n, basisSize))))
        }
    }

    /// The process itself: Swift, Open MPI (its shared-memory transport) and OpenBLAS.
    public static let fixedOverheadBytes = 64 << 20

    /// Local matrices (A included) the solver's peak holds, in halves (see the type's documentation).
    public static func localMatrixHalves(_ solver: DistributedSolver) -> Int {
        switch solver {
        case .elpa2: return 10
        case .elpa1: return 9
        case .pdsyevr: return 6
        case .pdsyevd: return 8
        }
    }

    /// Local matrices (A and Z included) the solver's peak holds with eigenvectors, in halves:
    /// one more than for eigenvalues alone (Z) for elpa2 and pdsyevr, half a one more for
    /// elpa1, none for pdsyevd (which computes Z anyway). Measured like the eigenvalue-only
    /// counts: the peak (VmHWM) of `spectra-mpi align` with m = 100 at n = 4000 on 1 and 2 ranks
    /// grew over decay's by about one local matrix for elpa2 (600 MiB against 479 on one rank)
    /// and pdsyevr (409 against 287), 26 MiB for elpa1 and nothing for pdsyevd
    /// (docs/distributed.md, "Eigenvectors").
    public static func localMatrixHalves(_ solver: DistributedSolver, eigenvectors: Bool) -> Int {
        guard eigenvectors else { return localMatrixHalves(solver) }
        switch solver {
        case .elpa2: return 12
        case .elpa1: return 10
        case .pdsyevr: return 8
        case .pdsyevd: return 8
        }
    }

    public init(points: Int, dimension: Int, layout: BlockCyclicLayout, solver: DistributedSolver,
                eigenvectors: EigenvectorWork? = nil) {
        self.points = points
        self.dimension = dimension
        self.layout = layout
        self.solver = solver
        self.eigenvectors = eigenvectors
    }

    /// The plan with the default grid and block size for P ranks.
    public init(points: Int, dimension: Int, ranks: Int, solver: DistributedSolver, eigenvectors: EigenvectorWork? = nil) {
        let grid = ProcessGrid.squarest(ranks: ranks)
        self.init(points: points, dimension: dimension,
                  layout: BlockCyclicLayout(order: points, blockSize: BlockCyclicLayout.defaultBlockSize(order: points, grid: grid), grid: grid),
                  solver: solver, eigenvectors: eigenvectors)
    }

    /// The part of `bytesPerRank` that more ranks do not reduce: the points, the O(n)
    /// workspace, the process, and with eigenvectors rank 0's gathered eigenvectors and basis.
    public var fixedBytes: Int { bytes(localShape: (0, 0)) }

    public var bytesPerRank: Int { bytes(localShape: layout.largestLocalShape) }

    func bytes(localShape: (rows: Int, columns: Int)) -> Int {
        let n = points, d = dimension, nb = layout.blockSize
        let (np, nq) = localShape
        var doubles = sum(product(n, d), product(np + nq, d))
        doubles = sum(doubles, product(4, n))
        var integers = 0
        switch solver {
        case .pdsyevr:
            doubles = sum(doubles, 2 + 5 * n + Swift.max(12 * n, nb * (np + 1)))
            integers = 12 * n + 2 * Swift.max(layout.grid.rows, layout.grid.columns) + 8
        case .pdsyevd:
            doubles = sum(doubles, Swift.max(1 + 6 * n, 3 * n + Swift.max(nb * (np + 1), 3 * nb)) + 2 * n)
            integers = 7 * n + 8 * layout.grid.columns + 2
        case .elpa1, .elpa2:
            doubles = sum(doubles, product(8 * nb, n))
        }
        var rootBytes = 0
        if let work = eigenvectors {
            // The columns this rank sends (at most its np rows of every one of the m).
            doubles = sum(doubles, product(np, Swift.min(work.top, nq)))
            // pdsyevr 'V' documents more workspace: 2 + 5n + max(18n, np0 mq0 + 2 nb nb) + (2 + iceil) n.
            if solver == .pdsyevr { doubles = sum(doubles, product(13, n)) }
            rootBytes = work.rootBytes(points: n)
        }
        let halves = Self.localMatrixHalves(solver, eigenvectors: eigenvectors != nil)
        let matrices = product(product(4, halves), product(np, nq))   // 8 bytes x halves / 2
        return sum(sum(sum(sum(product(8, doubles), product(4, integers)), matrices), Self.fixedOverheadBytes), rootBytes)
    }

    /// The fewest ranks (default grid and block size) whose largest rank fits in `budget` bytes
    /// and whose grid is at most 4 times wider than tall (`isBalanced`: a prime P such as 149
    /// would give a 1 x 149 grid, on which one process row carries all the reduction's column
    /// traffic), or nil if even `limit` ranks do not fit (the points alone are on every rank).
    public static func ranksNeeded(points: Int, dimension: Int, solver: DistributedSolver, eigenvectors: EigenvectorWork? = nil,
                                   budgetPerRank budget: Int, limit: Int = 1 << 20) -> Int? {
        func fits(_ p: Int) -> Bool {
            DistributedMemoryPlan(points: points, dimension: dimension, ranks: p, solver: solver, eigenvectors: eigenvectors).bytesPerRank <= budget
        }
        // What no number of ranks reduces must fit first (else the search below would run to `limit`).
        guard DistributedMemoryPlan(points: points, dimension: dimension, ranks: 1, solver: solver,
                                    eigenvectors: eigenvectors).fixedBytes <= budget else { return nil }
        // Search upward from a lower bound: the local matrix alone needs n^2 / P Doubles.
        var p = 1
        if budget > 0 { p = Swift.max(1, Int((Double(points) * Double(points) * 8 / Double(budget)).rounded(.down))) }
        while p <= limit {
            if isBalanced(p) && fits(p) { return p }
            p += 1
        }
        return nil
    }

    /// True when the squarest grid for P ranks has columns <= 4 rows (or P <= 3).
    public static func isBalanced(_ ranks: Int) -> Bool {
        let grid = ProcessGrid.squarest(ranks: ranks)
        return ranks <= 3 || grid.columns <= 4 * grid.rows
    }
}

/// Bytes as "12.3 GiB" / "45.6 MiB" / "789 bytes".
public func formatBytes(_ bytes: Int) -> String {
    func tenths(_ unit: Double) -> String { String(format: "%.1f", Double(bytes) / unit) }
    if bytes >= 1 << 40 { return tenths(Double(1 << 40)) + " TiB" }
    if bytes >= 1 << 30 { return tenths(Double(1 << 30)) + " GiB" }
    if bytes >= 1 << 20 { return tenths(Double(1 << 20)) + " MiB" }
    return "\(bytes) bytes"
}

/// "4G", "512M", "1.5T", "100000" (bytes) as bytes; nil for anything else.
public func parseBytes(_ text: String) -> Int? {
    let units: [Character: Double] = ["K": 1024, "M": Double(1 << 20), "G": Double(1 << 30), "T": Double(1 << 40)]
    var body = Substring(text.trimmingCharacters(in: .whitespaces))
    if body.hasSuffix("iB") || body.hasSuffix("ib") { body = body.dropLast(2) } else if body.hasSuffix("B") || body.hasSuffix("b") { body = body.dropLast() }
    var factor = 1.0
    if let last = body.last, let unit = units[Character(last.uppercased())] { factor = unit; body = body.dropLast() }
    guard let value = Double(body), value.isFinite, value > 0, value * factor < 9e18 else { return nil }
    return Int(value * factor)
}

func product(_ a: Int, _ b: Int) -> Int {
    let (p, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? Int.max : p
}

func sum(_ a: Int, _ b: Int) -> Int {
    let (s, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : s
}
