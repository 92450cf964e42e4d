import Foundation
import Testing
@testable import SpectraKit

/// 300 uniform points plus near-duplicates and near-antipodes of some of them, so that both
/// complements (|t| > GramMatrix.complementThreshold, recomputed from the points) and t within 1e-12 of ±1 occur.
func pointsWithNearCoincidences(dimension d: Int, seed: UInt64) throws -> PointSet {
    let base = try PointSet.uniformOnSphere(count: 280, dimension: d, seed: seed)
    var rows = (0..<base.count).map { base[point: $0] }
    for k in 0..<10 {
        let x = base[point: k]
        let e = Foundation.pow(10, -Double(k + 3))
        var y = x
        y[0] += e
        y[1] -= e
        let r = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
        rows.append(y.map { $0 / r })
        rows.append(y.map { -$0 / r })
    }
    return try PointSet(rows: rows)
}

@Suite struct GramMatrixTests {
    @Test(arguments: ["ntk:depth=5", "nngp:depth=3,bias_var=0.25", "ntk:activation=erf,depth=3", "arccos:order=0",
                      "laplace:c=4", "gexp:gamma=0.25", "gaussian:c=10", "matern:nu=0.75,ell=0.2", "matern:nu=2.5", "poly:degree=5,c=0.5"])
    func interpolatedGramEqualsTheDirectGramTo1e13(spec: String) throws {
        let kernel = try KernelSpec.parse(spec).kernel
        let interpolant = try #require(ZonalInterpolant(kernel))
        for d in [3, 10] {
            let points = try pointsWithNearCoincidences(dimension: d, seed: 5)
            let fast = try GramMatrix.zonal(kernel, on: points, evaluation: .interpolated(interpolant))
            let direct = try GramMatrix.zonal(kernel, on: points, evaluation: .direct)
            var worst = 0.0
            for j in 0..<points.count {
                for i in 0...j { worst = max(worst, abs(fast[i, j] - direct[i, j])) }
            }
            #expect(worst <= 1e-13 * kernel.profileMaximum, "\(spec), d = \(d): worst entry error \(worst / kernel.profileMaximum)")
            #expect(fast[0, 0] == kernel.value(at: 1))
        }
    }

    /// Off the sphere: every entry is the network formula on that pair, in either order (so the
    /// stored upper triangle is the whole symmetric matrix), on enough points for several bands.
    @Test func offSphereGramIsSymmetricAndMatchesTheNetworkFormula() throws {
        let network = try #require(try KernelSpec.parse("ntk:depth=4,bias_var=0.2,beta=0.5").networkKernel)
        let sphere = try PointSet.uniformOnSphere(count: 700, dimension: 5, seed: 9)
        let rows = (0..<sphere.count).map { i in sphere[point: i].map { $0 * (0.5 + Double(i % 7) / 4) } }
        let points = try PointSet(rows: rows)
        #expect(GramTiling(order: points.count).bands().count > 1)
        let gram = try GramMatrix.general(on: points, scale: 1, kernel: network.value(squaredNormX:squaredNormY:dot:))
        var worst = 0.0
        for j in stride(from: 0, to: points.count, by: 3) {
            for i in 0...j {
                let forward = network.value(rows[i], rows[j]), backward = network.value(rows[j], rows[i])
                worst = max(worst, abs(gram[i, j] - forward) / abs(forward), abs(gram[j, i] - backward) / abs(backward))
            }
        }
        #expect(worst < 1e-13, "largest relative difference \(worst)")
    }

    /// Tiles cover the upper triangle exactly once.
    @Test func tilesCoverTheUpperTriangleOnce() {
        for n in [1, 5, 300, 513, 2000] {
            let tiling = GramTiling(order: n)
            let bands = tiling.bands()
            #expect(bands.first?.lowerBound == 0 && bands.last?.upperBound == n)
            #expect(zip(bands, bands.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            let counter = Counter(n)
            _ = tiling.forEachTile { tile in
                for j in tile.columns { for i in tile.rows(inColumn: j) { counter.add(i + j * n) } }
                return nil
            }
            #expect(counter.counts.enumerated().allSatisfy { k, c in c == (k % n <= k / n ? 1 : 0) }, "n = \(n)")
        }
    }
}

/// Visit counts per entry, from several threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var counts: [Int]
    init(_ n: Int) { counts = [Int](repeating: 0, count: n * n) }
    func add(_ k: Int) { lock.lock(); counts[k] += 1; lock.unlock() }
}

/// The assembly's C kernel (Sources/CGramKernel) against the Swift evaluation of the same
/// interpolant: every entry of the upper triangle, near-duplicates and near-antipodes included,
/// equals `ZonalInterpolant.value` at the entry's argument (`GramMatrix.cosineArgument`) times the
/// scale, bit for bit; for every kernel of the catalogue, in both polynomial forms.
@Suite struct GramKernelTests {
    @Test(arguments: interpolatedKernelSpecs)
    func assembledEntriesAreTheInterpolantsValuesBitForBit(spec: String) throws {
        let kernel = try KernelSpec.parse(spec).kernel
        for monomialAllowed in [true, false] {
            let interpolant = try #require(ZonalInterpolant(kernel, monomialAllowed: monomialAllowed))
            for d in [3, 10] {
                let points = try pointsWithNearCoincidences(dimension: d, seed: 11)
                let n = points.count
                let products = try SymmetricMatrix.gram(rowMajorPoints: points.coordinates, count: n, dimension: d)
                var gram = products
                GramMatrix.applyInterpolant(interpolant, to: &gram, points: points, scale: 0.3)
                var mismatches = 0, first: (Int, Int)?
                for j in 0..<n {
                    for i in 0...j {
                        let argument = GramMatrix.cosineArgument(products[i, j], row: i, column: j, points: points.coordinates, dimension: d)
                        if gram[i, j] != interpolant.value(argument) * 0.3 {
                            mismatches += 1
                            first = first ?? (i, j)
                        }
                    }
                }
                #expect(mismatches == 0, "\(spec), \(interpolant.form), d = \(d): \(mismatches) entries differ, first \(String(describing: first))")
            }
        }
    }

    /// Below `GramMatrix.complementThreshold` an entry's argument is the rounded inner product
    /// itself. Against the profile in double-double at arguments computed from the points in
    /// double-double (t, (1 - t) = ||x - y||^2 / 2 and (1 + t) = ||x + y||^2 / 2), every entry of
    /// the directly evaluated matrix, on uniform points where most pairs have |t| below the
    /// threshold and many above 1/2, is within 1e-14 of max|kappa| (measured: at most 1.2e-15, for
    /// poly:degree=5,c=0.5 at d = 3, t = 0.990, above the threshold; 1.1e-15 at t = 0.949 for
    /// erf). A threshold too close to 1 fails it: near t = 1 the derivative of gexp:gamma=0.25
    /// grows like (1 - t)^-0.875.
    @Test(arguments: interpolatedKernelSpecs)
    func entriesBelowTheComplementThresholdKeepTheProfilesAccuracy(spec: String) throws {
        let kernel = try KernelSpec.parse(spec).kernel
        for d in [3, 10] {
            let points = try PointSet.uniformOnSphere(count: 200, dimension: d, seed: 29)
            let n = points.count, x = points.coordinates
            let gram = try GramMatrix.zonal(kernel, on: points, evaluation: .direct)
            var arguments: [CosineArgument<DoubleDouble>] = [], indices: [(Int, Int)] = []
            for j in 0..<n {
                for i in 0..<j {
                    var t = DoubleDouble(0.0), minus = DoubleDouble(0.0), plus = DoubleDouble(0.0)
                    for c in 0..<d {
                        let a = DoubleDouble(x[i * d + c]), b = DoubleDouble(x[j * d + c])
                        t += a * b
                        minus += (a - b) * (a - b)
                        plus += (a + b) * (a + b)
                    }
                    arguments.append(CosineArgument(t: t, oneMinusT: minus * 0.5, onePlusT: plus * 0.5))
                    indices.append((i, j))
                }
            }
            let exact = kernel.values(arguments)
            var worst = 0.0, worstT = 0.0
            for (k, (i, j)) in indices.enumerated() {
                let error = abs(gram[i, j] - exact[k].doubleValue)
                if error > worst { worst = error; worstT = arguments[k].t.doubleValue }
            }
            #expect(worst <= 1e-14 * kernel.profileMaximum, "\(spec), d = \(d): worst entry error \(worst / kernel.profileMaximum) of max|kappa| at t = \(worstT)")
        }
    }
}
