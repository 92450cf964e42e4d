/// What is solved after the Gram matrix is formed, always in the Gram buffer itself; it
/// decides the LAPACK workspace.
public enum GramEigenWork: Sendable, Equatable {
    /// All eigenvalues, in place (`SymmetricEigensolver.eigenvalues(overwriting:)`, the two-stage reduction);
    /// also the top m eigenvalues without vectors, which are the first m of these.
    case eigenvalues
    /// All eigenpairs (`SymmetricEigensolver.decomposition(overwriting:)`, dsyevd 'V').
    case eigenvectors
    /// The top m eigenpairs (`SymmetricEigensolver.topEigenpairs(overwriting:count:)`, dsyevr).
    case topEigenpairs(Int)

    /// The work `EmpiricalSpectrum` does for these options (`top` nil: all n).
    public init(top: Int?, eigenvectors: Bool) {
        switch (top, eigenvectors) {
        case (_, false): self = .eigenvalues
        case (nil, true): self = .eigenvectors
        case (let m?, true): self = .topEigenpairs(m)
        }
    }
}

/// Where the number of points came from, so that a refusal names what the user can change.
public enum GramPointOrigin: Sendable, Equatable {
    /// Sampled points: the user chose n with `--samples`.
    case samples
    /// Points read from a data file: n is its number of rows.
    case dataRows
}

/// The memory an n-point Gram spectrum needs, estimated **before** anything n x n is allocated.
///
/// The estimate counts, in bytes (8 per Double, 4 per LAPACK integer):
/// - the points, n * d Doubles (plus n squared norms for off-sphere kernels);
/// - the Gram matrix, n^2 Doubles (built in place by dsyrk, then overwritten by the kernel);
/// - eigenvalues and their sorted copy, 2n Doubles;
/// - LAPACK workspace at its *optimal* (queried) size, with a block size of 64:
///   the two-stage reduction: 105 n Doubles (LAPACK's query: band 33 n, workspace 65.5 n, Householder
///   vectors 4 n, and 3 n more, at n = 4000 and 8000);
///   dsyevd 'V': 1 + 6n + 2n^2 Doubles, 3 + 5n integers (the Gram buffer becomes the vectors); dsyevr: n m Doubles for the vectors
///   (kept in the result), 70 n Doubles and 10 n integers + 2m for the support;
/// - a fixed 64 MiB for the runtime, OpenBLAS's thread buffers and kernel-evaluation blocks.
/// It is an upper estimate of the peak within a few per cent for n >= 1000; below that the
/// fixed term dominates. All arithmetic saturates at `Int.max` instead of overflowing.
public struct GramMemoryPlan: Sendable, Equatable {
    public let points: Int
    public let dimension: Int
    public let work: GramEigenWork

    /// Fixed allowance for the process itself (see the type's documentation).
    public static let fixedOverheadBytes = 64 << 20

    public init(points: Int, dimension: Int, work: GramEigenWork = .eigenvalues) {
        self.points = max(points, 0)
        self.dimension = max(dimension, 0)
        self.work = work
    }

    /// Estimated peak bytes (saturating at Int.max).
    public var bytes: Int {
        let n = points
        let nn = product(n, n)
        var doubles = sum(product(n, dimension), n)   // points, squared norms
        doubles = sum(doubles, nn)                     // Gram matrix
        doubles = sum(doubles, product(2, n))          // eigenvalues, sorted copy
        var integers = 0
        switch work {
        case .eigenvalues:
            doubles = sum(doubles, product(105, n))
            integers = 1
        case .eigenvectors:
            doubles = sum(doubles, sum(sum(1, product(6, n)), product(2, nn)))   // A becomes the vectors
            integers = sum(3, product(5, n))
        case .topEigenpairs(let m):
            doubles = sum(doubles, sum(product(n, max(m, 1)), product(70, n)))   // vectors, workspace
            integers = sum(product(10, n), product(2, max(m, 1)))
        }
        return sum(sum(product(8, doubles), product(4, integers)), Self.fixedOverheadBytes)
    }

    /// The largest n whose plan fits in `budget` bytes (0 if not even one point fits).
    public static func maximumPoints(dimension: Int, work: GramEigenWork = .eigenvalues, budget: Int) -> Int {
        func fits(_ n: Int) -> Bool { GramMemoryPlan(points: n, dimension: dimension, work: work).bytes <= budget }
        guard fits(1) else { return 0 }
        var low = 1, high = 2
        while fits(high) && high < (1 << 40) { low = high; high *= 2 }   // fits(low), !fits(high) unless capped
        if fits(high) { return high }
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if fits(mid) { low = mid } else { high = mid }
        }
        return low
    }

    /// Throws `LinearAlgebraError.insufficientMemory` if the plan does not fit in `budget` bytes
    /// (e.g. MemAvailable from /proc/meminfo, read by the command layer). The message names
    /// `--samples` or the data size, the estimate, the budget and the largest n that fits.
    public func check(budget: Int, origin: GramPointOrigin) throws(LinearAlgebraError) {
        let required = bytes
        guard required > budget else { return }
        throw .insufficientMemory(GramMemoryShortfall(
            points: points, origin: origin, requiredBytes: required, budgetBytes: budget,
            maximumPoints: Self.maximumPoints(dimension: dimension, work: work, budget: budget)))
    }
}

/// Why a Gram spectrum was refused: what was asked, what it needs, what is available.
public struct GramMemoryShortfall: Sendable, Equatable, CustomStringConvertible {
    public let points: Int
    public let origin: GramPointOrigin
    public let requiredBytes: Int
    public let budgetBytes: Int
    /// The largest number of points that fits in the budget.
    public let maximumPoints: Int

    public var description: String {
        let need = "about \(formatBytes(requiredBytes)) for the \(points) x \(points) Gram matrix and its eigensolver"
        let have = "only \(formatBytes(budgetBytes)) of memory is available"
        switch origin {
        case .samples:
            return "--samples \(points) needs \(need), but \(have); use --samples \(maximumPoints) or fewer, "
                + "or spread the matrix over several machines with spectra-mpi (docs/distributed.md)"
        case .dataRows:
            return "the data has \(points) points, which need \(need), but \(have); at most \(maximumPoints) points fit: "
                + "use a subset of the rows, or spread the matrix over several machines with spectra-mpi (docs/distributed.md)"
        }
    }
}

/// Bytes as "12.3 GiB" / "45.6 MiB" / "789 bytes".
func formatBytes(_ bytes: Int) -> String {
    func tenths(_ unit: Int) -> String {
        let t = Int((Double(bytes) / Double(unit) * 10).rounded())
        return "\(t / 10).\(t % 10)"
    }
    if bytes >= 1 << 30 { return tenths(1 << 30) + " GiB" }
    if bytes >= 1 << 20 { return tenths(1 << 20) + " MiB" }
    return "\(bytes) bytes"
}

private func product(_ a: Int, _ b: Int) -> Int {
    let (p, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? Int.max : p
}

private func sum(_ a: Int, _ b: Int) -> Int {
    let (s, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int.max : s
}
