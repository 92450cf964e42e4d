import Foundation
import Testing
@testable import SpectraKit

/// Timings for scripts/bench/sht.sh, skipped unless SPECTRA_BENCH_SHT=1 (a release-mode test,
/// because the package has no benchmark target). Asserts nothing about time: it prints one line
/// `SHT_BENCH_JSON {...}` with, per band limit, the plan time, five synthesis and five analysis
/// times (after one warm-up call each), their medians and the round-trip max error of
/// unit-variance random coefficients.
///
/// SPECTRA_BENCH_SHT_BANDLIMITS="256,512,1024" chooses the band limits (that is the default).
/// SPECTRA_BENCH_SHT_CHECK=FILE also writes, for L = 64, seeded coefficients and their map as
/// JSON ({"L": 64, "coefficients": [...], "map": [...]}) for the script's comparison with ducc0.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SPECTRA_BENCH_SHT"] == "1"))
struct SHTBenchmark {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    static func jsonNumbers(_ xs: [Double]) -> String { "[" + xs.map { String($0) }.joined(separator: ", ") + "]" }

    @Test func timingsAsOneJSONLine() throws {
        let environment = ProcessInfo.processInfo.environment
        let bandLimits = (environment["SPECTRA_BENCH_SHT_BANDLIMITS"] ?? "256,512,1024")
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let path = environment["SPECTRA_BENCH_SHT_CHECK"] {
            let sht = try SphericalHarmonicTransform(bandLimit: 64)
            let c = SphericalHarmonicTransformTests.randomCoefficients(bandLimit: 64, seed: 2024)
            let map = try sht.synthesis(of: c)
            let json = "{\"L\": 64, \"coefficients\": \(Self.jsonNumbers(c.values)), \"map\": \(Self.jsonNumbers(map))}\n"
            try json.write(toFile: path, atomically: true, encoding: .utf8)
        }
        var rows: [String] = []
        for l in bandLimits {
            var sht: SphericalHarmonicTransform?
            let plan = try Self.seconds { sht = try SphericalHarmonicTransform(bandLimit: l, fftPlanning: .measure) }
            guard let sht else { continue }
            let c = SphericalHarmonicTransformTests.randomCoefficients(bandLimit: l, seed: UInt64(l) + 1)
            var map = try sht.synthesis(of: c)
            var back = try sht.analysis(of: map)
            let error = SphericalHarmonicTransformTests.maxDifference(back.values, c.values)
            var synthesis: [Double] = [], analysis: [Double] = []
            for _ in 0..<5 {
                synthesis.append(try Self.seconds { map = try sht.synthesis(of: c) })
                analysis.append(try Self.seconds { back = try sht.analysis(of: map) })
            }
            rows.append("{\"L\": \(l), \"plan_seconds\": \(plan), \"synthesis_seconds\": \(Self.jsonNumbers(synthesis)), "
                + "\"analysis_seconds\": \(Self.jsonNumbers(analysis)), \"synthesis_median\": \(Self.median(synthesis)), "
                + "\"analysis_median\": \(Self.median(analysis)), \"roundtrip_max_error\": \(error)}")
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("SHT_BENCH_JSON {\"cores\": \(cores), \"results\": [\(rows.joined(separator: ", "))]}")
    }
}
