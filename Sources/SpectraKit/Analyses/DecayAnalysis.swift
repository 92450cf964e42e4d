/// The decay study of one kernel's analytic spectrum (MATH.md 4): the eigenvalues, the
/// fitted power law over a window, optional local slopes and shifted fit, and the theory.
public struct AnalyticDecayStudy: Sendable {
    public let kernel: String
    public let spectrum: AnalyticSpectrum
    public let fit: PowerLawFit
    /// The fit against k + (d-2)/2 (MATH.md 4), when asked for.
    public let shiftedFit: PowerLawFit?
    /// Fits over doubling windows from the window's start to its end, when asked for.
    public let localSlopes: [PowerLawFit]
    public let theory: DecayTheory

    /// The default window: the upper three quarters of the degrees, [max(2, K/4), K],
    /// where the asymptotic law is nearest.
    public static func defaultFitRange(maxDegree: Int) -> ClosedRange<Int> {
        Swift.max(2, maxDegree / 4)...maxDegree
    }

    public init(kernel: some CatalogueKernel, dimension d: Int, maxDegree: Int, fitRange: ClosedRange<Int>,
                parity: DegreeParity, shifted: Bool, slopes: Bool) throws {
        self.kernel = kernel.canonicalSpec
        spectrum = AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: maxDegree,
                                    vanishes: kernel.vanishes(atDegree:))
        // Values the error estimate does not resolve carry no decay information.
        let points = spectrum.degrees.map { ($0.degree, $0.reliability == .unresolved ? 0 : $0.eigenvalue) }
        fit = try DecayFitting.fit(points: points, range: fitRange, parity: parity)
        let shift = Double(d - 2) / 2
        shiftedFit = shifted ? try DecayFitting.fit(points: points, range: fitRange, parity: parity, shift: shift) : nil
        localSlopes = slopes
            ? DecayFitting.localSlopes(points: points, from: fitRange.lowerBound, to: fitRange.upperBound, parity: parity)
            : []
        theory = kernel.theoreticalDecay(dimension: d)
    }
}
