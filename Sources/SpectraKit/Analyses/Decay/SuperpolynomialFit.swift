import Foundation

/// The rate of a superpolynomial decay, fitted by least squares on log mu_k in the form theory
/// gives for the kernel (docs/decay.md#superpolynomial-decay):
///
/// - `gaussian` (kappa = exp(-2c(1 - t))): mu_k ~ C c^k / Gamma(k + d/2), so
///   log mu_k + log Gamma(k + d/2) = log C + k log c; rate c, constant C = e^{-2c} Gamma(d/2);
/// - `geometric` (a profile analytic in the disc |t| < R, R > 1: erf, gelu): the Gegenbauer
///   coefficients fall like rho^{-k} with rho = R + sqrt(R^2 - 1) (the Bernstein ellipse through
///   the nearest singularity t = R, real by Pringsheim's theorem since b_n >= 0), times a power of
///   k: log mu_k = A + B log k - k log rho; rate rho;
/// - `stretched` (tanh, sigmoid, silu, softplus: analytic in a strip |Im x| < tau, Hermite
///   coefficients a_n^2 ~ exp(-2 tau sqrt(n/V)), so b_n ~ exp(-c sqrt(n)) with c = 2 tau / sqrt(V),
///   and the sum over n of b_n T(d, n, k), T ~ exp(-k^2/(2n)), peaks at n ~ (k^2/c)^{2/3}):
///   mu_k ~ k^B exp(-C k^{2/3}) with C = (3/2) c^{2/3}; rate C.
public struct SuperpolynomialFit: Sendable, Equatable {
    public enum Form: String, Sendable {
        case gaussian, geometric, stretched
    }

    public let form: Form
    /// c (gaussian), rho (geometric: mu_k ~ rho^-k) or C (stretched: mu_k ~ exp(-C k^{2/3})).
    public let rate: Double
    /// The theory's rate, when derived for this kernel.
    public let theoreticalRate: Double?
    /// log10 of the constant: C (gaussian), e^A (geometric, stretched).
    public let log10Constant: Double
    public let theoreticalLog10Constant: Double?
    public let range: ClosedRange<Int>
    public let pointCount: Int

    /// The theory for a kernel: its form, rate and (gaussian) constant; nil for kernels whose
    /// decay is not superpolynomial or has no form here.
    public static func theory(for kernel: any CatalogueKernel, dimension d: Int) -> (Form, Double?, Double?)? {
        if let gaussian = kernel as? ExponentialPowerKernel, gaussian.gamma == 2 {
            let c = gaussian.c
            return (.gaussian, c, (-2 * c + Foundation.lgamma(Double(d) / 2)) / M_LN10)
        }
        guard let network = kernel as? NetworkKernel, network.activation.isSmooth, !network.activation.isLinear else {
            return nil
        }
        let iv = network.inputVariance
        switch network.activation.name {
        case .erf, .gelu:
            // Depth 2: the dual map's singularity at rho = (1 + 2q)/(2q) (erf) or (1 + q)/q (gelu)
            // is t = 1 + 1/(2 iv) or 1 + 1/iv, whatever the bias.
            guard network.depth == 2 else { return (.geometric, nil, nil) }
            let R = network.activation.name == .erf ? 1 + 1 / (2 * iv) : 1 + 1 / iv
            return (.geometric, R + (R * R - 1).squareRoot(), nil)
        case .sin, .cos:
            return (.geometric, nil, nil)
        default:
            guard let tau = DualActivationSeries.singularity(network.activation.name),
                  let layers = network.dualLayers else { return (.stretched, nil, nil) }
            // The slowest singularity over the layers: V_1 = iv, V_{l+1} = V_l sw2 E[phi'(u_l)^2].
            var v = iv, largest = iv
            for layer in layers.dropLast() {
                v *= network.weightVariance * layer.derivativeSquareMean.doubleValue
                largest = Swift.max(largest, v)
            }
            let c = 2 * tau / largest.squareRoot()
            return (.stretched, 1.5 * Foundation.pow(c, 2.0 / 3.0), nil)
        }
    }

    /// The fit over the degrees in `range` of `parity` whose values are resolved (not exact
    /// zeros, not unresolved); nil with fewer than 4 such points.
    public static func fit(_ spectrum: AnalyticSpectrum, form: Form, theoreticalRate: Double?,
                           theoreticalLog10Constant: Double?, range: ClosedRange<Int>, parity: DegreeParity) -> SuperpolynomialFit? {
        let d = Double(spectrum.dimension)
        var rows: [[Double]] = [], targets: [Double] = []
        for entry in spectrum.degrees where range.contains(entry.degree) && parity.contains(entry.degree) && entry.degree >= 1 {
            guard entry.reliability == .accurate || entry.reliability == .limited else { continue }
            let logMu = entry.log10Eigenvalue * M_LN10
            guard logMu.isFinite else { continue }
            let k = Double(entry.degree)
            switch form {
            case .gaussian:
                rows.append([1, k])
                targets.append(logMu + Foundation.lgamma(k + d / 2))
            case .geometric:
                rows.append([1, Foundation.log(k), -k])
                targets.append(logMu)
            case .stretched:
                rows.append([1, Foundation.log(k), -Foundation.pow(k, 2.0 / 3.0)])
                targets.append(logMu)
            }
        }
        guard rows.count >= 4, let beta = leastSquares(rows, targets) else { return nil }
        let rate: Double
        switch form {
        case .gaussian: rate = Foundation.exp(beta[1])
        case .geometric: rate = Foundation.exp(beta[2])
        case .stretched: rate = beta[2]
        }
        guard rate.isFinite, beta[0].isFinite else { return nil }
        return SuperpolynomialFit(form: form, rate: rate, theoreticalRate: theoreticalRate, log10Constant: beta[0] / M_LN10,
                                  theoreticalLog10Constant: theoreticalLog10Constant, range: range, pointCount: rows.count)
    }

    /// Ordinary least squares by the normal equations (2 or 3 columns, well scaled after
    /// centring is not needed at these sizes), nil when singular.
    static func leastSquares(_ rows: [[Double]], _ y: [Double]) -> [Double]? {
        let p = rows[0].count
        var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p)
        for (row, target) in zip(rows, y) {
            for i in 0..<p {
                for j in 0..<p { a[i][j] += row[i] * row[j] }
                a[i][p] += row[i] * target
            }
        }
        // Gaussian elimination with partial pivoting.
        for col in 0..<p {
            guard let pivot = (col..<p).max(by: { Swift.abs(a[$0][col]) < Swift.abs(a[$1][col]) }),
                  Swift.abs(a[pivot][col]) > 0 else { return nil }
            a.swapAt(col, pivot)
            for r in 0..<p where r != col {
                let f = a[r][col] / a[col][col]
                for c in col...p { a[r][c] -= f * a[col][c] }
            }
        }
        return (0..<p).map { a[$0][p] / a[$0][$0] }
    }
}
