/// Failures of the dense linear algebra layer. LAPACK's `info` codes are never returned as
/// numbers: a negative `info` (an argument LAPACK rejected: a bug in this wrapper) and a
/// positive one (the algorithm did not converge) each become a case here.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable, Sendable {
    /// LAPACK rejected argument number `position` of `routine` (info = -position).
    case illegalArgument(routine: String, position: Int)
    /// `routine` failed to converge (info > 0); `info` is LAPACK's diagnostic.
    case noConvergence(routine: String, info: Int)
    /// An entry of the matrix handed to `routine` is NaN or infinite (checked before the call).
    case nonFiniteEntry(routine: String, row: Int, column: Int)
    /// An array's size does not match the shape it was declared with.
    case sizeMismatch(what: String, expected: Int, actual: Int)
    /// A dimension is negative, or too large for LAPACK's 32-bit integers.
    case unsupportedDimension(what: String, value: Int)
    /// A top-m request with m outside 1...n.
    case eigenpairCountOutOfRange(requested: Int, order: Int)
    /// `routine` returned `found` results where `expected` were asked for.
    case incompleteResult(routine: String, expected: Int, found: Int)
    /// The Gram matrix and its eigensolver would not fit in the memory budget.
    case insufficientMemory(GramMemoryShortfall)

    public var description: String {
        switch self {
        case let .illegalArgument(routine, position):
            return "internal error: LAPACK \(routine) rejected its argument \(position)"
        case let .noConvergence(routine, info):
            return "LAPACK \(routine) did not converge (info = \(info)); the matrix may be badly scaled"
        case let .nonFiniteEntry(routine, row, column):
            return "matrix entry (\(row + 1), \(column + 1)) is NaN or infinite; \(routine) needs finite entries"
        case let .sizeMismatch(what, expected, actual):
            return "\(what) has \(actual) entries, expected \(expected)"
        case let .unsupportedDimension(what, value):
            return "\(what) = \(value) is outside what LAPACK supports (0...\(Int32.max))"
        case let .eigenpairCountOutOfRange(requested, order):
            return "asked for the top \(requested) eigenpairs of a \(order) x \(order) matrix; allowed: 1...\(order)"
        case let .incompleteResult(routine, expected, found):
            return "LAPACK \(routine) returned \(found) eigenpairs, expected \(expected)"
        case let .insufficientMemory(shortfall):
            return shortfall.description
        }
    }
}

/// Converts a Swift size to LAPACK's / CBLAS's 32-bit integer, or throws.
@inline(__always)
func lapackInt(_ value: Int, _ what: String) throws(LinearAlgebraError) -> Int32 {
    guard value >= 0, value <= Int(Int32.max) else {
        throw .unsupportedDimension(what: what, value: value)
    }
    return Int32(value)
}

/// Maps LAPACK's `info` to a typed error.
@inline(__always)
func checkInfo(_ info: Int32, _ routine: String) throws(LinearAlgebraError) {
    if info < 0 { throw .illegalArgument(routine: routine, position: Int(-info)) }
    if info > 0 { throw .noConvergence(routine: routine, info: Int(info)) }
}
