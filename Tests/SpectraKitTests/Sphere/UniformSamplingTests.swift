import Foundation
import Testing
@testable import SpectraKit

@Suite struct UniformSamplingTests {
    @Test func splitMixAndXoshiroMatchTheReferenceC() {
        // Outputs of Vigna's reference splitmix64.c / xoshiro256starstar.c (with jump()),
        // compiled with gcc; splitmix64 seeded with 1234567 also matches Rosetta Code's table.
        var mix = SplitMix64(seed: 1_234_567)
        #expect((0..<5).map { _ in mix.next() } ==
            [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821])
        var rng = Xoshiro256StarStar(seed: 1)
        #expect((0..<3).map { _ in rng.next() } == [12966619160104079557, 9600361134598540522, 10590380919521690900])
        rng.jump()
        #expect((0..<3).map { _ in rng.next() } == [5651253801288826733, 17829875406967528030, 14220138758847742292])
    }

    @Test func portableLogIsWithinTwoUlpsOfFoundation() {
        var rng = Xoshiro256StarStar(seed: 42)
        var worst = 0.0
        var arguments: [Double] = [1, 2, 0.5, 10, 1e-300, .leastNormalMagnitude, .leastNonzeroMagnitude,
                                   .greatestFiniteMagnitude, 1.0.nextUp, 1.0.nextDown, 2.0.squareRoot(), 2.0.squareRoot().nextUp]
        for _ in 0..<40_000 {   // positive finite bit patterns: every binade, subnormals included
            let x = Double(bitPattern: rng.next() >> 1)
            if x.isFinite, x > 0 { arguments.append(x) }
        }
        for _ in 0..<40_000 {   // near 1, where log loses nothing but the reduction matters
            arguments.append(1 + rng.nextSymmetricUniform() * 0x1p-10)
            arguments.append((rng.nextSymmetricUniform() + 1) / 2)   // the polar method's s in (0, 1)
        }
        for x in arguments {
            let reference = Foundation.log(x)
            let ulps = reference == 0 ? abs(PortableMath.log(x)) : abs(PortableMath.log(x) - reference) / reference.ulp
            worst = max(worst, ulps)
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.log(0) == -.infinity)
        #expect(PortableMath.log(-1).isNaN && PortableMath.log(.nan).isNaN)
        #expect(PortableMath.log(.infinity) == .infinity)
    }

    @Test func gaussianPairsHaveStandardNormalMoments() {
        var rng = Xoshiro256StarStar(seed: 3)
        let n = 20_000
        var m1 = 0.0, m2 = 0.0, m4 = 0.0
        for _ in 0..<(n / 2) {
            let (a, b) = rng.nextGaussianPair()
            for g in [a, b] { m1 += g; m2 += g * g; m4 += g * g * g * g }
        }
        let count = Double(n)
        // Standard errors: mean 1/sqrt(n), E g^2 sqrt(2/n), E g^4 sqrt(96/n); 4.5 of them.
        #expect(abs(m1 / count) < 4.5 * (1 / count).squareRoot())
        #expect(abs(m2 / count - 1) < 4.5 * (2 / count).squareRoot())
        #expect(abs(m4 / count - 3) < 4.5 * (96 / count).squareRoot())
    }

    @Test func sameSeedSameBitsOnEveryCall() throws {
        let a = try PointSet.uniformOnSphere(count: 5000, dimension: 4, seed: 99)
        let b = try PointSet.uniformOnSphere(count: 5000, dimension: 4, seed: 99)
        #expect(a.coordinates.map(\.bitPattern) == b.coordinates.map(\.bitPattern))
        let c = try PointSet.uniformOnSphere(count: 5000, dimension: 4, seed: 100)
        #expect(zip(a.coordinates, c.coordinates).filter { $0 == $1 }.count == 0)
        // A prefix does not depend on n, across the chunk boundary at 4096 too.
        let prefix = try PointSet.uniformOnSphere(count: 4100, dimension: 4, seed: 99)
        #expect(Array(a.coordinates[0..<(4100 * 4)]) == prefix.coordinates)
    }

    @Test func pinnedFirstPointForSeedOne() throws {
        // The first point for seed 1 in d = 3, as bit patterns. If this fails, the sampling
        // stream changed: every published "--seed 1" result changes with it.
        let points = try PointSet.uniformOnSphere(count: 2, dimension: 3, seed: 1)
        #expect(points[point: 0].map(\.bitPattern) == PINNED)
    }

    @Test func pointsHaveUnitNorm() throws {
        for d in [2, 3, 7, 50] {
            let points = try PointSet.uniformOnSphere(count: 300, dimension: d, seed: 5)
            let worst = (0..<points.count).map { i in abs(points[point: i].reduce(0) { $0 + $1 * $1 } - 1) }.max() ?? 1
            #expect(worst <= Double(d) * 2.3e-16, "d = \(d): worst | ||x||^2 - 1 | = \(worst)")
        }
    }

    @Test func momentsOfUniformPointsOnTheSphere() throws {
        // E[x] = 0, E[x_i x_j] = delta_ij / d; E[x_i^4] = 3 / (d (d + 2)), E[x_i^2 x_j^2] = 1 / (d (d + 2)).
        for d in [3, 5] {
            let n = 20_000
            let points = try PointSet.uniformOnSphere(count: n, dimension: d, seed: 2024)
            let dd = Double(d), count = Double(n)
            var mean = [Double](repeating: 0, count: d)
            var second = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
            for i in 0..<n {
                let x = Array(points[point: i])
                for a in 0..<d {
                    mean[a] += x[a] / count
                    for b in 0..<d { second[a][b] += x[a] * x[b] / count }
                }
            }
            let seMean = (1 / (dd * count)).squareRoot()
            let seDiagonal = ((3 / (dd * (dd + 2)) - 1 / (dd * dd)) / count).squareRoot()
            let seOffDiagonal = (1 / (dd * (dd + 2)) / count).squareRoot()
            for a in 0..<d {
                #expect(abs(mean[a]) < 4.5 * seMean)
                for b in 0..<d {
                    let expected = a == b ? 1 / dd : 0
                    let se = a == b ? seDiagonal : seOffDiagonal
                    #expect(abs(second[a][b] - expected) < 4.5 * se, "d = \(d), E[x_\(a) x_\(b)] = \(second[a][b])")
                }
            }
        }
    }

    @Test func badRequestsAreTypedErrors() {
        #expect(throws: PointSetError.invalidCount(0)) { _ = try PointSet.uniformOnSphere(count: 0, dimension: 3, seed: 1) }
        #expect(throws: PointSetError.dimensionTooSmall(1)) { _ = try PointSet.uniformOnSphere(count: 5, dimension: 1, seed: 1) }
    }
}

/// Seed 1, d = 3, first point: (-0.89410018293240101, 0.42390566372094746, 0.14452975868501969).
/// Reproduced bit for bit by an independent C port of the same pipeline (reference xoshiro256**,
/// frexp-based copy of PortableMath.log, gcc -O2 -ffp-contract=off -march=native).
private let PINNED: [UInt64] = [13829600594901424731, 4601308025474601527, 4594375253629397843]
