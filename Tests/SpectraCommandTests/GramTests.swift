import Foundation
import Testing

/// Points written by the tests themselves.
enum TestPoints {
    /// n points of the Fibonacci lattice on S^2, unit norm to rounding.
    static func fibonacciSphere(_ n: Int) -> [[Double]] {
        let golden = Double.pi * (3 - 5.0.squareRoot())
        return (0..<n).map { i in
            let z = 1 - 2 * (Double(i) + 0.5) / Double(n)
            let r = (1 - z * z).squareRoot()
            let phi = Double(i) * golden
            let p = [r * cos(phi), r * sin(phi), z]
            let norm = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).squareRoot()
            return p.map { $0 / norm }
        }
    }

    /// One row per point, coordinates in their shortest round-trip form.
    static func text(_ points: [[Double]], separator: String = ",", header: String? = nil) -> String {
        (header.map { [$0] } ?? []).joined() + (header == nil ? "" : "\n")
            + points.map { $0.map { "\($0)" }.joined(separator: separator) }.joined(separator: "\n") + "\n"
    }
}

@Suite("spectra decay --method gram: empirical spectra")
struct GramTests {
    static let sampled = ["decay", "--kernel", "ntk:depth=3,bias_var=0.25", "--method", "gram", "--samples", "400",
                          "--format", "json"]

    @Test("400 samples: 400 eigenvalues, descending, summing to kappa(1) = 7.5 (trace identity)")
    func traceIdentity() throws {
        let run = try Spectra.run(Self.sampled + ["--seed", "7"])
        try #require(run.succeeded, "\(run.stderr)")
        let object = try run.json()
        #expect(object["samples"] as? Int == 400)
        #expect(object["spectra_version"] != nil && object["command"] != nil)
        let result = try run.decoded(DecayJSON.self).results[0]
        #expect(result.method == "gram")
        #expect(result.dimension == 3)
        let eigenvalues = try #require(result.eigenvalues)
        #expect(eigenvalues.count == 400)
        #expect(zip(eigenvalues, eigenvalues.dropFirst()).allSatisfy { $0 >= $1 }, "not descending")
        // trace(K/n) = kappa(1) for unit points; 7.5 is docs/kernels.md's check value of ntk:depth=3,bias_var=0.25 at t = 1.
        let sum = eigenvalues.reduce(0, +)
        #expect(abs(sum - 7.5) <= 1e-10, "sum \(sum)")
        // The largest block estimates mu_0 of the analytic spectrum, roughly.
        #expect(!result.spectrum.isEmpty)
        #expect(result.spectrum.allSatisfy { $0.eigenvalue.isFinite })
        #expect(result.fitted.degree_range.count == 2)
    }

    @Test("the same seed gives byte-identical output")
    func sameSeedSameBytes() throws {
        let first = try Spectra.run(Self.sampled + ["--seed", "7"])
        let second = try Spectra.run(Self.sampled + ["--seed", "7"])
        #expect(first.succeeded && second.succeeded)
        #expect(first.stdoutData == second.stdoutData)
        let csvFirst = try Spectra.run(Array(Self.sampled.dropLast(2)) + ["--seed", "11", "--format", "csv", "--table", "eigenvalues"])
        let csvSecond = try Spectra.run(Array(Self.sampled.dropLast(2)) + ["--seed", "11", "--format", "csv", "--table", "eigenvalues"])
        #expect(csvFirst.succeeded, "\(csvFirst.stderr)")
        #expect(csvFirst.stdoutData == csvSecond.stdoutData)
        #expect(DelimitedTable(csvFirst).rows.count == 400)
    }

    @Test("a different seed gives different eigenvalues")
    func differentSeedDifferentEigenvalues() throws {
        let a = try Spectra.run(Self.sampled + ["--seed", "7"]).decoded(DecayJSON.self).results[0]
        let b = try Spectra.run(Self.sampled + ["--seed", "8"]).decoded(DecayJSON.self).results[0]
        let ea = try #require(a.eigenvalues)
        let eb = try #require(b.eigenvalues)
        #expect(ea != eb)
        #expect(abs(ea.reduce(0, +) - eb.reduce(0, +)) <= 1e-10)  // both traces are kappa(1)
    }

    @Test("the csv eigenvalues table reads back bit for bit to the JSON eigenvalues")
    func eigenvaluesCSVReadsBack() throws {
        let base = ["decay", "--kernel", "laplace", "--method", "gram", "--samples", "120", "--seed", "3"]
        let json = try Spectra.run(base + ["--format", "json"])
        let csv = try Spectra.run(base + ["--format", "csv", "--table", "eigenvalues"])
        try #require(json.succeeded && csv.succeeded, "\(json.stderr)\(csv.stderr)")
        let expected = try #require(try json.decoded(DecayJSON.self).results[0].eigenvalues)
        let table = DelimitedTable(csv)
        #expect(table.header == ["kernel", "index", "eigenvalue"])
        let values = try #require(table.column("eigenvalue")).map { Double($0)?.bitPattern }
        #expect(values == expected.map(\.bitPattern))
    }

    @Test("--data with points on the sphere: one eigenvalue per row, trace kappa(1)")
    func dataOnTheSphere() throws {
        let scratch = try Scratch()
        let points = TestPoints.fibonacciSphere(300)
        let file = try scratch.write(TestPoints.text(points), to: "fibonacci.csv")
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--method", "gram", "--data", file.path, "--format", "json"])
        try #require(run.succeeded, "\(run.stderr)")
        #expect(try run.json()["samples"] as? Int == 300)
        let eigenvalues = try #require(try run.decoded(DecayJSON.self).results[0].eigenvalues)
        #expect(eigenvalues.count == 300)
        #expect(abs(eigenvalues.reduce(0, +) - 4) <= 1e-10)  // ntk:depth=2 has kappa(1) = 4
        // The Fibonacci lattice is nearly uniform: mu_0 = 1, mu_1 = 2/3 (docs/kernels.md, doubled) show.
        #expect(abs(eigenvalues[0] - 1) < 0.05, "lambda_1 = \(eigenvalues[0])")
        #expect(abs(eigenvalues[1] - 2.0 / 3) < 0.05, "lambda_2 = \(eigenvalues[1])")
    }

    @Test("--data off the sphere with --normalize equals the data on the sphere", arguments: ["laplace", "ntk:depth=3"])
    func normalizeProjectsOntoTheSphere(kernel: String) throws {
        let scratch = try Scratch()
        let points = TestPoints.fibonacciSphere(300)
        let scaled = points.enumerated().map { i, p in p.map { $0 * (0.25 + Double(i % 7) * 0.61) } }
        let on = try scratch.write(TestPoints.text(points), to: "on.csv")
        let off = try scratch.write(TestPoints.text(scaled), to: "off.csv")
        let a = try Spectra.run(["decay", "--kernel", kernel, "--method", "gram", "--data", on.path, "--format", "json"])
        let b = try Spectra.run(["decay", "--kernel", kernel, "--method", "gram", "--data", off.path, "--normalize",
                                 "--format", "json"])
        try #require(a.succeeded && b.succeeded, "\(a.stderr)\(b.stderr)")
        let ea = try #require(try a.decoded(DecayJSON.self).results[0].eigenvalues)
        let eb = try #require(try b.decoded(DecayJSON.self).results[0].eigenvalues)
        try #require(ea.count == eb.count)
        let scale = ea[0]
        for (x, y) in zip(ea, eb) {
            #expect(abs(x - y) <= 1e-12 * scale, "\(x) vs \(y)")
        }
    }

    @Test("--data off the sphere without --normalize: network kernels use their norms, so the spectrum differs")
    func networkKernelsOffTheSphere() throws {
        let scratch = try Scratch()
        let points = TestPoints.fibonacciSphere(200)
        let scaled = points.enumerated().map { i, p in p.map { $0 * (0.5 + Double(i % 3) * 0.5) } }
        let on = try scratch.write(TestPoints.text(points), to: "on.csv")
        let off = try scratch.write(TestPoints.text(scaled), to: "off.csv")
        let a = try Spectra.run(["decay", "--kernel", "ntk", "--method", "gram", "--data", on.path, "--format", "json"])
        let b = try Spectra.run(["decay", "--kernel", "ntk", "--method", "gram", "--data", off.path, "--format", "json"])
        try #require(a.succeeded && b.succeeded, "\(a.stderr)\(b.stderr)")
        let ea = try #require(try a.decoded(DecayJSON.self).results[0].eigenvalues)
        let eb = try #require(try b.decoded(DecayJSON.self).results[0].eigenvalues)
        #expect(ea != eb)
        // Bias-free ReLU networks are positively homogeneous of degree 2: kappa(x, x) = 4 ||x||^2
        // (ntk:depth=2), so the trace is 4 * mean ||x||^2.
        let meanSquaredNorm = scaled.map { $0.reduce(0) { $0 + $1 * $1 } }.reduce(0, +) / Double(scaled.count)
        #expect(abs(eb.reduce(0, +) - 4 * meanSquaredNorm) <= 1e-10 * 4 * meanSquaredNorm)
        // A non-network kernel refuses the same file (BadInputTests has the message).
        let laplace = try Spectra.run(["decay", "--kernel", "laplace", "--method", "gram", "--data", off.path])
        #expect(laplace.refusedCleanly)
    }

    @Test("--data as TSV, and CSV with a header row, read the same points")
    func dataFormats() throws {
        let scratch = try Scratch()
        let points = TestPoints.fibonacciSphere(150)
        let csv = try scratch.write(TestPoints.text(points), to: "p.csv")
        let tsv = try scratch.write(TestPoints.text(points, separator: "\t"), to: "p.tsv")
        let headed = try scratch.write(TestPoints.text(points, header: "x,y,z"), to: "h.csv")
        var spectra: [[Double]] = []
        for file in [csv, tsv, headed] {
            let run = try Spectra.run(["decay", "--kernel", "laplace", "--method", "gram", "--data", file.path, "--format", "json"])
            try #require(run.succeeded, "\(file.lastPathComponent): \(run.stderr)")
            spectra.append(try #require(try run.decoded(DecayJSON.self).results[0].eigenvalues))
        }
        #expect(spectra[0] == spectra[1])
        #expect(spectra[0] == spectra[2])
    }
}
