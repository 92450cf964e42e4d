import Foundation
import Testing

/// Output a person reads (README "Examples", docs/kernels.md#labels): kernels named by label or
/// shortest spec in the human formats and by canonical spec in the machine ones, --table in every
/// format, empty columns left out, LaTeX that says what it needs, and align's sentences.
@Suite("Human output: labels, --table, empty columns, LaTeX, align's summary")
struct HumanOutputTests {
    static let canonicalNTK3 = "ntk:depth=3,activation=relu,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false"

    @Test("human formats name kernels by shortest spec or label; csv keeps the canonical spec and adds kernel_label")
    func labelsInEveryFormat() throws {
        let base = ["decay", "--kernel", "NTK-3=ntk:depth=3", "--kernel", "laplace:c=2", "--max-degree", "8"]
        let markdown = try Spectra.run(base + ["--format", "markdown"])
        #expect(markdown.succeeded, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("| NTK-3 | 3 | 0 |"))
        #expect(markdown.stdout.contains("| laplace:c=2 | 3 | 0 |"))
        #expect(!markdown.stdout.contains("activation=relu"))

        let csv = try Spectra.run(base + ["--format", "csv"])
        #expect(csv.succeeded, "\(csv.stderr)")
        let table = DelimitedTable(csv)
        #expect(Array(table.header.prefix(2)) == ["kernel", "kernel_label"])
        #expect(Set(try #require(table.column("kernel"))) == [Self.canonicalNTK3, "laplace:c=2"])
        #expect(Set(try #require(table.column("kernel_label"))) == ["NTK-3", "laplace:c=2"])

        // Without a label, csv is as it always was: no label column.
        let plain = try Spectra.run(["decay", "--kernel", "ntk:depth=3", "--max-degree", "8", "--format", "csv"])
        #expect(DelimitedTable(plain).header.first == "kernel")
        #expect(!DelimitedTable(plain).header.contains("kernel_label"))

        let json = try Spectra.run(base + ["--format", "json"]).json()
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.first?["kernel"] as? String == Self.canonicalNTK3)
        #expect(results.first?["kernel_label"] as? String == "NTK-3")
        #expect(results.last?["kernel_label"] as? String == "laplace:c=2")
    }

    @Test("the table format shows the short names in align's pair columns and in its sentences")
    func alignUsesLabels() throws {
        let run = try Spectra.run(["align", "--kernel", "deep=ntk:depth=3,bias_var=0.25", "--kernel", "laplace", "--samples", "300",
                                   "--seed", "1", "--top", "16"])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout.contains("deep and laplace share eigenfunctions up to degree"))
        #expect(!run.stdout.contains("normalize=false"))
    }

    @Test("bad labels, duplicate labels and labelled duplicates are refused with 64 and the label named",
          arguments: [["--kernel", "ntk=laplace"], ["--kernel", "a,b=ntk"], ["--kernel", "=ntk"],
                      ["--kernel", "A=ntk", "--kernel", "A=laplace"], ["--kernel", "A=ntk", "--kernel", "ntk:depth=2"]])
    func badLabelsAreRefused(kernels: [String]) throws {
        let run = try Spectra.run(["kernel"] + kernels + ["--points", "0"])
        #expect(run.refusedCleanly && run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("label") || run.stderr.contains("same kernel"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test("--table selects one table in every format", arguments: ["table", "markdown", "latex", "csv", "tsv", "json"])
    func tableSelectsInEveryFormat(format: String) throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--max-degree", "20", "--slopes", "--table", "fit", "--format", format])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout.contains("exponent"))
        // The spectrum's columns and the slopes' are not printed.
        #expect(!run.stdout.contains("error_estimate") && !run.stdout.contains(#"error\_estimate"#))
        #expect(!run.stdout.contains("Local slopes"))
        if format == "json" {
            let json = try run.json()
            #expect(json["table"] as? String == "fit")
            #expect((json["rows"] as? [[String: Any]])?.count == 1)
            #expect(json["command"] != nil && json["build"] != nil)
        }
    }

    @Test("--table naming a table the output lacks is refused in every format, with the tables it has",
          arguments: ["table", "markdown", "latex", "csv", "json"])
    func tableNotInOutputIsRefused(format: String) throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--max-degree", "20", "--table", "slopes", "--format", format])
        #expect(run.refusedCleanly && run.status == 64)
        #expect(run.stderr.contains("--table slopes is not part of this output; it has: spectrum, fit"), "\(run.stderr)")
        let one = try Spectra.run(["align", "--kernel", "ntk", "--samples", "200", "--top", "4", "--table", "alignment"])
        #expect(one.refusedCleanly && one.status == 64)
        #expect(one.stderr.contains("it has: summary, projections, energies"), "\(one.stderr)")
        let values = try Spectra.run(["kernel", "--kernel", "ntk", "--points", "0", "--table", "fit"])
        #expect(values.refusedCleanly && values.stderr.contains("it has: values"), "\(values.stderr)")
    }

    @Test("a table only csv printed before (every Gram eigenvalue) can now be asked for in markdown")
    func hiddenTablesOnRequest() throws {
        let run = try Spectra.run(["decay", "--kernel", "laplace", "--method", "gram", "--samples", "50", "--seed", "2",
                                   "--table", "eigenvalues", "--format", "markdown"])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").filter { $0.hasPrefix("| laplace |") }.count == 50)
    }

    @Test("empty columns are left out of the human formats, kept in csv")
    func emptyColumnsLeftOut() throws {
        let args = ["decay", "--kernel", "ntk", "--max-degree", "20", "--table", "fit"]
        let markdown = try Spectra.run(args + ["--format", "markdown"])
        #expect(markdown.succeeded)
        #expect(!markdown.stdout.contains("shifted_exponent") && !markdown.stdout.contains("| note |"))
        let csv = try Spectra.run(args + ["--format", "csv"])
        #expect(DelimitedTable(csv).header.contains("shifted_exponent") && DelimitedTable(csv).header.contains("note"))
        let shifted = try Spectra.run(args + ["--shifted", "--format", "markdown"])
        #expect(shifted.stdout.contains("shifted_exponent"))
    }

    @Test("latex names booktabs once and puts every number in math mode")
    func latexPackagesAndNumbers() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk:weight_var=3", "--max-degree", "10", "--format", "latex"])
        #expect(run.succeeded, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == #"% needs \usepackage{booktabs} (\toprule, \midrule, \bottomrule)"#)
        #expect(lines.filter { $0.contains("usepackage") }.count == 1)
        #expect(run.stdout.contains(#"ntk:weight\_var=3 & $3$ & $0$ & $1$ & "#), "\(run.stdout)")
        // Every cell of a numeric column is in math mode (the spectrum's dimension .. error_estimate).
        for line in lines where line.hasPrefix("ntk:") {
            let cells = line.dropLast(3).components(separatedBy: " & ")
            for cell in cells.dropFirst() where cell.first?.isNumber == true {
                Issue.record("a number outside math mode: \(cell) in \(line)")
            }
        }
    }

    @Test("align ends with one sentence per pair: shared degrees, and exact zeros named as the reason")
    func alignSummarySentences() throws {
        let run = try Spectra.run(["align", "--kernel", "ntk", "--kernel", "laplace", "--samples", "600", "--seed", "1",
                                   "--top", "25", "--max-degree", "6"])
        #expect(run.succeeded, "\(run.stderr)")
        let text = run.stdout
        #expect(text.contains("# Shared eigenfunctions (top 25 eigenvectors, degrees 0...6, n = 600)"))
        // The bias-free depth-2 ReLU NTK vanishes at every odd degree >= 3 (docs/kernels.md#exact-zeros):
        // the two kernels share degrees 0, 1, 2 and part at 3 because of the NTK's zero.
        #expect(text.contains("ntk and laplace share eigenfunctions up to degree 2"), "\(text)")
        #expect(text.contains("They differ at degree"), "\(text)")
        #expect(text.contains("because ntk's mu_k is an exact zero there"), "\(text)")
        // Laplace's top 25 eigenvectors are its degrees 0...4 (1 + 3 + 5 + 7 + 9 = 25).
        #expect(text.contains("From degree 5 on nothing is compared: the top 25 eigenvectors of laplace end there"), "\(text)")
        let markdown = try Spectra.run(["align", "--kernel", "ntk", "--kernel", "laplace", "--samples", "600", "--seed", "1",
                                        "--top", "25", "--max-degree", "6", "--format", "markdown"])
        #expect(markdown.stdout.contains("### Shared eigenfunctions"))
        #expect(markdown.stdout.contains("- ntk and laplace share eigenfunctions up to degree 2"))
        let csv = try Spectra.run(["align", "--kernel", "ntk", "--kernel", "laplace", "--samples", "600", "--seed", "1",
                                   "--top", "25", "--format", "csv"])
        #expect(!csv.stdout.contains("share eigenfunctions"))
    }

    @Test("a study's paper tables name kernels by shortest spec; its csv keeps the canonical spec")
    func studyPaperTablesUseShortNames() throws {
        let scratch = try Scratch()
        let study = try Self.repositoryRoot().appendingPathComponent("analyses/example-decay.toml")
        let out = scratch.file("out")
        let run = try Spectra.run(["run", study.path, "--size", "quick", "--output-dir", out.path])
        #expect(run.succeeded, "\(run.stderr)")
        let markdown = try String(contentsOf: out.appendingPathComponent("analytic.fit.md"), encoding: .utf8)
        let csv = try String(contentsOf: out.appendingPathComponent("analytic.fit.csv"), encoding: .utf8)
        #expect(markdown.contains("| ntk:depth=3,bias_var=0.25 |") && !markdown.contains("normalize=false"), "\(markdown)")
        #expect(csv.contains(Self.canonicalNTK3.replacingOccurrences(of: "bias_var=0", with: "bias_var=0.25")), "\(csv)")
        let latex = try String(contentsOf: out.appendingPathComponent("analytic.fit.tex"), encoding: .utf8)
        #expect(latex.hasPrefix("% needs \\usepackage{booktabs}"))
    }

    @Test("spectra kernels lists every kernel's parameters with the defaults a spec gets")
    func kernelsCommand() throws {
        let run = try Spectra.run(["kernels", "--format", "csv"])
        #expect(run.succeeded, "\(run.stderr)")
        let table = DelimitedTable(run)
        #expect(table.header == ["kernel", "parameter", "default", "allowed", "condition", "applies_with", "meaning"])
        let rows = Dictionary(table.rows.map { ("\($0[0]).\($0[1])", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(rows["ntk.depth"]?[2] == "2" && rows["ntk.depth"]?[3] == "integer 2 ... 1000")
        #expect(rows["ntk.input_var"]?[2] == "= weight_var")
        #expect(rows["ntk.slope"]?[2] == "0.01" && rows["ntk.slope"]?[5] == "activation=leaky_relu")
        #expect(rows["gexp.gamma"]?[3] == "(0, 2]" && rows["gexp.gamma"]?[2] == "1")
        #expect(rows["matern.nu"]?[2] == "1.5" && rows["poly.degree"]?[2] == "2")
        let theory = try Spectra.run(["kernels", "ntk", "laplace", "--dim", "5", "--table", "kernels", "--format", "csv"])
        let kernels = DelimitedTable(theory)
        #expect(kernels.rows.count == 2)
        // The NTK decays like k^-d and Laplace like k^-(d-1+gamma) = k^-d, here d = 5 (docs/decay.md).
        #expect(kernels.column("theory")?.allSatisfy { $0.hasPrefix("mu_k ~ k^-5") } == true, "\(kernels.rows)")
        let bad = try Spectra.run(["kernels", "nkt"])
        #expect(bad.refusedCleanly && bad.stderr.contains("unknown kernel 'nkt'"))
    }

    /// Every example printed in a --help runs as printed and exits 0: the lines of each
    /// "Example(s):" block, run one after the other in one scratch folder (so that a file one
    /// writes is there for the next), which holds the repository's data/ and analyses/ and empty
    /// results/ and notebooks-export/ folders, as a clone does.
    @Test("every example in every --help runs and exits 0")
    func helpExamplesRun() throws {
        let commands = [[], ["kernels"], ["kernel"], ["decay"], ["rkhs"], ["align"], ["regress"], ["finite"], ["finite", "init"],
                        ["finite", "train"], ["finite", "add-layer"], ["run"], ["notebook"], ["plot"]]
        let root = try Self.repositoryRoot()
        let scratch = try Scratch()
        for folder in ["data", "analyses"] {
            try FileManager.default.createSymbolicLink(at: scratch.file(folder), withDestinationURL: root.appendingPathComponent(folder))
        }
        for folder in ["results", "notebooks-export"] {
            try FileManager.default.createDirectory(at: scratch.file(folder), withIntermediateDirectories: true)
        }
        var examples: [String] = []
        for command in commands {
            let help = try Spectra.run(command + ["--help"])
            #expect(help.succeeded, "\(command) --help: \(help.stderr)")
            let found = Self.examples(in: help.stdout)
            #expect(!found.isEmpty, "spectra \(command.joined(separator: " ")) --help shows no example")
            for line in help.stdout.split(separator: "\n") where line.count > 80 && line.hasPrefix("  spectra ") {
                Issue.record("an example wider than 80 columns is wrapped by the help: \(line)")
            }
            examples += found
        }
        let executable = try Spectra.executable.get()
        for example in examples {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            // `spectra` is the binary under test.
            process.arguments = ["-c", "spectra() { \"$SPECTRA_BIN\" \"$@\"; }; set -o pipefail; " + example]
            var environment = ProcessInfo.processInfo.environment
            environment["SPECTRA_BIN"] = executable.path
            process.environment = environment
            process.currentDirectoryURL = scratch.url
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(example): \(message)")
        }
        #expect(examples.count >= 35)
    }

    /// The command lines of every "Example:" or "Examples:" block of a help text: its indented
    /// lines, joined across `\` continuations.
    static func examples(in help: String) -> [String] {
        var out: [String] = []
        var pending: String?
        var inBlock = false
        for raw in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.contains("Example") && line.hasSuffix(":") && !line.hasPrefix(" ") { inBlock = true; continue }
            guard inBlock else { continue }
            guard line.hasPrefix("  ") else { inBlock = false; continue }
            let text = line.trimmingCharacters(in: .whitespaces)
            let joined = (pending.map { $0 + " " } ?? "") + text
            if joined.hasSuffix("\\") { pending = String(joined.dropLast()) } else { out.append(joined); pending = nil }
        }
        return out
    }

    static func repositoryRoot() throws -> URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }
}
