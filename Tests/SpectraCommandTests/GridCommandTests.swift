import Foundation
import Testing

@Suite("spectra decay --method grid: exact spectra of structured grids")
struct GridCommandTests {
    /// docs/conventions.md#closed-forms-used-as-tests on S^1: arccos order 0 has mu_k = 2/(pi^2 k^2) for odd k; with N equispaced
    /// points the mode-k eigenvalue is sum_j mu_{|k + jN|}, within pi^2 k^2 / (3 N^2) relative.
    @Test("on the circle, mode k equals the analytic mu_k up to the aliasing bound")
    func circle() throws {
        let run = try Spectra.run(["decay", "--kernel", "arccos:order=0", "--dim", "2", "--method", "grid",
                                   "--samples", "100000", "--max-degree", "21", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let result = try #require((try run.json()["results"] as? [[String: Any]])?.first)
        #expect(result["method"] as? String == "grid")
        #expect((result["eigenvalues"] as? [Double])?.count == 100_000)
        let spectrum = try #require(result["spectrum"] as? [[String: Any]])
        for entry in spectrum {
            guard let k = entry["degree"] as? Int, k % 2 == 1, let value = entry["eigenvalue"] as? Double else { continue }
            let mu = 2 / (Double.pi * Double.pi * Double(k * k))
            #expect(abs(value - mu) / mu <= Double.pi * Double.pi * Double(k * k) / (3 * 1e10) * 1.01 + 1e-13)
        }
    }

    @Test("on S^2 the trace is kappa(1) and the fit is near the theory's 3")
    func twoSphere() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk:depth=3,bias_var=0.25", "--method", "grid",
                                   "--samples", "20000", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let result = try #require((try run.json()["results"] as? [[String: Any]])?.first)
        let trace = try #require(result["trace"] as? [String: Double])
        #expect(abs((trace["eigenvalue_sum"] ?? 0) - 7.5) < 1e-10)
        let fit = try #require(result["fit"] as? [String: Any])
        #expect(abs((fit["exponent"] as? Double ?? 0) - 3) < 0.1)
    }

    @Test("grids exist on S^1 and S^2 only; the refusal names the option", arguments: [
        (["decay", "--kernel", "ntk", "--method", "grid", "--samples", "1000", "--dim", "5"], "--dim"),
        (["decay", "--kernel", "ntk", "--method", "grid"], "--samples"),
        (["decay", "--kernel", "ntk", "--latitudes", "equal-area"], "--method grid"),
    ])
    func refusals(arguments: [String], named: String) throws {
        let run = try Spectra.run(arguments)
        #expect(run.refusedCleanly, "\(run.stderr)")
        #expect(run.stderr.contains(named), "\(run.stderr)")
    }
}
