import Foundation

/// A claim of the paper a study checks: one number measured from a table (a cell, an aggregate of
/// cells, or the difference of two) compared with what the paper says.
public struct StudyClaim: Sendable {
    public enum Aggregate: String, Sendable, CaseIterable {
        /// The one cell the filter selects (exactly one row must match).
        case value
        case mean, min, max
        /// The cell `filter` selects minus the cell `minusFilter` selects.
        case difference
    }

    public enum Comparison: Sendable, Equatable {
        /// |measured - expected| <= tolerance.
        case near(expected: Double, tolerance: Double)
        case atLeast(Double)
        case atMost(Double)
    }

    public let name: String
    /// What the claim means, in a sentence.
    public let statement: String
    public let step: String
    public let table: String
    public let column: String
    /// Rows whose cells equal these values (as printed in the CSV, or numerically equal).
    public let filter: [String: StudyValue]
    public let aggregate: Aggregate
    public let minusFilter: [String: StudyValue]
    public let comparison: Comparison
    /// Set when the study expects the paper's claim to fail here, with the reason.
    public let expectedContradiction: String?

    public init(name: String, statement: String, step: String, table: String, column: String, filter: [String: StudyValue],
                aggregate: Aggregate, minusFilter: [String: StudyValue], comparison: Comparison, expectedContradiction: String?) {
        self.name = name
        self.statement = statement
        self.step = step
        self.table = table
        self.column = column
        self.filter = filter
        self.aggregate = aggregate
        self.minusFilter = minusFilter
        self.comparison = comparison
        self.expectedContradiction = expectedContradiction
    }

    /// The comparison as a phrase: "= 3 ± 0.05", ">= 0.9".
    public var expectation: String {
        switch comparison {
        case let .near(expected, tolerance): return "= \(KernelParameter.format(expected)) ± \(KernelParameter.format(tolerance))"
        case .atLeast(let x): return ">= \(KernelParameter.format(x))"
        case .atMost(let x): return "<= \(KernelParameter.format(x))"
        }
    }

    /// The measured number from `table` (the step's concatenated tidy table).
    public func measure(in table: Table) throws(StudyClaimError) -> Double {
        guard let c = table.columns.firstIndex(of: column) else {
            throw .missingColumn(claim: name, column: column, available: table.columns)
        }
        func values(_ filter: [String: StudyValue]) throws(StudyClaimError) -> [Double] {
            var selected: [Double] = []
            for row in table.rows where try Self.matches(row, columns: table.columns, filter: filter, claim: name) {
                guard let x = Self.number(row[c]) else { throw .notANumber(claim: name, column: column) }
                selected.append(x)
            }
            guard !selected.isEmpty else { throw .noRows(claim: name, filter: Self.describe(filter)) }
            return selected
        }
        func single(_ filter: [String: StudyValue]) throws(StudyClaimError) -> Double {
            let xs = try values(filter)
            guard xs.count == 1 else { throw .notOneRow(claim: name, filter: Self.describe(filter), rows: xs.count) }
            return xs[0]
        }
        switch aggregate {
        case .value: return try single(filter)
        case .mean: let xs = try values(filter); return xs.reduce(0, +) / Double(xs.count)
        case .min: return try values(filter).min() ?? .nan
        case .max: return try values(filter).max() ?? .nan
        case .difference: return try single(filter) - single(minusFilter)
        }
    }

    /// Whether `measured` satisfies the comparison.
    public func holds(_ measured: Double) -> Bool {
        guard measured.isFinite else { return false }
        switch comparison {
        case let .near(expected, tolerance): return Swift.abs(measured - expected) <= tolerance
        case .atLeast(let x): return measured >= x
        case .atMost(let x): return measured <= x
        }
    }

    static func matches(_ row: [TableCell], columns: [String], filter: [String: StudyValue], claim: String)
        throws(StudyClaimError) -> Bool
    {
        for (key, wanted) in filter {
            guard let c = columns.firstIndex(of: key) else { throw .missingColumn(claim: claim, column: key, available: columns) }
            if !cell(row[c], equals: canonical(wanted, column: key)) { return false }
        }
        return true
    }

    /// A kernel given as a spec matches its canonical form, the `kernel` column's text
    /// (`ntk:depth=3` is `ntk:depth=3,activation=relu,...`).
    /// Columns that hold kernel specs (regress, align, rkhs): a claim may name a kernel by any spec of it.
    static let kernelColumns: Set<String> = ["kernel", "kernel_a", "kernel_b", "a", "b"]

    static func canonical(_ value: StudyValue, column: String) -> StudyValue {
        guard Self.kernelColumns.contains(column) else { return value }
        switch value {
        case .text(let spec): return .text((try? KernelSpec.parse(spec).kernel.canonicalSpec) ?? spec)
        case .list(let specs): return .list(specs.map { canonical($0, column: column) })
        default: return value
        }
    }

    static func cell(_ cell: TableCell, equals wanted: StudyValue) -> Bool {
        switch wanted {
        case .integer(let n): return number(cell) == Double(n)
        case .real(let x): return number(cell) == x
        case .boolean(let b): if case .boolean(let v) = cell { return v == b } else { return false }
        case .text(let s): return DelimitedFormatter.text(of: cell) == s
        case .list(let options): return options.contains { Self.cell(cell, equals: $0) }
        case .perSize: return false
        }
    }

    static func number(_ cell: TableCell) -> Double? {
        switch cell {
        case .integer(let n): return Double(n)
        case .real(let x, _): return x
        case .bigInteger(let n): return Double(n.digits)
        case .text(let s): return Double(s)
        case .boolean, .missing: return nil
        }
    }

    static func describe(_ filter: [String: StudyValue]) -> String {
        filter.isEmpty ? "(all rows)" : filter.keys.sorted().map { "\($0) = \(filter[$0]!.description)" }.joined(separator: ", ")
    }
}

/// The outcome of one claim in a run.
public struct StudyClaimResult: Sendable {
    public let claim: StudyClaim
    public let measured: Double
    public let holds: Bool

    public init(claim: StudyClaim, measured: Double) {
        self.claim = claim
        self.measured = measured
        self.holds = claim.holds(measured)
    }

    /// "holds", "fails", or "fails (expected contradiction)".
    public var verdict: String {
        if holds { return "holds" }
        return claim.expectedContradiction == nil ? "fails" : "fails (expected contradiction)"
    }

    /// A failure the study did not expect: what `spectra run --check` exits non-zero for.
    public var isUnexpectedFailure: Bool { !holds && claim.expectedContradiction == nil }

    /// One row per claim: name, statement, measured, expectation, verdict, reason.
    public static func table(_ results: [StudyClaimResult]) throws -> Table {
        var table = try Table(columns: ["claim", "statement", "measured", "expected", "verdict", "reason"])
        for r in results {
            try table.append([.text(r.claim.name), .text(r.claim.statement),
                              r.measured.isFinite ? .real(r.measured, significantDigits: 6) : .missing,
                              .text(r.claim.expectation), .text(r.verdict), r.claim.expectedContradiction.map(TableCell.text) ?? .missing])
        }
        return table
    }
}

/// Why a claim could not be measured.
public enum StudyClaimError: Error, CustomStringConvertible, Equatable, Sendable {
    case missingColumn(claim: String, column: String, available: [String])
    case noRows(claim: String, filter: String)
    case notOneRow(claim: String, filter: String, rows: Int)
    case notANumber(claim: String, column: String)

    public var description: String {
        switch self {
        case let .missingColumn(claim, column, available):
            return "claim '\(claim)': the table has no column '\(column)'; it has \(available.joined(separator: ", "))"
        case let .noRows(claim, filter):
            return "claim '\(claim)': no row matches \(filter)"
        case let .notOneRow(claim, filter, rows):
            return "claim '\(claim)': \(rows) rows match \(filter); a value or a difference needs exactly one (narrow `where`)"
        case let .notANumber(claim, column):
            return "claim '\(claim)': column '\(column)' has a cell that is not a number"
        }
    }
}
