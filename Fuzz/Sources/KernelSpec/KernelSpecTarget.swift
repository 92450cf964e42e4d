import FuzzSupport
import SpectraKit

/// Kernel specifications `NAME[:key=value,...]` (`--kernel`). Invariants of an accepted spec:
/// a catalogue name; parameters from the kernel's own keys, reals finite and integral ones
/// printed without ".0"; the canonical spec
/// parses back to an equal kernel whose canonical spec is the same text (a fixed point); setting
/// a given parameter to the value it was given changes nothing. A refusal has a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKernelSpec(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    guard let spec = accepted({ try KernelSpec.parse(input) }) else { return 0 }
    invariant(KernelCatalogue.names.contains(spec.name), "name \(spec.name) is not in the catalogue")
    let keys = KernelCatalogue.keys(of: spec.name)
    for parameter in spec.kernel.parameters {
        invariant(keys.contains(parameter.key), "\(spec.canonical): parameter \(parameter.key) is not a key of \(spec.name)")
        if case .real(let x) = parameter.value {
            invariant(x.isFinite, "\(spec.canonical): \(parameter.key) = \(x)")
            invariant(!parameter.value.description.hasSuffix(".0"), "\(spec.canonical): an integral real with a fraction")
        }
    }
    let canonical = spec.canonical
    let reparsed: KernelSpec
    do {
        reparsed = try KernelSpec.parse(canonical)
    } catch {
        invariant(false, "canonical spec \(canonical) of \(input.debugDescription) is refused: \(error)")
        return 0
    }
    invariant(reparsed == spec && reparsed.canonical == canonical,
              "\(input.debugDescription) -> \(canonical) -> \(reparsed.canonical)")
    for (key, value) in spec.given {
        do {
            let same = try spec.setting(key, to: value, overridingExplicit: true)
            invariant(same == spec, "\(canonical): setting \(key)=\(value) again gives \(same.canonical)")
        } catch {
            invariant(false, "\(canonical): setting \(key)=\(value) again is refused: \(error)")
        }
    }
    return 0
}
