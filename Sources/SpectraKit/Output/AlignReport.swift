/// Tables and JSON for `spectra align` (DESIGN.md's JSON contract): harmonic projections of each
/// kernel's top eigenvectors and the alignment of every pair of kernels (docs/eigenfunctions.md).
/// Indices of eigenvectors are 1-based; angles are in radians.
public enum AlignReport {
    /// One row per kernel: the sample, the degree bound and the dominant-degree fractions.
    public static func summaryTable(_ study: EigenspaceAlignmentStudy) throws -> Table {
        var table = try Table(columns: ["kernel", "dimension", "samples", "eigenvectors", "max_degree", "min_fraction",
                                        "median_fraction", "max_residual"])
        for k in study.kernels {
            let summary = k.dominantFractionSummary
            try table.append([.text(k.kernel), .integer(study.dimension), .integer(study.pointCount), .integer(k.projections.count),
                              .integer(study.maxDegree), summary.map { .real($0.minimum, significantDigits: 6) } ?? .missing,
                              summary.map { .real($0.median, significantDigits: 6) } ?? .missing,
                              .real(k.projections.map(\.residual).max() ?? 0, significantDigits: 3)])
        }
        return table
    }

    /// One row per eigenvector: its eigenvalue of K/n, dominant degree, fraction and residual.
    public static func projectionsTable(_ study: EigenspaceAlignmentStudy) throws -> Table {
        var table = try Table(columns: ["kernel", "index", "eigenvalue", "degree", "energy", "residual"])
        for k in study.kernels {
            for (i, p) in k.projections.enumerated() {
                try table.append([.text(k.kernel), .integer(i + 1), .real(k.spectrum.eigenvalues[i]), .integer(p.dominantDegree),
                                  .real(p.dominantFraction, significantDigits: 6), .real(p.residual, significantDigits: 3)])
            }
        }
        return table
    }

    /// Tidy: one row per (kernel, eigenvector, degree).
    public static func energiesTable(_ study: EigenspaceAlignmentStudy) throws -> Table {
        var table = try Table(columns: ["kernel", "index", "degree", "energy"])
        for k in study.kernels {
            for (i, p) in k.projections.enumerated() {
                for (degree, e) in p.energies.enumerated() {
                    try table.append([.text(k.kernel), .integer(i + 1), .integer(degree), .real(e)])
                }
            }
        }
        return table
    }

    /// One row per (pair, m): overlap of the top-m eigenspaces and their largest principal angle.
    public static func alignmentTable(_ study: EigenspaceAlignmentStudy) throws -> Table {
        var table = try Table(columns: ["kernel_a", "kernel_b", "m", "overlap", "largest_angle"])
        for (a, b, pair) in named(study) {
            for (m, x) in pair.overall {
                try table.append([.text(a), .text(b), .integer(m), .real(x.overlap, significantDigits: 6), largestAngle(x)])
            }
        }
        return table
    }

    /// Tidy: one row per (pair, m, angle).
    public static func anglesTable(_ study: EigenspaceAlignmentStudy) throws -> Table {
        var table = try Table(columns: ["kernel_a", "kernel_b", "m", "index", "angle"])
        for (a, b, pair) in named(study) {
            for (m, x) in pair.overall {
                for (i, angle) in x.principalAngles.enumerated() {
                    try table.append([.text(a), .text(b), .integer(m), .integer(i + 1), .real(angle)])
                }
            }
        }
        return table
    }

    /// One row per (pair, degree): the eigenvectors each kernel assigns to degree k, compared.
    public static func degreeAlignmentTable(_ study: EigenspaceAlignmentStudy) throws -> Table {
        var table = try Table(columns: ["kernel_a", "kernel_b", "degree", "count_a", "count_b", "overlap", "largest_angle"])
        for (a, b, pair) in named(study) {
            for (k, x) in pair.byDegree {
                try table.append([.text(a), .text(b), .integer(k), .integer(x.sizes.0), .integer(x.sizes.1),
                                  .real(x.overlap, significantDigits: 6), largestAngle(x)])
            }
        }
        return table
    }

    /// - Parameters:
    ///   - study: the alignment study to lay out.
    ///   - command: the command line that made it (provenance).
    ///   - seed: the sampler's seed, nil for --data.
    public static func json(_ study: EigenspaceAlignmentStudy, command: String, seed: UInt64?) -> JSONValue {
        var header: [(key: String, value: JSONValue)] = [
            ("spectra_version", .string(SpectraVersion.string)), ("command", .string(command)),
            ("dimension", .integer(study.dimension)), ("samples", .integer(study.pointCount)),
        ]
        if let seed { header.append(("seed", .string(String(seed)))) }
        header += [("top", .integer(study.top)), ("max_degree", .integer(study.maxDegree)),
                   ("dependent_basis_columns", .integer(study.dependentBasisColumns))]
        let results: [JSONValue] = study.kernels.map { k in
            let summary = k.dominantFractionSummary
            return .object([
                ("kernel", .string(k.kernel)),
                ("summary", .object([("min_fraction", summary.map { .real($0.minimum) } ?? .null),
                                     ("median_fraction", summary.map { .real($0.median) } ?? .null)])),
                ("projections", .array(k.projections.enumerated().map { i, p in
                    .object([("index", .integer(i + 1)), ("eigenvalue", .real(k.spectrum.eigenvalues[i])),
                             ("degree", .integer(p.dominantDegree)), ("energy", .real(p.dominantFraction)),
                             ("residual", .real(p.residual)), ("energies", .array(p.energies.map { .real($0) }))])
                })),
            ])
        }
        let pairs = named(study)
        let alignment: [JSONValue] = pairs.flatMap { a, b, pair in
            pair.overall.map { m, x in
                .object([("kernels", .array([.string(a), .string(b)])), ("m", .integer(m)), ("overlap", .real(x.overlap)),
                         ("principal_angles", .array(x.principalAngles.map { .real($0) }))])
            }
        }
        let byDegree: [JSONValue] = pairs.flatMap { a, b, pair in
            pair.byDegree.map { k, x in
                .object([("kernels", .array([.string(a), .string(b)])), ("degree", .integer(k)),
                         ("counts", .array([.integer(x.sizes.0), .integer(x.sizes.1)])), ("overlap", .real(x.overlap)),
                         ("principal_angles", .array(x.principalAngles.map { .real($0) }))])
            }
        }
        return .object(header + [("results", .array(results)), ("alignment", .array(alignment)),
                                 ("degree_alignment", .array(byDegree))])
    }

    /// The pairs' sentences (`EigenfunctionSharing`) under a title, for the human formats: a
    /// paragraph per pair (table), a list item per pair (markdown), comment lines (latex).
    /// `name` gives a kernel's display name from its canonical spec.
    public static func verdictText(_ verdicts: [EigenfunctionSharing], study: EigenspaceAlignmentStudy, format: TableFormat,
                                   name: (String) -> String) -> String {
        let title = "Shared eigenfunctions (top \(study.top) eigenvectors, degrees 0...\(study.maxDegree), n = \(study.pointCount))"
        let sentences = verdicts.map { sentence($0, study: study, name: name) }
        switch format {
        case .markdown: return "### \(title)\n\n" + sentences.map { "- " + $0 + "\n" }.joined()
        case .latex: return "% \(title)\n" + sentences.map { "% " + $0 + "\n" }.joined()
        default: return "# \(title)\n" + sentences.map { $0 + "\n" }.joined(separator: "\n")
        }
    }

    /// One pair in words: up to which degree the kernels share eigenfunctions, and why they
    /// part where they do.
    public static func sentence(_ v: EigenfunctionSharing, study: EigenspaceAlignmentStudy, name: (String) -> String) -> String {
        let names = (name(study.kernels[v.first].kernel), name(study.kernels[v.second].kernel))
        func kernel(_ i: Int) -> String { i == 0 ? names.0 : names.1 }
        var parts: [String] = []
        let shared = v.sharedUpTo
        if let shared {
            let run = v.degrees.prefix { $0.degree <= shared }.filter(\.isShared)
            let lowest = run.min { $0.overlap < $1.overlap }
            parts.append("\(names.0) and \(names.1) share eigenfunctions up to degree \(shared)"
                + (lowest.map { ": every degree's eigenvectors coincide (overlap >= \(EigenfunctionSharing.threshold), lowest "
                    + NumberFormatting.human($0.overlap, significantDigits: 4) + " at degree \($0.degree))" } ?? "")
                + ".")
        } else {
            parts.append("\(names.0) and \(names.1) share no eigenfunctions from degree 0 on.")
        }
        let horizon = v.horizon ?? Int.max
        let beyond = v.degrees.filter { $0.degree > (shared ?? -1) && $0.degree < horizon }
        let alsoShared = beyond.filter(\.isShared).map(\.degree)
        if !alsoShared.isEmpty { parts.append("Beyond, they share degree\(alsoShared.count > 1 ? "s" : "") \(list(alsoShared)) too.") }
        let bothZero = v.degrees.filter { $0.difference == .bothZero && $0.degree < horizon }.map(\.degree)
        if !bothZero.isEmpty {
            parts.append("Degree\(bothZero.count > 1 ? "s" : "") \(list(bothZero)): an exact zero of both kernels, no eigenvectors.")
        }
        for i in 0...1 {
            let zeros = beyond.filter { $0.difference == .exactZero(kernel: i) }.map(\.degree)
            if !zeros.isEmpty {
                parts.append("They differ at degree\(zeros.count > 1 ? "s" : "") \(list(zeros)) because \(kernel(i))'s mu_k is an exact "
                    + "zero there (a zero of the kernel, not of the sample), so its eigenvectors hold none of those harmonics.")
            }
        }
        let counts = beyond.filter { if case .counts = $0.difference { return true } else { return false } }
        if let c = counts.first {
            parts.append("At degree\(counts.count > 1 ? "s" : "") \(list(counts.map(\.degree))) the kernels assign different numbers of "
                + "eigenvectors (\(c.counts.0) and \(c.counts.1) of \(c.multiplicity) at degree \(c.degree)): eigenvalues of neighbouring "
                + "degrees lie within sampling error there, so some eigenvectors are dominated by another degree; more points separate them.")
        }
        let weak = beyond.filter { if case .overlap = $0.difference { return true } else { return false } }
        if let w = weak.min(by: { $0.overlap < $1.overlap }) {
            parts.append("At degree\(weak.count > 1 ? "s" : "") \(list(weak.map(\.degree))) both assign all their eigenvectors but the "
                + "spaces overlap less than \(EigenfunctionSharing.threshold) (" + NumberFormatting.human(w.overlap, significantDigits: 3)
                + " at degree \(w.degree)): on \(study.pointCount) points the eigenvectors are harmonics only up to sampling error.")
        }
        if let h = v.degrees.first(where: { $0.degree == horizon }), case .cut(let i, let count) = h.difference {
            parts.append("From degree \(h.degree) on nothing is compared: the top \(study.top) eigenvectors of \(kernel(i)) end there "
                + "(\(count) of the \(h.multiplicity) of degree \(h.degree)); a larger --top reaches further.")
        }
        return parts.joined(separator: " ")
    }

    /// `1, 3, 5` or, beyond six, `1, 3, 5, ..., 21 (11 degrees)`.
    static func list(_ degrees: [Int]) -> String {
        guard degrees.count > 6 else { return degrees.map(String.init).joined(separator: ", ") }
        return degrees.prefix(3).map(String.init).joined(separator: ", ") + ", ..., \(degrees.last ?? 0) (\(degrees.count) degrees)"
    }

    private static func named(_ study: EigenspaceAlignmentStudy) -> [(String, String, KernelPairAlignment)] {
        study.pairs.map { (study.kernels[$0.first].kernel, study.kernels[$0.second].kernel, $0) }
    }

    private static func largestAngle(_ x: SubspaceAlignment) -> TableCell {
        x.principalAngles.last.map { .real($0, significantDigits: 6) } ?? .missing
    }
}
