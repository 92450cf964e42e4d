import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraKit

@main
struct Spectra: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectra",
        abstract: "Spectral analysis of neural-network kernels and their classical look-alikes on the sphere.",
        discussion: """
        Kernels are given as NAME[:key=value,...]: ntk, nngp, arccos, laplace, gexp,
        gaussian, matern, poly. `spectra kernels` lists each one's parameters,
        defaults, allowed values and decay theory (formulas: docs/kernels.md).
        LABEL=NAME[:key=value,...] names a kernel LABEL in the human formats
        (table, markdown, latex), which otherwise print the shortest spec that
        parses back to it; csv, tsv and json keep the canonical spec. --table NAME
        prints one table of an output alone, in any format.
        Examples:
          spectra decay --kernel ntk
          spectra decay --kernel ntk:depth=3,bias_var=0.25 --kernel laplace \\
            --max-degree 4000 --fit-range 1000:4000
          spectra kernel --kernel ntk --points -1,0,0.5,1
          spectra decay --kernel 'NTK-3=ntk:depth=3' --kernel laplace \\
            --max-degree 400 --table fit --format markdown
          spectra kernels ntk
        An option that takes one value may be given once; a negative number is a value (--points -1,0).
        \(ExitStatus.summary)
        """,
        version: SpectraVersion.string,
        subcommands: [KernelsCommand.self, KernelCommand.self, DecayCommand.self, RKHSCommand.self, AlignCommand.self, RegressCommand.self,
                      FiniteCommand.self, RunCommand.self, NotebookCommand.self, PlotCommand.self]
    )

    /// Parses (after `CommandLineCheck`), validates, checks that --output can be written and is
    /// none of the inputs, then runs. Errors end with the exit status of their kind; the
    /// parser's own (unknown option, bad value, `ValidationError`) with its usage text and 64.
    static func main() {
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(Provenance.versionLine)
            return
        }
        do {
            let check: CommandLineCheck
            do { check = try CommandLineCheck(Array(CommandLine.arguments.dropFirst()), root: Spectra.self) } catch {
                throw CommandError.usage(error.description)
            }
            var command = try parseAsRoot(check.arguments)
            if let output = check.output {
                do { try OutputCheck.check(output, inputs: check.inputFiles) } catch { throw CommandError.usage(error.description) }
            }
            try command.run()
        } catch let error as CommandError {
            fail(error.description, error.status)
        } catch let error as KernelSpecError {
            fail(error.description, .usage)
        } catch let error as TargetSpecError {
            fail(error.description, .usage)
        } catch {
            exit(withError: error)
        }
    }

    private static func fail(_ message: String, _ status: ExitStatus) -> Never {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
        Foundation.exit(status.rawValue)
    }
}
