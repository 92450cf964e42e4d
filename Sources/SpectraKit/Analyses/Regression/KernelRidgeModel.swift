/// How features are prepared for a kernel: standardised with the training set's mean and
/// standard deviation per column (a constant column keeps scale 1), then either projected onto
/// the unit sphere (`sphere`, any kernel) or kept with their norms (`standardize`, network
/// kernels only, which are defined off the sphere).
public enum FeaturePreprocessing: String, Sendable, CaseIterable {
    case sphere, standardize
}

/// Per-column standardisation fitted on training rows.
public struct FeatureScaler: Sendable {
    public let means: [Double]
    public let scales: [Double]

    /// Means and (population) standard deviations of row-major `features` with `d` columns.
    /// Both are accumulated in units of the column's largest magnitude, so that columns of any
    /// finite size (1e160 and beyond, whose squares overflow) are standardised, not made inf.
    public init(fitting features: [Double], dimension d: Int) {
        let n = features.count / d
        var means = [Double](repeating: 0, count: d)
        var scales = [Double](repeating: 0, count: d)
        for c in 0..<d {
            var largest = 0.0
            for i in 0..<n { largest = Swift.max(largest, Swift.abs(features[i * d + c])) }
            let unit = largest > 0 && largest.isFinite ? largest : 1
            var s = 0.0
            for i in 0..<n { s += features[i * d + c] / unit }
            let mean = s / Double(n) * unit
            var q = 0.0
            for i in 0..<n { let e = (features[i * d + c] - mean) / unit; q += e * e }
            let sd = (q / Double(n)).squareRoot() * unit
            means[c] = mean
            scales[c] = sd > 0 && sd.isFinite ? sd : 1
        }
        self.means = means
        self.scales = scales
    }

    public func transform(_ features: [Double]) -> [Double] {
        let d = means.count
        return features.enumerated().map { k, x in (x - means[k % d]) / scales[k % d] }
    }
}

/// A fitted kernel ridge regressor: preprocessing, training points, alpha, target means.
public struct KernelRidgeModel: Sendable {
    public let kernel: any CatalogueKernel
    public let preprocessing: FeaturePreprocessing
    public let scaler: FeatureScaler
    /// Preprocessed training points.
    public let points: PointSet
    /// Training target means (subtracted before the fit, added to predictions).
    public let targetMeans: [Double]
    public let solution: KernelRidgeSolution

    /// The preprocessed points of raw row-major features (scaler already fitted).
    /// `lines` name rows in errors.
    static func prepare(_ features: [Double], dimension d: Int, scaler: FeatureScaler, preprocessing: FeaturePreprocessing,
                        lines: [Int]) throws(KernelRidgeError) -> PointSet {
        var x = scaler.transform(features)
        let n = features.count / d
        if preprocessing == .sphere {
            for i in 0..<n {
                var s = 0.0
                for c in 0..<d { s += x[i * d + c] * x[i * d + c] }
                let norm = s.squareRoot()
                guard norm > 0 else { throw .zeroRow(line: lines[i]) }
                for c in 0..<d { x[i * d + c] /= norm }
            }
        }
        do { return try PointSet(count: n, dimension: d, rowMajor: x, sourceLines: lines) } catch { throw .gram(.points(error)) }
    }

    /// Refuses `standardize` for kernels that are not network kernels, and fewer than 2 features.
    static func check(kernel: any CatalogueKernel, preprocessing: FeaturePreprocessing, dimension d: Int) throws(KernelRidgeError) {
        guard d >= 2 else { throw .tooFewFeatures(d) }
        if preprocessing == .standardize, !(kernel is NetworkKernel) { throw .kernelNeedsSphere(kernel: kernel.name) }
    }

    /// K(X, X) of preprocessed points: zonal on the sphere (direct evaluation), the network
    /// kernel's off-sphere formula for `standardize`.
    static func gram(kernel: any CatalogueKernel, points: PointSet, preprocessing: FeaturePreprocessing) throws(KernelRidgeError) -> SymmetricMatrix {
        do {
            if preprocessing == .standardize, let network = kernel as? NetworkKernel {
                return try GramMatrix.network(network, on: points)
            }
            return try GramMatrix.zonal(kernel, on: points, evaluation: .direct)
        } catch { throw .gram(error) }
    }

    /// Off the sphere (`standardize` with a network kernel), refuses points whose norm the
    /// kernel's smooth activation cannot serve (`GramMatrix.checkOffSphere`); before `cross`.
    static func checkOffSphere(kernel: any CatalogueKernel, _ x: PointSet, preprocessing: FeaturePreprocessing) throws(KernelRidgeError) {
        guard preprocessing == .standardize, let network = kernel as? NetworkKernel else { return }
        do { try GramMatrix.checkOffSphere(network, points: x) } catch { throw .gram(error) }
    }

    /// k(x_i, y_j) for preprocessed points, row-major m x n (rows: `x`). On the sphere the
    /// complements 1 -/+ t come from ||x -/+ y||^2 / 2 when |t| > `GramMatrix.complementThreshold`,
    /// as in `GramMatrix.zonal`.
    static func cross(kernel: any CatalogueKernel, _ x: PointSet, _ y: PointSet, preprocessing: FeaturePreprocessing) -> [Double] {
        let d = x.dimension, m = x.count, n = y.count
        var out = [Double](repeating: 0, count: m * n)
        let network = preprocessing == .standardize ? kernel as? NetworkKernel : nil
        let xs = x.coordinates, ys = y.coordinates
        var arguments = [CosineArgument<Double>]()
        arguments.reserveCapacity(n)
        for i in 0..<m {
            arguments.removeAll(keepingCapacity: true)
            var xx = 0.0
            for c in 0..<d { xx += xs[i * d + c] * xs[i * d + c] }
            for j in 0..<n {
                var dot = 0.0, yy = 0.0, minus = 0.0, plus = 0.0
                for c in 0..<d {
                    let a = xs[i * d + c], b = ys[j * d + c]
                    dot += a * b; yy += b * b
                    minus += (a - b) * (a - b); plus += (a + b) * (a + b)
                }
                if let network {
                    out[i * n + j] = network.value(squaredNormX: xx, squaredNormY: yy, dot: dot)
                } else {
                    let t = min(max(dot, -1), 1)
                    let oneMinus = t > GramMatrix.complementThreshold ? 0.5 * minus : 1 - t
                    let onePlus = t < -GramMatrix.complementThreshold ? 0.5 * plus : 1 + t
                    arguments.append(CosineArgument(t: t, oneMinusT: oneMinus, onePlusT: onePlus))
                }
            }
            if network == nil {
                let values = kernel.values(arguments)
                for j in 0..<n { out[i * n + j] = values[j] }
            }
        }
        return out
    }

    /// Fits on raw row-major `features` (d columns) and column-major `targets` (n x outputs).
    public static func fit(kernel: any CatalogueKernel, features: [Double], dimension d: Int, targets: [Double], outputs: Int,
                           ridge: Double, preprocessing: FeaturePreprocessing = .sphere, lines: [Int]? = nil) throws(KernelRidgeError) -> KernelRidgeModel {
        try check(kernel: kernel, preprocessing: preprocessing, dimension: d)
        let n = features.count / d
        let scaler = FeatureScaler(fitting: features, dimension: d)
        let points = try prepare(features, dimension: d, scaler: scaler, preprocessing: preprocessing, lines: lines ?? Array(1...n))
        let k = try gram(kernel: kernel, points: points, preprocessing: preprocessing)
        let (centred, means) = centre(targets, rows: n, outputs: outputs)
        let solution = try KernelRidge.solve(gram: k, targets: centred, outputs: outputs, ridge: ridge)
        return KernelRidgeModel(kernel: kernel, preprocessing: preprocessing, scaler: scaler, points: points,
                                targetMeans: means, solution: solution)
    }

    /// Predictions for raw row-major features, column-major m x outputs.
    public func predict(_ features: [Double], lines: [Int]? = nil) throws(KernelRidgeError) -> [Double] {
        let d = points.dimension, m = features.count / d, n = points.count
        guard m > 0 else { return [] }
        let x = try Self.prepare(features, dimension: d, scaler: scaler, preprocessing: preprocessing, lines: lines ?? Array(1...m))
        try Self.checkOffSphere(kernel: kernel, x, preprocessing: preprocessing)
        let k = Self.cross(kernel: kernel, x, points, preprocessing: preprocessing)
        return Self.apply(k, rows: m, columns: n, solution.coefficients, outputs: solution.outputs, adding: targetMeans)
    }

    /// (K_cross alpha) + means, K_cross row-major rows x columns, alpha column-major columns x outputs.
    static func apply(_ k: [Double], rows m: Int, columns n: Int, _ alpha: [Double], outputs: Int, adding means: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: m * outputs)
        for o in 0..<outputs {
            for i in 0..<m {
                var s = 0.0
                for j in 0..<n { s += k[i * n + j] * alpha[j + o * n] }
                out[i + o * m] = s + means[o]
            }
        }
        return out
    }

    static func centre(_ targets: [Double], rows n: Int, outputs: Int) -> ([Double], [Double]) {
        var centred = targets
        var means = [Double](repeating: 0, count: outputs)
        for o in 0..<outputs {
            var s = 0.0
            for i in 0..<n { s += targets[i + o * n] }
            means[o] = s / Double(n)
            for i in 0..<n { centred[i + o * n] -= means[o] }
        }
        return (centred, means)
    }
}
