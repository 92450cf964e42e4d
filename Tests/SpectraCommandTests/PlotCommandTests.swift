import Foundation
import Testing

@Suite("spectra plot: one figure from a command's own CSV")
struct PlotCommandTests {
    /// decay's spectrum and fit tables for two kernels, written into `scratch`.
    static func decayTables(in scratch: Scratch) throws {
        for table in ["spectrum", "fit"] {
            let run = try Spectra.run(["decay", "--kernel", "laplace", "--kernel", "ntk:depth=3,bias_var=0.25", "--max-degree", "200",
                                       "--format", "csv", "--table", table, "--output", "\(table).csv"], in: scratch.url)
            #expect(run.succeeded, "\(run.stderr)")
        }
    }

    @Test func decayFigureAsSVGAndAsPgfplotsWithItsTable() throws {
        let scratch = try Scratch()
        try Self.decayTables(in: scratch)
        let svg = try Spectra.run(["plot", "--kind", "decay", "--input", "spectrum.csv", "--fit", "fit.csv", "--output", "decay.svg"],
                                  in: scratch.url)
        #expect(svg.succeeded, "\(svg.stderr)")
        #expect(svg.stdout.isEmpty)
        let text = try String(contentsOf: scratch.file("decay.svg"), encoding: .utf8)
        #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(text.contains(">ntk:depth=3,bias_var=0.25</text>"))
        #expect(text.contains(">theory p = 3</text>"))
        #expect(text.contains("baseline-shift=\"super\""))
        let tex = try Spectra.run(["plot", "--kind", "decay", "--input", "spectrum.csv", "--fit", "fit.csv", "--output", "decay.tex"],
                                  in: scratch.url)
        #expect(tex.succeeded, "\(tex.stderr)")
        let picture = try String(contentsOf: scratch.file("decay.tex"), encoding: .utf8)
        #expect(picture.contains("table [x=degree, y=eigenvalue, col sep=comma] {decay.csv};"))
        let data = try String(contentsOf: scratch.file("decay.csv"), encoding: .utf8)
        #expect(data.hasPrefix("series,degree,eigenvalue\n"))
        #expect(try OutputFileTests.entries(of: scratch) == ["decay.csv", "decay.svg", "decay.tex", "fit.csv", "spectrum.csv"])
    }

    @Test func theExampleOfTheHelpRunsAsPrinted() throws {
        let help = try Spectra.run(["plot", "--help"])
        // Example commands, continued over lines ending in a backslash.
        var lines: [String] = []
        var continuing = false
        for raw in help.stdout.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if continuing, let last = lines.popLast() { lines.append(last + " " + line) } else if line.hasPrefix("spectra ") { lines.append(line) }
            continuing = (continuing || line.hasPrefix("spectra ")) && line.hasSuffix("\\")
            if let last = lines.last, last.hasSuffix("\\") { lines[lines.count - 1] = String(last.dropLast()).trimmingCharacters(in: .whitespaces) }
        }
        #expect(lines.count == 4, "\(lines)")
        let scratch = try Scratch()
        for line in lines {
            let run = try Spectra.run(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().map(String.init), in: scratch.url)
            #expect(run.succeeded, "\(line): \(run.stderr)")
        }
        #expect(try OutputFileTests.entries(of: scratch) == ["decay.csv", "decay.svg", "decay.tex", "fit.csv", "spectrum.csv"])
    }

    static let badCases: [(name: String, input: String, arguments: [String], mentions: [String])] = [
        ("missing column", "kernel,degree\nntk,1\n", ["--kind", "decay"], ["in.csv", "eigenvalue", "degree"]),
        ("empty table", "kernel,degree,eigenvalue\n", ["--kind", "decay"], ["in.csv", "no rows"]),
        ("non-numeric cell", "kernel,degree,eigenvalue\nntk,1,0.5\nntk,2,lots\n", ["--kind", "decay"], ["in.csv", "eigenvalue", "row 2", "lots"]),
        ("unknown kind", "a\n1\n", ["--kind", "pie"], ["--kind", "pie", "decay", "projections"]),
        ("wrong extension", "a\n1\n", ["--kind", "decay", "--output", "figure.png"], ["--output", ".svg", ".tex"]),
        ("empty file", "", ["--kind", "decay"], ["in.csv", "empty"]),
        ("ragged row", "kernel,degree,eigenvalue\nntk,1\n", ["--kind", "decay"], ["in.csv", "line 2"]),
        ("several kernels in a heat map", "kernel,index,degree,energy\nntk,1,0,1\nlaplace,1,0,1\n", ["--kind", "projections"],
         ["--only", "ntk", "laplace"]),
    ]

    @Test("bad input: a message naming the file and column, a non-zero exit, no file written or changed",
          arguments: badCases.indices)
    func badInputIsRefusedAndTouchesNoFile(index: Int) throws {
        let bad = Self.badCases[index]
        let scratch = try Scratch()
        _ = try scratch.write(bad.input, to: "in.csv")
        _ = try scratch.write("old figure\n", to: "figure.svg")
        var arguments = ["plot", "--input", "in.csv"] + bad.arguments
        if !arguments.contains("--output") { arguments += ["--output", "figure.svg"] }
        let run = try Spectra.run(arguments, in: scratch.url)
        #expect(run.refusedCleanly, "\(bad.name): status \(run.status), \(run.stderr)")
        for word in bad.mentions { #expect(run.stderr.contains(word), "\(bad.name): '\(word)' not in \(run.stderr)") }
        #expect(try String(contentsOf: scratch.file("figure.svg"), encoding: .utf8) == "old figure\n")
        #expect(try OutputFileTests.entries(of: scratch) == ["figure.svg", "in.csv"])
    }

    @Test func aMissingInputFileIsNamed() throws {
        let run = try Spectra.run(["plot", "--kind", "decay", "--input", "nowhere.csv", "--output", "f.svg"])
        #expect(run.refusedCleanly)
        #expect(run.stderr.contains("--input") && run.stderr.contains("nowhere.csv"))
    }
}
