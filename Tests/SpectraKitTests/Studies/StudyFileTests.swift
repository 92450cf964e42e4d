import Foundation
import Testing
@testable import SpectraKit

@Suite struct StudyFileTests {
    static let valid = """
    title = "T"
    reference = "R"
    sizes = ["quick", "full"]

    [[steps]]
    name = "a"
    command = "finite init"
    paper = ["summary"]
    [steps.options]
    widths = { quick = "32", full = "64,256" }
    dim = [3, 5]
    seed = 1

    [[claims]]
    name = "c"
    step = "a"
    table = "summary"
    column = "x"
    where = { kernel = "ntk" }
    expect = 1.5
    tolerance = 0.1
    """

    @Test func readsStepsOptionsSizesAndClaims() throws {
        let study = try StudyFile.parse(Self.valid, name: "s", file: "s.toml")
        #expect(study.title == "T" && study.sizes == ["quick", "full"] && study.defaultSize == "full")
        let step = try #require(study.steps.first)
        #expect(step.command == ["finite", "init"] && step.paperTables == ["summary"] && step.tables == nil)
        #expect(step.options.map(\.key) == ["dim", "seed", "widths"])
        #expect(step.options[0].value == .list([.integer(3), .integer(5)]))
        #expect(step.options[2].value.resolved(size: "quick") == .text("32"))
        #expect(step.options[2].value.resolved(size: "full") == .text("64,256"))
        let claim = try #require(study.claims.first)
        #expect(claim.comparison == .near(expected: 1.5, tolerance: 0.1) && claim.aggregate == .value)
    }

    /// A syntax error names the file, line and column.
    @Test func syntaxErrorsHaveLineAndColumn() {
        do {
            _ = try StudyFile.parse("title = \"x\"\n\n[[steps]\nname = 1\n", name: "s", file: "bad.toml")
            Issue.record("expected a syntax error")
        } catch {
            guard case let .syntax(file, line, _, _) = error else { Issue.record("\(error)"); return }
            #expect(file == "bad.toml" && line == 3)
            #expect(error.description.hasPrefix("bad.toml:3:"))
        }
    }

    /// Each structural mistake names the place and the key, what was given and what is allowed.
    @Test(arguments: [
        ("title = \"x\"\nauthor = \"y\"\n[[steps]]\nname = \"a\"\ncommand = \"decay\"\n", "author"),
        ("title = \"x\"\n", "steps"),
        ("title = \"x\"\n[[steps]]\nname = \"a b\"\ncommand = \"decay\"\n", "name"),
        ("title = \"x\"\n[[steps]]\nname = \"a\"\ncommand = \"decay\"\n[[steps]]\nname = \"a\"\ncommand = \"kernel\"\n", "name"),
        ("title = \"x\"\n[[steps]]\nname = \"a\"\ncommand = \"decay\"\n[steps.options]\ndim = { quick = 3 }\n", "options.dim.quick"),
        ("title = \"x\"\n[[steps]]\nname = \"a\"\ncommand = \"decay\"\n[[claims]]\nname = \"c\"\nstep = \"b\"\ntable = \"fit\"\ncolumn = \"x\"\nat_least = 1\n", "step"),
        ("title = \"x\"\n[[steps]]\nname = \"a\"\ncommand = \"decay\"\n[[claims]]\nname = \"c\"\nstep = \"a\"\ntable = \"fit\"\ncolumn = \"x\"\nat_least = 1\nat_most = 2\n", "expect"),
        ("title = \"x\"\n[[steps]]\nname = \"a\"\ncommand = \"decay\"\n[[claims]]\nname = \"c\"\nstep = \"a\"\ntable = \"fit\"\ncolumn = \"x\"\naggregate = \"median\"\nat_least = 1\n", "aggregate"),
    ])
    func structuralMistakesNameTheKey(text: String, key: String) {
        do {
            _ = try StudyFile.parse(text, name: "s", file: "s.toml")
            Issue.record("expected an error for key \(key)")
        } catch {
            guard case let .invalid(file, _, given, _, _) = error else { Issue.record("\(error)"); return }
            #expect(file == "s.toml" && given == key, "\(error)")
        }
    }

    static func table() throws -> Table {
        try Table(columns: ["kernel", "dim", "exponent"], rows: [
            [.text("ntk:depth=2,activation=relu,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false"), .integer(3), .real(2.9)],
            [.text("ntk:depth=2,activation=relu,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false"), .integer(5), .real(4.7)],
            [.text("laplace:c=1"), .integer(3), .real(3.1)],
        ])
    }

    static func claim(_ aggregate: StudyClaim.Aggregate, where filter: [String: StudyValue], minus: [String: StudyValue] = [:])
        -> StudyClaim
    {
        StudyClaim(name: "c", statement: "", step: "s", table: "fit", column: "exponent", filter: filter, aggregate: aggregate,
                   minusFilter: minus, comparison: .atLeast(0), expectedContradiction: nil)
    }

    /// Aggregates of hand-made cells; a kernel given as a short spec matches its canonical form.
    @Test func claimsMeasureCellsAndAggregates() throws {
        let t = try Self.table()
        #expect(try Self.claim(.value, where: ["kernel": .text("ntk"), "dim": .integer(3)]).measure(in: t) == 2.9)
        #expect(try Self.claim(.mean, where: ["kernel": .text("ntk")]).measure(in: t) == (2.9 + 4.7) / 2)
        #expect(try Self.claim(.max, where: [:]).measure(in: t) == 4.7)
        #expect(try Self.claim(.min, where: ["dim": .integer(3)]).measure(in: t) == 2.9)
        let difference = try Self.claim(.difference, where: ["kernel": .text("laplace"), "dim": .integer(3)],
                                        minus: ["kernel": .text("ntk"), "dim": .integer(3)]).measure(in: t)
        #expect(Swift.abs(difference - 0.2) < 1e-15)
        #expect(throws: StudyClaimError.self) { try Self.claim(.value, where: ["kernel": .text("ntk")]).measure(in: t) }
        #expect(throws: StudyClaimError.self) { try Self.claim(.value, where: ["nope": .integer(1)]).measure(in: t) }
        #expect(throws: StudyClaimError.self) { try Self.claim(.mean, where: ["dim": .integer(7)]).measure(in: t) }
    }

    @Test func verdictsAndExpectedContradictions() {
        let near = StudyClaim(name: "n", statement: "", step: "s", table: "t", column: "c", filter: [:], aggregate: .value,
                              minusFilter: [:], comparison: .near(expected: 3, tolerance: 0.1), expectedContradiction: nil)
        #expect(StudyClaimResult(claim: near, measured: 3.05).holds)
        #expect(StudyClaimResult(claim: near, measured: 3.2).isUnexpectedFailure)
        #expect(!StudyClaimResult(claim: near, measured: .nan).holds)
        let contradicted = StudyClaim(name: "n", statement: "", step: "s", table: "t", column: "c", filter: [:], aggregate: .value,
                                      minusFilter: [:], comparison: .atMost(0.1), expectedContradiction: "the paper is wrong here")
        let result = StudyClaimResult(claim: contradicted, measured: 0.5)
        #expect(!result.holds && !result.isUnexpectedFailure && result.verdict == "fails (expected contradiction)")
    }
}

extension StudyFileTests {
    /// TOMLKit's parser aborts the process on a table header whose key starts with a non-ASCII
    /// character (found by the study-file fuzz target): refused first, with line and column.
    @Test(arguments: ["[[\u{e9}\u{e9}steps]]", "[\u{e9}x]", "[ \u{e9} ]", "  [[\u{fffd}]]"])
    func tableHeadersTheParserCannotTakeAreSyntaxErrors(header: String) {
        do {
            _ = try StudyFile.parse("title = \"t\"\n\(header)\nname = \"a\"\n", name: "s", file: "s.toml")
            Issue.record("expected a syntax error")
        } catch {
            guard case let .syntax(_, line, _, _) = error else { Issue.record("\(error)"); return }
            #expect(line == 2)
        }
        // The same characters inside strings and multi-line strings are fine.
        #expect(StudyFile.unparsableTableHeader("description = \"\"\"\n\(header)\n\"\"\"\ntitle = \"\(header)\"\n") == nil)
    }
}
