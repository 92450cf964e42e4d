import Foundation

/// A target function given as data on S^2: its values at the points of the Gauss-Legendre grid
/// of the spherical harmonic transform for band limit L (L + 1 rings x 2L + 2 longitudes, in
/// the grid's order). The transform gives its coefficients c_lm, hence the energy per degree
/// ||f_l||^2 = sum_m c_lm^2 (L2 of the probability measure) that an RKHS norm needs
/// (docs/rkhs.md). Exact for band-limited data; otherwise degrees near L carry aliasing.
public struct MapTarget: Sendable {
    public let bandLimit: Int
    /// ||f_l||^2, l = 0 ... L.
    public let energies: [Double]

    /// - Parameter rows: (x, y, z, value) per grid point, in the grid's order.
    public init(rows: [[Double]]) throws(MapTargetError) {
        guard !rows.isEmpty, rows.allSatisfy({ $0.count == 4 }) else { throw .shape(rows.first?.count ?? 0) }
        let half = Double(rows.count) / 2
        let l1 = Int(half.squareRoot().rounded())
        guard l1 >= 1, 2 * l1 * l1 == rows.count else { throw .count(rows.count) }
        let transform: SphericalHarmonicTransform
        do { transform = try SphericalHarmonicTransform(bandLimit: l1 - 1, fftPlanning: .estimate) } catch {
            throw .transform("\(error)")
        }
        let grid: PointSet
        do { grid = try transform.grid.pointSet() } catch { throw .transform("\(error)") }
        for (i, row) in rows.enumerated() {
            guard row.allSatisfy(\.isFinite) else { throw .nonFinite(row: i + 1) }
            let p = grid[point: i]
            let distance = zip(p, row.prefix(3)).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            guard distance <= 1e-9 else { throw .offGrid(row: i + 1, expected: p) }
        }
        let coefficients: SphericalHarmonicTransform.Coefficients
        do { coefficients = try transform.analysis(of: rows.map { $0[3] }) } catch { throw .transform("\(error)") }
        bandLimit = l1 - 1
        energies = (0...bandLimit).map { l in
            (-l...l).map { m in coefficients[degree: l, order: m] * coefficients[degree: l, order: m] }.reduce(0, +)
        }
    }

    /// The grid points for band limit L, (x, y, z) per row in order, for filling in values.
    public static func gridPoints(bandLimit: Int) throws -> PointSet {
        try SphericalHarmonicTransform(bandLimit: bandLimit, fftPlanning: .estimate).grid.pointSet()
    }
}

public enum MapTargetError: Error, CustomStringConvertible, Equatable {
    case shape(Int)
    case count(Int)
    case nonFinite(row: Int)
    case offGrid(row: Int, expected: [Double])
    case transform(String)

    public var description: String {
        switch self {
        case .shape(let columns):
            return "rows must have 4 columns (x, y, z, value), got \(columns)"
        case .count(let n):
            return "\(n) rows is not the size 2(L+1)^2 of a Gauss-Legendre grid; print the grid with --target-grid L"
        case .nonFinite(let row):
            return "row \(row) has a value that is not a finite number"
        case let .offGrid(row, expected):
            return "row \(row) is not the grid point \(expected.map { String(format: "%.12g", $0) }.joined(separator: ",")); "
                + "rows must follow the grid of --target-grid L, in its order"
        case .transform(let text):
            return text
        }
    }
}
