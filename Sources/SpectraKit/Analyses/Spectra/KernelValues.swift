/// Profile values kappa(t) for `spectra kernel`: computed in double-double and rounded, so
/// every printed digit is right (the profiles' sqrt(1 - t) terms cost Double digits near t = 1).
public struct KernelValues: Sendable {
    public let kernel: String
    public let points: [Double]
    public let values: [Double]

    public init(kernel: some CatalogueKernel, points: [Double]) {
        self.kernel = kernel.canonicalSpec
        self.points = points
        values = kernel.values(points.map { CosineArgument(t: DoubleDouble($0)) }).map(\.doubleValue)
    }
}
