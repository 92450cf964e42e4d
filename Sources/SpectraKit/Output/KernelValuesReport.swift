/// Tables and JSON for `spectra kernel` (DESIGN.md's JSON contract).
public enum KernelValuesReport {
    public static func table(_ results: [KernelValues]) throws -> Table {
        var table = try Table(columns: ["kernel", "t", "value"], rows: [])
        for result in results {
            for (t, value) in zip(result.points, result.values) {
                try table.append([.text(result.kernel), .real(t, significantDigits: 15), .real(value, significantDigits: 15)])
            }
        }
        return table
    }

    public static func json(_ results: [KernelValues], command: String) -> JSONValue {
        .object([
            ("spectra_version", .string(SpectraVersion.string)),
            ("command", .string(command)),
            ("results", .array(results.map { result in
                .object([
                    ("kernel", .string(result.kernel)),
                    ("values", .array(zip(result.points, result.values).map { .object([("t", .real($0)), ("value", .real($1))]) })),
                ])
            })),
        ])
    }
}
