import Foundation
import Testing

struct AlignJSON: Decodable {
    struct Projection: Decodable {
        let index: Int
        let eigenvalue: Double
        let degree: Int
        let energy: Double
        let residual: Double
        let energies: [Double]
    }
    struct Result: Decodable {
        let kernel: String
        let projections: [Projection]
    }
    struct Alignment: Decodable {
        let kernels: [String]
        let m: Int
        let overlap: Double
        let principal_angles: [Double]
    }
    struct DegreeAlignment: Decodable {
        let kernels: [String]
        let degree: Int
        let counts: [Int]
        let overlap: Double
        let principal_angles: [Double]
    }
    let spectra_version: String
    let command: String
    let max_degree: Int
    let results: [Result]
    let alignment: [Alignment]
    let degree_alignment: [DegreeAlignment]
}

@Suite("spectra align: harmonic projections and eigenspace alignment")
struct AlignCommandTests {
    static let pair = ["align", "--kernel", "ntk:depth=3,bias_var=0.25", "--kernel", "laplace", "--samples", "300", "--seed", "5",
                       "--top", "16"]

    @Test("JSON carries DESIGN.md's keys; energy is the dominant degree's, residual 1 - sum; eigenvalues those of decay --method gram")
    func jsonContract() throws {
        let run = try Spectra.run(Self.pair + ["--format", "json"])
        try #require(run.succeeded, "\(run.stderr)")
        let object = try run.json()
        for key in ["spectra_version", "command", "results", "alignment", "degree_alignment"] { #expect(object[key] != nil, "\(key)") }
        let first = try #require((object["results"] as? [[String: Any]])?.first)
        #expect(Set(first.keys).isSuperset(of: ["kernel", "projections"]))
        let projection = try #require((first["projections"] as? [[String: Any]])?.first)
        #expect(Set(projection.keys).isSuperset(of: ["index", "eigenvalue", "degree", "energy", "residual", "energies"]))
        let alignment = try #require((object["alignment"] as? [[String: Any]])?.first)
        #expect(Set(alignment.keys).isSuperset(of: ["kernels", "m", "overlap", "principal_angles"]))

        let report = try run.decoded(AlignJSON.self)
        #expect(report.results.map(\.kernel).count == 2)
        #expect(report.max_degree == 7)   // (K+1)^2 <= 300/4
        for result in report.results {
            #expect(result.projections.map(\.index) == Array(1...16))
            for p in result.projections {
                #expect(p.energies.count == report.max_degree + 1)
                #expect(p.energy == p.energies.max())
                #expect(p.degree == p.energies.firstIndex(of: p.energies.max() ?? 0))
                #expect(abs(p.residual - (1 - p.energies.reduce(0, +))) < 1e-14)
                #expect(p.residual >= -1e-12)
            }
        }
        // Degree-complete sizes on S^2 up to --top 16, with min(m) angles each.
        #expect(report.alignment.map(\.m) == [1, 4, 9, 16])
        for a in report.alignment {
            #expect(a.kernels == report.results.map(\.kernel))
            #expect(a.principal_angles.count == a.m)
            #expect(a.overlap > 0 && a.overlap <= 1 + 1e-12)
            #expect(a.principal_angles.allSatisfy { $0 >= 0 && $0 <= Double.pi / 2 })
        }
        #expect(!report.degree_alignment.isEmpty)
        #expect(report.degree_alignment.allSatisfy { $0.counts.count == 2 && $0.principal_angles.count == $0.counts.min() })

        // The eigenvalues are the top 16 of K/n that decay's gram method reports for the same points.
        let decay = try Spectra.run(["decay", "--kernel", "laplace", "--method", "gram", "--samples", "300", "--seed", "5",
                                     "--top", "16", "--format", "json"])
        try #require(decay.succeeded, "\(decay.stderr)")
        let reference = try #require(try decay.decoded(DecayJSON.self).results.first?.eigenvalues)
        for (x, y) in zip(report.results[1].projections.map(\.eigenvalue), reference) {
            #expect(abs(x - y) <= 1e-12 * reference[0])
        }
    }

    @Test("a kernel against itself: overlap 1, zero angles; one kernel alone: projections and no alignment")
    func selfAndSingle() throws {
        let twice = try Spectra.run(["align", "--kernel", "gexp:gamma=0.5", "--kernel", "gexp:gamma=0.5", "--samples", "200",
                                     "--top", "9", "--format", "json"])
        try #require(twice.succeeded, "\(twice.stderr)")
        for a in try twice.decoded(AlignJSON.self).alignment {
            #expect(abs(a.overlap - 1) < 1e-13)
            #expect(a.principal_angles.allSatisfy { $0 < 1e-12 })
        }
        let single = try Spectra.run(["align", "--kernel", "ntk", "--samples", "200", "--top", "9", "--format", "json"])
        try #require(single.succeeded, "\(single.stderr)")
        let report = try single.decoded(AlignJSON.self)
        #expect(report.results.count == 1 && report.results[0].projections.count == 9)
        #expect(report.alignment.isEmpty && report.degree_alignment.isEmpty)
    }

    @Test("every format renders; csv gives each tidy table with a header", arguments: ["table", "markdown", "latex", "tsv"])
    func formats(_ format: String) throws {
        let run = try Spectra.run(Self.pair + ["--format", format])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(!run.stdout.isEmpty)
    }

    @Test("csv --table picks one tidy table", arguments: [
        ("summary", "kernel,dimension,samples"), ("projections", "kernel,index,eigenvalue,degree,energy,residual"),
        ("energies", "kernel,index,degree,energy"), ("alignment", "kernel_a,kernel_b,m,overlap"),
        ("angles", "kernel_a,kernel_b,m,index,angle"), ("degree_alignment", "kernel_a,kernel_b,degree,count_a,count_b"),
    ])
    func csvTables(_ choice: String, _ header: String) throws {
        let run = try Spectra.run(Self.pair + ["--format", "csv", "--table", choice])
        try #require(run.succeeded, "\(run.stderr)")
        #expect(run.stdout.hasPrefix(header), "\(run.stdout.prefix(120))")
        #expect(run.delimitedRows().count > 1)
    }

    @Test("the same seed gives byte-identical output; --data with --normalize reads scaled rows")
    func reproducibleAndData() throws {
        let a = try Spectra.run(Self.pair + ["--format", "json"])
        let b = try Spectra.run(Self.pair + ["--format", "json"])
        #expect(a.succeeded && a.stdoutData == b.stdoutData)
        let scratch = try Scratch()
        let rows = TestPoints.fibonacciSphere(60).map { $0.map { 3 * $0 } }
        _ = try scratch.write(TestPoints.text(rows), to: "points.csv")
        let run = try Spectra.run(["align", "--kernel", "ntk", "--kernel", "laplace", "--data", "points.csv", "--normalize",
                                   "--format", "json"], in: scratch.url)
        try #require(run.succeeded, "\(run.stderr)")
        let report = try run.decoded(AlignJSON.self)
        #expect(report.results[0].projections.count == 60)   // --top defaults to min(100, n)
        #expect(report.max_degree == 2)                        // 9 <= 15 < 16
    }

    static let onSphere = TestPoints.text(TestPoints.fibonacciSphere(40))

    static let badCases = [
        BadInput(arguments: ["align", "--kernel", "ntk", "--samples", "50", "--top", "51"], mentions: ["--top 51", "1...50"]),
        BadInput(arguments: ["align", "--kernel", "ntk", "--samples", "50", "--max-degree", "7"], mentions: ["--max-degree 7", "64", "50"]),
        BadInput(arguments: ["align", "--kernel", "ntk", "--samples", "50", "--max-degree", "-1"], mentions: ["--max-degree"]),
        BadInput(arguments: ["align", "--kernel", "ntk", "--samples", "50", "--top", "0"], mentions: ["--top"]),
        BadInput(arguments: ["align", "--kernel", "ntk", "--samples", "50", "--top", "10", "--sizes", "4,12"], mentions: ["--sizes", "12"]),
        BadInput(arguments: ["align", "--kernel", "ntk", "--samples", "50", "--sizes", "1,x"], mentions: ["--sizes"]),
        BadInput(arguments: ["align", "--kernel", "ntk", "--samples", "5"], mentions: ["--samples", "10"]),
        BadInput(arguments: ["align", "--kernel", "ntk"], mentions: ["--samples", "--data"]),
        BadInput(arguments: ["align", "--samples", "50"], mentions: ["--kernel"]),
        BadInput(arguments: ["align", "--kernel", "ntk", "--samples", "50", "--dim", "1"], mentions: ["--dim"]),
        BadInput(arguments: ["align", "--kernel", "laplace", "--data", "points.csv"], mentions: ["--data", "line 1", "--normalize"],
                 data: "2,0,0\n" + onSphere),
        BadInput(arguments: ["align", "--kernel", "laplace", "--data", "points.csv", "--dim", "4"], mentions: ["--dim", "3"], data: onSphere),
        BadInput(arguments: ["align", "--kernel", "laplace", "--data", "points.csv"], mentions: ["--data", "line 2", "nan"],
                 data: "1,0,0\nnan,0,0\n" + onSphere),
    ]

    @Test("bad input: a message naming the option, a non-zero exit, and no output file", arguments: badCases)
    func badInput(_ input: BadInput) throws {
        let scratch = try Scratch()
        if let data = input.data { _ = try scratch.write(data, to: "points.csv") }
        let run = try Spectra.run(input.arguments + ["--output", "out.json", "--format", "json"], in: scratch.url)
        #expect(run.refusedCleanly, "status \(run.status): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        for word in input.mentions { #expect(run.stderr.contains(word), "message lacks '\(word)': \(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out.json").path))
    }
}
