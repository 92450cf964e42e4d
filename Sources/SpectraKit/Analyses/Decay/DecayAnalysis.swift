/// The decay study of one kernel's analytic spectrum (docs/decay.md): the eigenvalues, the
/// fitted power law over a window, optional local slopes and shifted fit, and the theory.
public struct AnalyticDecayStudy: Sendable {
    public let kernel: String
    public let spectrum: AnalyticSpectrum
    /// The fitted power law; nil when the default window admits none (see `fitNote`).
    public let fit: PowerLawFit?
    /// Why there is no fit, when there is none.
    public let fitNote: String?
    /// The fit against k + (d-2)/2 (docs/decay.md#the-shifted-fit), when asked for.
    public let shiftedFit: PowerLawFit?
    /// Fits over doubling windows from the window's start to its end, when asked for.
    public let localSlopes: [PowerLawFit]
    public let theory: DecayTheory
    /// The rate of a superpolynomial decay in the form theory gives (nil for power laws and
    /// kernels without a form, or too few resolved points).
    public let superpolynomialFit: SuperpolynomialFit?

    /// The default window: the upper three quarters of the degrees, [max(2, K/4), K],
    /// where the asymptotic law is nearest ([2, 2] for K < 2, which the gram and grid methods
    /// allow: a window that admits no fit, said in the fit's note).
    public static func defaultFitRange(maxDegree: Int) -> ClosedRange<Int> {
        Swift.max(2, maxDegree / 4)...Swift.max(2, maxDegree)
    }

    /// - Parameters:
    ///   - kernel: the catalogue kernel whose spectrum is computed.
    ///   - d: the ambient dimension of the sphere S^{d-1}.
    ///   - maxDegree: K; the spectrum holds mu_0 ... mu_K.
    ///   - fitRange: the window [A, B] of degrees the power law is fitted over.
    ///   - parity: the degrees the fits use (exact zeros are skipped whatever it is).
    ///   - shifted: also fit against k + (d-2)/2.
    ///   - slopes: also fit over doubling windows of `fitRange`.
    ///   - rangeWasChosen: the user gave the fit window, so a window that admits no
    ///     fit is an error rather than a note.
    public init(kernel: some CatalogueKernel, dimension d: Int, maxDegree: Int, fitRange: ClosedRange<Int>,
                parity: DegreeParity, shifted: Bool, slopes: Bool, rangeWasChosen: Bool = true) throws {
        self.kernel = kernel.canonicalSpec
        if let coefficients = SeriesSpectrum.Coefficients.of(kernel), maxDegree <= SeriesSpectrum.maximumDegree {
            // Analytic kernels with a positive Taylor series: exact tails (docs/accuracy.md#exact-tails).
            let series = AnalyticSpectrum(series: coefficients, dimension: d, maxDegree: maxDegree,
                                          vanishes: kernel.vanishes(atDegree:))
            if series.hasUnresolvedDegrees, (try? AnalyticSpectrum.checkRepresentable(kernel, kernel: kernel.canonicalSpec, dimension: d)) != nil {
                // Where the series stops short (its degree cap), the quadrature may do better.
                let quadrature = AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: maxDegree,
                                                  vanishes: kernel.vanishes(atDegree:))
                spectrum = series.completed(by: quadrature)
            } else {
                spectrum = series
            }
        } else {
            try AnalyticSpectrum.checkRepresentable(kernel, kernel: kernel.canonicalSpec, dimension: d)
            spectrum = AnalyticSpectrum(profile: kernel, dimension: d, maxDegree: maxDegree,
                                        vanishes: kernel.vanishes(atDegree:))
        }
        // Values the error estimate does not resolve carry no decay information.
        // (And values below 1e-280, which only the series reaches: a power law fitted through
        // them would have a prefactor beyond Double's range.)
        let points = spectrum.degrees.map {
            ($0.degree, $0.reliability == .unresolved || Swift.abs($0.eigenvalue) < 1e-280 ? 0 : $0.eigenvalue)
        }
        theory = kernel.theoreticalDecay(dimension: d)
        let outcome = try DecayFitOutcome(points: points, range: fitRange, parity: parity, rangeWasChosen: rangeWasChosen,
                                          law: theory.law)
        if let found = outcome.fit, !(found.prefactor.isFinite && found.prefactor > 0) {
            fit = nil
            fitNote = "no power law: the fitted prefactor is beyond Double's range (a superpolynomial decay)"
        } else {
            fit = outcome.fit
            fitNote = outcome.note
        }
        if theory.law == .superPolynomial, let (form, rate, constant) = SuperpolynomialFit.theory(for: kernel, dimension: d) {
            superpolynomialFit = SuperpolynomialFit.fit(spectrum, form: form, theoreticalRate: rate, theoreticalLog10Constant: constant,
                                                        range: fitRange, parity: parity == .all ? theory.parity : parity)
        } else {
            superpolynomialFit = nil
        }
        let shift = Double(d - 2) / 2
        shiftedFit = shifted && fit != nil
            ? try DecayFitting.fit(points: points, range: fitRange, parity: parity, shift: shift) : nil
        localSlopes = slopes && fit != nil
            ? DecayFitting.localSlopes(points: points, from: fitRange.lowerBound, to: fitRange.upperBound, parity: parity)
            : []
    }
}
