import ArgumentParser
import SpectraKit

extension DecayCommand {
    func runGram(_ kernels: [KernelSpec]) throws {
        throw ValidationError("TEMP")
    }
}
