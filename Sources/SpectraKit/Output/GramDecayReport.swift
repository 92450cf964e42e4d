/// Tables and JSON for `spectra decay --method gram` (DESIGN.md's JSON contract, plus
/// "eigenvalues": all eigenvalues of K/n, descending).
public enum GramDecayReport {
    public static func spectrumTable(_ studies: [GramDecayStudy]) throws -> Table {
        var table = try Table(columns: ["kernel", "dimension", "degree", "multiplicity", "eigenvalue", "analytic",
                                        "block_start", "block_end", "complete"], rows: [])
        for study in studies {
            for e in study.grouping.estimates {
                try table.append([.text(study.kernel), .integer(study.dimension), .integer(e.degree), .integer(e.multiplicity),
                                  .real(e.estimate), .real(e.analytic), .integer(e.block.lowerBound + 1),
                                  .integer(e.block.upperBound), .boolean(e.isComplete)])
            }
        }
        return table
    }

    public static func fitTable(_ studies: [GramDecayStudy]) throws -> Table {
        var table = try Table(columns: ["kernel", "dimension", "method"] + DecayReport.fitColumns
                                  + ["theoretical_exponent", "index_exponent", "index_stderr", "theoretical_index_exponent",
                                     "trace", "kappa_at_one", "note"], rows: [])
        for s in studies {
            let theoryIndex: TableCell = s.theory.exponent.map { .real($0 / Double(s.dimension - 1), significantDigits: 6) }
                ?? DecayReport.theoryCell(s.theory)
            try table.append([.text(s.kernel), .integer(s.dimension), .text(s.method)] + DecayReport.fitCells(s.fit)
                             + [DecayReport.theoryCell(s.theory),
                                s.indexFit.map { .real($0.exponent, significantDigits: 6) } ?? .missing,
                                s.indexFit.map { .real($0.standardError, significantDigits: 2) } ?? .missing, theoryIndex,
                                .real(s.spectrum.eigenvalueSum, significantDigits: 15),
                                .real(s.profileAtOne, significantDigits: 15), s.fitNote.map(TableCell.text) ?? .missing])
        }
        return table
    }

    public static func eigenvaluesTable(_ studies: [GramDecayStudy]) throws -> Table {
        var table = try Table(columns: ["kernel", "index", "eigenvalue"], rows: [])
        for s in studies {
            for (i, value) in s.spectrum.eigenvalues.enumerated() {
                try table.append([.text(s.kernel), .integer(i + 1), .real(value)])
            }
        }
        return table
    }

    /// - Parameters:
    ///   - studies: one study per kernel.
    ///   - command: the command line that made them (provenance).
    ///   - samples: n, the number of points.
    ///   - seed: the sampler's seed, nil for --data.
    ///   - timings: include wall-clock seconds of assembly and eigensolve (for
    ///     benchmarks; they differ run to run, so they are left out unless asked for, and the
    ///     same seed gives byte-identical output).
    public static func json(_ studies: [GramDecayStudy], command: String, samples: Int, seed: UInt64?,
                            timings: Bool = false) -> JSONValue {
        var header: [(key: String, value: JSONValue)] = [("spectra_version", .string(SpectraVersion.string)),
                                                         ("command", .string(command)), ("samples", .integer(samples))]
        if let seed { header.append(("seed", .string(String(seed)))) }
        return .object(header + [("results", .array(studies.map { s in
            .object([
                ("kernel", .string(s.kernel)),
                ("dimension", .integer(s.dimension)),
                ("method", .string(s.method)),
                ("spectrum", .array(s.grouping.estimates.map { e in
                    .object([("degree", .integer(e.degree)), ("multiplicity", .integer(e.multiplicity)),
                             ("eigenvalue", .real(e.estimate)), ("analytic", .real(e.analytic)),
                             ("block", .array([.integer(e.block.lowerBound + 1), .integer(e.block.upperBound)])),
                             ("complete", .bool(e.isComplete))])
                })),
                ("fit", DecayReport.json(s.fit)),
                ("fit_note", s.fitNote.map(JSONValue.string) ?? .null),
                ("index_fit", DecayReport.json(s.indexFit)),
                ("theory", DecayReport.json(s.theory)),
                ("trace", .object([("eigenvalue_sum", .real(s.spectrum.eigenvalueSum)), ("kappa_at_one", .real(s.profileAtOne))])),
                ("eigenvalue_count", .integer(s.spectrum.eigenvalues.count)),
                ("interpolation_error", s.spectrum.interpolationError.map(JSONValue.real) ?? .null),
                ("timings", timings ? .object([("assembly_seconds", .real(s.spectrum.timings.assembly)),
                                               ("eigensolve_seconds", .real(s.spectrum.timings.eigensolve))]) : .null),
                ("eigenvalues", .array(s.spectrum.eigenvalues.map { .real($0) })),
            ])
        }))])
    }
}
