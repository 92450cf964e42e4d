import Foundation
import Testing

@Suite("Every kernel of the catalogue runs end to end: finite numbers, or a clean refusal")
struct CatalogueSweepTests {
    static let specs = [
        "ntk", "nngp", "ntk:activation=erf", "nngp:activation=erf", "ntk:depth=6,bias_var=0.5,weight_var=1.5",
        "ntk:normalize=true", "ntk:input_var=1,beta=0.5", "arccos:order=0", "arccos:order=1", "arccos:order=2",
        "laplace", "laplace:c=10", "gexp:gamma=0.5", "gexp:gamma=1.5,c=2", "gaussian", "gaussian:c=5",
        "matern", "matern:nu=0.5", "matern:nu=2.5,ell=0.5", "matern:nu=1.2", "poly", "poly:degree=4,c=0.5",
    ]

    @Test("kernel --grid 101: every value finite, kappa(1) the largest in absolute value", arguments: specs)
    func profileIsFinite(_ spec: String) throws {
        let run = try Spectra.run(["kernel", "--kernel", spec, "--grid", "101", "--format", "json"])
        #expect(run.succeeded, "\(spec): \(run.stderr)")
        let values = try run.decoded(KernelReport.self).results[0].values
        #expect(values.count == 101)
        #expect(values.allSatisfy { $0.value.isFinite }, "\(spec)")
        let atOne = try #require(values.last).value
        // Positive definite profiles peak at t = 1 (|kappa(t)| <= kappa(1)).
        #expect(values.allSatisfy { abs($0.value) <= atOne * (1 + 1e-14) }, "\(spec)")
    }

    @Test("decay in d = 2, 3, 7: finite eigenvalues and the trace identity, or a clean refusal", arguments: specs)
    func spectrumIsFinite(_ spec: String) throws {
        for d in [2, 3, 7] {
            let run = try Spectra.run(["decay", "--kernel", spec, "--dim", String(d), "--max-degree", "60", "--fit-range", "2:12",
                                       "--format", "json"])
            #expect(!run.crashed, "\(spec) d = \(d): \(run.stderr)")
            guard run.succeeded else {
                #expect(run.refusedCleanly, "\(spec) d = \(d): status \(run.status)")
                continue
            }
            #expect(!run.stdout.lowercased().contains("nan"))
            let result = try run.decoded(DecayJSON.self).results[0]
            #expect(result.spectrum.count == 61)
            #expect(result.spectrum.allSatisfy { $0.eigenvalue.isFinite })
            #expect(result.fitted.exponent.isFinite && result.fitted.r2.isFinite)
        }
    }
}
