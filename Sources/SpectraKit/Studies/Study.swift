/// A reproducible study (`analyses/NAME.toml`): what it is about, the spectra commands that
/// compute its tables, the figures drawn from them and the paper's claims checked against them.
/// The file format is read by `StudyFile`; running a study is the command layer's `spectra run`.
public struct Study: Sendable {
    /// The file's stem: results go to `results/NAME/`, the notebook to `notebooks-export/NAME.ipynb`.
    public let name: String
    public let title: String
    /// The paper (authors, year, title, arXiv id) whose results the study reproduces or checks.
    public let reference: String
    public let description: String
    /// Named sizes (e.g. `quick`, `full`), in the file's order; a step option may take one value per size.
    public let sizes: [String]
    public let steps: [StudyStep]
    public let figures: [StudyFigure]
    public let claims: [StudyClaim]

    public init(name: String, title: String, reference: String, description: String, sizes: [String],
                steps: [StudyStep], figures: [StudyFigure], claims: [StudyClaim]) {
        self.name = name
        self.title = title
        self.reference = reference
        self.description = description
        self.sizes = sizes
        self.steps = steps
        self.figures = figures
        self.claims = claims
    }

    /// The size a run uses when none is asked for: `full` if the study has it, else its last size.
    public var defaultSize: String? { sizes.contains("full") ? "full" : sizes.last }
}

/// One value of a step's option, as the study file gives it.
public indirect enum StudyValue: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case integer(Int)
    case real(Double)
    case boolean(Bool)
    /// Several values: a sweep for an option that takes one value, repeated flags for one that
    /// takes many (`--kernel`).
    case list([StudyValue])
    /// One value per study size (`{ quick = 200, full = 4000 }`).
    case perSize([String: StudyValue])

    /// The command-line text of a scalar (reals in their shortest round-trip form).
    public var description: String {
        switch self {
        case .text(let s): return s
        case .integer(let n): return String(n)
        case .real(let x): return KernelParameter.format(x)
        case .boolean(let b): return b ? "true" : "false"
        case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .perSize(let values):
            return "{" + values.keys.sorted().map { "\($0) = \(values[$0]!.description)" }.joined(separator: ", ") + "}"
        }
    }

    /// This value at `size`: a per-size value picks its entry (nil when it has none).
    public func resolved(size: String?) -> StudyValue? {
        guard case .perSize(let values) = self else { return self }
        return size.flatMap { values[$0] }
    }
}

/// One spectra command of a study.
public struct StudyStep: Sendable {
    /// The step's name, unique in the study: its tables are `NAME.TABLE.csv`.
    public let name: String
    /// The command path, e.g. `["decay"]` or `["finite", "init"]`.
    public let command: [String]
    /// Options by their long name without dashes (`max-degree`), in the file's key order (sorted).
    public let options: [(key: String, value: StudyValue)]
    /// The tidy tables kept (nil: every table the command gives).
    public let tables: [String]?
    /// Tables also written as Markdown and LaTeX for the paper.
    public let paperTables: [String]

    public init(name: String, command: [String], options: [(key: String, value: StudyValue)], tables: [String]?,
                paperTables: [String]) {
        self.name = name
        self.command = command
        self.options = options
        self.tables = tables
        self.paperTables = paperTables
    }
}

/// A figure of the study, drawn from one step's table.
public struct StudyFigure: Sendable {
    /// Its file stem under the results folder (`NAME.svg`, `NAME.tex`).
    public let name: String
    /// The figure kind (see `FigureKind`).
    public let kind: String
    public let step: String
    public let table: String
    /// Any further keys (columns, series, title), as given.
    public let settings: [String: StudyValue]

    public init(name: String, kind: String, step: String, table: String, settings: [String: StudyValue]) {
        self.name = name
        self.kind = kind
        self.step = step
        self.table = table
        self.settings = settings
    }
}
