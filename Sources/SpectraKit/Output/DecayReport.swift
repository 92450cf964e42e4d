/// Tables and JSON for `spectra decay` (DESIGN.md: the JSON keys are a stable contract).
public enum DecayReport {
    // MARK: Spectrum

    public static func spectrumTable(_ studies: [AnalyticDecayStudy]) throws -> Table {
        var table = try Table(columns: ["kernel", "dimension", "degree", "multiplicity", "eigenvalue", "error_estimate",
                                        "reliability", "log10_eigenvalue"], rows: [])
        for study in studies {
            for entry in study.spectrum.degrees {
                try table.append([.text(study.kernel), .integer(study.spectrum.dimension), .integer(entry.degree),
                                  multiplicityCell(entry.multiplicity),
                                  .real(entry.eigenvalue, significantDigits: Swift.min(10, entry.trustworthyDigits)),
                                  .real(entry.errorEstimate, significantDigits: 2), .text(entry.reliability.rawValue),
                                  log10Cell(entry)])
            }
        }
        return table
    }

    /// log10 |mu_k| where the eigenvalue is below Double's normal range (the series' exact tails,
    /// whose `eigenvalue` prints as 0 or with fewer digits; docs/accuracy.md#exact-tails), missing
    /// elsewhere: the eigenvalue column says all there is, and the human formats leave the column
    /// out when no row needs it. The JSON carries log10 for every nonzero value.
    static func log10Cell(_ entry: AnalyticSpectrum.Degree) -> TableCell {
        let value = entry.log10Eigenvalue
        guard value.isFinite, Swift.abs(entry.eigenvalue) < Double.leastNormalMagnitude else { return .missing }
        return .real(value, significantDigits: 12)
    }

    static func multiplicityCell(_ n: Natural) -> TableCell {
        if let small = n.intValue { return .integer(small) }
        return DecimalInteger(n.description).map(TableCell.bigInteger) ?? .text(n.description)
    }

    // MARK: Fit

    public static func fitTable(_ studies: [AnalyticDecayStudy], method: String) throws -> Table {
        var table = try Table(columns: ["kernel", "dimension", "method"] + fitColumns
                                  + ["theoretical_exponent", "shifted_exponent", "shifted_stderr", "note"] + rateColumns, rows: [])
        for study in studies {
            try table.append([.text(study.kernel), .integer(study.spectrum.dimension), .text(method)]
                             + fitCells(study.fit)
                             + [theoryCell(study.theory),
                                study.shiftedFit.map { .real($0.exponent, significantDigits: 6) } ?? .missing,
                                study.shiftedFit.map { .real($0.standardError, significantDigits: 2) } ?? .missing,
                                study.fitNote.map(TableCell.text) ?? .missing] + rateCells(study.superpolynomialFit))
        }
        return table
    }

    /// The superpolynomial fit (docs/decay.md#superpolynomial-decay).
    static let rateColumns = ["rate_form", "rate", "rate_theory", "log10_constant", "log10_constant_theory", "rate_points"]

    static func rateCells(_ fit: SuperpolynomialFit?) -> [TableCell] {
        guard let fit else { return Array(repeating: .missing, count: rateColumns.count) }
        return [.text(fit.form.rawValue), .real(fit.rate, significantDigits: 6),
                fit.theoreticalRate.map { .real($0, significantDigits: 6) } ?? .missing,
                .real(fit.log10Constant, significantDigits: 6),
                fit.theoreticalLog10Constant.map { .real($0, significantDigits: 6) } ?? .missing, .integer(fit.pointCount)]
    }

    static let fitColumns = ["exponent", "stderr", "prefactor", "r2", "degree_from", "degree_to", "parity", "points"]

    /// The cells of `fitColumns`, all missing when there is no fit.
    static func fitCells(_ fit: PowerLawFit?) -> [TableCell] {
        guard let fit else { return Array(repeating: .missing, count: fitColumns.count) }
        return [.real(fit.exponent, significantDigits: 6), .real(fit.standardError, significantDigits: 2),
                .real(fit.prefactor, significantDigits: 6), .real(fit.rSquared, significantDigits: 8),
                .integer(fit.range.lowerBound), .integer(fit.range.upperBound), .text(fit.parity.rawValue),
                .integer(fit.pointCount)]
    }

    static func theoryCell(_ theory: DecayTheory) -> TableCell {
        switch theory.law {
        case .powerLaw(let p): return .real(p)
        case .superPolynomial: return .text("superpolynomial")
        case .finite(let degree): return .text("zero beyond \(degree)")
        }
    }

    public static func slopesTable(_ studies: [AnalyticDecayStudy]) throws -> Table {
        var table = try Table(columns: ["kernel", "degree_from", "degree_to", "exponent", "stderr", "points"], rows: [])
        for study in studies {
            for fit in study.localSlopes {
                try table.append([.text(study.kernel), .integer(fit.range.lowerBound), .integer(fit.range.upperBound),
                                  .real(fit.exponent, significantDigits: 6), .real(fit.standardError, significantDigits: 2),
                                  .integer(fit.pointCount)])
            }
        }
        return table
    }

    // MARK: JSON

    public static func json(_ studies: [AnalyticDecayStudy], command: String) -> JSONValue {
        .object([
            ("spectra_version", .string(SpectraVersion.string)),
            ("command", .string(command)),
            ("results", .array(studies.map(json))),
        ])
    }

    static func json(_ study: AnalyticDecayStudy) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("kernel", .string(study.kernel)),
            ("dimension", .integer(study.spectrum.dimension)),
            ("method", .string("analytic")),
            ("spectrum", .array(study.spectrum.degrees.map { entry in
                .object([
                    ("degree", .integer(entry.degree)),
                    ("multiplicity", JSONValue(multiplicityCell(entry.multiplicity))),
                    ("eigenvalue", .real(entry.eigenvalue)),
                    ("error_estimate", .real(entry.errorEstimate)),
                    ("reliability", .string(entry.reliability.rawValue)),
                    ("log10_eigenvalue", entry.log10Eigenvalue.isFinite ? .real(entry.log10Eigenvalue) : .null),
                ])
            })),
            ("fit", json(study.fit)),
            ("theory", json(study.theory)),
        ]
        if let note = study.fitNote { members.append(("fit_note", .string(note))) }
        members.append(("method_detail", .string(study.spectrum.method.rawValue)))
        if let rate = study.superpolynomialFit {
            members.append(("superpolynomial_fit", .object([
                ("form", .string(rate.form.rawValue)), ("rate", .real(rate.rate)),
                ("rate_theory", rate.theoreticalRate.map { .real($0) } ?? .null),
                ("log10_constant", .real(rate.log10Constant)),
                ("log10_constant_theory", rate.theoreticalLog10Constant.map { .real($0) } ?? .null),
                ("degree_range", .array([.integer(rate.range.lowerBound), .integer(rate.range.upperBound)])),
                ("points", .integer(rate.pointCount)),
            ])))
        }
        if let shifted = study.shiftedFit { members.append(("shifted_fit", json(shifted))) }
        if !study.localSlopes.isEmpty { members.append(("local_slopes", .array(study.localSlopes.map(json)))) }
        return .object(members)
    }

    static func json(_ fit: PowerLawFit?) -> JSONValue {
        guard let fit else { return .null }
        return .object([
            ("exponent", .real(fit.exponent)),
            ("prefactor", .real(fit.prefactor)),
            ("stderr", fit.standardError.isFinite ? .real(fit.standardError) : .null),
            ("r2", .real(fit.rSquared)),
            ("degree_range", .array([.integer(fit.range.lowerBound), .integer(fit.range.upperBound)])),
            ("parity", .string(fit.parity.rawValue)),
            ("points", .integer(fit.pointCount)),
            ("shift", .real(fit.shift)),
        ])
    }

    static func json(_ theory: DecayTheory) -> JSONValue {
        let law: JSONValue
        switch theory.law {
        case .powerLaw(let p): law = .object([("law", "power_law"), ("exponent", .real(p))])
        case .superPolynomial: law = .object([("law", "superpolynomial"), ("exponent", .null)])
        case .finite(let degree): law = .object([("law", "finite"), ("degree", .integer(degree))])
        }
        guard case .object(var members) = law else { return law }
        members += [("parity", .string(theory.parity.rawValue)), ("note", .string(theory.note)),
                    ("citation", .string(theory.citation))]
        return .object(members)
    }
}
