import Foundation

/// A power law mu_k ~ C k^{-p} fitted by ordinary least squares of log mu_k on log(k + shift)
/// (docs/decay.md#the-shifted-fit; shift = 0 is the plain fit, shift = (d-2)/2 the shifted one).
public struct PowerLawFit: Sendable, Equatable {
    /// p, positive for decay.
    public let exponent: Double
    /// C.
    public let prefactor: Double
    /// Standard error of p from the regression residuals (ordinary least squares formula).
    public let standardError: Double
    /// Coefficient of determination of the log-log regression.
    public let rSquared: Double
    /// The requested window [A, B] (degrees or, for index fits, indices).
    public let range: ClosedRange<Int>
    public let parity: DegreeParity
    /// How many points entered the regression.
    public let pointCount: Int
    public let shift: Double
}

public enum DecayFitError: Error, CustomStringConvertible, Equatable {
    case tooFewPoints(range: ClosedRange<Int>, parity: DegreeParity, usable: Int)

    public var description: String {
        switch self {
        case let .tooFewPoints(range, parity, usable):
            return "--fit-range \(range.lowerBound):\(range.upperBound) with parity \(parity.rawValue) leaves \(usable) "
                + "positive, non-zero values; a fit needs at least 3 (widen the range, or change --parity)"
        }
    }
}

/// A fit, or why there is none: a window the caller chose must fit (else it throws); the
/// default window may not (a polynomial kernel, too few degrees), and then the spectrum still
/// stands, with the reason in `note`.
public struct DecayFitOutcome: Sendable {
    public let fit: PowerLawFit?
    public let note: String?

    public init(points: [(k: Int, value: Double)], range: ClosedRange<Int>, parity: DegreeParity, shift: Double = 0,
                rangeWasChosen: Bool, law: DecayTheory.Law?) throws {
        if case .finite(let degree) = law, !rangeWasChosen {
            fit = nil
            note = "no power law: mu_k = 0 for every degree beyond \(degree)"
            return
        }
        do {
            fit = try DecayFitting.fit(points: points, range: range, parity: parity, shift: shift)
            note = nil
        } catch let error as DecayFitError where !rangeWasChosen {
            fit = nil
            note = error.description
        }
    }
}

public enum DecayFitting {
    /// Fits mu_k ~ C (k + shift)^{-p} on the points (k, mu_k) with k in `range`, admitted by
    /// `parity`, and mu_k > 0 (exact zeros and values that are not positive are skipped; an
    /// eigenvalue of a positive definite kernel is never negative, so a negative value is
    /// rounding noise that carries no decay information). k + shift must be positive.
    public static func fit(points: [(k: Int, value: Double)], range: ClosedRange<Int>, parity: DegreeParity = .all,
                           shift: Double = 0) throws -> PowerLawFit {
        let used = points.filter {
            range.contains($0.k) && parity.contains($0.k) && $0.value > 0 && $0.value.isFinite && Double($0.k) + shift > 0
        }
        guard used.count >= 3 else {
            throw DecayFitError.tooFewPoints(range: range, parity: parity, usable: used.count)
        }
        let x = used.map { Foundation.log(Double($0.k) + shift) }
        let y = used.map { Foundation.log($0.value) }
        let n = Double(used.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for i in x.indices {
            sxx += (x[i] - meanX) * (x[i] - meanX)
            sxy += (x[i] - meanX) * (y[i] - meanY)
            syy += (y[i] - meanY) * (y[i] - meanY)
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        let intercept = meanY - slope * meanX
        let residual = Swift.max(0, syy - slope * sxy)
        let standardError = sxx > 0 ? (residual / (n - 2) / sxx).squareRoot() : .infinity
        let rSquared = syy > 0 ? 1 - residual / syy : 1
        return PowerLawFit(exponent: -slope, prefactor: Foundation.exp(intercept), standardError: standardError,
                           rSquared: rSquared, range: range, parity: parity, pointCount: used.count, shift: shift)
    }

    /// The fit over `range` or, when that window holds fewer than 3 usable points (a
    /// superpolynomial decay leaves the resolved values behind early), over the upper half of
    /// the usable points' degrees. Nil when even that is impossible.
    public static func fitWithinResolved(points: [(k: Int, value: Double)], range: ClosedRange<Int>) -> PowerLawFit? {
        if let fit = try? fit(points: points, range: range) { return fit }
        let usable = points.filter { $0.value > 0 && $0.value.isFinite && $0.k >= 1 }
        guard let last = usable.last?.k, last >= 2 else { return nil }
        return try? fit(points: usable, range: Swift.max(1, last / 2)...last)
    }

    /// Local slopes over doubling windows [A, 2A], [2A, 4A], ... up to `upper` (docs/decay.md#finite-degree-bias-and-local-slopes:
    /// they show how a fitted exponent converges). Windows with fewer than 3 usable points
    /// are left out.
    public static func localSlopes(points: [(k: Int, value: Double)], from lower: Int, to upper: Int,
                                   parity: DegreeParity = .all, shift: Double = 0) -> [PowerLawFit] {
        var windows: [PowerLawFit] = []
        var a = Swift.max(1, lower)
        while a < upper {
            let b = Swift.min(upper, 2 * a)
            if let fit = try? fit(points: points, range: a...b, parity: parity, shift: shift) {
                windows.append(fit)
            }
            a = b
        }
        return windows
    }
}
