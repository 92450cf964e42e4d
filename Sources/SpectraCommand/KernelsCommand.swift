import ArgumentParser
import SpectraKit

/// `spectra kernels`: the catalogue, from the catalogue's own data.
struct KernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "The kernel catalogue: each kernel's parameters, defaults, allowed values and decay theory.",
        discussion: """
        Two tables: kernels (what each is, its spec with every default, the law of its eigenvalues
        mu_k on S^{d-1} for --dim d with the defaults, and where it is proved) and parameters (each
        parameter's meaning, default, allowed values, and the activation it belongs to). Defaults
        are read from the kernels the catalogue builds, so they are the ones a spec gets. A kernel
        is written NAME[:key=value,...] (or LABEL=NAME[:key=value,...]); docs/kernels.md gives the
        formulas and papers.
        Examples:
          spectra kernels
          spectra kernels ntk --table parameters
          spectra kernels gexp matern --dim 10 --format markdown
        """
    )

    @Argument(help: "Kernel names to list (default: every kernel).")
    var names: [String] = []

    @Option(help: "Ambient dimension d of the sphere S^{d-1} for the decay theory (d >= 2).")
    var dim: Int = 3

    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "Print this table alone, in any format (kernels|parameters; default: both for people, csv/tsv parameters).")
    var table: String?

    func validate() throws {
        guard AnalyticSpectrum.dimensions.contains(dim) else {
            throw ValidationError("--dim must be an integer from \(AnalyticSpectrum.dimensions.lowerBound) to "
                + "\(AnalyticSpectrum.dimensions.upperBound) (the ambient dimension of S^{d-1}), got \(dim)")
        }
        for name in names where KernelCatalogue.description(of: name) == nil {
            throw ValidationError("unknown kernel '\(name)'; known kernels: " + KernelCatalogue.names.joined(separator: ", "))
        }
    }

    func run() throws {
        let chosen = names.isEmpty ? KernelCatalogue.descriptions : names.compactMap { KernelCatalogue.description(of: $0) }
        let format = outputOptions.format
        if format == .json && table == nil {
            let json = KernelCatalogueReport.json(chosen, dimension: dim, command: Invocation.commandLine)
            return try Emitter.emit(try json.serializedWithProvenance(), to: outputOptions.output)
        }
        let sections = [
            Section(key: "kernels", title: "Kernels (theory for d = \(dim), default parameters)",
                    table: try KernelCatalogueReport.kernelsTable(chosen, dimension: dim)),
            Section(key: "parameters", title: "Parameters", table: try KernelCatalogueReport.parametersTable(chosen)),
        ]
        try Emitter.emit(try Sections.render(sections, format: format, choice: table, preferred: "parameters"), to: outputOptions.output)
    }
}
