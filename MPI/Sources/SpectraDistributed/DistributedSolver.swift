/// The distributed eigensolvers spectra-mpi can call (docs/distributed.md compares them).
public enum DistributedSolver: String, CaseIterable, Sendable {
    /// ELPA's two-stage solver (full -> band -> tridiagonal), eigenvalues only.
    case elpa2
    /// ELPA's one-stage solver (full -> tridiagonal directly), eigenvalues only.
    case elpa1
    /// ScaLAPACK's MRRR driver, JOBZ = 'N' (eigenvalues only).
    case pdsyevr
    /// ScaLAPACK's divide and conquer; it has no eigenvalues-only mode, so it also computes
    /// the eigenvectors (into a second local matrix), which are then dropped.
    case pdsyevd
}
