/// A table of numbers with named columns, one of which is the target (`spectra regress`):
/// CSV or TSV text with a header row, parsed by `PointSet.parse` (same rules and errors).
public struct LabeledData: Sendable, Equatable {
    /// Names of the feature columns, in file order (every column but the target).
    public let featureNames: [String]
    /// The target column's name.
    public let targetName: String
    /// Row-major features, count * featureNames.count values.
    public let features: [Double]
    /// The target of each row.
    public let targets: [Double]
    /// The 1-based line of each row in the text.
    public let sourceLines: [Int]

    public var count: Int { targets.count }
    public var featureCount: Int { featureNames.count }

    /// Features of row i.
    public func row(_ i: Int) -> ArraySlice<Double> {
        features[(i * featureCount)..<((i + 1) * featureCount)]
    }

    /// Parses `text` (a header row is required) and splits off the column named `target`
    /// (exact match first, then case-insensitive).
    /// Throws `LabeledDataError`: `noHeader`, `unnamedColumn` (every column needs a name, or
    /// --target "" would pick it), `unknownTarget` (listing the columns), `noFeatures`, or `parse`
    /// wrapping the `PointSetError` (non-numeric cells name line and column; a name given twice
    /// names both columns, since --target would be ambiguous).
    public static func parse(_ text: String, target: String) throws(LabeledDataError) -> LabeledData {
        let table: PointSet
        do { table = try PointSet.parse(text) } catch { throw .parse(error) }
        guard let names = table.columnNames else { throw .noHeader }
        if let empty = names.firstIndex(of: "") { throw .unnamedColumn(column: empty + 1) }
        guard let index = names.firstIndex(of: target) ?? names.firstIndex(where: { $0.lowercased() == target.lowercased() }) else {
            throw .unknownTarget(given: target, columns: names)
        }
        let d = table.dimension
        guard d >= 2 else { throw .noFeatures }
        var features: [Double] = []
        features.reserveCapacity(table.count * (d - 1))
        var targets: [Double] = []
        for i in 0..<table.count {
            for c in 0..<d {
                let v = table.coordinates[i * d + c]
                if c == index { targets.append(v) } else { features.append(v) }
            }
        }
        var featureNames = names
        featureNames.remove(at: index)
        return LabeledData(featureNames: featureNames, targetName: names[index], features: features, targets: targets,
                           sourceLines: table.sourceLines ?? Array(1...table.count))
    }

    public init(featureNames: [String], targetName: String, features: [Double], targets: [Double], sourceLines: [Int]) {
        precondition(features.count == featureNames.count * targets.count && sourceLines.count == targets.count)
        self.featureNames = featureNames
        self.targetName = targetName
        self.features = features
        self.targets = targets
        self.sourceLines = sourceLines
    }

    /// The distinct target values, ascending (the classes of a classification task).
    public var classes: [Double] { Array(Set(targets)).sorted() }

    /// The rows `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledData {
        var f: [Double] = []
        f.reserveCapacity(indices.count * featureCount)
        for i in indices { f.append(contentsOf: row(i)) }
        return LabeledData(featureNames: featureNames, targetName: targetName, features: f,
                           targets: indices.map { targets[$0] }, sourceLines: indices.map { sourceLines[$0] })
    }
}

public enum LabeledDataError: Error, Equatable, CustomStringConvertible, Sendable {
    case parse(PointSetError)
    case noHeader
    case unknownTarget(given: String, columns: [String])
    case noFeatures
    /// A header cell with no name (1-based column).
    case unnamedColumn(column: Int)

    public var description: String {
        switch self {
        case .parse(let error): return error.description
        case .noHeader: return "the first row must be a header naming the columns (none of its cells a number)"
        case let .unknownTarget(given, columns):
            return "no column named '\(given)'; the columns are: " + columns.joined(separator: ", ")
        case .noFeatures: return "the table has only the target column; at least one feature column is needed"
        case let .unnamedColumn(column): return "column \(column) of the header has no name; every column needs one"
        }
    }
}
