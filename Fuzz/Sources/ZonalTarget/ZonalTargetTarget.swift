import FuzzSupport
import SpectraKit

/// Zonal targets of `rkhs --target` (abs, relu, exp, sin:w=W, power:p=P and their written-out
/// forms). Invariants of an accepted target: sin's w finite and non-zero, power's p from 0 to
/// 100; its description parses back to the same shape. A refusal has a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZonalTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    guard let target = accepted({ try ZonalTarget(parsing: input) }) else { return 0 }
    switch target.shape {
    case .sin(let w): invariant(w.isFinite && w != 0, "sin with w = \(w)")
    case .power(let p): invariant((0...100).contains(p), "power with p = \(p)")
    default: break
    }
    do {
        let again = try ZonalTarget(parsing: target.description)
        invariant(again.shape == target.shape, "\(input.debugDescription) -> \(target) -> \(again)")
    } catch {
        invariant(false, "\(input.debugDescription) -> \(target), which is refused: \(error)")
    }
    return 0
}
