import FuzzSupport
import SpectraKit

/// Point data (`--data` of `decay --method gram` and `align`), with the delimiter detected.
/// Invariants of an accepted table: n >= 1 rows of d >= 2 finite values, a header (if any)
/// naming d columns, source lines increasing; printed back as CSV with round-tripping numbers
/// it parses to the same coordinates; projected onto the sphere (when no row is zero) every
/// point has finite coordinates and norm 1 within 1e-12, and passes `requireOnSphere`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPointSet(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    guard let points = accepted({ try PointSet.parse(input) }) else { return 0 }
    let (n, d) = (points.count, points.dimension)
    invariant(n >= 1 && d >= 2 && points.coordinates.count == n * d, "shape \(n) x \(d), \(points.coordinates.count) values")
    invariant(points.coordinates.allSatisfy(\.isFinite), "a non-finite coordinate was accepted")
    if let names = points.columnNames { invariant(names.count == d, "\(names.count) column names for \(d) columns") }
    if let lines = points.sourceLines {
        invariant(lines.count == n && zip(lines, lines.dropFirst()).allSatisfy { $0 < $1 } && (lines.first ?? 1) >= 1,
                  "source lines \(lines)")
    }
    let csv = (0..<n).map { i in points[point: i].map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n")
    do {
        let again = try PointSet.parse(csv)
        invariant(again.count == n && again.dimension == d && again.coordinates == points.coordinates, "CSV round trip differs")
    } catch {
        invariant(false, "the table printed back is refused: \(error)")
    }
    guard (0..<n).allSatisfy({ points.norm(ofPoint: $0) > 0 }) else { return 0 }
    do {
        let unit = try points.normalizedOntoSphere()
        for i in 0..<n {
            invariant(unit[point: i].allSatisfy(\.isFinite), "point \(i + 1) projected has a non-finite coordinate")
            let r = unit.norm(ofPoint: i)
            invariant(abs(r - 1) <= 1e-12, "point \(i + 1) \(points[point: i]) projected has norm \(r)")
        }
        try unit.requireOnSphere()
    } catch {
        invariant(false, "projection of rows with nonzero norms failed: \(error)")
    }
    return 0
}
