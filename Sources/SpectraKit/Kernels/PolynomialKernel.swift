import Foundation

/// The polynomial kernel (t + c)^p (docs/kernels.md#polynomial-kernels), integer degree p >= 0, c >= 0.
/// Evaluated by binary powering of t + c: relative accuracy about 2 log2(p) ulps of
/// (1 + c)^p = max|kappa| (for c = 1 the base is the argument's exact complement 1 + t).
public struct PolynomialKernel: CatalogueKernel, Hashable {
    /// p >= 0.
    public let degree: Int
    /// c >= 0.
    public let c: Double

    public init(degree: Int = 2, c: Double = 1) throws(KernelSpecError) {
        guard degree >= 0 else {
            throw .outOfRange(kernel: "poly", key: "degree", value: String(degree), requirement: "an integer >= 0")
        }
        guard c.isFinite else { throw .notFinite(kernel: "poly", key: "c", value: KernelParameter.format(c)) }
        guard c >= 0 else {
            throw .outOfRange(kernel: "poly", key: "c", value: KernelParameter.format(c), requirement: ">= 0")
        }
        // kappa(1) = (1 + c)^p must be a finite Double.
        guard Double(degree) * Foundation.log(1 + c) < 700 else {
            throw .outOfRange(kernel: "poly", key: "degree", value: String(degree),
                              requirement: "small enough that (1 + c)^degree < 1e304 (c = \(KernelParameter.format(c)))")
        }
        self.degree = degree
        self.c = c
    }

    public var name: String { "poly" }

    public var parameters: [KernelParameter] {
        [KernelParameter("degree", .integer(degree)), KernelParameter("c", .real(c))]
    }

    public var profileMaximum: Double { Foundation.pow(1 + c, Double(degree)) }

    public func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        // c = 1: the base 1 + t keeps its relative digits near t = -1.
        let base = c == 1 ? x.onePlusT : x.t + R(c)
        var result = R.one
        var power = base
        var n = degree
        while n > 0 {
            if n & 1 == 1 { result = result * power }
            n >>= 1
            if n > 0 { power = power * power }
        }
        return result
    }

    /// mu_k = 0 for k > p; for c = 0 also for k of the other parity than p (t^p is even or odd).
    public func vanishes(atDegree k: Int) -> Bool {
        k > degree || (c == 0 && (degree - k) % 2 != 0)
    }

    public func theoreticalDecay(dimension d: Int) -> DecayTheory {
        DecayTheory.polynomial(self)
    }
}
