import ArgumentParser
import Foundation
import SpectraKit

/// `spectra notebook analyses/NAME.toml`: the study's Jupyter notebook, generated.
struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Write a study's Jupyter notebook (notebooks-export/NAME.ipynb), generated from its study file.",
        discussion: """
        The notebook holds the study's text and claims, a cell that runs the study with spectra unless
        results/NAME/ has a manifest, cells that load every table with pandas and draw every figure with
        matplotlib, and a cell that checks the claims again in Python. The same study file always gives
        the same notebook.
        Example:
          spectra notebook analyses/example-decay.toml
        """
    )

    @Argument(help: "The study file, analyses/NAME.toml.")
    var study: String

    @Option(help: "Write here instead of notebooks-export/NAME.ipynb beside the analyses/ folder.")
    var output: String?

    func run() throws {
        let plan = try StudyPlan(file: study, size: nil)
        let path = output ?? plan.beside("notebooks-export/\(plan.study.name).ipynb")
        let text = try StudyNotebook.document(plan.study)
        do { try AtomicFileWriter.write(text, to: path) } catch { throw CommandError.failure("--output: \(error)") }
    }
}
