import ArgumentParser
import SpectraKit

struct RKHSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rkhs",
        abstract: "Compare the RKHSs of kernels on S^{d-1}: inclusion verdicts, Sobolev orders, RKHS norms of targets.",
        discussion: """
        For every pair of kernels: the ratio mu^A_k / mu^B_k (by degree: --table ratios), its extremes
        and fitted exponent, and a verdict (equal, a_in_b, b_in_a, incomparable, inconclusive; docs/rkhs.md). For every kernel: the Sobolev order
        s = p/2 from theory and fit, and whether H^s is an RKHS (s > (d-1)/2). With --target: the RKHS norm
        of the zonal function g(<x, x0>) (abs, relu, exp, sin:w=W, power:p=P) by degree, and whether it is finite.
        Kernels and their parameters, defaults and ranges: spectra kernels.
        Examples (the awk line adds the value column relu(z) to the grid):
          spectra rkhs --kernel ntk:depth=3,bias_var=0.25 --kernel laplace --dim 3
          spectra rkhs --kernel ntk --kernel laplace --kernel gexp:gamma=0.5 \\
            --target relu --dim 10
          spectra rkhs --paper-table --format latex
          spectra rkhs --target-grid 32 > grid.csv
          awk -F, '{ print $0 "," (NR == 1 ? "value" : ($3 > 0 ? $3 : 0)) }' \\
            grid.csv > relu.csv
          spectra rkhs --kernel ntk --kernel laplace --target-data relu.csv
        --table NAME prints one table alone, in any format: sobolev, comparisons and
        ratios (two kernels or more), targets and partial_sums (with --target or
        --target-data). Without it the human formats print all but ratios and partial_sums,
        csv and tsv comparisons (sobolev for one kernel), json the whole document.
        """
    )

    enum TableChoice: String, ExpressibleByArgument, CaseIterable { case sobolev, comparisons, ratios, targets, partialSums = "partial_sums" }

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var degrees: DegreeOptions

    @Option(name: .customLong("target"), help: "Zonal target g(<x, x0>): abs, relu, exp, sin:w=W, power:p=P; repeatable.")
    var targets: [String] = []

    @Option(name: .customLong("target-data"), help: "Target given as data on S^2: CSV rows x,y,z,value on the Gauss-Legendre grid of band limit L, in the order of --target-grid L (needs --dim 3); repeatable.", completion: .file())
    var targetData: [String] = []

    @Option(name: .customLong("target-grid"), help: "Print the grid points (x,y,z) of band limit L for --target-data, then stop.")
    var targetGrid: Int?

    @Flag(name: .customLong("paper-table"), help: "Print the comparison table of NTK, Laplace and gexp kernels for d = 2, 3, 5, 10.")
    var paperTable = false

    @Option(help: "Print this table alone, in any format (\(TableChoice.allCases.map(\.rawValue).joined(separator: "|")); default: csv/tsv comparisons).")
    var table: TableChoice?

    static let defaultDegree = 1000

    func validate() throws {
        try degrees.validateDimension()
        try degrees.validateAnalytic(defaultDegree: Self.defaultDegree)
        if !targetData.isEmpty && degrees.dim != 3 {
            throw ValidationError("--target-data is data on S^2: it needs --dim 3, got --dim \(degrees.dim)")
        }
        if let targetGrid, !(1...SphericalHarmonicTransform.maximumBandLimit).contains(targetGrid) {
            throw ValidationError("--target-grid must be a band limit from 1 to \(SphericalHarmonicTransform.maximumBandLimit), got \(targetGrid)")
        }
        if paperTable && !kernelOptions.specs.isEmpty {
            throw ValidationError("--paper-table uses its own kernels and dimensions; leave out --kernel")
        }
    }

    func run() throws {
        if paperTable { return try runPaperTable() }
        if let targetGrid { return try printTargetGrid(bandLimit: targetGrid) }
        let kernels = try kernelOptions.kernels()
        let parsedTargets = try targets.map { try ZonalTarget(parsing: $0) }
        let maps = try targetData.map { path in (path, try loadMap(path)) }
        let k = degrees.maxDegree ?? Self.defaultDegree
        let range = try degrees.parsedFitRange(upTo: k)
        let studies = try RKHSStudies.studies(kernels.map(\.kernel), dimension: degrees.dim, maxDegree: k, fitRange: range,
                                              rangeWasChosen: degrees.fitRange != nil)
        let orders = studies.map(SobolevOrder.init)
        let comparisons = RKHSStudies.pairs(studies, fitRange: range)
        let zonalNorms = parsedTargets.flatMap { target in studies.map { TargetNorm(target: target, kernel: $0, fitRange: range) } }
        let mapNorms = maps.flatMap { path, map in
            studies.map { TargetNorm(name: path, energies: map.energies, kernel: $0,
                                     fitRange: degrees.fitRange == nil ? Self.dataWindow(map.bandLimit) : range) }
        }
        let norms = zonalNorms + mapNorms
        let naming = try kernelOptions.naming()
        if outputOptions.format == .json && table == nil {
            let json = RKHSReport.json(orders: orders, comparisons: comparisons, norms: norms, command: Invocation.commandLine)
            var settings: [(key: String, value: JSONValue)] = [
                ("dimension", .integer(degrees.dim)), ("max_degree", .integer(k)),
                ("fit_range", .array([.integer(range.lowerBound), .integer(range.upperBound)])),
            ]
            if degrees.fitRange == nil, !maps.isEmpty {
                settings += maps.map { path, map in
                    let window = Self.dataWindow(map.bandLimit)
                    return ("fit_range_of_" + path, .array([.integer(window.lowerBound), .integer(window.upperBound)]))
                }
            }
            return try Emitter.emit(try Sections.json(json, naming: naming, settings: settings), to: outputOptions.output)
        }
        var sections = [Section(key: "sobolev", title: "Sobolev orders (d = \(degrees.dim))", table: try RKHSReport.sobolevTable(orders))]
        if !comparisons.isEmpty {
            sections.append(Section(key: "comparisons", title: "RKHS comparisons", table: try RKHSReport.comparisonTable(comparisons)))
            sections.append(Section(key: "ratios", title: "Eigenvalue ratios mu^A_k / mu^B_k",
                                    table: try RKHSReport.ratioTable(comparisons, dimension: degrees.dim), shown: false))
        }
        if !norms.isEmpty {
            sections.append(Section(key: "targets", title: "RKHS norms of targets", table: try RKHSReport.targetTable(norms)))
            sections.append(Section(key: "partial_sums", title: "Partial sums", table: try RKHSReport.partialSumsTable(norms), shown: false))
        }
        try Emitter.emit(try Sections.render(sections, format: outputOptions.format, choice: table?.rawValue, preferred: "comparisons",
                                             naming: naming), to: outputOptions.output)
    }

    /// The default fit window for data on the grid of band limit L: [L/16, L/4]. Data that is
    /// not band-limited aliases onto the degrees near L (the grid's quadrature is exact only to
    /// degree 2L + 1); for relu(<x, x0>) at L = 128 the terms are 17% off at L/3 and 3x at 100.
    static func dataWindow(_ bandLimit: Int) -> ClosedRange<Int> {
        Swift.max(2, bandLimit / 16)...Swift.max(3, bandLimit / 4)
    }

    func loadMap(_ path: String) throws -> MapTarget {
        let text = try InputFile.text(path, option: "--target-data")
        do {
            let table = try PointSet.parse(text)
            let rows = (0..<table.count).map { table[point: $0] }
            return try MapTarget(rows: rows)
        } catch let error as PointSetError {
            throw CommandError.data("--target-data \(path): \(error)")
        } catch let error as MapTargetError {
            throw CommandError.data("--target-data \(path): \(error)")
        }
    }

    func printTargetGrid(bandLimit: Int) throws {
        let points = try MapTarget.gridPoints(bandLimit: bandLimit)
        var table = try Table(columns: ["x", "y", "z"], rows: [])
        for i in 0..<points.count { try table.append(points[point: i].map { TableCell.real($0) }) }
        let format = outputOptions.format == .table ? TableFormat.csv : outputOptions.format
        try Emitter.emit(try Sections.render(table, key: "grid", format: format, choice: self.table?.rawValue), to: outputOptions.output)
    }

    /// NTK (depths 2 to 4, with and without bias), Laplace and gexp (gamma 0.5, 1.5) on S^{d-1},
    /// d = 2, 3, 5, 10: decay exponents, Sobolev orders and the verdict against Laplace.
    func runPaperTable() throws {
        let specs = ["ntk:depth=2", "ntk:depth=3", "ntk:depth=4", "ntk:depth=2,bias_var=0.25", "ntk:depth=3,bias_var=0.25",
                     "ntk:depth=4,bias_var=0.25", "laplace", "gexp:gamma=0.5", "gexp:gamma=1.5"]
        let kernels = try specs.map { try KernelSpec.parse($0).kernel }
        var rows: [RKHSPaperRow] = []
        for d in [2, 3, 5, 10] {
            let k = degrees.maxDegree ?? (d <= 5 ? 2000 : 500)
            let range = AnalyticDecayStudy.defaultFitRange(maxDegree: k)
            let studies = try RKHSStudies.studies(kernels, dimension: d, maxDegree: k, fitRange: range, rangeWasChosen: false)
            let laplace = studies[specs.firstIndex(of: "laplace") ?? 0]
            rows += zip(specs, studies).map { spec, study in
                RKHSPaperRow(spec: spec, study: study, versusLaplace: RKHSComparison(study, laplace, fitRange: range))
            }
        }
        try Emitter.emit(try Sections.render(RKHSPaperRow.table(rows), key: "paper", format: outputOptions.format,
                                             choice: table?.rawValue), to: outputOptions.output)
    }
}
