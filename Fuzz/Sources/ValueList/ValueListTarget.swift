import FuzzSupport
import SpectraKit

/// List- and pair-valued settings (`--fit-range A:B`, `--depths`, `--widths`, `--sizes`,
/// `--points t1,t2`, `--variances P:Q,...`). Invariants: a list has one item more than commas
/// (Unicode scalars: a comma followed by a combining mark still counts), no item has blanks around it, and the items joined back parse to the same items; an accepted
/// pair prints back (`A:B`) to the same pair, and a real pair is finite.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValueList(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    let items = ValueList.items(input)
    invariant(items.count == input.unicodeScalars.filter { $0 == "," }.count + 1, "\(items.count) items in \(input.debugDescription)")
    for item in items {
        invariant(item.unicodeScalars.first.map { $0 != " " && $0 != "\t" } ?? true && item.unicodeScalars.last.map { $0 != " " && $0 != "\t" } ?? true,
                  "item \(item.debugDescription) has blanks around it")
    }
    invariant(ValueList.items(items.joined(separator: ",")) == items, "items of \(input.debugDescription) do not join back")
    if let (a, b) = ValueList.integerPair(input) {
        invariant(ValueList.integerPair("\(a):\(b)").map { $0 == (a, b) } ?? false, "\(input.debugDescription) -> \(a):\(b)")
    }
    for item in items {
        guard let (p, q) = ValueList.realPair(item) else { continue }
        invariant(p.isFinite && q.isFinite, "\(item.debugDescription) -> \(p):\(q)")
        invariant(ValueList.realPair("\(p):\(q)").map { $0 == (p, q) } ?? false, "\(item.debugDescription) -> \(p):\(q)")
    }
    return 0
}
