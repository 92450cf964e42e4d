/// How the kernels of one output are named in each format (docs/kernels.md#labels).
///
/// Reports put a kernel's canonical spec in their cells (`kernel`, `kernel_a`, `a`, ...), which
/// the machine formats (csv, tsv, json) keep: it parses back to the kernel with every parameter
/// stated. The human formats (table, markdown, latex) print instead the label the user gave
/// (`--kernel 'NTK-3=ntk:depth=3'`) or the shortest spec that parses back to the kernel
/// (`ntk:depth=3`). When any label was given, the machine formats add the names beside the
/// specs: a column `X_label` after each column `X` of specs, a key `X_label` after each key `X`
/// whose value is a spec, and `kernel_labels` after an array `kernels` of specs.
public struct KernelNaming: Sendable {
    /// Display name by canonical spec.
    public let names: [String: String]
    /// Whether the user labelled any kernel (then the machine formats carry the names).
    public let hasLabels: Bool

    /// No renaming: every format prints the cells as the reports made them.
    public static let none = KernelNaming(names: [:], hasLabels: false)

    public init(names: [String: String], hasLabels: Bool) {
        self.names = names
        self.hasLabels = hasLabels
    }

    /// The naming of a command's kernels.
    public init(_ kernels: [LabeledKernelSpec]) {
        var names: [String: String] = [:]
        for k in kernels where names[k.spec.canonical] == nil { names[k.spec.canonical] = k.displayName }
        self.init(names: names, hasLabels: kernels.contains { $0.label != nil })
    }

    /// Every canonical spec among `table`'s text cells named by its shortest spec: for a table
    /// made elsewhere (a study's paper tables) printed in a human format.
    public static func shortest(in table: Table) -> KernelNaming {
        var names: [String: String] = [:]
        var seen = Set<String>()
        for row in table.rows {
            for cell in row {
                guard case .text(let s) = cell, s.contains(":"), seen.insert(s).inserted,
                      let spec = try? KernelSpec.parse(s), spec.canonical == s else { continue }
                names[s] = spec.kernel.shortestSpec
            }
        }
        return KernelNaming(names: names, hasLabels: false)
    }

    /// The display name of a canonical spec (the spec itself when it is not one of these kernels).
    public func name(of canonical: String) -> String { names[canonical] ?? canonical }

    /// `table` for people: every text cell that is one of these kernels' canonical specs
    /// replaced by its display name.
    public func forPeople(_ table: Table) -> Table {
        guard !names.isEmpty else { return table }
        let rows = table.rows.map { row in
            row.map { cell -> TableCell in
                if case .text(let s) = cell, let name = names[s] { return .text(name) }
                return cell
            }
        }
        return (try? Table(columns: table.columns, rows: rows)) ?? table
    }

    /// `table` for programs: unchanged without labels; with labels, a column `X_label` of
    /// display names after every column `X` that holds these kernels' specs.
    public func forPrograms(_ table: Table) -> Table {
        guard hasLabels else { return table }
        var columns: [String] = []
        var sources: [(index: Int, labelled: Bool)] = []
        for (c, column) in table.columns.enumerated() {
            columns.append(column)
            sources.append((c, false))
            let holdsSpecs = table.rows.contains { if case .text(let s) = $0[c] { return names[s] != nil } else { return false } }
            if holdsSpecs, !table.columns.contains(column + "_label") {
                columns.append(column + "_label")
                sources.append((c, true))
            }
        }
        guard columns.count > table.columns.count else { return table }
        let rows = table.rows.map { row in
            sources.map { source -> TableCell in
                guard source.labelled else { return row[source.index] }
                if case .text(let s) = row[source.index], let name = names[s] { return .text(name) }
                return .missing
            }
        }
        return (try? Table(columns: columns, rows: rows)) ?? table
    }

    /// A JSON document for programs: unchanged without labels; with labels, `X_label` after
    /// every member `X` whose value is one of these kernels' specs, and `kernel_labels` after an
    /// array `kernels` of them.
    public func forPrograms(_ json: JSONValue) -> JSONValue {
        guard hasLabels else { return json }
        switch json {
        case .array(let elements): return .array(elements.map(forPrograms))
        case .object(let members):
            var out: [(key: String, value: JSONValue)] = []
            let keys = Set(members.map(\.key))
            for member in members {
                out.append((member.key, forPrograms(member.value)))
                switch member.value {
                case .string(let s) where names[s] != nil && !keys.contains(member.key + "_label"):
                    out.append((member.key + "_label", .string(name(of: s))))
                case .array(let items) where member.key == "kernels" && !keys.contains("kernel_labels") && !items.isEmpty:
                    let specs = items.compactMap { if case .string(let s) = $0, names[s] != nil { return s } else { return nil } }
                    if specs.count == items.count { out.append(("kernel_labels", .array(specs.map { .string(name(of: $0)) }))) }
                default: break
                }
            }
            return .object(out)
        default: return json
        }
    }
}
