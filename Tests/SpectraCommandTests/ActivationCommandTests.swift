import Foundation
import Testing

/// The activations of docs/kernels.md#activations end to end: kernel, decay and finite init.
@Suite("spectra with every activation") struct ActivationCommandTests {
    /// ntk sigmoid (depth 2, weight_var 2) against the mpmath reference of the library's
    /// ActivationKernelTests (t = -1, 0, 0.5, 1), and leaky_relu's canonical spec.
    @Test func kernelPrintsSigmoidAndLeakyProfiles() throws {
        let run = try Spectra.run(["kernel", "--kernel", "ntk:activation=sigmoid", "--kernel", "nngp:activation=leaky_relu,slope=0.1",
                                   "--points", "-1,0,0.5,1", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let results = try #require(try run.json()["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results[1]["kernel"] as? String
            == "nngp:depth=2,activation=leaky_relu,slope=0.1,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false")
        let values = try #require(results[0]["values"] as? [[String: Any]]).compactMap { $0["value"] as? Double }
        let reference = [0.2150553976886814469959, 0.4999999999999999997743, 0.6341743767926956685808, 0.7849446023113185527784]
        #expect(values.count == 4)
        for (v, r) in zip(values, reference) { #expect(abs(v - r) <= 1e-13 * 0.785) }
    }

    /// Depth 2 bias-free sigmoid: even degrees >= 2 are exact zeros, odd ones are accurate and
    /// positive; the theory says superpolynomial.
    @Test func decayOfSigmoidHasItsExactZeros() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk:activation=sigmoid", "--max-degree", "12", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let result = try #require((try run.json()["results"] as? [[String: Any]])?.first)
        let spectrum = try #require(result["spectrum"] as? [[String: Any]])
        #expect(spectrum.count == 13)
        for row in spectrum {
            let k = try #require(row["degree"] as? Int)
            let mu = try #require(row["eigenvalue"] as? Double)
            if k >= 2 && k % 2 == 0 { #expect(mu == 0, "k = \(k)") } else { #expect(mu > 0, "k = \(k)") }
        }
    }

    /// finite init with --activation sigmoid and leaky_relu:slope=0.2 runs, names the activation in
    /// its rows, and places sigmoid's weight_var 16 (far below its edge at about 103) in the ordered phase.
    @Test func finiteInitTakesEveryActivation() throws {
        for (activation, variances, phase) in [("sigmoid", "16:0.1", "ordered"), ("leaky_relu:slope=0.2", "1.923076923076923:0", "critical"),
                                               ("tanh", "3:0.1", "chaotic")] {
            let run = try Spectra.run(["finite", "init", "--activation", activation, "--depths", "3", "--widths", "16",
                                       "--variances", variances, "--seeds", "2", "--samples", "10", "--format", "json"])
            #expect(run.succeeded, "\(activation): \(run.stderr)")
            let summary = try #require(try run.json()["summary"] as? [[String: Any]])
            #expect(summary.count == 1)
            #expect(summary.first?["activation"] as? String == activation)
            #expect(summary.first?["phase"] as? String == phase, "\(activation)")
        }
        let bad = try Spectra.run(["finite", "init", "--activation", "swish"])
        #expect(bad.refusedCleanly)
        #expect(bad.stderr.contains("sigmoid"))
    }
}
