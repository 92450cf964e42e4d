import CLapack
import Foundation

/// The infinite-width network trained by gradient flow on L = (1/2n) sum (f(x_i) - y_i)^2
/// (docs/finite-networks.md): with the analytic NTK Theta fixed, the network is linear in its parameters, and
/// after time tau = (learning rate) x (steps), from the initial function f_0,
///
///   f(X, tau) = y - exp(-tau Theta_XX / n) (y - f_0(X))
///   f(T, tau) = f_0(T) + Theta_TX Theta_XX^{-1} (I - exp(-tau Theta_XX / n)) (y - f_0(X)),
///
/// through the eigendecomposition Theta_XX = V diag(lambda) V^T, with
/// Theta^{-1}(I - exp(-tau Theta/n)) = V diag(-expm1(-tau lambda/n) / lambda) V^T, which tends
/// to tau/n for lambda -> 0 (eigenvalues at or below zero, rounding noise, take that limit). At
/// tau -> infinity this is ridgeless NTK regression of the residual y - f_0.
public struct NTKGradientFlow: Sendable {
    let eigenvalues: [Double]
    /// V, column-major n x n.
    let eigenvectors: [Double]
    /// Theta_TX V, row-major (test points) x n.
    let crossInEigenbasis: [Double]
    let trainCount: Int
    let testCount: Int

    public init(kernel: NetworkKernel, train: PointSet, test: PointSet,
                preprocessing: FeaturePreprocessing = .sphere) throws(KernelRidgeError)
    {
        let n = train.count, m = test.count
        var gram = try KernelRidgeModel.gram(kernel: kernel, points: train, preprocessing: preprocessing)
        let decomposition: SymmetricEigendecomposition
        do { decomposition = try SymmetricEigensolver.decomposition(overwriting: &gram) } catch { throw .linearAlgebra(error) }
        let vectors = decomposition.eigenvectors!.storage
        let cross = KernelRidgeModel.cross(kernel: kernel, test, train, preprocessing: preprocessing)
        var product = [Double](repeating: 0, count: m * n)
        // (m x n row-major) = (m x n row-major cross) x (n x n column-major V, i.e. V^T row-major).
        cross.withUnsafeBufferPointer { c in
            vectors.withUnsafeBufferPointer { v in
                product.withUnsafeMutableBufferPointer { p in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(n), 1.0,
                                c.baseAddress, Int32(n), v.baseAddress, Int32(n), 0.0, p.baseAddress, Int32(n))
                }
            }
        }
        eigenvalues = decomposition.eigenvalues
        eigenvectors = vectors
        crossInEigenbasis = product
        trainCount = n
        testCount = m
    }

    /// The predictions on the training and test points at time tau.
    public func predictions(time tau: Double, targets y: [Double], initialTrain f0X: [Double],
                            initialTest f0T: [Double]) -> (train: [Double], test: [Double])
    {
        let n = trainCount, m = testCount
        // c = V^T (y - f_0(X)).
        var c = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var s = 0.0
            for i in 0..<n { s += eigenvectors[i + k * n] * (y[i] - f0X[i]) }
            c[k] = s
        }
        var train = y
        var weights = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let rate = max(eigenvalues[k], 0) / Double(n)
            let decay = exp(-tau * rate)
            for i in 0..<n { train[i] -= eigenvectors[i + k * n] * decay * c[k] }
            weights[k] = (rate > 0 ? -expm1(-tau * rate) / rate : tau) / Double(n) * c[k]
        }
        var test = f0T
        for t in 0..<m {
            var s = 0.0
            for k in 0..<n { s += crossInEigenbasis[t * n + k] * weights[k] }
            test[t] += s
        }
        return (train, test)
    }
}
