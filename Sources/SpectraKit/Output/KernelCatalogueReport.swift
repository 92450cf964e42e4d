/// Tables and JSON for `spectra kernels`: the catalogue from its own data
/// (`KernelCatalogue.descriptions`, defaults read from the kernels the catalogue builds, the
/// theory from `CatalogueKernel.theoreticalDecay`).
public enum KernelCatalogueReport {
    /// One row per kernel: what it is, its spec with every default, and the decay law on S^{d-1}.
    public static func kernelsTable(_ kernels: [KernelDescription], dimension d: Int) throws -> Table {
        var table = try Table(columns: ["kernel", "summary", "formula", "canonical_default", "theory", "theory_source", "documentation"])
        for k in kernels {
            let kernel = k.defaultKernel
            let theory = kernel?.theoreticalDecay(dimension: d)
            try table.append([.text(k.name), .text(k.summary), .text(k.formula), kernel.map { .text($0.canonicalSpec) } ?? .missing,
                              theory.map { .text($0.note) } ?? .missing, theory.map { .text($0.citation) } ?? .missing,
                              .text(k.reference)])
        }
        return table
    }

    /// One row per (kernel, parameter): meaning, default, allowed values, conditions.
    public static func parametersTable(_ kernels: [KernelDescription]) throws -> Table {
        var table = try Table(columns: ["kernel", "parameter", "default", "allowed", "condition", "applies_with", "meaning"])
        for k in kernels {
            for p in k.parameters {
                try table.append([.text(k.name), .text(p.key), .text(p.defaultText(of: k.name)), .text(p.allowed.description),
                                  p.condition.map { .text($0) } ?? .missing, p.appliesWith.map { .text($0) } ?? .missing,
                                  .text(p.meaning)])
            }
        }
        return table
    }

    /// `{"dimension": d, "kernels": [{"kernel", "summary", ..., "parameters": [...], "theory": {...}}]}`.
    public static func json(_ kernels: [KernelDescription], dimension d: Int, command: String) -> JSONValue {
        let entries: [JSONValue] = kernels.map { k in
            let kernel = k.defaultKernel
            let theory = kernel?.theoreticalDecay(dimension: d)
            let law: JSONValue
            switch theory?.law {
            case .powerLaw(let p)?: law = .object([("kind", .string("power_law")), ("exponent", .real(p))])
            case .superPolynomial?: law = .object([("kind", .string("super_polynomial"))])
            case .finite(let degree)?: law = .object([("kind", .string("finite")), ("degree", .integer(degree))])
            case nil: law = .null
            }
            return .object([
                ("kernel", .string(k.name)), ("summary", .string(k.summary)), ("formula", .string(k.formula)),
                ("canonical_default", kernel.map { .string($0.canonicalSpec) } ?? .null),
                ("documentation", .string(k.reference)),
                ("parameters", .array(k.parameters.map { p in
                    .object([("parameter", .string(p.key)), ("default", .string(p.defaultText(of: k.name))),
                             ("allowed", .string(p.allowed.description)), ("condition", p.condition.map(JSONValue.string) ?? .null),
                             ("applies_with", p.appliesWith.map(JSONValue.string) ?? .null), ("meaning", .string(p.meaning))])
                })),
                ("theory", theory.map { t in
                    .object([("law", law), ("parity", .string(t.parity.rawValue)), ("note", .string(t.note)),
                             ("source", .string(t.citation))])
                } ?? .null),
            ])
        }
        return .object([("spectra_version", .string(SpectraVersion.string)), ("command", .string(command)),
                        ("dimension", .integer(d)), ("kernels", .array(entries))])
    }
}
