import Foundation
import Testing

/// An independent double-precision evaluation of the ReLU network recursion of docs/kernels.md#relu-expectations
/// (weight_var = input_var = sw2, bias_var = sb2, unit inputs), for references beyond the
/// six printed digits of docs/kernels.md#check-values.
enum ReLUNetworkReference {
    static func values(t: Double, depth: Int, weightVariance sw2: Double = 2, biasVariance sb2: Double = 0)
        -> (ntk: Double, nngp: Double)
    {
        var s = sw2 * t + sb2  // S^1(t)
        var sxx = sw2 + sb2  // S^1_xx
        var theta = s
        for _ in 1..<depth {
            let cosA = min(1, max(-1, s / sxx))
            let a = acos(cosA)
            let expectation = sxx * (sin(a) + (Double.pi - a) * cosA) / (2 * Double.pi)
            let derivative = (Double.pi - a) / (2 * Double.pi)
            s = sw2 * expectation + sb2
            sxx = sw2 * sxx / 2 + sb2
            theta = s + theta * sw2 * derivative
        }
        return (theta, s)
    }
}

/// A reference value printed to a few decimals: it must agree to half a unit of its last digit.
struct PrintedReference: Sendable, CustomTestStringConvertible {
    let spec: String
    let values: [String]
    var testDescription: String { spec }

    func tolerance(_ printed: String) -> Double {
        let decimals = printed.split(separator: ".").dropFirst().first?.count ?? 0
        return 0.5 * pow(10, -Double(decimals)) + 1e-12
    }
}

@Suite("spectra kernel: profile values")
struct KernelCommandTests {
    static let points = [-1, -0.5, 0, 0.5, 0.9, 1.0]
    static let pointsArgument = "--points=-1,-0.5,0,0.5,0.9,1"

    // docs/kernels.md#check-values (t = -1, -0.5, 0, 0.5, 0.9, 1). The
    // t = -0.5 value of ntk:depth=2 is negative: 2 (k1 + t k0) = 2 (0.108998 - 1/6) = -0.1153378.
    static let references = [
        PrintedReference(spec: "ntk", values: ["0", "-0.11533777", "0.63661977", "1.88466223", "3.36065747", "4"]),
        PrintedReference(spec: "ntk:depth=3,bias_var=0.25",
                         values: ["1.1822713", "1.58314966", "2.46358596", "3.98633543", "6.17357246", "7.5"]),
        PrintedReference(spec: "nngp:depth=3,bias_var=0.25",
                         values: ["1.21314172", "1.38697315", "1.6713056", "2.0917032", "2.58276986", "2.75"]),
    ]

    @Test("JSON has the DESIGN.md shape, with the version and the command line")
    func jsonHasTheContractShape() throws {
        let run = try Spectra.run(["kernel", "--kernel", "ntk", Self.pointsArgument, "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let object = try run.json()
        #expect(Set(object.keys).isSuperset(of: ["results", "spectra_version", "command"]))
        #expect((object["spectra_version"] as? String)?.isEmpty == false)
        let command = try #require(object["command"] as? String)
        #expect(command.hasPrefix("spectra kernel"))
        #expect(command.contains("--kernel ntk"))
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let result = try #require(results.first)
        #expect(result["kernel"] as? String != nil)
        let values = try #require(result["values"] as? [[String: Any]])
        #expect(values.count == Self.points.count)
        for value in values {
            #expect(Set(value.keys) == ["t", "value"])
        }
        let report = try run.decoded(KernelReport.self)
        #expect(report.results[0].values.map(\.t) == Self.points)
        #expect(report.results[0].kernel.hasPrefix("ntk"))
    }

    @Test("values match the check values of docs/kernels.md", arguments: references)
    func valuesMatchPrintedReferences(_ reference: PrintedReference) throws {
        let run = try Spectra.run(["kernel", "--kernel", reference.spec, Self.pointsArgument, "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let values = try run.decoded(KernelReport.self).results[0].values
        try #require(values.count == reference.values.count)
        for (got, printed) in zip(values, reference.values) {
            let expected = try #require(Double(printed))
            #expect(abs(got.value - expected) <= reference.tolerance(printed),
                    "\(reference.spec) at t = \(got.t): \(got.value), docs/kernels.md \(printed)")
        }
    }

    @Test("values match an independent evaluation of the ReLU recursion to 1e-12",
          arguments: [("ntk", 2, 0.0), ("ntk:depth=3,bias_var=0.25", 3, 0.25), ("nngp:depth=3,bias_var=0.25", 3, 0.25),
                      ("ntk:depth=5,bias_var=0.1", 5, 0.1), ("nngp", 2, 0.0)])
    func valuesMatchTheRecursion(spec: String, depth: Int, biasVariance: Double) throws {
        let run = try Spectra.run(["kernel", "--kernel", spec, "--grid", "41", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        for value in try run.decoded(KernelReport.self).results[0].values {
            let reference = ReLUNetworkReference.values(t: value.t, depth: depth, biasVariance: biasVariance)
            let expected = spec.hasPrefix("ntk") ? reference.ntk : reference.nngp
            #expect(abs(value.value - expected) <= 1e-12 * max(1, abs(expected)),
                    "\(spec) at t = \(value.t): \(value.value) vs \(expected)")
        }
    }

    @Test("--grid 5 gives t = -1, -0.5, 0, 0.5, 1")
    func gridOfFiveIsEquispaced() throws {
        let run = try Spectra.run(["kernel", "--kernel", "laplace", "--grid", "5", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let values = try run.decoded(KernelReport.self).results[0].values
        #expect(values.map(\.t) == [-1, -0.5, 0, 0.5, 1])
        // laplace: exp(-c sqrt(2 - 2t)), c = 1 (docs/kernels.md#exponential-power-kernels).
        for value in values {
            #expect(close(value.value, exp(-(2 - 2 * value.t).squareRoot()), within: 1e-15))
        }
    }

    @Test("several --kernel give one result each, in order")
    func severalKernelsGiveOneResultEach() throws {
        let run = try Spectra.run(["kernel", "--kernel", "ntk", "--kernel", "laplace:c=2", "--kernel", "poly:degree=3",
                                   "--points=0.5", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let results = try run.decoded(KernelReport.self).results
        try #require(results.count == 3)
        #expect(results[0].kernel.hasPrefix("ntk"))
        #expect(results[1].kernel.hasPrefix("laplace"))
        #expect(results[2].kernel.hasPrefix("poly"))
        #expect(close(results[1].values[0].value, exp(-2.0), within: 1e-15))  // exp(-2 sqrt(1))
        #expect(close(results[2].values[0].value, 3.375, within: 1e-15))  // (0.5 + 1)^3
    }

    @Test("the default table format prints every kernel and t")
    func tableFormatPrintsEveryRow() throws {
        let run = try Spectra.run(["kernel", "--kernel", "ntk", Self.pointsArgument])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout.contains("ntk"))
        #expect(run.stdout.contains("0.636619772"))
        #expect(run.stdout.split(separator: "\n").count >= Self.points.count + 1)
    }
}
