import Foundation

/// The positive Taylor series kappa(t) = sum_n b_n t^n of a smooth network kernel (erf, sigmoid,
/// tanh, gelu, silu, softplus; NTK or NNGP) of any depth and bias, composed layer by layer
/// (docs/accuracy.md#composed-network-series).
///
/// On the sphere every layer's variance q_l is the same for all inputs, and the correlation
/// rho_l(t) = Sigma_l(t) / q_l is a power series in t with non-negative coefficients:
///
///   Sigma_1 = input_var t + sb2,  Theta_1 = Sigma_1 + beta^2,
///   Sigma_{l+1} = sw2 F_l(rho_l) + sb2,  Theta_{l+1} = Sigma_{l+1} + beta^2 + sw2 G_l(rho_l) Theta_l,
///
/// with F_l, G_l the layer's dual series (a_n^2 and a'_n^2 of `HermiteCoefficients`). Every step
/// adds and multiplies non-negative numbers: no cancellation. With rho_l(0) = c0 > 0 (bias, or a
/// deeper layer), F is re-expanded around c0, F(c0 + (1 - c0) v) = sum_m fhat_m v^m, by Horner's
/// rule with the convex step (c0 + (1 - c0) v), and composed with v = (rho_l - c0) / (1 - c0)
/// (v(0) = 0, v(1) = 1) by baby-step giant-step (powers v^1..v^s, then Horner in v^s), all truncated
/// at degree M. Cost O(N M) for the re-expansion and about M^3 / (3 s) + s M^2 / 2 for the
/// composition (s = sqrt(M/3)).
///
/// Bounds: (1) the omitted degrees, sum_{n >= M} b_n <= D_p(kappa) / C(M, p) for every p, where
/// D_p(h) = h^(p)(1)/p! = sum_n C(n, p) h_n; the jets (D_0..D_P) compose exactly as truncated
/// power series around t = 1 (all positive), from the layers' D_m(F) = q^m E[phi^(m)(sigma Z)^2]/m!
/// <= q^m B_m^2/m! (`HermiteCoefficients.logDerivativeBound`); (2) the layers' omitted Hermite
/// terms (n >= N_l), whose mass is bounded and carried through the later layers by
/// F(rho + delta) - F(rho) <= F'(1) delta (in total mass). Both are rigorous. (3) Rounding and
/// the Hermite coefficients' relative errors: an estimate, e_H + n (L e_H + 64 u) for degree n after
/// L compositions (the error of v^m at degree n is at most n times the relative error of v's
/// coefficients, since v(0) = 0), checked against an independent extended-precision composition in
/// the tests.
enum NetworkSeries {
    /// The most degrees M composed (beyond it the tails are flagged by the truncation bound).
    static let maximumTerms = 6144
    /// The most layers composed: deeper networks use the quadrature (each layer costs jets of
    /// order P and a composition).
    static let maximumDepth = 24
    /// Refinement stops when the next M would cost more than this many multiply-adds
    /// (compositions x (M^3 / (3 s) + s M^2 / 2), s = sqrt(M/3): two compositions at M = 6144, a few seconds).
    static let workBudget = 6e9

    /// The multiply-adds of one refinement with M terms and the given number of compositions.
    static func work(terms M: Int, compositions: Int) -> Double {
        let m = Double(M)
        let s = (m / 3).squareRoot()
        return Double(compositions) * (m * m * m / (3 * s) + s * m * m / 2)
    }
    /// The most Hermite terms per layer.
    static let maximumLayerTerms = 1 << 17
    /// The jets' order.
    static let jetOrder = 160

    /// Activations with a composed series.
    static func serves(_ network: NetworkKernel) -> Bool {
        switch network.activation.name {
        case .erf, .sigmoid, .tanh, .gelu, .silu, .softplus: return true
        default: return false
        }
    }

    /// The coefficients with M terms (nil when the network has no such series), refining by
    /// doubling M up to `maximumTerms`.
    static func coefficients(_ network: NetworkKernel, terms M: Int) -> SeriesSpectrum.Coefficients? {
        guard serves(network), network.depth <= maximumDepth, M >= 8, M <= maximumTerms else { return nil }
        let layers = variances(network)
        guard !layers.isEmpty else { return nil }
        return compose(network, variances: layers, terms: M)
    }

    /// The layer variances q_1..q_{D-1} (double-double).
    static func variances(_ network: NetworkKernel) -> [DoubleDouble] {
        if let dual = network.dualLayers { return dual.map(\.variance) }
        guard network.activation.name == .erf else { return [] }
        var q = DoubleDouble(network.inputVariance) + DoubleDouble(network.biasVariance)
        var result: [DoubleDouble] = []
        for _ in 1..<network.depth {
            result.append(q)
            q = DoubleDouble(network.weightVariance) * secondMoments(.erf, variance: q).phi + DoubleDouble(network.biasVariance)
        }
        return result
    }

    /// E[phi^2] and E[phi'^2] for u ~ N(0, q).
    static func secondMoments(_ name: NetworkActivation.Name, variance q: DoubleDouble) -> (phi: DoubleDouble, derivative: DoubleDouble) {
        if name == .erf {
            // (2/pi) asin(2q/(1+2q)) and (4/pi) / sqrt(1 + 4q).
            let qd = q.doubleValue
            let phi = 2 / Double.pi * Foundation.asin(2 * qd / (1 + 2 * qd))
            let derivative = 4 / Double.pi / (1 + 4 * qd).squareRoot()
            return (DoubleDouble(phi), DoubleDouble(derivative))
        }
        let means = DualActivationSeries.oneDimensionalMeans(name, variance: q)
        return (means.phiSquare, means.derivativeSquare)
    }

    /// The jets D_0..D_P at t = 1 of every layer's Sigma and Theta (upper bounds), and the layers'
    /// moments, E[phi^2] and E[phi'^2].
    struct Jets {
        var sigma: [[ScaledDouble]] = []      // Sigma_1 ... Sigma_D
        var theta: [[ScaledDouble]] = []
        var moments: [(phi: DoubleDouble, derivative: DoubleDouble)] = []
        var f: [[ScaledDouble]] = []          // D_m(F_l), D_m(G_l)
        var g: [[ScaledDouble]] = []
    }

    static func jets(_ network: NetworkKernel, variances: [DoubleDouble], order P: Int) -> Jets {
        let name = network.activation.name
        let sw2 = network.weightVariance, sb2 = network.biasVariance, iv = network.inputVariance
        let betaSquared = network.beta * network.beta
        var result = Jets()
        var sigmaJet = [ScaledDouble](repeating: .zero, count: P + 1)
        sigmaJet[0] = ScaledDouble(iv + sb2)
        sigmaJet[1] = ScaledDouble(iv)
        var thetaJet = sigmaJet
        thetaJet[0] = ScaledDouble(iv + sb2 + betaSquared)
        result.sigma.append(sigmaJet)
        result.theta.append(thetaJet)
        for q in variances {
            let qd = q.doubleValue
            let moments = secondMoments(name, variance: q)
            let fJet = layerJet(name, variance: qd, order: P, derivative: false, atOne: moments.phi.doubleValue,
                                firstDerivative: qd * moments.derivative.doubleValue)
            let gJet = layerJet(name, variance: qd, order: P, derivative: true, atOne: moments.derivative.doubleValue,
                                firstDerivative: nil)
            // rho(1 + e) - 1 = (Sigma(1 + e) - q)/q.
            var rhoJet = sigmaJet.map { $0 * (1 / qd) }
            rhoJet[0] = .zero
            var nextSigmaJet = jetCompose(fJet, rhoJet).map { $0 * sw2 }
            nextSigmaJet[0] = nextSigmaJet[0] + ScaledDouble(sb2)
            let product = jetProduct(jetCompose(gJet, rhoJet), thetaJet)
            var nextThetaJet = nextSigmaJet
            for p in 0...P { nextThetaJet[p] = nextThetaJet[p] + product[p] * sw2 }
            nextThetaJet[0] = nextThetaJet[0] + ScaledDouble(betaSquared)
            sigmaJet = nextSigmaJet
            thetaJet = nextThetaJet
            result.sigma.append(sigmaJet)
            result.theta.append(thetaJet)
            result.moments.append(moments)
            result.f.append(fJet)
            result.g.append(gJet)
        }
        return result
    }

    /// ln of min_p D_p / C(M, p): a bound on sum_{n >= M} of the series' coefficients.
    static func logTail(_ jet: [ScaledDouble], terms M: Int) -> Double {
        var best = Double.infinity
        let logMFactorial = HermiteCoefficients.logGamma(Double(M + 1))
        for p in 1..<jet.count where jet[p].significand > 0 && p <= M {
            let logBinomial: Double = logMFactorial - HermiteCoefficients.logGamma(Double(p + 1))
                - HermiteCoefficients.logGamma(Double(M - p + 1))
            let logJet: Double = jet[p].log10 * M_LN10
            best = Swift.min(best, logJet - logBinomial)
        }
        return best + 1e-9
    }

    static func compose(_ network: NetworkKernel, variances: [DoubleDouble], terms M: Int) -> SeriesSpectrum.Coefficients {
        let name = network.activation.name
        let sw2 = network.weightVariance, sb2 = network.biasVariance, iv = network.inputVariance
        let betaSquared = network.beta * network.beta
        let ntk = network.kind == .ntk
        let P = Swift.min(jetOrder, M - 1)
        let u = 0x1p-53
        // The series, their jets at t = 1 (upper bounds), and the masses of what the layers'
        // truncation left out.
        var sigma = [Double](repeating: 0, count: M)
        sigma[0] = sb2
        sigma[1] = iv
        var theta = sigma
        theta[0] += betaSquared
        let allJets = jets(network, variances: variances, order: P)
        let logTailAtM = logTail(ntk ? allJets.theta.last! : allJets.sigma.last!, terms: M)
        var sigmaMissing = 0.0, thetaMissing = 0.0
        var hermiteError = 0.0
        var compositions = 0
        for (layer, q) in variances.enumerated() {
            let qd = q.doubleValue
            let c0 = sigma[0] / qd
            let oneMinus = Swift.max(0, 1 - c0)
            // Hermite terms: enough for the re-expansion (about M / (1 - c0)) and the tail.
            var N = Swift.min(maximumLayerTerms, Int(Double(M) / Swift.max(oneMinus, 1e-3) * 1.5) + 256)
            while N < maximumLayerTerms,
                  HermiteCoefficients.logTailBound(name, variance: qd, from: N, derivative: false) > logTailAtM - 30 { N *= 2 }
            N = Swift.min(N, maximumLayerTerms)
            let squares = HermiteCoefficients.cachedSquares(name, variance: q, count: N + 1)
            hermiteError = Swift.max(hermiteError, HermiteCoefficients.relativeError(count: N))
            var f = [Double](repeating: 0, count: N), g = [Double](repeating: 0, count: N)
            for n in 0..<N {
                f[n] = squares[n].doubleValue
                g[n] = squares[n + 1].doubleValue * Double(n + 1) / qd
            }
            // Masses left out: the Hermite tails, the coefficients below Double's range, and the
            // inner series' own missing mass carried by F'(1) (and G'(1)).
            let underflow = Double(N) * 1e-300
            let tailF = Foundation.exp(HermiteCoefficients.logTailBound(name, variance: qd, from: N, derivative: false)) + underflow
            let tailG = Foundation.exp(HermiteCoefficients.logTailBound(name, variance: qd, from: N, derivative: true)) + underflow
            let moments = allJets.moments[layer]
            let fJet = allJets.f[layer], gJet = allJets.g[layer]
            let rhoMissing = sigmaMissing / qd
            let fMissing = tailF + fJet[1].doubleValue * rhoMissing
            let gMissing = tailG + (gJet.count > 1 ? gJet[1].doubleValue : 0) * rhoMissing
            // The series: re-expanded around c0, then composed with v = (rho - c0)/(1 - c0).
            var v = [Double](repeating: 0, count: M)
            for n in 1..<M { v[n] = sigma[n] / qd / oneMinus }
            let fHat = c0 > 0 ? reexpand(f, c0: c0, terms: M) : Array(f.prefix(M)) + [Double](repeating: 0, count: Swift.max(0, M - N))
            let gHat = ntk ? (c0 > 0 ? reexpand(g, c0: c0, terms: M) : Array(g.prefix(M)) + [Double](repeating: 0, count: Swift.max(0, M - N))) : []
            let linear = v.dropFirst(2).allSatisfy { $0 == 0 }
            let composed = linear ? [fHat, gHat].filter { !$0.isEmpty }.map { scaleByPowers($0, v[1], terms: M) }
                : composeSeries([fHat] + (ntk ? [gHat] : []), with: v, terms: M)
            if !linear { compositions += 1 }
            var nextSigma = composed[0].map { sw2 * $0 }
            nextSigma[0] += sb2
            if ntk {
                let gTheta = truncatedProduct(composed[1], theta, terms: M)
                var nextTheta = nextSigma
                nextTheta[0] += betaSquared
                for n in 0..<M { nextTheta[n] += sw2 * gTheta[n] }
                let thetaAtOne = allJets.theta[layer][0].doubleValue
                thetaMissing = sw2 * fMissing + sw2 * (gMissing * thetaAtOne + moments.derivative.doubleValue * thetaMissing)
                theta = nextTheta
            }
            sigmaMissing = sw2 * fMissing
            sigma = nextSigma
        }
        let values = ntk ? theta : sigma
        let missing = ntk ? thetaMissing : sigmaMissing
        let scale = network.normalize ? 1 / network.unnormalizedPeakValue : 1
        let tail = (ScaledDouble(log: Swift.min(logTailAtM, 1e6)) + ScaledDouble(missing)) * scale
        let scaled = values.map { ScaledDouble($0 * scale) }
        let slope = Double(compositions) * (hermiteError + 16 * u)
        let relativeError = hermiteError + 16 * u * Double(variances.count + 1)
        let composedLayers = Swift.max(1, compositions)
        return .known(scaled, relativeError: relativeError, tail: tail, relativeErrorSlope: slope, refine: { more in
            let next = Swift.min(more, maximumTerms)
            guard M < maximumTerms, work(terms: next, compositions: composedLayers) <= workBudget else { return nil }
            return compose(network, variances: variances, terms: next)
        })
    }

    /// D_m(F) = F^(m)(1)/m! for m = 0...P (derivative: of G), upper bounds: the means for the
    /// orders the pole bounds do not cover, q^m B_m^2 / m! (G: B_{m+1}) beyond.
    static func layerJet(_ name: NetworkActivation.Name, variance q: Double, order P: Int, derivative: Bool,
                         atOne: Double, firstDerivative: Double?) -> [ScaledDouble] {
        let margin = 1 + 1e-12
        var jet = [ScaledDouble](repeating: .zero, count: P + 1)
        jet[0] = ScaledDouble(atOne * margin)
        let sigma = q.squareRoot()
        for m in 1...P {
            if m == 1, let first = firstDerivative {
                jet[1] = ScaledDouble(first * margin)
                continue
            }
            let order = derivative ? m + 1 : m
            if let logB = HermiteCoefficients.logDerivativeBound(name, order: order, sigma: sigma) {
                let logValue: Double = Double(m) * Foundation.log(q) + 2 * logB - HermiteCoefficients.logGamma(Double(m + 1))
                jet[m] = ScaledDouble(log: logValue + 1e-9)
            } else {
                // Not reached (every order >= 2 has a bound, and F's order 1 is the mean); no bound.
                jet[m] = ScaledDouble(log: 1e6)
            }
        }
        return jet
    }

    /// sum_m c[m] inner^m truncated at order P (inner[0] = 0), by Horner's rule.
    static func jetCompose(_ c: [ScaledDouble], _ inner: [ScaledDouble]) -> [ScaledDouble] {
        let P = c.count - 1
        var h = [ScaledDouble](repeating: .zero, count: P + 1)
        for m in stride(from: P, through: 0, by: -1) {
            if m < P { h = jetProduct(h, inner) }
            h[0] = h[0] + c[m]
        }
        return h
    }

    static func jetProduct(_ a: [ScaledDouble], _ b: [ScaledDouble]) -> [ScaledDouble] {
        let P = a.count - 1
        var c = [ScaledDouble](repeating: .zero, count: P + 1)
        for i in 0...P where a[i].significand > 0 {
            for j in 0...(P - i) where b[j].significand > 0 { c[i + j] = c[i + j] + a[i] * b[j] }
        }
        return c
    }

    /// fhat_m, m < M, with F(c0 + (1 - c0) v) = sum_m fhat_m v^m: Horner's rule in which every
    /// step is the convex combination (c0 + (1 - c0) v).
    static func reexpand(_ f: [Double], c0: Double, terms M: Int) -> [Double] {
        let oneMinus = 1 - c0
        var accumulator = [Double](repeating: 0, count: M)
        var next = [Double](repeating: 0, count: M)
        var top = f.count - 1
        while top > 0, f[top] == 0 { top -= 1 }
        for n in stride(from: top, through: 0, by: -1) {
            let limit = Swift.min(M - 1, top - n)         // the accumulator's degree after this step
            accumulator.withUnsafeBufferPointer { a in
                next.withUnsafeMutableBufferPointer { b in
                    b[0] = c0 * a[0] + f[n]
                    if limit >= 1 {
                        for m in 1...limit { b[m] = c0 * a[m] + oneMinus * a[m - 1] }
                    }
                }
            }
            swap(&accumulator, &next)
        }
        return accumulator
    }

    /// c_m x^m (a composition with the linear series x t).
    static func scaleByPowers(_ c: [Double], _ x: Double, terms M: Int) -> [Double] {
        var result = [Double](repeating: 0, count: M)
        var power = 1.0
        for m in 0..<Swift.min(M, c.count) {
            result[m] = c[m] * power
            power *= x
            if power < 1e-300 { power = 0 }
        }
        return result
    }

    /// a * b truncated at `terms` coefficients (only the first `terms` of each are read).
    static func truncatedProduct(_ a: [Double], _ b: [Double], terms L: Int, from start: Int = 0) -> [Double] {
        var c = [Double](repeating: 0, count: L)
        let bLast = b.prefix(L).lastIndex { $0 != 0 } ?? -1
        guard bLast >= 0 else { return c }
        c.withUnsafeMutableBufferPointer { c in
            b.withUnsafeBufferPointer { b in
                for i in start..<Swift.min(L, a.count) {
                    let x = a[i]
                    if x == 0 { continue }
                    let count = Swift.min(L - i, bLast + 1)
                    if count <= 0 { break }
                    let target = c.baseAddress! + i
                    let source = b.baseAddress!
                    for j in 0..<count { target[j] += x * source[j] }
                }
            }
        }
        return c
    }

    /// sum_m c[m] v^m truncated at M for every c in `sets` (v(0) = 0), by baby-step giant-step:
    /// v^0..v^s, then Horner in v^s over blocks of s coefficients.
    static func composeSeries(_ sets: [[Double]], with v: [Double], terms M: Int) -> [[Double]] {
        let s = Swift.max(2, Int((Double(M) / 3).squareRoot()))
        var powers: [[Double]] = [[Double](repeating: 0, count: M), v]
        powers[0][0] = 1
        for i in 2...s { powers.append(truncatedProduct(v, powers[i - 1], terms: M, from: 1)) }
        let giant = powers[s]
        let blocks = (M + s - 1) / s
        return sets.map { c in
            var h = [Double](repeating: 0, count: M)
            for j in stride(from: blocks - 1, through: 0, by: -1) {
                let limit = M - j * s                     // degrees this block's result needs
                var next = j == blocks - 1 ? [Double](repeating: 0, count: limit)
                    : truncatedProduct(giant, h, terms: limit, from: s)
                next.withUnsafeMutableBufferPointer { next in
                    for i in 0..<s {
                        let index = j * s + i
                        guard index < c.count, c[index] != 0 else { continue }
                        let x = c[index]
                        powers[i].withUnsafeBufferPointer { p in
                            for n in i..<limit { next[n] += x * p[n] }
                        }
                    }
                }
                h = next
            }
            if h.count < M { h += [Double](repeating: 0, count: M - h.count) }
            return h
        }
    }
}
