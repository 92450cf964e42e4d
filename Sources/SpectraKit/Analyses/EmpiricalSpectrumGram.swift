/// Kernel (Gram) matrices K_ij = k(x_i, x_j) of a point set, built in one n x n buffer:
/// inner products by `cblas_dsyrk` into the upper triangle, then the kernel applied in place.
public enum GramMatrix {
    /// Arguments handed to `ZonalFunction.values` per call (a block of whole columns).
    static let blockSize = 8192

    /// K_ij = kappa(<x_i, x_j>) for points on the sphere (MATH.md 2), upper triangle, times
    /// `scale` (1/n gives K/n).
    ///
    /// - Inner products: dsyrk, then clamped to [-1, 1]; the diagonal is t = 1 exactly, so
    ///   K_ii = kappa(1). For |t| > 1/2 the small complement is recomputed from the points,
    ///   1 - t = ||x - y||^2 / 2 and 1 + t = ||x + y||^2 / 2 (exact identities on the sphere),
    ///   so that profiles singular at t = ±1 (sqrt(1 - t) terms) stay accurate for nearly
    ///   equal or opposite points, e.g. duplicate rows give K_ij = kappa(1) exactly.
    /// - The profile is called through the batch `values(_:)` on blocks of about 8192
    ///   arguments, so an existential profile reaches its specialised code.
    /// - The points are assumed to be on the sphere (check with `PointSet.requireOnSphere`).
    /// - Throws `nonFiniteKernelValue` for the first NaN or infinite kappa, and LAPACK/size
    ///   errors from dsyrk's wrapper.
    public static func zonal(_ profile: any ZonalFunction, on points: PointSet, scale: Double = 1) throws(EmpiricalSpectrumError) -> SymmetricMatrix {
        let n = points.count, d = points.dimension
        var gram: SymmetricMatrix
        do { gram = try SymmetricMatrix.gram(rowMajorPoints: points.coordinates, count: n, dimension: d) } catch { throw .linearAlgebra(error) }
        let x = points.coordinates
        var arguments: [CosineArgument<Double>] = []
        arguments.reserveCapacity(blockSize + n)
        var firstColumn = 0
        for j in 0..<n {
            for i in 0...j {
                let t = i == j ? 1.0 : min(max(gram.storage[i + j * n], -1), 1)
                if i == j {
                    arguments.append(CosineArgument(t: 1, oneMinusT: 0, onePlusT: 2))
                } else if t > 0.5 {
                    var squared = 0.0
                    for c in 0..<d { let v = x[i * d + c] - x[j * d + c]; squared += v * v }
                    let oneMinusT = min(0.5 * squared, 1)
                    arguments.append(CosineArgument(t: 1 - oneMinusT, oneMinusT: oneMinusT, onePlusT: 2 - oneMinusT))
                } else if t < -0.5 {
                    var squared = 0.0
                    for c in 0..<d { let v = x[i * d + c] + x[j * d + c]; squared += v * v }
                    let onePlusT = min(0.5 * squared, 1)
                    arguments.append(CosineArgument(t: onePlusT - 1, oneMinusT: 2 - onePlusT, onePlusT: onePlusT))
                } else {
                    arguments.append(CosineArgument(t: t))
                }
            }
            if arguments.count >= blockSize || j == n - 1 {
                let values = profile.values(arguments)
                var k = 0
                for column in firstColumn...j {
                    for row in 0...column {
                        let value = values[k]
                        guard value.isFinite else {
                            throw .nonFiniteKernelValue(first: points.location(ofPoint: row), second: points.location(ofPoint: column),
                                                        innerProduct: arguments[k].t, value: value)
                        }
                        gram.storage[row + column * n] = value * scale
                        k += 1
                    }
                }
                arguments.removeAll(keepingCapacity: true)
                firstColumn = j + 1
            }
        }
        return gram
    }

    /// K_ij = kernel(||x_i||^2, ||x_j||^2, <x_i, x_j>) times `scale`, for kernels that are not
    /// zonal (network kernels off the sphere). Inner products and squared norms all come from
    /// the same dsyrk, so kernel(x, x) sees dot == squared norm exactly.
    /// Throws `nonFiniteKernelValue` for the first NaN or infinite value.
    public static func general(on points: PointSet, scale: Double = 1,
                               kernel: (_ squaredNormX: Double, _ squaredNormY: Double, _ dot: Double) -> Double) throws(EmpiricalSpectrumError) -> SymmetricMatrix {
        let n = points.count
        var gram: SymmetricMatrix
        do { gram = try SymmetricMatrix.gram(rowMajorPoints: points.coordinates, count: n, dimension: points.dimension) } catch { throw .linearAlgebra(error) }
        let squaredNorms = (0..<n).map { gram.storage[$0 + $0 * n] }
        for j in 0..<n {
            for i in 0...j {
                let dot = gram.storage[i + j * n]
                let value = kernel(squaredNorms[i], squaredNorms[j], dot)
                guard value.isFinite else {
                    throw .nonFiniteKernelValue(first: points.location(ofPoint: i), second: points.location(ofPoint: j),
                                                innerProduct: dot, value: value)
                }
                gram.storage[i + j * n] = value * scale
            }
        }
        return gram
    }
}
