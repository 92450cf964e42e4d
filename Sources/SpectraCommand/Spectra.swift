import ArgumentParser
import SpectraKit

@main
struct Spectra: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectra",
        abstract: "Spectral analysis of neural-network kernels and their classical look-alikes on the sphere.",
        discussion: """
        Kernels are given as NAME[:key=value,...]: ntk, nngp, arccos, laplace, gexp, gaussian, matern, poly
        (parameters and defaults as in docs/kernels.md). Examples:
          spectra decay --kernel ntk
          spectra decay --kernel ntk:depth=3,bias_var=0.25 --kernel laplace --dim 3 --max-degree 4000 --fit-range 1000:4000
          spectra kernel --kernel ntk --points -1,0,0.5,1
        """,
        version: SpectraVersion.string,
        subcommands: [KernelCommand.self, DecayCommand.self, RKHSCommand.self, AlignCommand.self, RegressCommand.self,
                      FiniteCommand.self, RunCommand.self]
    )
}
