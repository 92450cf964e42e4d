import Foundation

/// One layer's dual maps of a smooth activation on the sphere, as power series in the correlation
/// rho with non-negative coefficients (docs/kernels.md#the-dual-series):
///
///   E[phi(u) phi(v)]   = F(rho) = sum_n a_n^2 rho^n,    a_n  = E[phi(sqrt(q) Z) h_n(Z)],
///   E[phi'(u) phi'(v)] = G(rho) = sum_n a'_n^2 rho^n,   a'_n = E[phi'(sqrt(q) Z) h_n(Z)],
///
/// for u, v ~ N(0, q) with correlation rho, h_n = He_n / sqrt(n!) the orthonormal Hermite
/// polynomials (Mehler's formula). On the sphere every layer has the same variance q for all
/// inputs, so the coefficients are computed once per layer, in double-double, and every profile
/// value is a Horner sum: no two-dimensional quadrature per value.
///
/// The coefficients: by Stein's identity E[f(Z) He_n(Z)] = E[f'(Z) He_{n-1}(Z)],
/// a_n = sqrt(q/n) a'_{n-1} and a'_n = sqrt(q/n) a''_{n-1}, where a''_m are the coefficients of
/// phi'', which decays exponentially for every activation here (so the integrals run over
/// |x| <= about 90 whatever q). a''_m for all m come from one trapezoid rule in x = sqrt(q) z,
/// with the Hermite functions psi_m = h_m e^{-z^2/4} by their three-term recurrence; the step
/// resolves phi''s strip of analyticity and the oscillation of psi_m up to the last m (error about
/// e^{-75} of the scale, as the one-dimensional rules of `SmoothExpectations`). a_0 = E[phi],
/// a'_0 = E[phi'] and the sums at rho = 1, E[phi^2] and E[phi'^2], by the one-dimensional rule.
///
/// Truncation: every coefficient is >= 0, so for |rho| <= 1 the omitted tail is at most
/// |rho|^{N+1} (E[phi^2] - sum_{n<N} a_n^2), and that remainder is computed
/// (`phiRemainder`, `derivativeRemainder`). How many terms: the Hermite coefficients of a
/// function analytic in the strip |Im x| < tau decay like exp(-tau sqrt(n/q)) (Hille), so
/// a_n^2 ~ exp(-2 tau sqrt(n/q)): tau = pi/2 for tanh, pi for sigmoid, silu and softplus, and N
/// grows like q (about 700 q terms for tanh, 175 q for the others). gelu is entire with a
/// Gaussian-type factor; its coefficients fall geometrically like (q/(1+q))^n. Variances needing
/// more than `maximumTerms` are refused by the kernels (`maximumVariance`).
struct DualActivationSeries: Sendable {
    let name: NetworkActivation.Name
    /// The layer variance q.
    let variance: DoubleDouble
    /// a_n^2, n = 0..<N.
    let phiCoefficients: [DoubleDouble]
    /// a'_n^2, n = 0..<N.
    let derivativeCoefficients: [DoubleDouble]
    /// The terms a Double evaluation needs (the rest sum to below 2^-64 of the value at 1).
    let doubleCount: Int
    let phiDouble: [Double]
    let derivativeDouble: [Double]
    /// E[phi(u)^2] = F(1) and E[phi'(u)^2] = G(1), by the one-dimensional rule.
    let phiSquareMean: DoubleDouble
    let derivativeSquareMean: DoubleDouble
    /// ln of max(sum_{m>=n} a_m^2 / F(1), sum_{m>=n} a'_m^2 / G(1)), n = 0..<N, decreasing: where
    /// Horner's rule may stop for a given |rho| (`cut(_:tolerance:)`).
    let logTail: [Double]
    /// F(1) - sum a_n^2 and G(1) - sum a'_n^2 (bounds on the omitted tails, at least 0).
    let phiRemainder: Double
    let derivativeRemainder: Double

    /// The most terms a layer may need (beyond it the variance is refused).
    static let maximumTerms = 60_000

    /// The strip |Im x| < tau in which phi is analytic (the nearest singularity); nil for gelu
    /// (entire).
    static func singularity(_ name: NetworkActivation.Name) -> Double? {
        switch name {
        case .tanh: return Double.pi / 2
        case .gelu: return nil
        default: return Double.pi
        }
    }

    /// ln(1 / target error) of the coefficients in double-double, with a margin.
    static let digits = SmoothExpectations.digits(DoubleDouble.self) + 8

    /// The number of terms for variance q: a_n^2 ~ exp(-2 tau sqrt(n/q)) reaches e^{-digits}
    /// at n = q (digits / (2 tau))^2; gelu: (q / (1 + q))^n does at digits / ln(1 + 1/q).
    static func termCount(_ name: NetworkActivation.Name, variance q: Double) -> Int {
        let count: Double
        if let tau = singularity(name) {
            count = q * (digits / (2 * tau)) * (digits / (2 * tau))
        } else {
            count = (digits + 10) / Foundation.log1p(1 / q)
        }
        guard count.isFinite, count < Double(maximumTerms) else { return maximumTerms + 1 }
        return Swift.max(32, Int(count.rounded(.up)) + 16)
    }

    /// The largest layer variance whose series has at most `maximumTerms` terms, capped at
    /// `SmoothExpectations.maximumVariance`, in two significant digits.
    static func maximumVariance(_ name: NetworkActivation.Name) -> Double {
        let exact: Double
        if let tau = singularity(name) {
            exact = Double(maximumTerms - 16) / ((digits / (2 * tau)) * (digits / (2 * tau)))
        } else {
            exact = 1 / Foundation.expm1((digits + 10) / Double(maximumTerms - 16))
        }
        let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(exact)) - 1)
        return Swift.min(SmoothExpectations.maximumVariance, Foundation.floor(exact / magnitude) * magnitude)
    }

    /// The smallest layer variance served: the trapezoid rule of `secondDerivativeCoefficients`
    /// needs about sqrt(1/q) nodes (its step shrinks with q while the range shrinks only with
    /// sqrt q), about 10^6 at 1e-12; below it the kernels refuse rather than run for hours.
    static let minimumVariance = 1e-12

    init(_ name: NetworkActivation.Name, variance q: DoubleDouble) {
        self.name = name
        self.variance = q
        let qDouble = q.doubleValue
        let count = Swift.min(DualActivationSeries.termCount(name, variance: qDouble), DualActivationSeries.maximumTerms)
        let second = DualActivationSeries.secondDerivativeCoefficients(name, variance: q, count: count)
        let means = DualActivationSeries.oneDimensionalMeans(name, variance: q)
        var a = [DoubleDouble](repeating: .zero, count: count)
        var aPrime = [DoubleDouble](repeating: .zero, count: count)
        aPrime[0] = means.derivative
        a[0] = means.phi
        for n in 1..<count {
            let factor = DoubleDouble.sqrt(q / DoubleDouble(n))
            aPrime[n] = factor * second[n - 1]
            a[n] = factor * aPrime[n - 1]
        }
        phiCoefficients = a.map { $0 * $0 }
        derivativeCoefficients = aPrime.map { $0 * $0 }
        phiSquareMean = means.phiSquare
        derivativeSquareMean = means.derivativeSquare
        let phiSum = phiCoefficients.reduce(DoubleDouble.zero, +)
        let derivativeSum = derivativeCoefficients.reduce(DoubleDouble.zero, +)
        phiRemainder = Swift.max(0, (phiSquareMean - phiSum).doubleValue)
        derivativeRemainder = Swift.max(0, (derivativeSquareMean - derivativeSum).doubleValue)
        var logTail = [Double](repeating: 0, count: count)
        var suffixPhi = phiRemainder, suffixDerivative = derivativeRemainder
        let phiScale = Swift.max(phiSquareMean.doubleValue, Double.leastNormalMagnitude)
        let derivativeScale = Swift.max(derivativeSquareMean.doubleValue, Double.leastNormalMagnitude)
        for n in stride(from: count - 1, through: 0, by: -1) {
            suffixPhi += phiCoefficients[n].doubleValue
            suffixDerivative += derivativeCoefficients[n].doubleValue
            logTail[n] = Foundation.log(Swift.max(suffixPhi / phiScale, suffixDerivative / derivativeScale, 1e-300))
        }
        self.logTail = logTail
        // Double evaluation: drop the tail below 2^-64 of the values at rho = 1.
        var tailPhi = 0.0, tailDerivative = 0.0
        var cut = count
        let phiLimit = 0x1p-64 * phiSquareMean.doubleValue, derivativeLimit = 0x1p-64 * derivativeSquareMean.doubleValue
        while cut > 1 {
            let nextPhi = tailPhi + phiCoefficients[cut - 1].doubleValue
            let nextDerivative = tailDerivative + derivativeCoefficients[cut - 1].doubleValue
            if nextPhi > phiLimit || nextDerivative > derivativeLimit { break }
            tailPhi = nextPhi
            tailDerivative = nextDerivative
            cut -= 1
        }
        doubleCount = cut
        phiDouble = phiCoefficients[0..<cut].map(\.doubleValue)
        derivativeDouble = derivativeCoefficients[0..<cut].map(\.doubleValue)
    }

    var count: Int { phiCoefficients.count }

    /// (F(rho), G(rho)) for |rho| <= 1, by Horner's rule (the omitted tail is at most
    /// |rho|^N times the remainders).
    /// The smallest n with |rho|^n (tail from n on) <= tolerance (relative to F(1), G(1)): the
    /// terms from n on change the sums by less than that.
    func cut(_ rho: Double, tolerance: Double) -> Int {
        let logRho = Foundation.log(Swift.abs(rho))
        guard logRho < 0 else { return count }
        let logTolerance = Foundation.log(tolerance)
        var low = 0, high = count          // invariant: the answer is in [low, high]
        while low < high {
            let mid = (low + high) / 2
            if Double(mid) * logRho + logTail[mid] <= logTolerance { high = mid } else { low = mid + 1 }
        }
        return low
    }

    @inline(__always)
    func values<R: RealArithmetic>(_ rho: R) -> (phi: R, derivative: R) {
        if let x = rho as? Double {
            var f = 0.0, g = 0.0
            var n = Swift.min(doubleCount, cut(x, tolerance: 0x1p-64)) - 1
            while n >= 0 {
                f = f * x + phiDouble[n]
                g = g * x + derivativeDouble[n]
                n -= 1
            }
            return (f as! R, g as! R)
        }
        if let x = rho as? DoubleDouble {
            var f = DoubleDouble.zero, g = DoubleDouble.zero
            var n = cut(x.doubleValue, tolerance: 0x1p-112) - 1
            while n >= 0 {
                f = f * x + phiCoefficients[n]
                g = g * x + derivativeCoefficients[n]
                n -= 1
            }
            return (f as! R, g as! R)
        }
        var f = R.zero, g = R.zero
        var n = count - 1
        while n >= 0 {
            f = f * rho + R(phiCoefficients[n].hi) + R(phiCoefficients[n].lo)
            g = g * rho + R(derivativeCoefficients[n].hi) + R(derivativeCoefficients[n].lo)
            n -= 1
        }
        return (f, g)
    }

    // MARK: The coefficients

    /// The exponential decay rate kappa of |phi''(x)| as |x| -> infinity (gelu: Gaussian, 0 here).
    private static func secondDerivativeDecay(_ name: NetworkActivation.Name) -> Double {
        switch name {
        case .tanh: return 2
        case .gelu: return 0
        default: return 1
        }
    }

    /// a''_m = E[phi''(sqrt(q) Z) h_m(Z)], m = 0..<count, by the trapezoid rule in x = sqrt(q) z
    /// (step h, nodes +-j h), summed in symmetric pairs so that parity zeros are exact.
    static func secondDerivativeCoefficients(_ name: NetworkActivation.Name, variance q: DoubleDouble,
                                             count: Int) -> [DoubleDouble]
    {
        let qDouble = q.doubleValue
        let sigma = qDouble.squareRoot()
        let L = digits
        // Range: phi'' below e^{-L} (|x| <= L/kappa, gelu: sqrt(2 L)), and the Gaussian factor
        // e^{-z^2/4} below e^{-L} (|z| <= 2 sqrt(L)).
        let decay = secondDerivativeDecay(name)
        let bumpRange = decay > 0 ? (L + 6) / decay : (2 * (L + 6)).squareRoot()
        let range = Swift.min(bumpRange, 2 * L.squareRoot() * sigma)
        // Step: the integrand is analytic in |Im x| < d; there psi_m grows like
        // e^{sqrt(m/q) y}, the Gaussian factor like e^{y^2/(4q)}, gelu'' like e^{y^2/2}.
        let d = SmoothExpectations.strip(name)
        let frequency = (Double(count) / qDouble).squareRoot()
        var exponent = L + frequency * d + d * d / (4 * qDouble)
        if name == .gelu { exponent += d * d / 2 }
        let h = 2 * Double.pi * d / exponent
        let nodes = Swift.max(1, Int((range / h).rounded(.up)))
        var inverseRoot = [DoubleDouble](repeating: .zero, count: count + 1)   // 1/sqrt(n+1)
        var ratioRoot = [DoubleDouble](repeating: .zero, count: count + 1)     // sqrt(n/(n+1))
        for n in 0...count {
            inverseRoot[n] = DoubleDouble.one / DoubleDouble.sqrt(DoubleDouble(n + 1))
            ratioRoot[n] = DoubleDouble.sqrt(DoubleDouble(n) / DoubleDouble(n + 1))
        }
        let hR = DoubleDouble(h)
        let rootQ = DoubleDouble.sqrt(q)
        let scale = hR / DoubleDouble.sqrt(q * (DoubleDouble.pi * 2.0))
        // Per node: z, psi_0 = e^{-z^2/4}, and the pair sums weighted for even and odd m.
        var zs: [DoubleDouble] = [], gaussians: [DoubleDouble] = [], evens: [DoubleDouble] = [], odds: [DoubleDouble] = []
        for j in 0...nodes {
            let x = hR * DoubleDouble(j)
            let z = x / rootQ
            let gaussian = DoubleDouble.exp(-(z * z) * 0.25)
            let plus = secondDerivative(name, x), minus = secondDerivative(name, -x)
            var weight = scale * gaussian
            if j == 0 { weight = weight * 0.5 }
            let e = weight * (plus + minus), o = weight * (plus - minus)
            if Swift.max(Swift.abs(e.hi), Swift.abs(o.hi)) < 1e-40 { continue }
            zs.append(z)
            gaussians.append(gaussian)
            evens.append(e)
            odds.append(o)
        }
        return hermiteMoments(nodes: zs, start: gaussians, even: evens, odd: odds, count: count,
                              inverseRoot: inverseRoot, ratioRoot: ratioRoot)
    }

    /// sum_j w_j psi_m(z_j), m = 0..<count, with w_j = even_j for even m and odd_j for odd m,
    /// the Hermite functions by psi_{m+1} = z psi_m / sqrt(m+1) - sqrt(m/(m+1)) psi_{m-1} from
    /// psi_0 = start_j; vectorised over nodes and split over the cores like `GegenbauerMoments`.
    static func hermiteMoments(nodes z: [DoubleDouble], start: [DoubleDouble], even: [DoubleDouble], odd: [DoubleDouble],
                               count: Int, inverseRoot: [DoubleDouble], ratioRoot: [DoubleDouble]) -> [DoubleDouble]
    {
        typealias Lane = GegenbauerMoments.Lane
        typealias LaneDD = GegenbauerMoments.LaneDD
        let width = Lane.scalarCount
        let blockCount = (z.count + width - 1) / width
        guard blockCount > 0 else { return [DoubleDouble](repeating: .zero, count: count) }
        let threads = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, blockCount))
        let accumulators = (0..<threads).map { _ in GegenbauerMoments.Accumulator(count: count) }
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            inverseRoot.withUnsafeBufferPointer { inverseRoot in
                ratioRoot.withUnsafeBufferPointer { ratioRoot in
                    let acc = accumulators[thread]
                    for block in stride(from: thread, to: blockCount, by: threads) {
                        let zv = GegenbauerMoments.lane(z, block: block)
                        let ev = GegenbauerMoments.lane(even, block: block), ov = GegenbauerMoments.lane(odd, block: block)
                        var previous = LaneDD(hi: .zero, lo: .zero)
                        var current = GegenbauerMoments.lane(start, block: block)
                        for m in 0..<count {
                            acc.add((m % 2 == 0 ? ev : ov) * current, at: m)
                            let next = (zv * current) * inverseRoot[m] + -(previous * ratioRoot[m])
                            previous = current
                            current = next
                        }
                    }
                }
            }
        }
        var moments = [DoubleDouble](repeating: .zero, count: count)
        for m in 0..<count {
            for acc in accumulators {
                for i in 0..<width {
                    moments[m] += DoubleDouble(acc.hi[m][i]) + DoubleDouble(acc.lo[m][i])
                }
            }
        }
        return moments
    }

    /// phi''(x) in double-double.
    static func secondDerivative(_ name: NetworkActivation.Name, _ x: DoubleDouble) -> DoubleDouble {
        switch name {
        case .tanh:
            let v = SmoothExpectations.values(name, x)
            return -(v.phi * v.derivative * 2.0)                       // -2 tanh sech^2
        case .sigmoid:
            return sigmoidSecondDerivative(x)
        case .softplus:
            return SmoothExpectations.values(NetworkActivation.Name.sigmoid, x).derivative   // s'
        case .silu:
            let sPrime = SmoothExpectations.values(NetworkActivation.Name.sigmoid, x).derivative
            return sPrime * 2.0 + x * sigmoidSecondDerivative(x)           // 2 s' + x s''
        case .gelu:
            let density = DoubleDouble.exp(-(x * x) * 0.5) / DoubleDouble.sqrt(DoubleDouble.pi * 2.0)
            return (DoubleDouble(2.0) - x * x) * density                 // (2 - x^2) N(x)
        default:
            return .zero
        }
    }

    /// s''(x) = s'(x) (1 - 2 s(x)) with 1 - 2 s(|x|) = (e - 1)/(e + 1), e = e^{-|x|}: exactly odd.
    static func sigmoidSecondDerivative(_ x: DoubleDouble) -> DoubleDouble {
        let e = DoubleDouble.exp(-x.magnitude)
        let onePlus = DoubleDouble.one + e
        let sPrime = e / (onePlus * onePlus)
        let oneMinusTwoS = (e - 1.0) / onePlus
        return x < .zero ? -(sPrime * oneMinusTwoS) : sPrime * oneMinusTwoS
    }

    /// E[phi], E[phi'], E[phi^2], E[phi'^2] for u ~ N(0, q), in double-double, by the
    /// one-dimensional rule of `SmoothExpectations` (symmetric pairs).
    static func oneDimensionalMeans(_ name: NetworkActivation.Name, variance q: DoubleDouble)
        -> (phi: DoubleDouble, derivative: DoubleDouble, phiSquare: DoubleDouble, derivativeSquare: DoubleDouble)
    {
        let rule = SmoothExpectations.gaussianRule(variance: q, strip: SmoothExpectations.strip(name), stepScale: 1)
        var phi = DoubleDouble.zero, derivative = DoubleDouble.zero
        var phiSquare = DoubleDouble.zero, derivativeSquare = DoubleDouble.zero
        for (x, w) in zip(rule.nodes, rule.weights) {
            let a = SmoothExpectations.values(name, x), b = SmoothExpectations.values(name, -x)
            phi = phi + w * (a.phi + b.phi)
            derivative = derivative + w * (a.derivative + b.derivative)
            phiSquare = phiSquare + w * (a.phi * a.phi + b.phi * b.phi)
            derivativeSquare = derivativeSquare + w * (a.derivative * a.derivative + b.derivative * b.derivative)
        }
        return (phi, derivative, phiSquare, derivativeSquare)
    }
}

/// The per-layer series of a network kernel, shared between copies of the kernel and left out of
/// its equality (they follow from the parameters).
final class DualSeriesLayers: Sendable, Hashable {
    let layers: [DualActivationSeries]

    init(_ layers: [DualActivationSeries]) { self.layers = layers }

    static func == (lhs: DualSeriesLayers, rhs: DualSeriesLayers) -> Bool { true }
    func hash(into hasher: inout Hasher) {}

    /// A process-wide cache by (activation, variance, depth position), so that re-parsing a spec
    /// does not recompute the coefficients.
    private static let cache = LayerCache<DualActivationSeries>(capacity: 64)

    static func series(_ name: NetworkActivation.Name, variance q: DoubleDouble) -> DualActivationSeries {
        let key = LayerCache<DualActivationSeries>.Key(name, variance: q)
        if let cached = cache.get(key) { return cached }
        let made = DualActivationSeries(name, variance: q)
        cache.set(key, made)
        return made
    }
}

/// A small lock-protected cache of what is computed once per activation and layer variance
/// (cleared when it holds `capacity` entries): the layer series here, the exact Hermite squares
/// of `HermiteCoefficients`.
final class LayerCache<Value>: @unchecked Sendable {
    struct Key: Hashable {
        let name: NetworkActivation.Name
        let hi: Double
        let lo: Double

        init(_ name: NetworkActivation.Name, variance q: DoubleDouble) {
            self.name = name
            hi = q.hi
            lo = q.lo
        }
    }

    private let capacity: Int
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]

    init(capacity: Int) { self.capacity = capacity }

    func get(_ key: Key) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func set(_ key: Key, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll() }
        entries[key] = value
    }
}
