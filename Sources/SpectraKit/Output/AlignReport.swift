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

    private static func named(_ study: EigenspaceAlignmentStudy) -> [(String, String, KernelPairAlignment)] {
        study.pairs.map { (study.kernels[$0.first].kernel, study.kernels[$0.second].kernel, $0) }
    }

    private static func largestAngle(_ x: SubspaceAlignment) -> TableCell {
        x.principalAngles.last.map { .real($0, significantDigits: 6) } ?? .missing
    }
}
