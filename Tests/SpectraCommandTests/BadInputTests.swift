import Foundation
import Testing

/// One refused invocation: what it gives, and the words its message must contain (the parameter
/// and what is allowed).
struct BadInput: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let mentions: [String]
    /// Content of a --data file, written to `points.csv` in the working directory.
    var data: String? = nil

    var testDescription: String { arguments.joined(separator: " ") }
}

@Suite("Bad input: a message naming the parameter and what is allowed, a non-zero exit, no crash")
struct BadInputTests {
    static let kernelCases = [
        BadInput(arguments: ["kernel", "--kernel", "foo", "--points=0"], mentions: ["foo", "ntk", "laplace", "poly"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk:depht=3", "--points=0"], mentions: ["depht", "depth", "bias_var"]),
        BadInput(arguments: ["kernel", "--kernel", "laplace:c=abc", "--points=0"], mentions: ["c=abc", "number"]),
        BadInput(arguments: ["kernel", "--kernel", "gexp:gamma=0", "--points=0"], mentions: ["gamma", "(0, 2]"]),
        BadInput(arguments: ["kernel", "--kernel", "gexp:gamma=2.5", "--points=0"], mentions: ["gamma", "(0, 2]", "2.5"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk:depth=1", "--points=0"], mentions: ["depth", "2"]),
        BadInput(arguments: ["kernel", "--kernel", "nngp:depth=1", "--points=0"], mentions: ["depth", "2"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk:weight_var=-1", "--points=0"], mentions: ["weight_var", "> 0"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk:bias_var=-0.5", "--points=0"], mentions: ["bias_var", ">= 0"]),
        BadInput(arguments: ["kernel", "--kernel", "laplace:c=0", "--points=0"], mentions: ["c", "> 0"]),
        BadInput(arguments: ["kernel", "--kernel", "laplace:c=-1", "--points=0"], mentions: ["c", "> 0"]),
        BadInput(arguments: ["kernel", "--kernel", "gaussian:c=0", "--points=0"], mentions: ["c", "> 0"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk", "--points=nan"], mentions: ["--points", "[-1, 1]"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk", "--points=1.5"], mentions: ["--points", "1.5", "[-1, 1]"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk", "--points=abc"], mentions: ["--points", "abc"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk", "--points=0,,1"], mentions: ["--points"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk", "--grid", "1"], mentions: ["--grid", "2"]),
        BadInput(arguments: ["kernel", "--points=0"], mentions: ["--kernel"]),
        BadInput(arguments: ["kernel", "--kernel", "ntk"], mentions: ["--points", "--grid"]),
    ]

    static let decayCases = [
        BadInput(arguments: ["decay", "--kernel", "ntk", "--dim", "1"], mentions: ["--dim", "2"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--fit-range", "50:10"], mentions: ["--fit-range", "A < B"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--fit-range", "0:10"], mentions: ["--fit-range", "1 <= A"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--fit-range", "10:5000"], mentions: ["--fit-range", "100"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--fit-range", "ten"], mentions: ["--fit-range", "A:B"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--max-degree", "0"], mentions: ["--max-degree"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--max-degree", "10000000"], mentions: ["--max-degree", "40000"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--parity", "sometimes"], mentions: ["--parity", "even"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--format", "pdf"], mentions: ["--format", "csv"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--samples", "100"], mentions: ["--samples", "gram"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram"], mentions: ["--samples", "--data"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--samples", "0"], mentions: ["--samples", "10"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--samples", "-5"], mentions: ["--samples"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--samples", "100000000"],
                 mentions: ["--samples", "memory", "at most", "spectra-mpi"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--samples", "50", "--fit-range", "50:10"],
                 mentions: ["--fit-range", "A < B"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--samples", "50", "--fit-range", "10:5000"],
                 mentions: ["--fit-range", "samples"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--depth", "1"], mentions: ["depth", "2"]),
    ]

    static let onSphere = "1,0,0\n0,1,0\n0,0,1\n-1,0,0\n0,-1,0\n0,0,-1\n0.6,0.8,0\n0,0.6,0.8\n0.8,0,0.6\n0.6,0,-0.8\n0,-0.8,0.6\n-0.6,0.8,0\n"

    static let dataCases = [
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "points.csv"],
                 mentions: ["--data", "line 3", "nan"], data: "1,0,0\n0,1,0\nnan,0,0\n" + onSphere),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "points.csv", "--normalize"],
                 mentions: ["--data", "line 2", "inf"], data: "1,0,0\ninf,1,0\n" + onSphere),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "points.csv"],
                 mentions: ["--data", "line 3", "abc"], data: "1,0,0\n0,1,0\nabc,0,0\n" + onSphere),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "points.csv", "--normalize"],
                 mentions: ["--data", "line 3", "zero"], data: "1,0,0\n0,1,0\n0,0,0\n" + onSphere),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "points.csv"],
                 mentions: ["--data", "line 2"], data: "1,0,0\n0,1\n" + onSphere),
        BadInput(arguments: ["decay", "--kernel", "laplace", "--method", "gram", "--data", "points.csv"],
                 mentions: ["laplace", "sphere", "--normalize"], data: "2,0,0\n0,3,0\n" + onSphere),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "points.csv", "--dim", "4"],
                 mentions: ["--dim", "3"], data: onSphere),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "missing.csv"],
                 mentions: ["--data", "missing.csv"]),
        BadInput(arguments: ["decay", "--kernel", "ntk", "--method", "gram", "--data", "points.csv"],
                 mentions: ["--data", "no points"], data: "# nothing here\n\n"),
    ]

    func check(_ input: BadInput) throws {
        let scratch = try Scratch()
        if let data = input.data { _ = try scratch.write(data, to: "points.csv") }
        let run = try Spectra.run(input.arguments, in: scratch.url)
        #expect(run.reason == .exit, "terminated by signal \(run.status)")
        #expect(!run.crashed, "\(run.stderr)")
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty, "standard output: \(run.stdout.prefix(200))")
        for word in input.mentions {
            #expect(run.stderr.contains(word), "message lacks '\(word)': \(run.stderr)")
        }
        #expect(!run.stderr.lowercased().contains("fatal error"))
        // Bounds in the message are ones a person could type, not Int.max leaking through.
        for leaked in ["4611686018427387903", "9223372036854775807"] {
            #expect(!run.stderr.contains(leaked), "message shows an internal bound: \(run.stderr)")
        }
    }

    @Test("kernel specifications and --points", arguments: kernelCases)
    func kernelInput(_ input: BadInput) throws { try check(input) }

    @Test("decay options", arguments: decayCases)
    func decayInput(_ input: BadInput) throws { try check(input) }

    @Test("--data files", arguments: dataCases)
    func dataInput(_ input: BadInput) throws { try check(input) }

    @Test("the same specifications are refused by decay too",
          arguments: ["foo", "ntk:depht=3", "laplace:c=abc", "gexp:gamma=2.5", "ntk:depth=1", "matern:nu=0", "arccos:order=3",
                      "poly:degree=-1", "ntk:activation=swish", "ntk:activation=leaky_relu,slope=2", "ntk:depth=3,depth=4", "ntk:depth", ""])
    func decayRefusesBadSpecifications(_ spec: String) throws {
        let run = try Spectra.run(["decay", "--kernel", spec, "--format", "json"])
        #expect(run.refusedCleanly, "\(spec): status \(run.status), \(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test("too many samples are refused at once, before allocating (the process stays small)")
    func tooManySamplesRefusedBeforeAllocating() throws {
        // 10^8 points need ~10^17 bytes; a refusal after allocation would be killed or trap.
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--method", "gram", "--samples", "100000000", "--dim", "10"])
        #expect(run.refusedCleanly, "\(run.stderr)")
        #expect(run.stderr.contains("--samples"))
    }
}
