import Foundation

/// The Mercer eigenvalues mu_0 ... mu_K of a zonal kernel on S^{d-1}, each with its
/// multiplicity N(d, k), an absolute error estimate, and how far it can be trusted
/// (docs/conventions.md and docs/accuracy.md).
public struct AnalyticSpectrum: Sendable {
    /// How much of a printed eigenvalue can be trusted.
    public enum Reliability: String, Sendable {
        /// mu_k = 0 exactly by the kernel's structure (polynomial degree, parity).
        case exactZero = "exact_zero"
        /// Relative error estimate at most 1e-10.
        case accurate
        /// Relative error estimate in (1e-10, 0.5): fewer digits are shown.
        case limited
        /// The error estimate is as large as the value: only a bound |mu_k| <~ error is known.
        case unresolved
    }

    public struct Degree: Sendable {
        public let degree: Int
        public let multiplicity: Natural
        /// mu_k rounded to Double (0 for exact zeros).
        public let eigenvalue: Double
        /// The double-double value behind `eigenvalue`.
        public let extendedEigenvalue: DoubleDouble
        /// Absolute error estimate (0 for exact zeros).
        public let errorEstimate: Double
        /// mu_k = 0 by the kernel's structure (not because a computed value rounded or
        /// underflowed to 0).
        public let isStructuralZero: Bool
        /// The value with an unbounded exponent, when it comes from the positive series
        /// (`SeriesSpectrum`); `eigenvalue` is then 0 below Double's range.
        public let scaledEigenvalue: ScaledDouble?
        /// The series' relative error bound (nil for the quadrature, whose bound is absolute).
        let relativeErrorBound: Double?

        public init(degree: Int, multiplicity: Natural, extendedEigenvalue: DoubleDouble, errorEstimate: Double,
                    isStructuralZero: Bool) {
            self.degree = degree
            self.multiplicity = multiplicity
            self.extendedEigenvalue = isStructuralZero ? .zero : extendedEigenvalue
            self.eigenvalue = self.extendedEigenvalue.doubleValue
            self.errorEstimate = isStructuralZero ? 0 : errorEstimate
            self.isStructuralZero = isStructuralZero
            self.scaledEigenvalue = nil
            self.relativeErrorBound = nil
        }

        /// A degree of the positive-series spectrum: value and relative error bound.
        public init(degree: Int, multiplicity: Natural, series: ScaledDouble, relativeError: Double, isStructuralZero: Bool) {
            self.degree = degree
            self.multiplicity = multiplicity
            self.isStructuralZero = isStructuralZero
            self.scaledEigenvalue = isStructuralZero ? nil : series
            self.relativeErrorBound = isStructuralZero ? nil : relativeError
            self.eigenvalue = isStructuralZero ? 0 : series.doubleValue
            self.extendedEigenvalue = DoubleDouble(self.eigenvalue)
            let error = self.eigenvalue * relativeError
            self.errorEstimate = isStructuralZero ? 0 : (error.isFinite ? error : Double.greatestFiniteMagnitude)
        }

        /// errorEstimate / |eigenvalue|: 0 for structural zeros, +infinity for a computed value
        /// that is 0 (nothing of it is resolved, whatever the estimate). For the series, its own
        /// relative bound (which stays meaningful below Double's range).
        public var relativeError: Double {
            if isStructuralZero { return 0 }
            if let bound = relativeErrorBound, let scaled = scaledEigenvalue, scaled.significand > 0 { return bound }
            return eigenvalue == 0 ? .infinity : errorEstimate / Swift.abs(eigenvalue)
        }

        /// log10 |mu_k| (-infinity for zeros): beyond Double's range for the series' tails.
        public var log10Eigenvalue: Double {
            if let scaled = scaledEigenvalue { return scaled.log10 }
            return Foundation.log10(Swift.abs(eigenvalue))
        }

        /// Only the kernel's structure makes a zero exact; a computed value that is 0 (an
        /// underflow, or a quadrature that sees nothing) is `unresolved`.
        public var reliability: Reliability {
            if isStructuralZero { return .exactZero }
            let r = relativeError
            if r <= 1e-10 { return .accurate }
            return r < 0.5 ? .limited : .unresolved
        }

        /// Significant digits the error estimate supports: 17 for exact zeros and errors below
        /// 1e-17, 1 when the estimate is as large as the value or the value is 0 (the printed
        /// digit then shows only an order of magnitude, and the reliability says so).
        public var trustworthyDigits: Int {
            let r = relativeError
            guard r > 1e-17 else { return 17 }
            guard r < 0.1 else { return 1 }
            return Swift.max(1, Swift.min(17, Int(Foundation.floor(-Foundation.log10(r)))))
        }
    }

    public let dimension: Int
    public private(set) var degrees: [Degree]

    /// The largest degree supported for dimension d: beyond it the O(K^2) quadrature takes
    /// more than about ten seconds. Accuracy is not the limit: every value carries its
    /// error estimate whatever K.
    public static func maximumDegree(dimension d: Int) -> Int { d <= 10 ? 40_000 : 10_000 }
    /// Dimensions accepted by the analytic method.
    public static let dimensions = 2...1000

    /// Refuses a profile so concentrated at t = 1 that its eigenvalues leave Double's range:
    /// with angular scale s (`ZonalFunction.angularScale`) every mu_k is of order s^{d-1} or
    /// smaller, and below about 1e-250 the values (and the tail below them) would underflow
    /// and print as 0 although the kernel has no zero eigenvalue.
    public static func checkRepresentable(_ profile: some ZonalFunction, kernel: String,
                                          dimension d: Int) throws(AnalyticSpectrumError) {
        let scale = profile.angularScale
        let log10Size = Double(d - 1) * Foundation.log10(scale)
        guard log10Size >= minimumLog10Size else {
            throw .beyondDoubleRange(kernel: kernel, dimension: d, angularScale: scale, log10Size: log10Size)
        }
    }

    /// log10 of the smallest eigenvalue size s^{d-1} the analytic method accepts.
    public static let minimumLog10Size = -250.0

    /// mu_0 ... mu_maxDegree of `profile` on S^{d-1}; degrees where `vanishes(k)` is true are
    /// exact zeros by the kernel's structure and print as 0.
    public init(profile: some ZonalFunction, dimension d: Int, maxDegree: Int, vanishes: (Int) -> Bool) {
        let result = FunkHecke.eigenvalues(of: profile, dimension: d, maxDegree: maxDegree)
        dimension = d
        degrees = (0...maxDegree).map { k in
            Degree(degree: k, multiplicity: SphericalHarmonics.dimension(degree: k, sphereDimension: d),
                   extendedEigenvalue: result.eigenvalues[k], errorEstimate: result.errorEstimates[k],
                   isStructuralZero: vanishes(k))
        }
    }

    /// How the eigenvalues were computed.
    public enum Method: String, Sendable {
        /// Funk-Hecke quadrature in double-double (docs/accuracy.md#funk-hecke-quadrature).
        case quadrature
        /// The positive Taylor series of the profile (docs/accuracy.md#exact-tails).
        case series
        /// The series, with the quadrature's value at the degrees where its error is smaller.
        case seriesAndQuadrature = "series+quadrature"
    }

    public private(set) var method: Method = .quadrature

    /// mu_0 ... mu_maxDegree from the kernel's positive Taylor series (`SeriesSpectrum`).
    public init(series coefficients: SeriesSpectrum.Coefficients, dimension d: Int, maxDegree: Int,
                vanishes: (Int) -> Bool) {
        let result = SeriesSpectrum(coefficients, dimension: d, maxDegree: maxDegree)
        dimension = d
        degrees = result.degrees.map { entry in
            Degree(degree: entry.degree,
                   multiplicity: SphericalHarmonics.dimension(degree: entry.degree, sphereDimension: d),
                   series: entry.value, relativeError: entry.relativeError, isStructuralZero: vanishes(entry.degree))
        }
        method = .series
    }

    /// Per degree the value with the smaller relative error (the series' where they tie): a series
    /// spectrum completed by the quadrature where the series leaves a degree less resolved (a
    /// network whose series would need more terms than spectra composes).
    public func completed(by quadrature: AnalyticSpectrum) -> AnalyticSpectrum {
        var result = self
        var replaced = false
        result.degrees = zip(degrees, quadrature.degrees).map { s, q in
            guard !s.isStructuralZero, q.relativeError < s.relativeError else { return s }
            replaced = true
            return q
        }
        if replaced { result.method = .seriesAndQuadrature }
        return result
    }

    /// Whether some degree that is not an exact zero is less than accurate.
    public var hasUnresolvedDegrees: Bool {
        degrees.contains { !$0.isStructuralZero && $0.relativeError > 1e-10 }
    }

    /// The largest |mu_k|.
    public var maximumMagnitude: Double { degrees.map { Swift.abs($0.eigenvalue) }.max() ?? 0 }

    /// (k, mu_k) for fits.
    public var points: [(k: Int, value: Double)] { degrees.map { ($0.degree, $0.eigenvalue) } }

    /// sum_k N(d, k) mu_k over the computed degrees, in double-double; equals kappa(1) up to
    /// the tail beyond K (docs/conventions.md#the-trace-identity: the trace).
    public var partialTrace: DoubleDouble {
        degrees.reduce(DoubleDouble.zero) { $0 + $1.extendedEigenvalue * $1.multiplicity.doubleValue }
    }
}

/// Why the analytic method refuses a kernel.
public enum AnalyticSpectrumError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The profile is so concentrated at t = 1 that its eigenvalues fall below Double's range.
    case beyondDoubleRange(kernel: String, dimension: Int, angularScale: Double, log10Size: Double)

    public var description: String {
        switch self {
        case let .beyondDoubleRange(kernel, d, scale, log10Size):
            let scaleText = String(format: "%.3g", scale)
            let sizeText = log10Size.isFinite ? String(format: "1e%.0f", log10Size) : "0"
            return "\(kernel) is concentrated within an angle of \(scaleText) of t = 1: on S^\(d - 1) its eigenvalues are "
                + "about \(sizeText) or smaller, beyond Double's range; the analytic method accepts "
                + "kernels whose angular scale s has s^(d-1) >= 1e\(String(format: "%.0f", AnalyticSpectrum.minimumLog10Size)) "
                + "(for laplace/gexp s = c^(-1/gamma), for gaussian s = c^(-1/2), for matern s = ell)"
        }
    }
}
