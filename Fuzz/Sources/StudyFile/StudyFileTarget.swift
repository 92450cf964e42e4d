import FuzzSupport
import SpectraKit

/// Study files (`spectra run analyses/NAME.toml`): TOML text read by `StudyFile.parse`.
/// Invariants of an accepted study: step names distinct, every figure and claim refers to
/// one of the steps; the same text parses to the same steps again. A refusal has a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStudyFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    guard let study = accepted({ try StudyFile.parse(input, name: "fuzz", file: "fuzz.toml") }) else { return 0 }
    let names = study.steps.map(\.name)
    invariant(Set(names).count == names.count, "step names \(names) repeat")
    for figure in study.figures { invariant(names.contains(figure.step), "figure \(figure.name) refers to step \(figure.step)") }
    for claim in study.claims { invariant(names.contains(claim.step), "claim \(claim.name) refers to step \(claim.step)") }
    let again = accepted({ try StudyFile.parse(input, name: "fuzz", file: "fuzz.toml") })
    invariant(again?.steps.map(\.name) == names, "a second parse differs")
    return 0
}
