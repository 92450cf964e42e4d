extension RKHSPaperRow {
    /// kernel, d, p (theory), p (fit), s, RKHS?, and the kernel's RKHS against Laplace's
    /// (equal, subset, superset, incomparable, inconclusive): a paper's comparison table.
    public static func table(_ rows: [RKHSPaperRow]) throws -> Table {
        var table = try Table(columns: ["kernel", "d", "p_theory", "p_fit", "window", "sobolev_s", "rkhs", "vs_laplace"], rows: [])
        for row in rows {
            let order = SobolevOrder(row.study)
            let fit = row.study.fit
            try table.append([
                .text(row.spec), .integer(row.study.spectrum.dimension),
                row.study.theory.exponent.map { .real($0) } ?? DecayReport.theoryCell(row.study.theory),
                fit.map { .real($0.exponent, significantDigits: 4) } ?? .missing,
                fit.map { .text("\($0.range.lowerBound)-\($0.range.upperBound)") } ?? .missing,
                order.theoretical.map { .real($0) } ?? .missing,
                order.isRKHS.map { .text($0 ? "yes" : "no") } ?? .missing,
                .text(row.spec == "laplace" ? "-" : relation(row.versusLaplace.verdict)),
            ])
        }
        return table
    }

    /// The kernel's RKHS against Laplace's, as a word for a paper.
    static func relation(_ verdict: RKHSComparison.Verdict) -> String {
        switch verdict {
        case .equal: return "equal"
        case .aInB: return "subset"
        case .bInA: return "superset"
        case .incomparable: return "incomparable"
        case .inconclusive: return "inconclusive"
        }
    }
}
