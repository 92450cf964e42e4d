import Foundation
import Testing
@testable import SpectraKit

@Suite struct MapTargetTests {
    private func rows(bandLimit: Int, _ f: ([Double]) -> Double) throws -> [[Double]] {
        let grid = try MapTarget.gridPoints(bandLimit: bandLimit)
        return (0..<grid.count).map { i in let p = grid[point: i]; return p + [f(p)] }
    }

    /// P_2(<x, e_z>) = (3 z^2 - 1)/2 lies in H_2 with ||.||^2 = 1/N(3,2) = 1/5 (docs/conventions.md: the
    /// addition theorem at x = y gives sum_j Y_2j(x)^2 = 5, so ||P_2||^2 = 5/25).
    @Test func legendreMapHasItsEnergyInOneDegree() throws {
        let target = try MapTarget(rows: try rows(bandLimit: 8) { p in (3 * p[2] * p[2] - 1) / 2 })
        #expect(target.bandLimit == 8)
        for (l, e) in target.energies.enumerated() {
            #expect(abs(e - (l == 2 ? 0.2 : 0)) < 1e-14)
        }
    }

    /// For a zonal band-limited target the map's energies equal N(3,l) g_l^2 from Funk-Hecke:
    /// g(t) = t^3 has g_1 = 3/5 / 3 = 1/5, g_3 = 2/5 / 7 (t^3 = (3/5) P_1 + (2/5) P_3).
    @Test func cubicMapMatchesFunkHeckeEnergies() throws {
        let target = try MapTarget(rows: try rows(bandLimit: 6) { p in p[0] * p[0] * p[0] })
        let expected: [Int: Double] = [1: 3 * pow(1.0 / 5, 2), 3: 7 * pow(2.0 / 35, 2)]
        for (l, e) in target.energies.enumerated() {
            #expect(abs(e - (expected[l] ?? 0)) < 1e-14)
        }
    }

    @Test func rowsOffTheGridAreRefusedWithTheRow() throws {
        var data = try rows(bandLimit: 4) { _ in 1 }
        data[7][0] += 1e-6
        #expect(throws: MapTargetError.offGrid(row: 8, expected: try MapTarget.gridPoints(bandLimit: 4)[point: 7])) {
            try MapTarget(rows: data)
        }
        #expect(throws: MapTargetError.count(49)) { try MapTarget(rows: Array(repeating: [0, 0, 1, 0], count: 49)) }
    }
}
