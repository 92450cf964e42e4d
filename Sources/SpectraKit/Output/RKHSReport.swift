/// Tables and JSON for `spectra rkhs`.
public enum RKHSReport {
    public static func sobolevTable(_ orders: [SobolevOrder]) throws -> Table {
        var table = try Table(columns: ["kernel", "dimension", "sobolev_order", "fitted_order", "fitted_order_stderr", "is_rkhs"], rows: [])
        for o in orders {
            try table.append([.text(o.kernel), .integer(o.dimension), o.theoretical.map { .real($0) } ?? .text("none"),
                              o.fitted.map { .real($0, significantDigits: 6) } ?? .missing,
                              o.fittedStandardError.map { .real($0, significantDigits: 2) } ?? .missing,
                              o.isRKHS.map(TableCell.boolean) ?? .missing])
        }
        return table
    }

    public static func comparisonTable(_ comparisons: [RKHSComparison]) throws -> Table {
        var table = try Table(columns: ["a", "b", "verdict", "ratio_min", "ratio_max", "ratio_exponent",
                                        "ratio_exponent_stderr", "theoretical_ratio_exponent", "reason"], rows: [])
        for c in comparisons {
            try table.append([.text(c.a), .text(c.b), .text(c.verdict.rawValue), .real(c.ratioMinimum, significantDigits: 6),
                              .real(c.ratioMaximum, significantDigits: 6),
                              c.ratioFit.map { .real($0.exponent, significantDigits: 5) } ?? .missing,
                              c.ratioFit.map { .real($0.standardError, significantDigits: 2) } ?? .missing,
                              c.theoreticalRatioExponent.map { .real($0) } ?? .missing, .text(c.reason)])
        }
        return table
    }

    /// mu^A_k / mu^B_k of every pair against degree, on the degrees where both are resolved:
    /// every degree up to 20, then about 24 per decade (log-spaced), and the last one.
    public static func ratioTable(_ comparisons: [RKHSComparison], dimension: Int) throws -> Table {
        var table = try Table(columns: ["a", "b", "dimension", "degree", "ratio"], rows: [])
        for c in comparisons {
            var next = 0.0
            for (i, (k, ratio)) in c.ratios.enumerated() where Double(k) >= next || i == c.ratios.count - 1 {
                try table.append([.text(c.a), .text(c.b), .integer(dimension), .integer(k), .real(ratio, significantDigits: 10)])
                next = k < 20 ? Double(k + 1) : Double(k) * 1.1
            }
        }
        return table
    }

    public static func targetTable(_ norms: [TargetNorm]) throws -> Table {
        var table = try Table(columns: ["target", "kernel", "dimension", "verdict", "partial_norm_squared", "term_exponent",
                                        "term_exponent_stderr", "theoretical_term_exponent", "reason"], rows: [])
        for n in norms {
            try table.append([.text(n.target), .text(n.kernel), .integer(n.dimension), .text(n.verdict.rawValue),
                              .real(n.partialNorm, significantDigits: 8),
                              n.termFit.map { .real($0.exponent, significantDigits: 5) } ?? .missing,
                              n.termFit.map { .real($0.standardError, significantDigits: 2) } ?? .missing,
                              n.theoreticalTermExponent.map { .real($0) } ?? .missing, .text(n.reason)])
        }
        return table
    }

    public static func partialSumsTable(_ norms: [TargetNorm]) throws -> Table {
        var table = try Table(columns: ["target", "kernel", "degree", "coefficient", "term", "partial_sum"], rows: [])
        for n in norms {
            for t in n.terms {
                try table.append([.text(n.target), .text(n.kernel), .integer(t.degree), .real(t.coefficient),
                                  t.term.map { .real($0) } ?? .missing, .real(t.partialSum)])
            }
        }
        return table
    }

    public static func json(orders: [SobolevOrder], comparisons: [RKHSComparison], norms: [TargetNorm], command: String) -> JSONValue {
        func real(_ x: Double?) -> JSONValue { x.flatMap { $0.isFinite ? JSONValue.real($0) : nil } ?? .null }
        var members: [(key: String, value: JSONValue)] = [
            ("spectra_version", .string(SpectraVersion.string)),
            ("command", .string(command)),
            ("results", .array(orders.map { o in
                .object([("kernel", .string(o.kernel)), ("dimension", .integer(o.dimension)),
                         ("sobolev_order", real(o.theoretical)), ("fitted_order", real(o.fitted)),
                         ("fitted_order_stderr", real(o.fittedStandardError)),
                         ("is_rkhs", o.isRKHS.map(JSONValue.bool) ?? .null)])
            })),
            ("comparisons", .array(comparisons.map { c in
                .object([("a", .string(c.a)), ("b", .string(c.b)), ("verdict", .string(c.verdict.rawValue)),
                         ("ratio_min", real(c.ratioMinimum)), ("ratio_max", real(c.ratioMaximum)),
                         ("ratio_exponent", real(c.ratioFit?.exponent)),
                         ("ratio_exponent_stderr", real(c.ratioFit?.standardError)),
                         ("theoretical_ratio_exponent", real(c.theoreticalRatioExponent)), ("reason", .string(c.reason)),
                         ("ratios", .array(c.ratios.map { .object([("degree", .integer($0.k)), ("ratio", .real($0.ratio))]) }))])
            })),
        ]
        if !norms.isEmpty {
            members.append(("targets", .array(norms.map { n in
                .object([("target", .string(n.target)), ("kernel", .string(n.kernel)), ("dimension", .integer(n.dimension)),
                         ("verdict", .string(n.verdict.rawValue)), ("partial_norm_squared", real(n.partialNorm)),
                         ("term_exponent", real(n.termFit?.exponent)), ("term_exponent_stderr", real(n.termFit?.standardError)),
                         ("theoretical_term_exponent", real(n.theoreticalTermExponent)), ("reason", .string(n.reason)),
                         ("partial_sums", .array(n.terms.map { t in
                             .object([("degree", .integer(t.degree)), ("coefficient", .real(t.coefficient)),
                                      ("term", real(t.term)), ("partial_sum", .real(t.partialSum))])
                         }))])
            })))
        }
        return .object(members)
    }
}
