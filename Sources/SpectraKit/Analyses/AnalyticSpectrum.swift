import Foundation

/// The Mercer eigenvalues mu_0 ... mu_K of a zonal kernel on S^{d-1}, each with its
/// multiplicity N(d, k), an absolute error estimate, and how far it can be trusted
/// (MATH.md 2 and 9).
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

        public var relativeError: Double {
            eigenvalue == 0 ? (errorEstimate == 0 ? 0 : .infinity) : errorEstimate / Swift.abs(eigenvalue)
        }

        public var reliability: Reliability {
            if eigenvalue == 0 && errorEstimate == 0 { return .exactZero }
            let r = relativeError
            if r <= 1e-10 { return .accurate }
            return r < 0.5 ? .limited : .unresolved
        }

        /// Significant digits the error estimate supports (at most 17, at least 1).
        public var trustworthyDigits: Int {
            let r = relativeError
            guard r > 0 else { return 17 }
            return Swift.max(1, Swift.min(17, Int(Foundation.floor(-Foundation.log10(r)))))
        }
    }

    public let dimension: Int
    public let degrees: [Degree]

    /// The largest degree supported for dimension d: beyond it the O(K^2) quadrature takes
    /// more than about ten seconds. Accuracy is not the limit: every value carries its
    /// error estimate whatever K.
    public static func maximumDegree(dimension d: Int) -> Int { d <= 10 ? 40_000 : 10_000 }
    /// Dimensions accepted by the analytic method.
    public static let dimensions = 2...1000

    /// mu_0 ... mu_maxDegree of `profile` on S^{d-1}; degrees where `vanishes(k)` is true are
    /// exact zeros by the kernel's structure and print as 0.
    public init(profile: some ZonalFunction, dimension d: Int, maxDegree: Int, vanishes: (Int) -> Bool) {
        let result = FunkHecke.eigenvalues(of: profile, dimension: d, maxDegree: maxDegree)
        dimension = d
        degrees = (0...maxDegree).map { k in
            let zero = vanishes(k)
            let value = zero ? DoubleDouble.zero : result.eigenvalues[k]
            return Degree(degree: k, multiplicity: SphericalHarmonics.dimension(degree: k, sphereDimension: d),
                          eigenvalue: value.doubleValue, extendedEigenvalue: value,
                          errorEstimate: zero ? 0 : result.errorEstimates[k])
        }
    }

    /// The largest |mu_k|.
    public var maximumMagnitude: Double { degrees.map { Swift.abs($0.eigenvalue) }.max() ?? 0 }

    /// (k, mu_k) for fits.
    public var points: [(k: Int, value: Double)] { degrees.map { ($0.degree, $0.eigenvalue) } }

    /// sum_k N(d, k) mu_k over the computed degrees, in double-double; equals kappa(1) up to
    /// the tail beyond K (MATH.md 2: the trace).
    public var partialTrace: DoubleDouble {
        degrees.reduce(DoubleDouble.zero) { $0 + $1.extendedEigenvalue * $1.multiplicity.doubleValue }
    }
}
