import Foundation

/// One random initialisation: how far its empirical NTK is from the analytic one.
public struct FiniteInitRun: Sendable {
    public let architecture: NetworkArchitecture
    public let seed: UInt64
    /// ||Theta_hat - Theta||_F / ||Theta||_F on the points.
    public let relativeError: Double
    /// trace(Theta_hat) / trace(Theta): the overall scale of this draw against the limit.
    public let traceRatio: Double
    /// Wall-clock seconds of the empirical NTK alone (the forward and backward passes and the Grams).
    public let empiricalNTKSeconds: Double
}

/// One architecture over all its seeds (Seleznova & Kutyniok's measures).
public struct FiniteInitSummary: Sendable {
    public let architecture: NetworkArchitecture
    public let seeds: Int
    /// Mean over seeds of the runs' relative errors.
    public let meanRelativeError: Double
    /// sqrt(sum_ij Var_s(Theta_hat_ij)) / ||mean_s Theta_hat||_F, the sample variance over the
    /// seeds (S - 1 in the denominator); nil with a single seed, and when the mean empirical NTK
    /// is 0 (every draw has only dead units, as width-1 ReLU networks often do): no relative size.
    public let relativeSpread: Double?
    /// ||mean_s Theta_hat - Theta||_F / ||Theta||_F: the bias of the finite width (plus the
    /// sampling error of the mean, about spread / sqrt(S)).
    public let meanDeviation: Double
}

/// `spectra finite init`: the empirical NTK at initialisation over seeds, against the
/// analytic NTK on the same points, for every architecture of a sweep.
public enum FiniteInitStudy {
    public static func run(points: PointSet, architectures: [NetworkArchitecture], seeds: [UInt64],
                           progress: (String) -> Void = { _ in }) throws(FiniteNetworkError)
        -> (runs: [FiniteInitRun], summaries: [FiniteInitSummary])
    {
        let n = points.count
        var runs: [FiniteInitRun] = []
        var summaries: [FiniteInitSummary] = []
        for (a, architecture) in architectures.enumerated() {
            let kernel = try architecture.kernel(.ntk)
            let analytic: SymmetricMatrix
            do {
                analytic = try GramMatrix.network(kernel, on: points)
            } catch {
                throw .analyticGram(error)
            }
            let analyticNorm = analytic.squaredFrobeniusNorm.squareRoot()
            // Welford's running mean and sum of squared deviations per entry (no cancellation when
            // the spread is small against the mean).
            var mean = [Double](repeating: 0, count: n * n)
            var squaredDeviations = [Double](repeating: 0, count: n * n)
            var errors: [Double] = []
            for (s, seed) in seeds.enumerated() {
                progress("architecture \(a + 1)/\(architectures.count) (depth \(architecture.depth), width \(architecture.width)), seed \(s + 1)/\(seeds.count)")
                let network = try architecture.network(inputDimension: points.dimension, seed: seed)
                let start = DispatchTime.now().uptimeNanoseconds
                let theta = try network.empiricalNTK(points)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                var difference = 0.0
                forEachEntry(n) { weight, q in
                    let value = theta.storage[q]
                    let e = value - analytic.storage[q]
                    difference += weight * e * e
                    let delta = value - mean[q]
                    mean[q] += delta / Double(s + 1)
                    squaredDeviations[q] += delta * (value - mean[q])
                }
                let error = difference.squareRoot() / analyticNorm
                errors.append(error)
                runs.append(FiniteInitRun(architecture: architecture, seed: seed, relativeError: error,
                                          traceRatio: theta.trace / analytic.trace, empiricalNTKSeconds: seconds))
            }
            let count = Double(seeds.count)
            var meanNorm = 0.0, variance = 0.0, deviation = 0.0
            forEachEntry(n) { weight, q in
                meanNorm += weight * mean[q] * mean[q]
                let d = mean[q] - analytic.storage[q]
                deviation += weight * d * d
                if seeds.count > 1 { variance += weight * squaredDeviations[q] / (count - 1) }
            }
            summaries.append(FiniteInitSummary(
                architecture: architecture, seeds: seeds.count, meanRelativeError: errors.reduce(0, +) / count,
                relativeSpread: seeds.count > 1 && meanNorm > 0 ? variance.squareRoot() / meanNorm.squareRoot() : nil,
                meanDeviation: deviation.squareRoot() / analyticNorm))
        }
        return (runs, summaries)
    }

    /// Visits the upper triangle (i <= j) of an n x n `SymmetricMatrix` with the weight of the entry
    /// in a full-matrix sum (2 off the diagonal) and its column-major index q = i + j n.
    static func forEachEntry(_ n: Int, _ body: (_ weight: Double, _ index: Int) -> Void) {
        for j in 0..<n { for i in 0...j { body(i == j ? 1 : 2, i + j * n) } }
    }
}
