import Foundation
import Testing

/// Ordinary runs that used to trap, print NaN with exit 0, or run unbounded: each must now
/// either succeed with finite numbers in every format, or be refused up front with a message.
@Suite("Reliability: no trap, no silent NaN, no unbounded work")
struct ReliabilityTests {
    static let humanAndMachineFormats = ["table", "csv", "tsv", "markdown", "latex", "json"]

    /// Unresolved eigenvalues that are exactly 0 trapped in every format but JSON.
    @Test(arguments: [["decay", "--kernel", "gaussian", "--dim", "5", "--max-degree", "1000"],
                      ["decay", "--kernel", "matern:nu=50", "--dim", "10"],
                      ["decay", "--kernel", "gaussian:c=1e-6", "--max-degree", "40"]])
    func unresolvedZerosPrintInEveryFormat(arguments: [String]) throws {
        for format in Self.humanAndMachineFormats {
            let run = try Spectra.run(arguments + ["--format", format])
            #expect(run.succeeded, "\(run.commandLine): \(run.stderr)")
            #expect(!run.crashed)
            let lowered = run.stdout.lowercased()
            #expect(!lowered.contains("nan") && !lowered.contains("inf,") && !lowered.contains("infinity"))
            // The Gaussian's tail now comes from its positive series (docs/accuracy.md#exact-tails):
            // every value resolved, the ones below Double's range in log10_eigenvalue.
            let gaussian = arguments[2].hasPrefix("gaussian")
            if format == "csv" {
                #expect(run.stdout.contains(gaussian ? "accurate" : "unresolved"))
                if gaussian { #expect(!run.stdout.contains("unresolved") && run.stdout.contains("log10_eigenvalue")) }
            }
        }
    }

    /// Matern with nu >= 171 printed 0 and NaN; every finite nu now gives finite values close to
    /// the Gaussian limit exp(-(1 - t)) at t = 0.5 (0.6065...) for large nu.
    @Test(arguments: ["171", "172", "1e6", "1e308"])
    func largeNuMaternHasFiniteValues(nu: String) throws {
        let run = try Spectra.run(["kernel", "--kernel", "matern:nu=\(nu)", "--points=0.5", "--format", "csv"])
        #expect(run.succeeded, "\(run.stderr)")
        let value = Double(run.stdout.split(separator: "\n").last?.split(separator: ",").last ?? "")
        #expect(value.map { $0 > 0.6052 && $0 < 0.6066 } == true, "\(run.stdout)")
    }

    /// An underflow is not a structural zero: laplace with a huge c is refused by the analytic
    /// method (its eigenvalues leave Double's range), with the kernel named.
    @Test func laplaceBeyondDoubleRangeIsRefused() throws {
        let run = try Spectra.run(["decay", "--kernel", "laplace:c=1e308", "--max-degree", "3", "--format", "csv"])
        #expect(run.refusedCleanly, "\(run.stdout)")
        #expect(run.stderr.contains("laplace") && run.stderr.contains("Double's range"))
        #expect(!run.stdout.contains("exact_zero"))
    }

    /// Width-1 ReLU networks are often dead in every draw: the relative spread is undefined and
    /// left empty, never printed as nan.
    @Test func deadNetworksLeaveTheSpreadEmpty() throws {
        let run = try Spectra.run(["finite", "init", "--widths", "1", "--depths", "3", "--seeds", "3", "--samples", "20",
                                   "--format", "csv"])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(!run.stdout.lowercased().contains("nan"))
    }

    /// A grid on S^2 far beyond memory is refused from the requested count, before the grid's
    /// Gauss-Legendre latitudes are computed (this ran unbounded).
    @Test func hugeGridIsRefusedBeforeItIsBuilt() throws {
        for dim in ["2", "3"] {
            let run = try Spectra.run(["decay", "--kernel", "ntk", "--method", "grid", "--dim", dim,
                                       "--samples", "100000000000"])
            #expect(run.refusedCleanly)
            #expect(run.stderr.contains("--samples") && run.stderr.contains("or fewer"), "\(run.stderr)")
        }
    }
}
