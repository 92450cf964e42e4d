import CGramKernel

/// The interpolant applied to runs of Gram entries in place: the inner loop of both the
/// whole-matrix path (`GramMatrix.zonal`) and `GramBlockAssembler`, run by the C kernel in
/// Sources/CGramKernel (four entries per AVX2 vector where the CPU has it).
///
/// Per entry with inner product t (from dsyrk or dgemm): the branch by the sign of t, the branch
/// variable v = sqrt((1 - |t|)/2), for |t| > `GramMatrix.complementThreshold` from the points themselves, v = ||x_i - sign(t)
/// x_j|| / 2 (the complement 1 - |t| = ||x_i - sign(t) x_j||^2 / 2 keeps full relative accuracy
/// for nearly equal or opposite points; i == j gives v = 0, kappa(1) exactly), then the panel of
/// v (`PanelLayout.locate`) and its polynomial in the interpolant's form (`ChebyshevPanels.horner`
/// or `clenshaw`); v = 0 gives the endpoint value kappa(±1) as sampled. The kernel performs the
/// same floating-point operations in the same order as those Swift functions (no contraction),
/// so an entry equals `interpolant.value` at the same v bit for bit, and the plan's measured
/// error is the error of what the matrix holds.
struct GramEntryInterpolation {
    private var plan: spectra_gram_interpolation

    /// `table` and `transposedPoints` must outlive every `apply` (borrowed pointers).
    init(_ interpolant: ZonalInterpolant, table: UnsafePointer<Double>, transposedPoints: UnsafePointer<Double>,
         count: Int, dimension: Int, scale: Double) {
        func layout(_ branch: PanelLayout) -> spectra_panel_layout {
            spectra_panel_layout(inverse_width: branch.inverseWidth, uniform_panels: branch.uniformPanels, levels: branch.levels,
                                 first_slot: branch.firstSlot, zero_slot: branch.zeroSlot)
        }
        plan = spectra_gram_interpolation(branch: (layout(interpolant.near), layout(interpolant.far)), table: table,
                                          monomial: interpolant.form == .monomial ? 1 : 0, transposed: transposedPoints,
                                          count: count, dimension: dimension, scale: scale,
                                          complement_threshold: GramMatrix.complementThreshold)
    }

    /// `entries[k]` holds t = <x_i, x_j> for row i = rows.lowerBound + k on entry, kappa * scale on
    /// exit. `upcoming`: the entries of the next call, prefetched meanwhile (nil: none).
    @inline(__always)
    func apply(column j: Int, rows: Range<Int>, entries out: UnsafeMutablePointer<Double>, upcoming: UnsafePointer<Double>?) {
        withUnsafePointer(to: plan) { spectra_gram_interpolate($0, j, rows.lowerBound, rows.count, out, upcoming) }
    }

    /// Coordinates transposed to coordinate-major order (coordinate c of point i at c * n + i),
    /// so that four consecutive points' coordinate is one vector load.
    static func transpose(_ x: [Double], count n: Int, dimension d: Int) -> [Double] {
        var result = [Double](repeating: 0, count: n * d)
        for i in 0..<n {
            for c in 0..<d { result[c * n + i] = x[i * d + c] }
        }
        return result
    }
}
