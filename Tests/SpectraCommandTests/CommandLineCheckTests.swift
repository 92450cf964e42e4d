import Foundation
import Testing

/// Checks made before any work, for every command: repeated and contradictory options, unknown
/// commands, negative numbers, input paths, --output; and the exit status of each situation.
@Suite("Command line: checks before any work, with the documented exit statuses")
struct CommandLineCheckTests {
    /// One invocation, the exit status its situation has (README, "Exit status") and the words
    /// its message must contain.
    struct Case: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let status: Int32
        let mentions: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let usage: Int32 = 64, dataError: Int32 = 65, failure: Int32 = 1

    static let cases = [
        // An option that takes one value, given twice: refused naming it and both values.
        Case(arguments: ["decay", "--kernel", "ntk", "--dim", "3", "--dim", "10"], status: usage, mentions: ["--dim", "3", "10", "once"]),
        Case(arguments: ["kernel", "--kernel", "ntk", "--grid", "3", "--grid=5"], status: usage, mentions: ["--grid", "3", "5"]),
        Case(arguments: ["finite", "init", "--widths", "4", "--widths", "8"], status: usage, mentions: ["--widths", "4", "8"]),
        Case(arguments: ["rkhs", "--kernel", "ntk", "--max-degree", "50", "--format", "csv", "--format", "json"], status: usage,
             mentions: ["--format", "csv", "json"]),
        // A shorthand that contradicts the spec: both named.
        Case(arguments: ["kernel", "--kernel", "ntk:depth=4", "--depth", "3", "--points", "0"], status: usage,
             mentions: ["--depth 3", "depth=4", "ntk:depth=4"]),
        // Unknown commands, at the top and below `finite`.
        Case(arguments: ["eigen", "--kernel", "ntk"], status: usage, mentions: ["unknown command 'eigen'", "decay", "rkhs", "finite"]),
        Case(arguments: ["finite", "grow"], status: usage, mentions: ["unknown command 'grow'", "init", "train", "add-layer"]),
        // A negative number is a value: its option's own check names the range.
        Case(arguments: ["decay", "--kernel", "ntk", "--max-degree", "-1"], status: usage, mentions: ["--max-degree", "from 2 to", "-1"]),
        Case(arguments: ["align", "--kernel", "ntk", "--samples", "50", "--top", "-3"], status: usage, mentions: ["--top", "at least 1", "-3"]),
        // Input paths: what is wrong with them, not "cannot read as UTF-8".
        Case(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "missing.csv"], status: usage,
             mentions: ["--data", "missing.csv", "no such file"]),
        Case(arguments: ["regress", "--kernel", "ntk", "--data", ".", "--target", "y"], status: usage, mentions: ["--data", "is a directory"]),
        Case(arguments: ["rkhs", "--kernel", "ntk", "--target-data", "missing.csv"], status: usage, mentions: ["--target-data", "no such file"]),
        // Finite studies name the option the user typed, not the kernel spec built from it.
        Case(arguments: ["finite", "init", "--variances", "1e308:0", "--widths", "4", "--seeds", "1", "--samples", "10"],
             status: usage, mentions: ["--variances", "weight_var", "1e+308"]),
        Case(arguments: ["finite", "add-layer", "--data", "table.csv", "--target", "y", "--weight-var", "1e308"], status: usage,
             mentions: ["--weight-var", "1e+308"]),
        // The same situation has the same status in every command: a bad value of an option...
        Case(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--samples", "5"], status: usage, mentions: ["--samples", "10"]),
        Case(arguments: ["kernel", "--kernel", "ntk", "--points", "2"], status: usage, mentions: ["--points", "[-1, 1]"]),
        Case(arguments: ["kernel", "--kernel", "foo", "--points", "0"], status: usage, mentions: ["foo", "ntk"]),
        Case(arguments: ["rkhs", "--kernel", "ntk", "--target", "cosh"], status: usage, mentions: ["--target", "cosh"]),
        // ... bad content of a data file (named with its line) ...
        Case(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "bad.csv"], status: dataError,
             mentions: ["bad.csv", "line 2", "abc"]),
        Case(arguments: ["regress", "--kernel", "ntk", "--data", "bad.csv", "--target", "y"], status: dataError, mentions: ["bad.csv", "line 2"]),
        // ... and a failure while running.
        Case(arguments: ["decay", "--kernel", "poly:degree=3", "--max-degree", "20", "--fit-range", "10:20"], status: failure,
             mentions: ["poly"]),
    ]

    /// The files the cases read, in their working directory.
    static func scratch() throws -> Scratch {
        let scratch = try Scratch()
        _ = try scratch.write("x,y,z\n1,abc,0\n", to: "bad.csv")
        _ = try scratch.write("a,b,y\n1,2,3\n4,5,6\n", to: "table.csv")
        return scratch
    }

    @Test("each situation exits with its status and a message naming what is wrong", arguments: cases)
    func exitStatusAndMessage(_ c: Case) throws {
        let scratch = try Self.scratch()
        let run = try Spectra.run(c.arguments, in: scratch.url)
        #expect(run.reason == .exit && run.status == c.status, "status \(run.status), expected \(c.status): \(run.stderr)")
        #expect(!run.crashed)
        #expect(run.stdout.isEmpty)
        for word in c.mentions { #expect(run.stderr.contains(word), "'\(word)' missing from: \(run.stderr)") }
    }

    @Test("--help states the exit statuses")
    func helpStatesTheExitStatuses() throws {
        let run = try Spectra.run(["--help"])
        #expect(run.succeeded)
        for word in ["64", "65", "Exit status"] { #expect(run.stdout.contains(word), "\(word)") }
    }

    @Test("a negative number after an option that accepts it is its value")
    func negativeValueIsAValue() throws {
        let run = try Spectra.run(["kernel", "--kernel", "ntk", "--points", "-1,-0.5", "--format", "csv"])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout.contains(",-1.0,") && run.stdout.contains(",-0.5,"), "\(run.stdout)")
    }

    @Test("a bad --output is refused before the computation, which here would fail on the data")
    func outputIsCheckedFirst() throws {
        let scratch = try Self.scratch()
        for (output, words) in [("no-such-directory/out.csv", ["no-such-directory", "directory does not exist"]),
                                (".", ["it is a directory"])] {
            let run = try Spectra.run(["decay", "--kernel", "ntk", "--method", "gram", "--data", "bad.csv", "--output", output],
                                      in: scratch.url)
            #expect(run.status == Self.usage, "\(run.stderr)")
            for word in words { #expect(run.stderr.contains(word), "\(word): \(run.stderr)") }
            #expect(!run.stderr.contains("abc"), "the data was read before --output was checked: \(run.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted() == ["bad.csv", "table.csv"])
    }

    @Test("--output naming the --data file, by any path, is refused and the input is untouched")
    func outputMayNotReplaceTheInput() throws {
        let scratch = try Scratch()
        let points = "1,0,0\n0,1,0\n0,0,1\n"
        _ = try scratch.write(points, to: "points.csv")
        try FileManager.default.createSymbolicLink(atPath: scratch.file("link.csv").path, withDestinationPath: "points.csv")
        for (data, output) in [("points.csv", "points.csv"), ("points.csv", "./points.csv"), ("link.csv", "points.csv"),
                               ("points.csv", scratch.file("link.csv").path)] {
            let run = try Spectra.run(["decay", "--kernel", "ntk", "--method", "gram", "--data", data, "--output", output],
                                      in: scratch.url)
            #expect(run.status == Self.usage, "\(data) -> \(output): \(run.stderr)")
            #expect(run.stderr.contains("--output") && run.stderr.contains("--data"), "\(run.stderr)")
            #expect(try String(contentsOf: scratch.file("points.csv"), encoding: .utf8) == points)
        }
    }

    @Test("a good --output is still written whole at the end")
    func goodOutputIsWritten() throws {
        let scratch = try Scratch()
        let run = try Spectra.run(["kernel", "--kernel", "ntk", "--points", "0", "--format", "csv", "--output", "out.csv"],
                                  in: scratch.url)
        #expect(run.succeeded, "\(run.stderr)")
        #expect(try String(contentsOf: scratch.file("out.csv"), encoding: .utf8).hasPrefix("kernel,t,value\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["out.csv"])
    }
}
