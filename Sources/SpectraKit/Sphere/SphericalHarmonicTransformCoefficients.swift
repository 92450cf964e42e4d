extension SphericalHarmonicTransform {
    /// Real spherical harmonic coefficients c_lm of band limit L (degrees 0 ... L, orders
    /// -l ... l; the basis is described at `SphericalHarmonicTransform`), stored degree by
    /// degree: c_lm at index l^2 + l + m, (L + 1)^2 values.
    public struct Coefficients: Sendable, Equatable {
        public let bandLimit: Int
        public var values: [Double]

        /// All zero.
        public init(bandLimit: Int) {
            self.bandLimit = Swift.max(0, bandLimit)
            values = [Double](repeating: 0, count: (self.bandLimit + 1) * (self.bandLimit + 1))
        }

        /// Throws `invalidBandLimit` for L < 0, `wrongCount` unless there are (L + 1)^2 values.
        public init(bandLimit: Int, values: [Double]) throws(SphericalHarmonicTransformError) {
            guard bandLimit >= 0 else { throw .invalidBandLimit(bandLimit) }
            let expected = (bandLimit + 1) * (bandLimit + 1)
            guard values.count == expected else { throw .wrongCount(what: "coefficients", given: values.count, expected: expected) }
            self.bandLimit = bandLimit
            self.values = values
        }

        init(bandLimit: Int, uncheckedValues: [Double]) {
            self.bandLimit = bandLimit
            values = uncheckedValues
        }

        /// l^2 + l + m, for 0 <= l and -l <= m <= l.
        @inlinable public static func index(degree l: Int, order m: Int) -> Int { l * l + l + m }

        /// c_lm (0 <= l <= L, -l <= m <= l; traps outside).
        public subscript(degree l: Int, order m: Int) -> Double {
            get { values[Self.index(degree: l, order: m)] }
            set { values[Self.index(degree: l, order: m)] = newValue }
        }
    }
}

/// Invalid input to `SphericalHarmonicTransform` and failures of its resources.
public enum SphericalHarmonicTransformError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidBandLimit(Int)
    case bandLimitMismatch(given: Int, expected: Int)
    case wrongCount(what: String, given: Int, expected: Int)
    case fftPlanFailed(FFTError)
    case outOfMemory(doubles: Int)

    public var description: String {
        switch self {
        case .invalidBandLimit(let l):
            return "band limit \(l) is not supported; allowed: 0...\(SphericalHarmonicTransform.maximumBandLimit)"
        case .bandLimitMismatch(let given, let expected):
            return "coefficients of band limit \(given) given to a transform of band limit \(expected)"
        case .wrongCount(let what, let given, let expected):
            return "\(given) \(what) given; the transform needs exactly \(expected)"
        case .fftPlanFailed(let error):
            return "spherical harmonic transform: \(error)"
        case .outOfMemory(let doubles):
            return "spherical harmonic transform: cannot allocate a workspace of \(doubles) doubles"
        }
    }
}
