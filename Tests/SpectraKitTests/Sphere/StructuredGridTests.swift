import Foundation
import Testing
@testable import SpectraKit

@Suite struct StructuredGridTests {
    @Test func ringGridForAboutTwoHundredThousandPointsHasMTwiceL() throws {
        let grid = try RingGrid(approximateCount: 200_000)
        #expect(grid.latitudes == 316 && grid.longitudes == 632 && grid.count == 199_712)
    }

    @Test func ringGridPointsLieOnTheSphereWithMirroredLatitudes() throws {
        for l in [1, 6, 7] {
            let grid = try RingGrid(latitudes: l, longitudes: 5)
            try grid.pointSet().requireOnSphere(tolerance: 1e-15)
            for a in 0..<l {
                #expect(grid.nodes[l - 1 - a] == -grid.nodes[a])
                #expect(abs(cos(grid.polarAngles[a]) - grid.nodes[a]) < 1e-15)
                #expect(abs(grid.oneMinusNodes[a] - (1 - grid.nodes[a])) <= 2.3e-16)
            }
            #expect(abs(grid.pointWeights().reduce(0, +) - 1) < 1e-14)
        }
    }

    /// The product rule integrates Y_k Y_k' exactly up to degree min(2L-1, M-1): here the
    /// zonal moment int t^q dsigma = 1/(q+1) for even q (0 for odd q), q <= 2L - 1.
    @Test func ringGridWeightsIntegrateZonalMonomialsExactly() throws {
        let grid = try RingGrid(latitudes: 6, longitudes: 12)
        for q in 0...11 {
            let sum = zip(grid.nodes, grid.ringWeights).reduce(0.0) { $0 + pow($1.0, Double(q)) * $1.1 }
            let exact = q % 2 == 0 ? 1 / Double(q + 1) : 0
            #expect(abs(sum - exact) < 1e-15, "q = \(q)")
        }
    }

    @Test func invalidSizesAreRejectedWithTheirName() {
        #expect(throws: GridError.invalidSize(what: "number of latitudes", value: 0, minimum: 1)) {
            try RingGrid(latitudes: 0, longitudes: 4)
        }
        #expect(throws: GridError.invalidSize(what: "number of points on the circle", value: -3, minimum: 1)) {
            try CircleGrid(count: -3)
        }
    }
}
