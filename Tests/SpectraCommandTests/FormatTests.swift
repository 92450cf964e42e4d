import Foundation
import Testing

@Suite("Output formats: tidy csv/tsv that read back, markdown, latex")
struct FormatTests {
    static let kernels = ["--kernel", "ntk", "--kernel", "laplace:c=2", "--kernel", "ntk:depth=3,bias_var=0.25"]

    @Test("kernel csv and tsv are tidy: a header, a kernel column, one row per kernel and t",
          arguments: [("csv", Character(",")), ("tsv", Character("\t"))])
    func kernelDelimitedIsTidy(format: String, separator: Character) throws {
        let run = try Spectra.run(["kernel"] + Self.kernels + ["--grid", "7", "--format", format])
        #expect(run.succeeded, "\(run.stderr)")
        let table = DelimitedTable(run, separator: separator)
        #expect(table.header == ["kernel", "t", "value"])
        #expect(table.rows.count == 3 * 7)
        for row in table.rows { #expect(row.count == table.header.count, "\(row)") }
        let kernels = try #require(table.column("kernel"))
        #expect(Set(kernels).count == 3)
        for header in table.header {
            #expect(header.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil, "\(header) is not snake_case")
        }
    }

    @Test("kernel csv reals read back bit for bit to the JSON values")
    func kernelCSVReadsBackExactly() throws {
        let arguments = ["kernel"] + Self.kernels + ["--points=-1,-0.5,-0.1,0,0.3,0.5,0.9,0.99,1"]
        let csv = try Spectra.run(arguments + ["--format", "csv"])
        let json = try Spectra.run(arguments + ["--format", "json"])
        #expect(csv.succeeded && json.succeeded, "\(csv.stderr)\(json.stderr)")
        let table = DelimitedTable(csv)
        let values = try #require(table.column("value")).map { Double($0) }
        let ts = try #require(table.column("t")).map { Double($0) }
        let report = try json.decoded(KernelReport.self)
        let expected = report.results.flatMap(\.values)
        try #require(values.count == expected.count)
        for (i, reference) in expected.enumerated() {
            let value = try #require(values[i], "row \(i + 1) does not read as a number")
            #expect(value.bitPattern == reference.value.bitPattern, "row \(i + 1): csv \(value), json \(reference.value)")
            #expect(ts[i]?.bitPattern == reference.t.bitPattern)
        }
        #expect(try #require(table.column("kernel")) == report.results.flatMap { r in r.values.map { _ in r.kernel } })
    }

    @Test("decay csv spectrum reads back bit for bit to the JSON eigenvalues, several kernels in one table")
    func decayCSVReadsBackExactly() throws {
        let arguments = ["decay", "--kernel", "ntk", "--kernel", "laplace", "--kernel", "gexp:gamma=0.5", "--max-degree", "60"]
        let csv = try Spectra.run(arguments + ["--format", "csv"])
        let json = try Spectra.run(arguments + ["--format", "json"])
        #expect(csv.succeeded && json.succeeded, "\(csv.stderr)\(json.stderr)")
        let table = DelimitedTable(csv)
        #expect(Array(table.header.prefix(1)) == ["kernel"])
        #expect(Set(table.header).isSuperset(of: ["kernel", "dimension", "degree", "multiplicity", "eigenvalue"]))
        let results = try json.decoded(DecayJSON.self).results
        try #require(table.rows.count == results.reduce(0) { $0 + $1.spectrum.count })
        let kernels = try #require(table.column("kernel"))
        let degrees = try #require(table.column("degree"))
        let eigenvalues = try #require(table.column("eigenvalue"))
        var row = 0
        for result in results {
            for entry in result.spectrum {
                #expect(kernels[row] == result.kernel)
                #expect(degrees[row] == String(entry.degree))
                let value = try #require(Double(eigenvalues[row]), "'\(eigenvalues[row])' does not read as a number")
                #expect(value.bitPattern == entry.eigenvalue.bitPattern, "\(result.kernel) mu_\(entry.degree)")
                row += 1
            }
        }
    }

    @Test("--table fit with csv gives one fit row per kernel with the fit columns")
    func fitTableAsCSV() throws {
        let arguments = ["decay", "--kernel", "ntk:depth=3", "--kernel", "laplace", "--max-degree", "200", "--fit-range", "50:200"]
        let csv = try Spectra.run(arguments + ["--format", "csv", "--table", "fit"])
        let json = try Spectra.run(arguments + ["--format", "json"])
        #expect(csv.succeeded && json.succeeded, "\(csv.stderr)\(json.stderr)")
        let table = DelimitedTable(csv)
        #expect(table.rows.count == 2)
        #expect(table.header.first == "kernel")
        #expect(Set(table.header).isSuperset(of: ["kernel", "exponent", "prefactor", "stderr", "r2", "parity"]))
        let results = try json.decoded(DecayJSON.self).results
        let exponents = try #require(table.column("exponent")).compactMap(Double.init)
        #expect(exponents.map(\.bitPattern) == results.map(\.fitted.exponent.bitPattern))
        for exponent in exponents { #expect(abs(exponent - 3) < 0.1, "exponent \(exponent) on [50, 200], theory 3") }
        #expect(try #require(table.column("degree_from")) == ["50", "50"])
        #expect(try #require(table.column("degree_to")) == ["200", "200"])
    }

    @Test("--table slopes needs --slopes; an absent table is refused naming --table")
    func absentTableIsRefused() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--format", "csv", "--table", "slopes"])
        #expect(run.refusedCleanly, "status \(run.status): \(run.stderr)")
        #expect(run.stderr.contains("--table"))
        #expect(run.stdout.isEmpty)
    }

    @Test("markdown renders pipe tables with a header separator")
    func markdownRenders() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--max-degree", "10", "--format", "markdown"])
        #expect(run.succeeded, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("| kernel |") })
        #expect(lines.contains { $0.range(of: #"^\|( ?:?-{3,}:? ?\|)+$"#, options: .regularExpression) != nil })
        #expect(run.stdout.contains("0.6666666667"))  // mu_1 = 2/3 at the digits shown
        let kernel = try Spectra.run(["kernel", "--kernel", "ntk", "--points=0,1", "--format", "markdown"])
        #expect(kernel.succeeded)
        #expect(kernel.stdout.contains("| kernel | t | value |"))
    }

    @Test("latex renders booktabs tables")
    func latexRenders() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk:bias_var=0.5", "--max-degree", "10", "--format", "latex"])
        #expect(run.succeeded, "\(run.stderr)")
        for needle in [#"\begin{tabular}"#, #"\toprule"#, #"\midrule"#, #"\bottomrule"#, #"\end{tabular}"#] {
            #expect(run.stdout.contains(needle), "missing \(needle)")
        }
        // Underscores of the column names and specs are escaped for LaTeX (the human formats
        // name the kernel by its shortest spec).
        #expect(!run.stdout.contains("bias_var") && !run.stdout.contains("error_estimate"))
        #expect(run.stdout.contains(#"ntk:bias\_var=0.5 & "#) && run.stdout.contains(#"error\_estimate"#))
        #expect(run.stdout.components(separatedBy: #"\begin{tabular}"#).count
            == run.stdout.components(separatedBy: #"\end{tabular}"#).count)
    }

    @Test("the default human table prints the eigenvalues and the fit")
    func humanTableRenders() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--max-degree", "10"])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout.contains("eigenvalue"))
        #expect(run.stdout.contains("exponent"))
        #expect(run.stdout.contains("0.15625"))  // mu_2 = 5/32
    }
}
