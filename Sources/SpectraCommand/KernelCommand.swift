import ArgumentParser
import Foundation
import SpectraKit

struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Profile values kappa(t) of kernels on the sphere, t = <x, y> in [-1, 1].",
        discussion: """
        Values are computed in double-double and rounded to the digits shown.
        Kernels and their parameters, defaults and ranges: spectra kernels.
        Examples:
          spectra kernel --kernel ntk --points=-1,-0.5,0,0.5,0.9,1
          spectra kernel --kernel laplace --kernel ntk:depth=3 --grid 11 --format csv
        """
    )

    @OptionGroup var kernelOptions: KernelOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "The one table of this output: values (accepted in every format; json then prints its rows).")
    var table: String?

    @Option(parsing: .unconditional, help: "Comma-separated values of t in [-1, 1] (write --points=-1,0 for a leading minus).")
    var points: String?

    @Option(help: "N equispaced values of t from -1 to 1 (N >= 2).")
    var grid: Int?

    func validate() throws {
        switch (points, grid) {
        case (nil, nil): throw ValidationError("give --points t1,t2,... or --grid N")
        case (.some, .some): throw ValidationError("give either --points or --grid, not both")
        default: break
        }
        if let grid, !(2...1_000_000).contains(grid) {
            throw ValidationError("--grid must be an integer from 2 to 1000000, got \(grid)")
        }
    }

    func values() throws -> [Double] {
        if let grid {
            let last = Double(grid - 1)
            return (0..<grid).map { (i: Int) -> Double in i == grid - 1 ? 1.0 : -1.0 + 2.0 * Double(i) / last }
        }
        return try ValueList.items(points ?? "").map { text in
            guard let t = Double(text) else {
                throw CommandError.usage("--points: '\(text)' is not a number; give comma-separated values in [-1, 1]")
            }
            guard t.isFinite, (-1...1).contains(t) else {
                throw CommandError.usage("--points: \(text) is outside [-1, 1]; t = <x, y> of unit vectors lies in [-1, 1]")
            }
            return t
        }
    }

    func run() throws {
        let kernels = try kernelOptions.kernels()
        let naming = try kernelOptions.naming()
        let ts = try values()
        let results = kernels.map { KernelValues(kernel: $0.kernel, points: ts) }
        let text: String
        if outputOptions.format == .json && table == nil {
            text = try Sections.json(KernelValuesReport.json(results, command: Invocation.commandLine), naming: naming)
        } else {
            text = try Sections.render(KernelValuesReport.table(results), key: "values", format: outputOptions.format,
                                       choice: table, naming: naming)
        }
        try Emitter.emit(text, to: outputOptions.output)
    }
}
