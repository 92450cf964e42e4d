import ArgumentParser
import Foundation
import SpectraKit

extension FigureKind: ExpressibleByArgument {}

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw one figure (SVG or pgfplots) from a table a spectra command wrote with --format csv.",
        discussion: """
        --kind names the figure and the table --input holds (as written by
        --format csv; a .tsv file is read as TSV):
        \(FigureKind.allCases.map { "  \($0.rawValue): \($0.shortSource)" }.joined(separator: "\n"))
        decay, slopes and gram also draw the fitted power law (solid) and the
        theoretical slope (dashed) from --fit, the fit table of the same run.
        Columns default per kind; --x, --y, --series, --spread and --only choose
        others. Zeros on log axes are left out, and a note under the figure says so.
        The format follows --output. FILE.svg: a standalone SVG. FILE.tex: a
        pgfplots picture (standalone class) reading FILE.csv, written beside it
        (one row per drawn point: a series column and the input's column names);
        a paper \\input{}s it after \\usepackage{standalone} and {pgfplots}.
        Example (runs as printed, in an empty folder):
          spectra decay --kernel laplace --kernel gexp:gamma=0.5 --max-degree 1000 \\
            --format csv --table spectrum --output spectrum.csv
          spectra decay --kernel laplace --kernel gexp:gamma=0.5 --max-degree 1000 \\
            --format csv --table fit --output fit.csv
          spectra plot --kind decay --input spectrum.csv --fit fit.csv \\
            --output decay.svg
          spectra plot --kind decay --input spectrum.csv --fit fit.csv \\
            --output decay.tex
        """
    )

    @Option(help: "The figure: \(FigureKind.allCases.map(\.rawValue).joined(separator: " | ")).")
    var kind: FigureKind

    @Option(help: "The table to draw: CSV (or .tsv) as a spectra command wrote it with --format csv.")
    var input: String

    @Option(help: "decay, slopes, gram: the fit table (--table fit) of the same run, for the fitted and theoretical lines.")
    var fit: String?

    @Option(help: "The figure file: FILE.svg, or FILE.tex (then FILE.csv is written beside it).")
    var output: String

    @Option(help: "Column on the x axis (default: the kind's).")
    var x: String?

    @Option(help: "Column(s) on the y axis, comma-separated (default: the kind's).")
    var y: String?

    @Option(help: "Columns whose values make the series, comma-separated; '' for one series (default: the kind's).")
    var series: String?

    @Option(help: "Column of error-bar half-lengths (default: ±1 sd over the seed column, where there is one).")
    var spread: String?

    @Option(help: "Draw only this series: a value of the series column or its legend label (e.g. one kernel).")
    var only: String?

    enum Rendering { case svg, tex }

    var rendering: Rendering? {
        let lower = output.lowercased()
        if lower.hasSuffix(".svg") { return .svg }
        if lower.hasSuffix(".tex") { return .tex }
        return nil
    }

    /// FILE.csv for FILE.tex.
    var dataPath: String { String(output.dropLast(4)) + ".csv" }

    func validate() throws {
        guard rendering != nil else {
            throw ValidationError("--output must end in .svg (a standalone SVG) or .tex (pgfplots, with FILE.csv beside it); got '\(output)'")
        }
        if fit != nil, ![.decay, .slopes, .gram].contains(kind) {
            throw ValidationError("--fit applies to the decay, slopes and gram figures, not to \(kind.rawValue)")
        }
    }

    func run() throws {
        let table = try Self.read(input, option: "--input")
        let fitTable = try fit.map { try Self.read($0, option: "--fit") }
        let spec = FigureSpec(kind: kind, x: x, y: y.map(Self.list) ?? [], series: series.map(Self.list), spread: spread, only: only)
        let figure: Figure
        do {
            figure = try FigureBuilder.build(spec, table: table, fit: fitTable)
        } catch {
            switch error.role {
            case .fit: throw CommandError.data("--fit \(fit ?? ""): \(error)")
            case .table: throw CommandError.data("--input \(input): \(error)")
            case nil: throw CommandError.usage("\(error)")
            }
        }
        switch rendering {
        case .svg, nil:
            try AtomicFileWriter.write(SVGFigureRenderer.render(figure), to: output)
        case .tex:
            let name = String(dataPath.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
            let pgf = try PGFPlotsFigureRenderer.render(figure, dataFile: name)
            try AtomicFileWriter.write(DelimitedFormatter.csv.render(pgf.data), to: dataPath)
            try AtomicFileWriter.write(pgf.tex, to: output)
        }
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func read(_ path: String, option: String) throws -> Table {
        let text = try InputFile.text(path, option: option)
        do {
            return try DelimitedTableReader.read(text, delimiter: path.lowercased().hasSuffix(".tsv") ? "\t" : ",")
        } catch {
            throw CommandError.data("\(option) \(path): \(error)")
        }
    }
}
