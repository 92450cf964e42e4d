import Foundation

/// The NTK or NNGP of a fully-connected network (docs/kernels.md): `depth` weight layers in the NTK
/// parameterisation, any `NetworkActivation`, weight variance sw2, bias variance sb2, first-layer variance
/// `input_var`, the zero-initialised bias multiplier `beta` (it adds beta^2 to Theta at every
/// layer), optionally normalised to kappa(1) = 1.
///
/// On the sphere (the profile) the recursion runs in any `RealArithmetic` precision and carries
/// q - s and q + s beside the covariance s (see `ReLUExpectations`), so kappa is accurate to a
/// few ulps of max|kappa| = kappa(1) on all of [-1, 1], including t within 1e-30 of ±1 in
/// double-double. Off the sphere (`value(squaredNormX:squaredNormY:dot:)`) it runs in Double.
public struct NetworkKernel: CatalogueKernel, Hashable {
    /// Which kernel of the network: the neural tangent kernel Theta^D or the Gaussian-process
    /// kernel S^D.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case ntk, nngp
    }

    /// phi (docs/kernels.md#activations).
    public typealias Activation = NetworkActivation

    public let kind: Kind
    public let activation: Activation
    /// D >= 2 weight layers.
    public let depth: Int
    /// sw2 > 0.
    public let weightVariance: Double
    /// sb2 >= 0.
    public let biasVariance: Double
    /// First-layer weight variance (> 0), by default `weightVariance`.
    public let inputVariance: Double
    public let beta: Double
    public let normalize: Bool
    /// The unnormalised kappa(1) in double-double, so that both precisions divide by the same
    /// correctly rounded value.
    private var unnormalizedPeak: DoubleDouble
    /// The smooth activations' per-layer dual series (`DualActivationSeries`), nil for the others.
    private var dualSeries: DualSeriesLayers?

    /// Validates the parameters (the ranges of docs/kernels.md#network-kernels) and precomputes kappa(1).
    public init(kind: Kind, activation: Activation = .relu, depth: Int = 2, weightVariance: Double = 2,
                biasVariance: Double = 0, inputVariance: Double? = nil, beta: Double = 0,
                normalize: Bool = false) throws(KernelSpecError)
    {
        let name = kind.rawValue
        func check(_ ok: Bool, _ key: String, _ value: String, _ requirement: String) throws(KernelSpecError) {
            if !ok { throw .outOfRange(kernel: name, key: key, value: value, requirement: requirement) }
        }
        let inputVariance = inputVariance ?? weightVariance
        try check(depth >= 2 && depth <= NetworkKernel.maximumDepth, "depth", String(depth),
                  "an integer between 2 and \(NetworkKernel.maximumDepth)")
        for (key, value) in [("weight_var", weightVariance), ("bias_var", biasVariance),
                             ("input_var", inputVariance), ("beta", beta)] {
            if !value.isFinite { throw .notFinite(kernel: name, key: key, value: KernelParameter.format(value)) }
        }
        try check(weightVariance > 0, "weight_var", KernelParameter.format(weightVariance), "> 0")
        try check(biasVariance >= 0, "bias_var", KernelParameter.format(biasVariance), ">= 0")
        try check(inputVariance > 0, "input_var", KernelParameter.format(inputVariance), "> 0")
        self.kind = kind
        self.activation = activation
        self.depth = depth
        self.weightVariance = weightVariance
        self.biasVariance = biasVariance
        self.inputVariance = inputVariance
        self.beta = beta
        self.normalize = normalize
        self.unnormalizedPeak = .one
        if activation.needsQuadrature {
            dualSeries = try makeDualSeries()
        }
        let peak = unnormalizedValue(CosineArgument<DoubleDouble>(t: .one, oneMinusT: .zero, onePlusT: DoubleDouble(2.0)))
        if !peak.isFinite || !(peak > .zero) {
            // Variances so large that the recursion overflows (e.g. erf is bounded, but ReLU with
            // sw2 >> 2 grows like (sw2/2)^D).
            throw .outOfRange(kernel: name, key: "weight_var", value: KernelParameter.format(weightVariance),
                              requirement: "small enough that kappa(1) is finite at depth \(depth)")
        }
        self.unnormalizedPeak = peak
    }

    /// Deeper networks are refused: each evaluation costs O(depth).
    public static let maximumDepth = 1000

    public var name: String { kind.rawValue }

    public var parameters: [KernelParameter] {
        [KernelParameter("depth", .integer(depth)),
         KernelParameter("activation", .word(activation.rawValue))]
        + activation.parameters
        + [KernelParameter("weight_var", .real(weightVariance)),
         KernelParameter("bias_var", .real(biasVariance)),
         KernelParameter("input_var", .real(inputVariance)),
         KernelParameter("beta", .real(beta)),
         KernelParameter("normalize", .flag(normalize))]
    }

    /// The per-layer dual series of a smooth activation (nil for the others).
    var dualLayers: [DualActivationSeries]? { dualSeries?.layers }

    /// The unnormalised kappa(1).
    var unnormalizedPeakValue: Double { unnormalizedPeak.doubleValue }

    /// kappa(1), the maximum of |kappa| on [-1, 1] (1 when normalised).
    public var profileMaximum: Double {
        normalize ? 1 : unnormalizedPeak.doubleValue
    }

    /// kappa(t) (docs/kernels.md), divided by kappa(1) when `normalize`.
    public func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        let v = unnormalizedValue(x)
        return normalize ? v / (R(unnormalizedPeak.hi) + R(unnormalizedPeak.lo)) : v
    }

    /// The recursion of docs/kernels.md#the-layer-recursion on unit-norm inputs with t = <x, y>.
    func unnormalizedValue<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        let sw2 = R(weightVariance), sb2 = R(biasVariance), inputVar = R(inputVariance)
        let betaSquared = R(beta) * R(beta)
        if let layers = dualSeries?.layers {
            // Smooth activations: each layer's dual maps are power series in rho = s / q.
            var covariance = inputVar * x.t + sb2
            var theta = covariance + betaSquared
            for layer in layers {
                let q = R(layer.variance.hi) + R(layer.variance.lo)
                let (f, g) = layer.values(covariance / q)
                covariance = sw2 * f + sb2
                theta = covariance + betaSquared + theta * (sw2 * g)
            }
            return kind == .ntk ? theta : covariance
        }
        // S^1 = input_var t + sb2, S^1_xx = input_var + sb2.
        var moments = LayerMoments(variance: inputVar + sb2,
                                   covariance: inputVar * x.t + sb2,
                                   varianceMinusCovariance: inputVar * x.oneMinusT,
                                   variancePlusCovariance: inputVar * x.onePlusT + sb2 * 2.0)
        var theta = moments.covariance + betaSquared
        for _ in 1..<depth {
            let step = nextLayer(moments, weightVariance: sw2, biasVariance: sb2)
            moments = step.moments
            theta = moments.covariance + betaSquared + theta * step.derivativeCovariance
        }
        return kind == .ntk ? theta : moments.covariance
    }

    /// One step of the layer recursion for this activation (docs/kernels.md#activations).
    func nextLayer<R: RealArithmetic>(_ m: LayerMoments<R>, weightVariance sw2: R, biasVariance sb2: R)
        -> (moments: LayerMoments<R>, derivativeCovariance: R)
    {
        switch activation.name {
        case .relu: return ReLUExpectations.nextLayer(m, weightVariance: sw2, biasVariance: sb2)
        case .erf: return ErfExpectations.nextLayer(m, weightVariance: sw2, biasVariance: sb2)
        case .leakyReLU, .abrelu, .abs, .identity:
            return PiecewiseLinearExpectations.nextLayer(m, activation: activation, weightVariance: sw2, biasVariance: sb2)
        case .sin, .cos:
            return TrigonometricExpectations.nextLayer(m, cosine: activation.name == .cos, weightVariance: sw2,
                                                       biasVariance: sb2)
        case .sigmoid, .tanh, .gelu, .silu, .softplus:
            return SmoothExpectations.nextLayer(m, activation: activation, weightVariance: sw2, biasVariance: sb2)
        }
    }

    /// The per-layer dual series of a smooth activation (`DualActivationSeries`): the layer
    /// variances S^l_xx do not depend on t, q_1 = input_var + sb2, q_{l+1} = sw2 E[phi^2] + sb2.
    /// A variance whose series would need more than `DualActivationSeries.maximumTerms` terms, or
    /// one below `DualActivationSeries.minimumVariance`, is refused before anything is computed for
    /// it, naming the parameter that set it (input_var or bias_var for the first layer, weight_var
    /// for the later ones).
    private func makeDualSeries() throws(KernelSpecError) -> DualSeriesLayers {
        let limit = DualActivationSeries.maximumVariance(activation.name)
        var q = DoubleDouble(inputVariance) + DoubleDouble(biasVariance)
        var layers: [DualActivationSeries] = []
        for layer in 1..<depth {
            let qDouble = q.doubleValue
            if !(qDouble <= limit) {
                let (key, value) = layer == 1
                    ? (inputVariance >= biasVariance ? ("input_var", inputVariance) : ("bias_var", biasVariance))
                    : ("weight_var", weightVariance)
                throw .outOfRange(
                    kernel: name, key: key, value: KernelParameter.format(value),
                    requirement: "small enough that every layer variance S_xx stays at most "
                        + "\(KernelParameter.format(limit)) for activation=\(activation.rawValue) "
                        + "(the range its dual series resolves in at most \(DualActivationSeries.maximumTerms) terms); "
                        + "layer \(layer) has S_xx = \(KernelParameter.format(qDouble))")
            }
            if !(qDouble >= DualActivationSeries.minimumVariance) {
                let (key, value) = layer == 1
                    ? (inputVariance >= biasVariance ? ("input_var", inputVariance) : ("bias_var", biasVariance))
                    : ("weight_var", weightVariance)
                throw .outOfRange(
                    kernel: name, key: key, value: KernelParameter.format(value),
                    requirement: "large enough that every layer variance S_xx stays at least "
                        + "\(KernelParameter.format(DualActivationSeries.minimumVariance)) for activation=\(activation.rawValue); "
                        + "layer \(layer) has S_xx = \(KernelParameter.format(qDouble))")
            }
            let series = DualSeriesLayers.series(activation.name, variance: q)
            layers.append(series)
            q = DoubleDouble(weightVariance) * series.phiSquareMean + DoubleDouble(biasVariance)
        }
        return DualSeriesLayers(layers)
    }

    // MARK: Off the sphere

    /// The kernel for inputs x, y of any norms (docs/kernels.md#off-the-sphere): S^1_xy =
    /// input_var <x,y> + sb2, S^1_xx = input_var |x|^2 + sb2, the norms carried through the
    /// recursion. Not zonal. With `normalize` it is divided by the profile's kappa(1).
    ///
    /// Double precision. The ReLU angle is atan2(sqrt(S_xx S_yy - S_xy^2), S_xy) with the
    /// determinant from exact products (TwoProduct), so the result is as accurate as the data:
    /// x = y gives a = 0 exactly, but rounding in the given norms and dot product (about 1e-16)
    /// moves a by up to 1e-8 near coincident directions (the sqrt(1 - t) singularity); use the
    /// profile with exact complements on the sphere when that matters. A zero-variance input
    /// (x = 0 and sb2 = 0) takes ReLU'(0) = 1/2.
    public func value(squaredNormX: Double, squaredNormY: Double, dot: Double) -> Double {
        let sw2 = weightVariance, sb2 = biasVariance
        let betaSquared = beta * beta
        var sxx = inputVariance * squaredNormX + sb2
        var syy = inputVariance * squaredNormY + sb2
        var sxy = inputVariance * dot + sb2
        var theta = sxy + betaSquared
        for _ in 1..<depth {
            let derivative: Double
            switch activation.name {
            case .relu:
                let r = (sxx * syy).squareRoot()
                let determinant = (DoubleDouble.twoProduct(sxx, syy) - DoubleDouble.twoProduct(sxy, sxy)).doubleValue
                let sine = r > 0 ? Swift.min(1, Swift.max(0, determinant).squareRoot() / r) : 1
                let a = r > 0 ? Foundation.atan2(Swift.max(0, determinant).squareRoot(), sxy) : Double.pi / 2
                let c = r > 0 ? Swift.min(1, Swift.max(-1, sxy / r)) : 0
                // Ordered so that a = 0 (ratio exactly 1) reproduces S_xx exactly: coincident
                // inputs stay coincident through every layer.
                let ratio = (sine + (Double.pi - a) * c) / Double.pi
                sxy = sw2 * (r * 0.5 * ratio) + sb2
                sxx = sw2 * (sxx * 0.5) + sb2
                syy = sw2 * (syy * 0.5) + sb2
                derivative = sw2 * (Double.pi - a) / (2 * Double.pi)
            case .erf:
                let a = (1 + 2 * sxx) * (1 + 2 * syy)
                derivative = sw2 * (4 / Double.pi) / (a - 4 * sxy * sxy).squareRoot()
                sxy = sw2 * (2 / Double.pi) * Foundation.asin(2 * sxy / a.squareRoot()) + sb2
                sxx = sw2 * (2 / Double.pi) * Foundation.asin(2 * sxx / (1 + 2 * sxx)) + sb2
                syy = sw2 * (2 / Double.pi) * Foundation.asin(2 * syy / (1 + 2 * syy)) + sb2
            default:
                let (cross, derivativeCross) = Self.expectations(activation, sxx: sxx, syy: syy, sxy: sxy)
                let xx = Self.expectations(activation, sxx: sxx, syy: sxx, sxy: sxx).0
                let yy = Self.expectations(activation, sxx: syy, syy: syy, sxy: syy).0
                sxy = sw2 * cross + sb2
                sxx = sw2 * xx + sb2
                syy = sw2 * yy + sb2
                derivative = sw2 * derivativeCross
            }
            theta = sxy + betaSquared + theta * derivative
        }
        let v = kind == .ntk ? theta : sxy
        return normalize ? v / unnormalizedPeak.doubleValue : v
    }

    /// Off the sphere the smooth activations' expectations use a two-dimensional rule whose cost
    /// grows with the layer variance (`SmoothExpectations`): an input of squared norm `squaredNorm`
    /// is served when every layer variance S_xx it leads to stays at most
    /// `SmoothExpectations.maximumVariance`. Returns the first layer (1-based) where it does not,
    /// with that variance; nil when it does or the activation has closed forms. S_xx grows with
    /// the norm for every smooth activation (E[phi(u)^2] increases with Var u), so the largest
    /// norm of a point set decides for all of its pairs.
    public func offSphereVarianceExcess(squaredNorm: Double) -> (layer: Int, variance: Double, limit: Double)? {
        switch activation.name {
        case .sigmoid, .tanh, .gelu, .silu, .softplus: break
        default: return nil
        }
        let limit = SmoothExpectations.maximumVariance
        var q = inputVariance * squaredNorm + biasVariance
        for layer in 1..<depth {
            guard q <= limit else { return (layer, q, limit) }
            q = weightVariance * SmoothExpectations.squaredMeans(activation.name, variance: q).phi + biasVariance
        }
        return nil
    }

    /// (E[phi(u) phi(v)], E[phi'(u) phi'(v)]) in Double for any second moments (the activations
    /// other than relu and erf, which have their own forms above).
    static func expectations(_ activation: Activation, sxx: Double, syy: Double, sxy: Double) -> (Double, Double) {
        switch activation.name {
        case .sin, .cos:
            return TrigonometricExpectations.expectations(cosine: activation.name == .cos, sxx: sxx, syy: syy, sxy: sxy)
        case .sigmoid, .tanh, .gelu, .silu, .softplus:
            return SmoothExpectations.expectations(activation.name, sxx: sxx, syy: syy, sxy: sxy)
        default:
            return PiecewiseLinearExpectations.expectations(activation, sxx: sxx, syy: syy, sxy: sxy)
        }
    }

    /// The kernel for two vectors of equal length (convenience over the norms form).
    public func value(_ x: [Double], _ y: [Double]) -> Double {
        var xx = 0.0, yy = 0.0, xy = 0.0
        for i in 0..<Swift.min(x.count, y.count) {
            xx += x[i] * x[i]
            yy += y[i] * y[i]
            xy += x[i] * y[i]
        }
        return value(squaredNormX: xx, squaredNormY: yy, dot: xy)
    }

    // MARK: Spectral facts

    /// Bias-free: no bias variance, and (for the NTK) no beta; beta never enters the NNGP.
    var isBiasFree: Bool { biasVariance == 0 && (kind == .nngp || beta == 0) }

    /// mu_k = 0 in every dimension (docs/decay.md#exact-zeros). With phi split into even and odd
    /// parts, bias-free (S^1 = input_var t is odd):
    /// - phi linear (identity, abrelu with a = b): kappa is a polynomial of degree 1, so k >= 2
    ///   (with any bias), and k = 0 too when bias-free;
    /// - phi odd (erf, tanh, sin): every S^l and Theta^l is odd (phi' is even, so Sdot^l is
    ///   even), any depth: every even k, k = 0 included;
    /// - phi even (abs, cos, abrelu with a = -b): S^2 is even in t and so is every later layer
    ///   (each depends on t only through the previous covariance); Sdot^2 and Theta^1 are odd,
    ///   so Theta^2 is even, and so on: every odd k, any depth;
    /// - phi = linear + even (relu, leaky_relu, abrelu, gelu, silu, softplus), depth 2: the odd
    ///   part of kappa is linear, so odd k >= 3;
    /// - phi = constant + odd (sigmoid), depth 2: the even part of kappa is constant, so even k >= 2.
    public func vanishes(atDegree k: Int) -> Bool {
        if activation.isLinear {
            return k >= 2 || (k == 0 && isBiasFree)
        }
        guard isBiasFree else { return false }
        switch activation.symmetry {
        case .odd: return k >= 0 && k % 2 == 0
        case .even: return k % 2 == 1
        case .linearPlusEven: return depth == 2 && k >= 3 && k % 2 == 1
        case .constantPlusOdd: return depth == 2 && k >= 2 && k % 2 == 0
        }
    }

    public func theoreticalDecay(dimension d: Int) -> DecayTheory {
        DecayTheory.network(self, dimension: d)
    }
}
