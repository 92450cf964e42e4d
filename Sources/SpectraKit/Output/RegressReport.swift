/// Tables and JSON for `spectra regress`.
public enum RegressReport {
    public static func table(_ results: [KernelRegressionResult]) throws -> Table {
        var table = try Table(columns: ["kernel", "task", "preprocess", "ridge", "ridge_source", "metric", "value",
                                        "train_size", "test_size", "fallback", "ridge_note"])
        for r in results {
            try table.append([.text(r.kernel), .text(r.task.rawValue), .text(r.preprocessing.rawValue),
                              .real(r.ridge, significantDigits: 6), .text(r.ridgeChosen ? "cross-validation" : "given"),
                              .text(r.metricName), .real(r.metric, significantDigits: 6),
                              .integer(r.trainSize), .integer(r.testSize),
                              .text(r.fallback ? "yes: K singular at ridge 0, pseudo-inverse used" : "no"),
                              .text(r.ridgeGridEdge?.note ?? "")])
        }
        return table
    }

    public static func json(_ results: [KernelRegressionResult], command: String) -> JSONValue {
        .object([
            ("spectra_version", .string(SpectraVersion.string)),
            ("command", .string(command)),
            ("results", .array(results.map { r in
                .object([
                    ("kernel", .string(r.kernel)),
                    ("task", .string(r.task.rawValue)),
                    ("preprocess", .string(r.preprocessing.rawValue)),
                    ("ridge", .real(r.ridge)),
                    ("ridge_chosen_by_cross_validation", .bool(r.ridgeChosen)),
                    ("ridge_at_grid_edge", r.ridgeGridEdge.map { .string($0.rawValue) } ?? .null),
                    ("ridge_note", r.ridgeGridEdge.map { .string($0.note) } ?? .null),
                    (r.metricName, .real(r.metric)),
                    ("train_size", .integer(r.trainSize)),
                    ("test_size", .integer(r.testSize)),
                    ("fallback", .bool(r.fallback)),
                ])
            })),
        ])
    }
}
