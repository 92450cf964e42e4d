import Foundation
import Testing

@Suite("spectra rkhs: verdicts, Sobolev orders, target norms, the paper table")
struct RKHSCommandTests {
    @Test("JSON carries results and comparisons with the keys of the issue")
    func jsonContract() throws {
        let run = try Spectra.run(["rkhs", "--kernel", "ntk:depth=3,bias_var=0.25", "--kernel", "laplace",
                                   "--kernel", "gexp:gamma=0.5", "--dim", "3", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let json = try run.json()
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.count == 3)
        #expect(results[1]["sobolev_order"] as? Double == 1.5)
        #expect(results.allSatisfy { $0["fitted_order"] is Double && $0["kernel"] is String })
        let comparisons = try #require(json["comparisons"] as? [[String: Any]])
        #expect(comparisons.count == 3)
        for key in ["a", "b", "verdict", "ratio_min", "ratio_max", "ratio_exponent", "ratio_exponent_stderr"] {
            #expect(comparisons.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
        #expect(comparisons.map { $0["verdict"] as? String } == ["equal", "a_in_b", "a_in_b"])
    }

    @Test("relu target: verdict per kernel with the reason")
    func reluTarget() throws {
        let run = try Spectra.run(["rkhs", "--kernel", "ntk:depth=3,bias_var=0.25", "--kernel", "gexp:gamma=0.5",
                                   "--target", "relu", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let targets = try #require(try run.json()["targets"] as? [[String: Any]])
        #expect(targets.map { $0["verdict"] as? String } == ["diverges", "converges"])
        #expect(targets.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
        #expect(targets.allSatisfy { ($0["partial_sums"] as? [Any])?.count == 1001 })
    }

    @Test("the paper table renders in Markdown and booktabs LaTeX for d = 2, 3, 5, 10")
    func paperTable() throws {
        let markdown = try Spectra.run(["rkhs", "--paper-table", "--format", "markdown"])
        #expect(markdown.succeeded, "\(markdown.stderr)")
        for d in [2, 3, 5, 10] { #expect(markdown.stdout.contains("| laplace | \(d) |")) }
        #expect(markdown.stdout.contains("| ntk:depth=2 | 3 | 3 |") && markdown.stdout.contains("subset"))
        let latex = try Spectra.run(["rkhs", "--paper-table", "--format", "latex"])
        #expect(latex.succeeded && latex.stdout.contains("\\toprule") && latex.stdout.contains("\\bottomrule"))
    }

    @Test("bad input is refused with the option named", arguments: [
        (["rkhs", "--kernel", "laplace", "--target", "cosh"], "--target"),
        (["rkhs", "--paper-table", "--kernel", "laplace"], "--paper-table"),
        (["rkhs", "--kernel", "laplace", "--dim", "1"], "--dim"),
        (["rkhs", "--kernel", "laplace", "--max-degree", "1"], "--max-degree"),
        (["rkhs"], "--kernel"),
    ])
    func badInput(arguments: [String], option: String) throws {
        let run = try Spectra.run(arguments)
        #expect(run.refusedCleanly, "\(run.stderr)")
        #expect(run.stderr.contains(option), "\(run.stderr)")
    }
}
