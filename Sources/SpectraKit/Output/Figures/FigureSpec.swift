/// The figures spectra draws, each from the tidy table one command writes (`--format csv`).
public enum FigureKind: String, Sendable, CaseIterable {
    /// `decay --table spectrum` (+ `--table fit`): mu_k against k on log-log axes, the fitted
    /// power law (solid) and the theoretical slope (dashed).
    case decay
    /// `decay --slopes --table slopes` (+ fit for the theory): local slopes against degree.
    case slopes
    /// `decay --method gram --table spectrum` (+ fit): Gram eigenvalues by degree against the
    /// analytic ones.
    case gram
    /// `align --table energies`: energy of each eigenvector in each harmonic degree (heat map).
    case projections
    /// `align --table alignment`: eigenspace overlap against subspace size.
    case overlap
    /// `rkhs --target ... --table partial_sums`: partial sums of the RKHS norm against degree.
    case partialSums = "partial_sums"
    /// `finite init --table runs` (or summary): error against width, log-log, ±1 sd over seeds.
    case width
    /// `finite train --table runs`: errors or kernel change against training step.
    case training
    /// `finite add-layer` (runs or summary) or `regress`: grouped bars with spreads.
    case bars
    /// `finite init` or `finite train` (summary) over depths and weight variances: a heat map of
    /// depth against weight_var coloured by a quantity, with the edge of chaos chi_1 = 1 drawn.
    case phase

    /// Which table the kind reads, in a few words (for `--help`).
    public var shortSource: String {
        switch self {
        case .decay: return "decay --table spectrum"
        case .slopes: return "decay --slopes --table slopes"
        case .gram: return "decay --method gram --table spectrum"
        case .projections: return "align --table energies (one kernel: --only)"
        case .overlap: return "align --table alignment"
        case .partialSums: return "rkhs --target ... --table partial_sums"
        case .width: return "finite init --table runs (or summary)"
        case .training: return "finite train --table runs"
        case .bars: return "finite add-layer (summary or runs), or regress"
        case .phase: return "finite init or finite train --table summary (one activation, width, bias)"
        }
    }

    /// Which command's table the kind reads, for messages.
    public var source: String {
        switch self {
        case .decay: return "spectra decay --format csv --table spectrum (and --table fit for --fit)"
        case .slopes: return "spectra decay --slopes --format csv --table slopes (and --table fit for --fit)"
        case .gram: return "spectra decay --method gram --format csv --table spectrum (and --table fit for --fit)"
        case .projections: return "spectra align --format csv --table energies"
        case .overlap: return "spectra align --format csv --table alignment"
        case .partialSums: return "spectra rkhs --target ... --format csv --table partial_sums"
        case .width: return "spectra finite init --format csv --table runs (or summary)"
        case .training: return "spectra finite train --format csv --table runs"
        case .bars: return "spectra finite add-layer --format csv (summary or runs), or spectra regress --format csv"
        case .phase: return "spectra finite init or spectra finite train --format csv --table summary, over --depths and --variances"
        }
    }
}

/// A figure named the way a study names it: its kind, and optionally the columns to draw
/// (x, one or more y, the spread) and the columns whose values make the series. Every column
/// left nil takes the kind's default for the table it reads (`FigureBuilder` says which).
public struct FigureSpec: Sendable, Equatable {
    public var kind: FigureKind
    public var x: String?
    public var y: [String]
    /// Columns whose distinct value combinations make the series (bars: the bars of a group).
    public var series: [String]?
    /// Column of error-bar half-lengths (else: ±1 sd over the `seed` column when there is one).
    public var spread: String?
    /// Keep only the rows of this series (its full value or its short label), e.g. one kernel
    /// of several for a heat map.
    public var only: String?

    public init(kind: FigureKind, x: String? = nil, y: [String] = [], series: [String]? = nil, spread: String? = nil,
                only: String? = nil) {
        self.kind = kind
        self.x = x
        self.y = y
        self.series = series
        self.spread = spread
        self.only = only
    }
}

/// Which input a message is about: the main table or the fit table beside it.
public enum FigureTableRole: String, Sendable {
    case table, fit
}

/// Why a figure cannot be drawn from the tables given; names the table and column.
public enum FigureError: Error, Equatable, CustomStringConvertible, Sendable {
    case missingColumn(role: FigureTableRole, column: String, kind: FigureKind, available: [String])
    case notANumber(role: FigureTableRole, column: String, row: Int, text: String)
    case emptyTable(role: FigureTableRole)
    case nothingToDraw(String)
    case severalSeries(kind: FigureKind, column: String, values: [String])
    case unknownSeries(given: String, values: [String])

    /// The input the error is about, if it is about one.
    public var role: FigureTableRole? {
        switch self {
        case .missingColumn(let role, _, _, _), .notANumber(let role, _, _, _), .emptyTable(let role): return role
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case let .missingColumn(_, column, kind, available):
            return "the \(kind.rawValue) figure needs a column '\(column)', which the table does not have; it has: "
                + available.joined(separator: ", ") + " (expected: \(kind.source))"
        case let .notANumber(_, column, row, text):
            return "column '\(column)', data row \(row): '\(text)' is not a number"
        case .emptyTable:
            return "the table has a header but no rows: there is nothing to draw"
        case .nothingToDraw(let reason):
            return reason
        case let .severalSeries(kind, column, values):
            return "a \(kind.rawValue) figure shows one \(column), the table has \(values.count): choose one with --only ("
                + values.joined(separator: " | ") + ")"
        case let .unknownSeries(given, values):
            return "--only '\(given)' matches no series; the table has: " + values.joined(separator: " | ")
        }
    }
}
