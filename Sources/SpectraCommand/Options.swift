import ArgumentParser
import Foundation
import SpectraKit

extension TableFormat: ExpressibleByArgument {}
extension DegreeParity: ExpressibleByArgument {}

/// --format and --output, shared by every command.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: \(TableFormat.allCases.map(\.rawValue).joined(separator: "|")).")
    var format: TableFormat = .table

    @Option(help: "Write to this file (atomically: a temporary file, then a rename) instead of standard output.")
    var output: String?
}

/// Repeatable --kernel specifications, with shorthand flags that set a parameter on every
/// kernel that has it.
struct KernelOptions: ParsableArguments {
    @Option(name: .customLong("kernel"), help: ArgumentHelp(
        "Kernel specification NAME[:key=value,...], or LABEL=NAME[:key=value,...] to name it LABEL in the human formats; repeatable.",
        discussion: "Names: \(KernelCatalogue.names.joined(separator: ", ")); parameters, defaults and ranges: spectra kernels.",
        valueName: "spec"))
    var specs: [String] = []

    @Option(help: "Shorthand: set depth for the network kernels given.")
    var depth: Int?

    @Option(help: "Shorthand: set activation (relu, erf, sigmoid, tanh, gelu, silu, softplus, leaky_relu, abrelu, abs, sin, cos, identity) for the network kernels given.")
    var activation: String?

    @Option(name: .customLong("bias-var"), help: "Shorthand: set bias_var for the network kernels given.")
    var biasVar: Double?

    @Option(name: .customLong("weight-var"), help: "Shorthand: set weight_var for the network kernels given.")
    var weightVar: Double?

    /// The parsed kernels, shorthands applied to the kernels that accept them.
    func kernels() throws -> [KernelSpec] {
        try labeledKernels().map(\.spec)
    }

    /// How the human formats name these kernels (labels, else shortest specs).
    func naming() throws -> KernelNaming {
        KernelNaming(try labeledKernels())
    }

    /// The parsed kernels with their labels (`--kernel LABEL=SPEC`), shorthands applied to the
    /// kernels that accept them (a shorthand no given kernel accepts is an error, and so is one
    /// that contradicts a value a spec gives); no label twice, no labelled kernel twice.
    func labeledKernels() throws -> [LabeledKernelSpec] {
        guard !specs.isEmpty else {
            throw CommandError.usage("--kernel is required: give at least one, e.g. --kernel ntk or --kernel laplace:c=2")
        }
        let labeled: [LabeledKernelSpec] = try specs.map { (text: String) throws -> LabeledKernelSpec in
            do { return try LabeledKernelSpec(parsing: text) } catch let error as KernelLabelError {
                if case .spec(let inner) = error { throw inner }
                throw CommandError.usage("--kernel \(text): \(error)")
            }
        }
        var parsed: [KernelSpec] = labeled.map { $0.spec }
        let shorthands: [(flag: String, key: String, value: String?)] = [
            ("--depth", "depth", depth.map { String($0) }),
            ("--activation", "activation", activation),
            ("--bias-var", "bias_var", biasVar.map { String($0) }),
            ("--weight-var", "weight_var", weightVar.map { String($0) }),
        ]
        for shorthand in shorthands {
            guard let value = shorthand.value else { continue }
            guard parsed.contains(where: { $0.accepts(shorthand.key) }) else {
                throw CommandError.usage("\(shorthand.flag) sets '\(shorthand.key)', which none of the given kernels has")
            }
            for (text, spec) in zip(specs, parsed) {
                guard let explicit = spec.given.first(where: { $0.key == shorthand.key }),
                      try spec.setting(shorthand.key, to: value, overridingExplicit: true) != spec else { continue }
                throw CommandError.usage("\(shorthand.flag) \(value) contradicts \(explicit.key)=\(explicit.value) in --kernel \(text); "
                    + "give \(shorthand.key) once, in the spec or by \(shorthand.flag)")
            }
            parsed = try parsed.map { $0.accepts(shorthand.key) ? try $0.setting(shorthand.key, to: value) : $0 }
        }
        let result = zip(parsed, labeled).map { LabeledKernelSpec(spec: $0, label: $1.label) }
        do { try LabeledKernelSpec.checkDistinct(Array(zip(specs, result)).map { (text: $0, kernel: $1) }) } catch {
            throw CommandError.usage("\(error)")
        }
        return result
    }
}

/// The command line that made an output, for its provenance.
enum Invocation {
    static var commandLine: String {
        SpectraCommandLine.quoted(["spectra"] + CommandLine.arguments.dropFirst())
    }
}

/// Words joined as a shell would need them: quoted unless plain.
enum SpectraCommandLine {
    static func quoted(_ words: [String]) -> String {
        words.map { word in
            let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_=:,./+".contains($0) }
            return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
