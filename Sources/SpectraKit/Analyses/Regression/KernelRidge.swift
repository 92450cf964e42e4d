import CLapack

/// Coefficients alpha = (K + lambda I)^{-1} Y of kernel ridge regression (docs/regression.md), for
/// one or more target columns at once.
public struct KernelRidgeSolution: Sendable {
    /// alpha, column-major n x outputs.
    public let coefficients: [Double]
    public let outputs: Int
    public let ridge: Double
    /// True when K + lambda I was not positive definite at lambda = 0 and alpha came from the
    /// pseudo-inverse of K (eigenvalues below `KernelRidge.pseudoInverseCutoff` * lambda_max dropped).
    public let usedPseudoInverse: Bool
}

public enum KernelRidgeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// dpotrf failed on K + lambda I with lambda > 0 (info = the order of the failing minor).
    case notPositiveDefinite(ridge: Double, info: Int)
    case negativeRidge(Double)
    case linearAlgebra(LinearAlgebraError)
    case gram(EmpiricalSpectrumError)
    case targetSizeMismatch(rows: Int, expected: Int)
    /// After standardising, a row is the zero vector and has no direction on the sphere.
    case zeroRow(line: Int)
    /// --preprocess standardize with a kernel defined only on the sphere.
    case kernelNeedsSphere(kernel: String)
    case tooFewFeatures(Int)
    case singleClass(value: Double)
    /// --task classification on a column holding a value that is not a class label (an integer).
    case notAClassLabel(column: String, value: Double, line: Int)
    /// --task classification on a column with more distinct values than a class table has
    /// (fewer than `KernelRegressionStudy.minimumRowsPerClass` rows per class on average).
    case tooManyClasses(column: String, classes: Int, rows: Int)
    /// A regression target that takes one value on every training row.
    case constantTarget(column: String, value: Double)
    case invalidTestFraction(Double)
    case invalidFolds(folds: Int, trainSize: Int)
    case emptySplit(rows: Int, testFraction: Double)
    /// The training Gram, its factor and the test block do not fit in the memory available.
    case insufficientMemory(trainRows: Int, requiredBytes: Int, budgetBytes: Int)

    public var description: String {
        switch self {
        case let .notPositiveDefinite(ridge, info):
            return "K + ridge I is not positive definite at ridge \(ridge) (Cholesky failed at minor \(info)); use a larger --ridge"
        case let .negativeRidge(r): return "--ridge must be >= 0 (or auto), got \(r)"
        case let .linearAlgebra(error): return error.description
        case let .gram(error): return error.description
        case let .targetSizeMismatch(rows, expected): return "targets have \(rows) rows, expected \(expected)"
        case let .zeroRow(line):
            return "line \(line): after standardising, the features are all zero, so the row has no direction on the sphere"
        case let .kernelNeedsSphere(kernel):
            return "--preprocess standardize keeps the norms, and only the network kernels (ntk, nngp) are defined off the sphere; \(kernel) is a kernel on the sphere: use --preprocess sphere"
        case let .tooFewFeatures(d):
            return "the data has \(d) feature column; at least 2 are needed (points on S^{d-1}, d >= 2)"
        case let .singleClass(value):
            return "--task classification: the target column has one class only (\(value)); at least two are needed"
        case let .notAClassLabel(column, value, line):
            return "--task classification: column '\(column)' holds \(value) at line \(line), not a class label (an integer); "
                + "for a continuous target use --task regression"
        case let .tooManyClasses(column, classes, rows):
            return "--task classification: column '\(column)' has \(classes) distinct values in \(rows) rows, fewer than "
                + "\(KernelRegressionStudy.minimumRowsPerClass) rows per class; it looks continuous: use --task regression"
        case let .constantTarget(column, value):
            return "--target \(column): every training row has the same value (\(value)); there is nothing to fit"
        case let .invalidTestFraction(f): return "--test-fraction must lie in (0, 1), got \(f)"
        case let .invalidFolds(k, n): return "--folds must lie in 2...\(n) (the training size), got \(k)"
        case let .emptySplit(n, f):
            return "--test-fraction \(f) of \(n) rows leaves an empty training or test set; both need at least one row"
        case let .insufficientMemory(n, required, budget):
            return "--data: \(n) training rows need about \(required >> 20) MiB for the kernel matrices, but only "
                + "\(budget >> 20) MiB are available; use a smaller data set (or a larger --test-fraction)"
        }
    }
}

public enum KernelRidge {
    /// Relative cutoff of the pseudo-inverse fallback: eigenvalues <= cutoff * lambda_max are
    /// treated as zero.
    public static let pseudoInverseCutoff = 1e-10

    /// alpha = (K + ridge I)^{-1} Y by Cholesky (dpotrf/dpotrs on the upper triangle).
    /// `targets` is column-major n x outputs. With ridge = 0 and dpotrf failing (K numerically
    /// singular), alpha = K^+ Y from the eigendecomposition (dsyevd), flagged in the result;
    /// with ridge > 0 a failing dpotrf throws `notPositiveDefinite`.
    public static func solve(gram: SymmetricMatrix, targets: [Double], outputs: Int, ridge: Double) throws(KernelRidgeError) -> KernelRidgeSolution {
        guard ridge >= 0, ridge.isFinite else { throw .negativeRidge(ridge) }
        let n = gram.order
        guard outputs >= 1, targets.count == n * outputs else { throw .targetSizeMismatch(rows: targets.count / max(outputs, 1), expected: n) }
        if let bad = gram.firstNonFiniteEntry() {
            throw .linearAlgebra(.nonFiniteEntry(routine: "dpotrf", row: bad.row, column: bad.column))
        }
        guard n > 0 else { return KernelRidgeSolution(coefficients: [], outputs: outputs, ridge: ridge, usedPseudoInverse: false) }
        let n32: Int32, r32: Int32
        do { n32 = try lapackInt(n, "matrix order"); r32 = try lapackInt(outputs, "outputs") } catch { throw .linearAlgebra(error) }
        var a = gram.storage
        for i in 0..<n { a[i + i * n] += ridge }
        let upper = CChar(UInt8(ascii: "U"))
        let info = a.withUnsafeMutableBufferPointer { LAPACKE_dpotrf(LAPACK_COL_MAJOR, upper, n32, $0.baseAddress, n32) }
        if info < 0 { throw .linearAlgebra(.illegalArgument(routine: "dpotrf", position: Int(-info))) }
        if info > 0 {
            guard ridge == 0 else { throw .notPositiveDefinite(ridge: ridge, info: Int(info)) }
            return try pseudoInverseSolve(gram: gram, targets: targets, outputs: outputs)
        }
        var b = targets
        let solved = a.withUnsafeBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, upper, n32, r32, a.baseAddress, n32, b.baseAddress, n32)
            }
        }
        if solved != 0 { throw .linearAlgebra(.illegalArgument(routine: "dpotrs", position: Int(-solved))) }
        return KernelRidgeSolution(coefficients: b, outputs: outputs, ridge: ridge, usedPseudoInverse: false)
    }

    /// alpha = V diag(1/lambda_i, lambda_i > cutoff * lambda_max) V^T Y.
    static func pseudoInverseSolve(gram: SymmetricMatrix, targets: [Double], outputs: Int) throws(KernelRidgeError) -> KernelRidgeSolution {
        let n = gram.order
        let eig: SymmetricEigendecomposition
        do { eig = try SymmetricEigensolver.decomposition(of: gram) } catch { throw .linearAlgebra(error) }
        guard let v = eig.eigenvectors else { throw .linearAlgebra(.incompleteResult(routine: "dsyevd", expected: n, found: 0)) }
        let top = max(eig.eigenvalues.first ?? 0, 0)
        let cutoff = pseudoInverseCutoff * top
        var alpha = [Double](repeating: 0, count: n * outputs)
        for k in 0..<n where eig.eigenvalues[k] > cutoff && eig.eigenvalues[k] > 0 {
            let column = v.column(k)
            for o in 0..<outputs {
                var projection = 0.0
                for i in 0..<n { projection += column[i] * targets[i + o * n] }
                let c = projection / eig.eigenvalues[k]
                for i in 0..<n { alpha[i + o * n] += c * column[i] }
            }
        }
        return KernelRidgeSolution(coefficients: alpha, outputs: outputs, ridge: 0, usedPseudoInverse: true)
    }
}
