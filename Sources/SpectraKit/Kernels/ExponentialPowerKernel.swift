import Foundation

/// The exponential-power family (docs/kernels.md#exponential-power-kernels): kappa(t) = exp(-c ||x - y||^gamma)
/// = exp(-c (2 - 2t)^{gamma/2}), c > 0, 0 < gamma <= 2. `laplace` is gamma = 1, `gaussian`
/// gamma = 2, `gexp` any gamma in (0, 2].
///
/// 2 - 2t is formed as 2 (1 - t) from the argument's complement, so the sqrt(1 - t)-type
/// singularity at t = 1 is resolved to full relative accuracy. Accuracy: a few ulps relative
/// (relative error of the exponent times c (2-2t)^{gamma/2}, at most a few ulps of 4c).
public struct ExponentialPowerKernel: CatalogueKernel, Hashable {
    public enum Family: String, Sendable, Hashable, CaseIterable {
        case laplace, gexp, gaussian
    }

    public let family: Family
    /// c > 0.
    public let c: Double
    /// gamma in (0, 2]; fixed at 1 for laplace and 2 for gaussian.
    public let gamma: Double

    /// `gamma` is used only for `gexp`.
    public init(family: Family, c: Double = 1, gamma: Double = 1) throws(KernelSpecError) {
        let name = family.rawValue
        guard c.isFinite else { throw .notFinite(kernel: name, key: "c", value: KernelParameter.format(c)) }
        guard c > 0 else { throw .outOfRange(kernel: name, key: "c", value: KernelParameter.format(c), requirement: "> 0") }
        switch family {
        case .laplace: self.gamma = 1
        case .gaussian: self.gamma = 2
        case .gexp:
            guard gamma.isFinite else { throw .notFinite(kernel: name, key: "gamma", value: KernelParameter.format(gamma)) }
            guard gamma > 0 && gamma <= 2 else {
                throw .outOfRange(kernel: name, key: "gamma", value: KernelParameter.format(gamma),
                                  requirement: "in (0, 2] (beyond 2 the kernel is not positive definite)")
            }
            self.gamma = gamma
        }
        self.family = family
        self.c = c
    }

    /// The Laplace kernel exp(-c ||x - y||).
    public static func laplace(c: Double = 1) throws(KernelSpecError) -> ExponentialPowerKernel {
        try ExponentialPowerKernel(family: .laplace, c: c)
    }

    /// The Gaussian kernel exp(-c ||x - y||^2).
    public static func gaussian(c: Double = 1) throws(KernelSpecError) -> ExponentialPowerKernel {
        try ExponentialPowerKernel(family: .gaussian, c: c)
    }

    public var name: String { family.rawValue }

    public var parameters: [KernelParameter] {
        family == .gexp
            ? [KernelParameter("gamma", .real(gamma)), KernelParameter("c", .real(c))]
            : [KernelParameter("c", .real(c))]
    }

    public var profileMaximum: Double { 1 }

    /// kappa = exp(-c r^gamma) with r = ||x - y|| = 2 sin(theta/2) ~ theta: it falls by e at
    /// r = c^{-1/gamma}.
    public var angularScale: Double { Swift.min(1, Foundation.pow(c, -1 / gamma)) }

    public func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        let squaredDistance = x.oneMinusT * 2.0          // ||x - y||^2 = 2 - 2t
        let power: R
        if gamma == 2 {
            power = squaredDistance
        } else if gamma == 1 {
            power = R.sqrt(squaredDistance)
        } else {
            power = R.pow(squaredDistance, R(gamma) * 0.5)
        }
        return R.exp(-(R(c) * power))
    }

    /// No exact zeros: every Taylor coefficient of exp(-c (2-2t)^{gamma/2}) in t is positive.
    public func vanishes(atDegree k: Int) -> Bool { false }

    public func theoreticalDecay(dimension d: Int) -> DecayTheory {
        DecayTheory.exponentialPower(self, dimension: d)
    }
}
