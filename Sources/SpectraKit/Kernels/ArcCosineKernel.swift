/// The arc-cosine kernels of Cho & Saul (docs/kernels.md#arc-cosine-kernels), normalised to kappa(1) = 1, with
/// a = arccos t and b = pi - a:
///   k0 = b / pi,  k1 = (sin a + b cos a) / pi = g(b) / pi,
///   k2 = (3 sin a cos a + b (1 + 2 cos^2 a)) / (3 pi) = h(b) / (3 pi),
/// g and h from `ArcCosineTerms` (series where the direct forms cancel).
///
/// Accuracy: a few ulps *relative* at every t in [-1, 1] (the angle comes from 1 - t and 1 + t),
/// in Double and double-double.
public struct ArcCosineKernel: CatalogueKernel, Hashable {
    /// n in {0, 1, 2}.
    public let order: Int

    public init(order: Int = 1) throws(KernelSpecError) {
        guard (0...2).contains(order) else {
            throw .outOfRange(kernel: "arccos", key: "order", value: String(order), requirement: "0, 1 or 2")
        }
        self.order = order
    }

    public var name: String { "arccos" }
    public var parameters: [KernelParameter] { [KernelParameter("order", .integer(order))] }
    public var profileMaximum: Double { 1 }

    public func value<R: RealArithmetic>(_ x: CosineArgument<R>) -> R {
        let angle = ArcCosineAngle(x)
        let b = angle.supplement
        switch order {
        case 0:
            return b / R.pi
        case 1:
            // cos b = -t
            return ArcCosineTerms.sinMinusAngleCos(angle: b, sine: angle.sine, cosine: -x.t) / R.pi
        default:
            return ArcCosineTerms.orderTwoNumerator(angle: b, sine: angle.sine, cosine: -x.t) / (R.pi * 3.0)
        }
    }

    /// Exact zeros (docs/decay.md): the even part of k0 is 1/2, the odd part of k1 is t/2, the even
    /// part of k2 is (1 + 2 t^2)/6; every other part is non-polynomial. So order 0 loses the even
    /// k >= 2, order 1 the odd k >= 3, order 2 the even k >= 4.
    public func vanishes(atDegree k: Int) -> Bool {
        switch order {
        case 0: return k >= 2 && k % 2 == 0
        case 1: return k >= 3 && k % 2 == 1
        default: return k >= 4 && k % 2 == 0
        }
    }

    public func theoreticalDecay(dimension d: Int) -> DecayTheory {
        DecayTheory.arcCosine(order: order, dimension: d)
    }
}
