/// Axis labels (quantity and symbol) for the columns spectra's tables carry, and legend text
/// for series values. A column not listed here is labelled by its name in words.
enum FigureLabels {
    static func axis(_ column: String) -> AxisLabel {
        switch column {
        case "degree": return AxisLabel("degree", MathSymbol("k", tex: "k"))
        case "degree_to": return AxisLabel("degree at window end", MathSymbol("k", tex: "k"))
        case "eigenvalue": return AxisLabel("eigenvalue", MathSymbol("μ", sub: "k", tex: "\\mu_k"))
        case "analytic": return AxisLabel("analytic eigenvalue", MathSymbol("μ", sub: "k", tex: "\\mu_k"))
        case "exponent": return AxisLabel("local slope", MathSymbol("p", tex: "p"))
        case "index": return AxisLabel("eigenvector", MathSymbol("i", tex: "i"))
        case "energy": return AxisLabel("energy fraction in degree k")
        case "m": return AxisLabel("subspace size", MathSymbol("m", tex: "m"))
        case "overlap": return AxisLabel("eigenspace overlap")
        case "partial_sum": return AxisLabel("partial sum of the RKHS norm", MathSymbol("S", sub: "k", tex: "S_k"))
        case "width": return AxisLabel("width", MathSymbol("m", tex: "m"))
        case "depth": return AxisLabel("depth (weight layers)", MathSymbol("L", tex: "L"))
        case "weight_var": return AxisLabel("weight variance", MathSymbol("σ", sub: "w", sup: "2", tex: "\\sigma_w^2"))
        case "relative_error", "mean_relative_error": return AxisLabel("relative error of the NTK", MathSymbol("ε", tex: "\\varepsilon"))
        case "relative_spread": return AxisLabel("relative spread over seeds")
        case "mean_deviation": return AxisLabel("relative error of the mean NTK")
        case "trace_ratio": return AxisLabel("trace ratio")
        case "step": return AxisLabel("training step", MathSymbol("t", tex: "t"))
        case "train_mse": return AxisLabel("training MSE")
        case "test_mse", "mean_test_mse": return AxisLabel("test MSE")
        case "ntk_train_mse": return AxisLabel("NTK training MSE")
        case "ntk_test_mse": return AxisLabel("NTK test MSE")
        case "kernel_change": return AxisLabel("relative kernel change")
        case "prediction_gap": return AxisLabel("prediction gap to the NTK")
        case "change": return AxisLabel("change of test MSE")
        default: return AxisLabel(column.replacingOccurrences(of: "_", with: " "))
        }
    }

    /// The label of several y columns on one axis: the shared quantity when there is one.
    static func axis(_ columns: [String]) -> AxisLabel {
        guard columns.count > 1 else { return axis(columns.first ?? "") }
        if columns.allSatisfy({ $0.hasSuffix("mse") }) { return AxisLabel("mean squared error") }
        return AxisLabel(columns.map { axis($0).quantity }.joined(separator: ", "))
    }

    /// "ntk:depth=3", "depth 3", "critical": one value of a series column as a reader wants it.
    static func value(_ value: String, of column: String) -> String {
        switch column {
        case "kernel", "kernel_a", "kernel_b": return KernelLabel.short(value)
        case "model":
            switch value {
            case "ntk_regression": return "NTK regression"
            case "nngp_regression": return "NNGP regression"
            default: return value
            }
        case "phase", "activation", "target", "task", "metric": return value
        case "data":
            // A data file by its name: data/iris.csv is iris.
            let name = value.split(separator: "/").last.map(String.init) ?? value
            return name.hasSuffix(".csv") || name.hasSuffix(".tsv") ? String(name.dropLast(4)) : name
        default: return column.replacingOccurrences(of: "_", with: " ") + " " + value
        }
    }

    /// A series' legend text from the values of its columns.
    static func series(_ values: [String], of columns: [String]) -> String {
        if columns == ["kernel_a", "kernel_b"], values.count == 2 {
            return value(values[0], of: "kernel_a") + " vs " + value(values[1], of: "kernel_b")
        }
        return zip(values, columns).map { value($0, of: $1) }.joined(separator: ", ")
    }

    /// An exponent for a legend ("fit p = 2.999"): four significant digits.
    static func exponent(_ p: Double) -> String {
        NumberFormatting.human(p, significantDigits: 4).replacingOccurrences(of: "-", with: "\u{2212}")
    }
}
