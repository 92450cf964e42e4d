/// n points in R^d, stored row-major (point i is `coordinates[i*d ..< (i+1)*d]`), the layout
/// `SymmetricMatrix.gram(rowMajorPoints:count:dimension:)` reads without a copy.
///
/// Invariants (checked by every initialiser): n >= 1, d >= 2 (docs/conventions.md), every coordinate
/// finite. Points are not required to lie on the sphere: `requireOnSphere(tolerance:)` checks
/// that, `normalizedOntoSphere()` projects.
public struct PointSet: Sendable, Equatable {
    /// n, the number of points.
    public let count: Int
    /// d, the ambient dimension.
    public let dimension: Int
    /// Row-major coordinates, count * dimension of them.
    public let coordinates: [Double]
    /// Names from a header row, when the points were parsed from text that had one.
    public var columnNames: [String]?
    /// For points parsed from text: the 1-based line of each point, so that errors found
    /// later (a zero row, an off-sphere row) can name the line of the file.
    public let sourceLines: [Int]?

    /// Wraps row-major coordinates. Throws `invalidCount` (n < 1), `dimensionTooSmall`
    /// (d < 2), `sizeMismatch`, or `nonFinite` naming the first bad point and coordinate.
    public init(count: Int, dimension: Int, rowMajor coordinates: [Double], sourceLines: [Int]? = nil) throws(PointSetError) {
        guard count >= 1 else { throw .invalidCount(count) }
        guard dimension >= 2 else { throw .dimensionTooSmall(dimension) }
        guard coordinates.count == count * dimension else {
            throw .sizeMismatch(expected: count * dimension, actual: coordinates.count)
        }
        if let lines = sourceLines, lines.count != count {
            throw .sizeMismatch(expected: count, actual: lines.count)
        }
        self.count = count
        self.dimension = dimension
        self.coordinates = coordinates
        self.sourceLines = sourceLines
        if let k = coordinates.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(location(ofPoint: k / dimension), column: k % dimension + 1, value: coordinates[k].description)
        }
    }

    /// Points given as rows; throws `unequalRowLength` if the rows differ in length.
    public init(rows: [[Double]]) throws(PointSetError) {
        guard let first = rows.first else { throw .noRows }
        for (i, row) in rows.enumerated() where row.count != first.count {
            throw .unequalRowLength(PointLocation(point: i, line: nil), found: row.count, expected: first.count)
        }
        try self.init(count: rows.count, dimension: first.count, rowMajor: rows.flatMap { $0 })
    }

    /// Coordinates of point i (0-based), as a fresh array indexed from 0.
    public subscript(point i: Int) -> [Double] {
        Array(coordinates[(i * dimension)..<((i + 1) * dimension)])
    }

    /// Where point i came from, for error messages.
    public func location(ofPoint i: Int) -> PointLocation {
        PointLocation(point: i, line: sourceLines?[i])
    }

    /// ||x_i||, computed with scaling so that it neither overflows nor underflows.
    /// Accuracy: a few ulps (relative).
    public func norm(ofPoint i: Int) -> Double {
        let x = self[point: i]
        let scale = x.reduce(0.0) { Swift.max($0, abs($1)) }
        guard scale > 0 else { return 0 }
        var sum = 0.0
        for v in x { sum += (v / scale) * (v / scale) }
        return scale * sum.squareRoot()
    }

    /// ||x_i||^2 for every point (plain sum of squares: may overflow to +infinity beyond
    /// about 1e154, which the caller's kernel then sees).
    public var squaredNorms: [Double] {
        (0..<count).map { i in self[point: i].reduce(0.0) { $0 + $1 * $1 } }
    }

    /// Every point divided by its norm, so that ||x_i|| = 1 within a few ulps.
    /// Throws `zeroRow` for a point with all coordinates zero (it has no direction).
    ///
    /// A point is first divided by its largest magnitude s, then by the norm of x/s (between 1
    /// and sqrt(d)): dividing by ||x|| itself would lose the digits that ||x|| cannot carry
    /// when it is subnormal ([5e-324, 5e-324] would keep the norm sqrt(2)).
    public func normalizedOntoSphere() throws(PointSetError) -> PointSet {
        var projected = coordinates
        for i in 0..<count {
            let row = (i * dimension)..<((i + 1) * dimension)
            let scale = coordinates[row].reduce(0.0) { Swift.max($0, abs($1)) }
            guard scale > 0 else { throw .zeroRow(location(ofPoint: i)) }
            for k in row { projected[k] = coordinates[k] / scale }
            let r = projected[row].reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            for k in row { projected[k] /= r }
        }
        var result = try PointSet(count: count, dimension: dimension, rowMajor: projected, sourceLines: sourceLines)
        result.columnNames = columnNames
        return result
    }

    /// Throws `offSphere` for the first point with | ||x_i|| - 1 | > tolerance (the message
    /// suggests --normalize). The default 1e-6 accepts data printed with about seven
    /// significant digits; zonal kernels then see inner products with errors of ~2e-6, which
    /// they clamp to [-1, 1].
    public func requireOnSphere(tolerance: Double = 1e-6) throws(PointSetError) {
        for i in 0..<count {
            let r = norm(ofPoint: i)
            if !(abs(r - 1) <= tolerance) {
                throw .offSphere(location(ofPoint: i), norm: r, tolerance: tolerance)
            }
        }
    }
}

/// A point in a `PointSet`, with its line in the source text when there was one.
public struct PointLocation: Sendable, Equatable, CustomStringConvertible {
    /// 0-based index of the point.
    public let point: Int
    /// 1-based line of the source text, if the points were parsed.
    public let line: Int?

    public init(point: Int, line: Int?) {
        self.point = point
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line) (point \(point + 1))" }
        return "point \(point + 1)"
    }
}

/// Invalid point data. Every case names where (line or point, and 1-based column) and what is
/// allowed.
public enum PointSetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No data rows at all (only blank lines, comments or a header).
    case noRows
    /// A count of points below 1 (e.g. zero samples).
    case invalidCount(Int)
    /// d < 2: the sphere S^{d-1} needs at least two coordinates.
    case dimensionTooSmall(Int)
    /// Coordinates and shape disagree (a programming error in the caller).
    case sizeMismatch(expected: Int, actual: Int)
    /// A cell that is not a number.
    case nonNumeric(line: Int, column: Int, text: String)
    /// An empty cell (two delimiters in a row, or a delimiter at the end of a line).
    case emptyCell(line: Int, column: Int)
    /// NaN or an infinity.
    case nonFinite(PointLocation, column: Int, value: String)
    /// A row whose number of values differs from the earlier rows' (or the header's).
    case unequalRowLength(PointLocation, found: Int, expected: Int)
    /// A point with every coordinate zero, which cannot be projected onto the sphere.
    case zeroRow(PointLocation)
    /// Two header cells with the same name (1-based columns).
    case duplicateColumnName(String, line: Int, first: Int, second: Int)
    /// A point whose norm is not 1 within the tolerance.
    case offSphere(PointLocation, norm: Double, tolerance: Double)

    public var description: String {
        switch self {
        case .noRows:
            return "no points: the data has no rows of numbers"
        case let .invalidCount(n):
            return "\(n) points asked for; at least 1 is needed"
        case let .dimensionTooSmall(d):
            return "points have \(d) coordinate\(d == 1 ? "" : "s"); the sphere S^{d-1} needs d >= 2"
        case let .sizeMismatch(expected, actual):
            return "internal error: \(actual) values where the shape needs \(expected)"
        case let .nonNumeric(line, column, text):
            return "line \(line), column \(column): '\(text)' is not a number"
        case let .emptyCell(line, column):
            return "line \(line), column \(column): empty value"
        case let .nonFinite(location, column, value):
            return "\(location), column \(column): \(value) is not a finite number"
        case let .unequalRowLength(location, found, expected):
            return "\(location) has \(found) values, but the rows before it have \(expected); every row must have the same number"
        case let .duplicateColumnName(name, line, first, second):
            return "line \(line): columns \(first) and \(second) are both named '\(name)'; every column needs its own name"
        case let .zeroRow(location):
            return "\(location) is the zero vector, which has no direction to project onto the sphere"
        case let .offSphere(location, norm, tolerance):
            return "\(location) has norm \(norm), not 1 (tolerance \(tolerance)): the data is not on the unit sphere; pass --normalize to project every row onto it"
        }
    }
}
