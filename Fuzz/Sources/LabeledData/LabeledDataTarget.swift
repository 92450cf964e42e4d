import FuzzSupport
import SpectraKit

/// Data tables (`--data` with `--target` of `regress` and `finite train|add-layer`): the first
/// line of the input is the target's name, the rest the table. Invariants of an accepted table:
/// at least one row, every row of equal width (featureCount features and one finite target,
/// all finite); the target column's name matches the one asked for (exactly or ignoring case)
/// and the columns' names are distinct and non-empty (else `--target` is ambiguous); source lines increasing;
/// a subset of rows keeps their values.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLabeledData(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (target, table) = firstLineAndRest(text(data, size))
    guard let labeled = accepted({ try LabeledData.parse(table, target: target) }) else { return 0 }
    let (n, f) = (labeled.count, labeled.featureCount)
    invariant(n >= 1 && f >= 1, "\(n) rows, \(f) features")
    invariant(labeled.features.count == n * f && labeled.sourceLines.count == n, "rows of unequal width")
    invariant(labeled.features.allSatisfy(\.isFinite) && labeled.targets.allSatisfy(\.isFinite), "a non-finite value")
    invariant(labeled.targetName == target || labeled.targetName.lowercased() == target.lowercased(),
              "target \(labeled.targetName.debugDescription) for \(target.debugDescription)")
    let names = labeled.featureNames + [labeled.targetName]
    invariant(names.count == f + 1 && Set(names).count == names.count && !names.contains(""),
              "column names \(names) are not distinct and non-empty")
    let lines = labeled.sourceLines
    invariant(zip(lines, lines.dropFirst()).allSatisfy { $0 < $1 }, "source lines \(lines)")
    let reversed = labeled.subset(Array((0..<n).reversed()))
    invariant(reversed.targets == labeled.targets.reversed() && reversed.row(0).elementsEqual(labeled.row(n - 1)),
              "subset does not keep rows")
    return 0
}
