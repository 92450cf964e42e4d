import Foundation
import Testing
@testable import SpectraKit

/// Largest |sum_j Y_kj(x) Y_kj(y) - N(d,k) P_k(<x,y>)| / N(d,k) over k <= K and `pairs`
/// random pairs, with the sums taken over the columns of `evaluate` (docs/conventions.md#the-addition-theorem, addition
/// theorem) and P_k from `Gegenbauer`, an independent three-term recurrence.
private func additionTheoremError(dimension d: Int, maxDegree K: Int, pairs: Int, seed: UInt64) throws -> Double {
    let basis = try RealSphericalHarmonics(dimension: d, maxDegree: K)
    let points = try PointSet.uniformOnSphere(count: 2 * pairs, dimension: d, seed: seed)
    let n = points.count
    let values = basis.evaluate(points)
    #expect(values.count == n * basis.totalCount)
    var worst = 0.0
    for pair in 0..<pairs {
        let (i, j) = (2 * pair, 2 * pair + 1)
        let t = zip(points[point: i], points[point: j]).reduce(0.0) { $0 + $1.0 * $1.1 }
        let p = Gegenbauer(dimension: d).values(upTo: K, at: t)
        for k in 0...K {
            var sum = 0.0
            for c in basis.columns(degree: k) { sum += values[c * n + i] * values[c * n + j] }
            let count = Double(basis.count(degree: k))
            worst = max(worst, abs(sum - count * p[k]) / count)
        }
    }
    return worst
}

/// The same check through `additionSums`, which reaches degrees whose bases are too large
/// to list.
private func factorisedAdditionTheoremError(dimension d: Int, maxDegree K: Int, pairs: Int, seed: UInt64) throws -> Double {
    let points = try PointSet.uniformOnSphere(count: 2 * pairs, dimension: d, seed: seed)
    let pairList = (0..<pairs).map { (points[point: 2 * $0], points[point: 2 * $0 + 1]) }
    let allSums = RealSphericalHarmonics.additionSums(dimension: d, maxDegree: K, pairs: pairList)
    var worst = 0.0
    for (pair, (x, y)) in pairList.enumerated() {
        let t = zip(x, y).reduce(0.0) { $0 + $1.0 * $1.1 }
        let p = Gegenbauer(dimension: d).values(upTo: K, at: t)
        let sums = allSums[pair]
        for k in 0...K {
            let count = SphericalHarmonics.dimension(degree: k, sphereDimension: d).doubleValue
            worst = max(worst, abs(sums[k] - count * p[k]) / count)
        }
    }
    return worst
}

/// A product rule on S^{d-1} in hyperspherical coordinates, exact (in exact arithmetic) for
/// products of harmonics of degree <= K: for each level j = d...3 the coordinate
/// t_j = x_j / |(x_1..x_j)| has density proportional to (1-t^2)^{(j-3)/2}, integrated by
/// Gauss-Legendre (j = 3; j = 5 with (1-t^2) in the weights) or Gauss-Chebyshev of the second
/// kind (j = 4); then phi by the trapezoid rule with 2K+1 points. Weights sum to 1 (sigma).
private func productRule(dimension d: Int, maxDegree K: Int) throws -> (points: PointSet, weights: [Double]) {
    func levelRule(_ j: Int) -> [(t: Double, w: Double)] {
        switch j {
        case 3:
            let rule = GaussLegendreRule(pointCount: K + 1)
            return zip(rule.nodes, rule.weights).map { ($0.doubleValue, $1.doubleValue) }
        case 4:
            let n = K + 1
            return (1...n).map { i in
                let angle = Double.pi * Double(i) / Double(n + 1)
                return (cos(angle), sin(angle) * sin(angle))
            }
        case 5:
            let rule = GaussLegendreRule(pointCount: K + 2)
            return zip(rule.nodes, rule.weights).map { t, w in
                let x = t.doubleValue
                return (x, w.doubleValue * (1 - x * x))
            }
        default:
            return []
        }
    }
    // Start with the points of S^1 and add one coordinate per level.
    let m = 2 * K + 1
    var points: [[Double]] = (0..<m).map { i in
        let phi = 2 * Double.pi * Double(i) / Double(m)
        return [cos(phi), sin(phi)]
    }
    var weights = [Double](repeating: 1 / Double(m), count: m)
    if d >= 3 {
        for j in 3...d {
            let rule = levelRule(j)
            let total = rule.reduce(0.0) { $0 + $1.w }
            var nextPoints: [[Double]] = []
            var nextWeights: [Double] = []
            for (t, w) in rule {
                let s = (1 - t * t).squareRoot()
                for (x, v) in zip(points, weights) {
                    nextPoints.append(x.map { $0 * s } + [t])
                    nextWeights.append(v * w / total)
                }
            }
            points = nextPoints
            weights = nextWeights
        }
    }
    return (try PointSet(rows: points), weights)
}

/// Largest |G - I| over the Gram matrix G_ab = sum_p w_p Y_a(x_p) Y_b(x_p) of the columns
/// `subset` (all if nil), from column-major values of n points.
private func gramDeviation(values: [Double], count n: Int, columns: [Int], weights: [Double]) throws -> Double {
    var scaled = [Double](repeating: 0, count: columns.count * n)
    for (a, c) in columns.enumerated() {
        for p in 0..<n { scaled[a * n + p] = values[c * n + p] * weights[p].squareRoot() }
    }
    let gram = try SymmetricMatrix.gram(rowMajorPoints: scaled, count: columns.count, dimension: n)
    var worst = 0.0
    for b in 0..<columns.count {
        for a in 0...b { worst = max(worst, abs(gram[a, b] - (a == b ? 1 : 0))) }
    }
    return worst
}

@Suite struct RealSphericalHarmonicsTests {
    // MARK: Addition theorem (docs/conventions.md#the-addition-theorem), at random pairs of points.

    /// Through `evaluate`, up to degree 1000 on S^1, 200 on S^2, and the largest bases that
    /// fit: degree 1023 on S^2 (2^20 functions) and 13 on S^9 (791350 functions).
    @Test(arguments: [(2, 1000, 10), (3, 200, 10), (3, 1023, 3), (4, 40, 10), (5, 24, 10), (10, 10, 5), (10, 13, 2)])
    func additionTheoremHoldsForTheEvaluatedBasis(dimension d: Int, maxDegree K: Int, pairs: Int) throws {
        #expect(try additionTheoremError(dimension: d, maxDegree: K, pairs: pairs, seed: UInt64(d * 10_000 + K)) <= 1e-10)
    }

    /// Through `additionSums`, the same products summed level by level: degree 30 on S^9 has
    /// N(10, 30) = 87511512 functions, more than a basis may list.
    @Test(arguments: [(10, 30), (10, 60), (3, 1000), (4, 200)])
    func factorisedAdditionTheoremHolds(dimension d: Int, maxDegree K: Int) throws {
        #expect(try factorisedAdditionTheoremError(dimension: d, maxDegree: K, pairs: 20, seed: UInt64(d * 10_000 + K)) <= 1e-10)
    }

    /// At the poles (0, ..., 0, +-1) only the order-0 functions are nonzero; nothing divides
    /// by the vanishing sqrt(1 - t^2).
    @Test func additionTheoremHoldsAtThePoles() throws {
        for d in [3, 4, 10] {
            let K = d == 10 ? 8 : 60
            let basis = try RealSphericalHarmonics(dimension: d, maxDegree: K)
            var north = [Double](repeating: 0, count: d), south = north
            north[d - 1] = 1
            south[d - 1] = -1
            let values = basis.evaluate(try PointSet(rows: [north, south]))
            #expect(values.allSatisfy { $0.isFinite })
            for k in 0...K {
                var sum = 0.0
                for c in basis.columns(degree: k) { sum += values[2 * c] * values[2 * c + 1] }
                let count = Double(basis.count(degree: k))
                // P_k(-1) = (-1)^k.
                #expect(abs(sum - count * (k.isMultiple(of: 2) ? 1 : -1)) <= 1e-10 * count)
            }
        }
    }

    // MARK: Orthonormality by exact product quadrature.

    /// Every function of degree <= K, on the product rule of `productRule` (S^2 to degree 30).
    @Test(arguments: [(2, 100), (3, 30), (4, 12), (5, 6)])
    func gramMatrixIsIdentityUnderExactProductQuadrature(dimension d: Int, maxDegree K: Int) throws {
        let basis = try RealSphericalHarmonics(dimension: d, maxDegree: K)
        let (points, weights) = try productRule(dimension: d, maxDegree: K)
        let values = basis.evaluate(points)
        #expect(try gramDeviation(values: values, count: points.count, columns: Array(0..<basis.totalCount), weights: weights) <= 1e-12)
    }

    /// Degree 200 on S^2, for every degree k <= 200 and the orders m in a set A that includes
    /// the largest. The full grid (201 x 401 points, 40401 functions) is too slow for a test,
    /// but functions of orders in A need only M trapezoid points in phi, where no nonzero
    /// m +- m' (m, m' in A) is a multiple of M: the sums of cos/sin products are then exact.
    /// In t, Gauss-Legendre with 201 nodes integrates the degree <= 400 products exactly.
    @Test func gramMatrixIsIdentityOnTheTwoSphereToDegree200ForSelectedOrders() throws {
        let K = 200
        let orders = [0, 1, 100, 199, 200]
        let trapezoidPoints = (3...).first { m in
            orders.allSatisfy { a in
                orders.allSatisfy { b in
                    a == b ? (a == 0 || (2 * a) % m != 0) : ((a - b) % m != 0 && (a + b) % m != 0)
                }
            }
        }
        let m = try #require(trapezoidPoints)
        // Columns of degree k, order m on S^2: k^2 (m = 0), k^2 + 2m - 1 (cos), k^2 + 2m (sin).
        var columns: [Int] = []
        for k in 0...K {
            for order in orders where order <= k {
                columns += order == 0 ? [k * k] : [k * k + 2 * order - 1, k * k + 2 * order]
            }
        }
        let basis = try RealSphericalHarmonics(dimension: 3, maxDegree: K)
        let rule = GaussLegendreRule(pointCount: K + 1)
        // Rings in chunks of 50, to bound memory; accumulate the weighted subset Gram.
        var gram = [Double](repeating: 0, count: columns.count * columns.count)
        for ringStart in stride(from: 0, to: K + 1, by: 50) {
            let rings = ringStart..<min(ringStart + 50, K + 1)
            var rows: [[Double]] = []
            var weights: [Double] = []
            for r in rings {
                let t = rule.nodes[r].doubleValue, s = (1 - t * t).squareRoot()
                for i in 0..<m {
                    let phi = 2 * Double.pi * Double(i) / Double(m)
                    rows.append([s * cos(phi), s * sin(phi), t])
                    weights.append(rule.weights[r].doubleValue / 2 / Double(m))
                }
            }
            let n = rows.count
            let values = basis.evaluate(try PointSet(rows: rows))
            var scaled = [Double](repeating: 0, count: columns.count * n)
            for (a, c) in columns.enumerated() {
                for p in 0..<n { scaled[a * n + p] = values[c * n + p] * weights[p].squareRoot() }
            }
            let chunk = try SymmetricMatrix.gram(rowMajorPoints: scaled, count: columns.count, dimension: n)
            for b in 0..<columns.count {
                for a in 0...b { gram[b * columns.count + a] += chunk[a, b] }
            }
        }
        var worst = 0.0
        for b in 0..<columns.count {
            for a in 0...b { worst = max(worst, abs(gram[b * columns.count + a] - (a == b ? 1 : 0))) }
        }
        #expect(m == 14 && columns.count == 809)
        #expect(worst <= 1e-12)
    }

    // MARK: Counts and layout.

    @Test(arguments: [2, 3, 4, 5, 7, 10])
    func countPerDegreeIsTheDimensionOfHk(dimension d: Int) throws {
        let K = d == 10 ? 8 : 20
        let basis = try RealSphericalHarmonics(dimension: d, maxDegree: K)
        var total = 0
        for k in 0...K {
            let n = SphericalHarmonics.dimension(degree: k, sphereDimension: d).intValue
            #expect(basis.count(degree: k) == n)
            #expect(basis.columns(degree: k) == total..<(total + basis.count(degree: k)))
            total += basis.count(degree: k)
        }
        #expect(basis.totalCount == total)
        #expect(basis.count(degree: K + 1) == 0 && basis.count(degree: -1) == 0)
        #expect(basis.columns(degree: K + 1).isEmpty && basis.columns(degree: -1).isEmpty)
    }

    @Test func circleHasOneThenTwoFunctionsPerDegree() throws {
        let basis = try RealSphericalHarmonics(dimension: 2, maxDegree: 5)
        #expect((0...5).map { basis.count(degree: $0) } == [1, 2, 2, 2, 2, 2])
        #expect(basis.totalCount == 11)
        // sqrt(2) cos(3 phi), sqrt(2) sin(3 phi) at phi = 0.4.
        let values = basis.evaluate(try PointSet(rows: [[cos(0.4), sin(0.4)]]))
        #expect(abs(values[5] - 2.0.squareRoot() * cos(1.2)) < 1e-15)
        #expect(abs(values[6] - 2.0.squareRoot() * sin(1.2)) < 1e-15)
    }

    /// On S^2 the degree-1 functions are an orthogonal transform of sqrt(3) (x_1, x_2, x_3):
    /// sampled, their Gram matrix / n is near I, and each sqrt(3) x_i is in their span.
    @Test func degreeOneFunctionsOnTheTwoSphereSpanTheCoordinates() throws {
        let n = 2000
        let basis = try RealSphericalHarmonics(dimension: 3, maxDegree: 2)
        let points = try PointSet.uniformOnSphere(count: n, dimension: 3, seed: 8)
        let values = basis.evaluate(points)
        let degreeOne = Array(basis.columns(degree: 1))
        #expect(degreeOne.count == 3)
        func y(_ a: Int, _ p: Int) -> Double { values[degreeOne[a] * n + p] }
        func x(_ i: Int, _ p: Int) -> Double { 3.0.squareRoot() * points.coordinates[p * 3 + i] }
        // Sampled Gram / n: I up to O(1/sqrt(n)) (each entry has standard deviation < 2/sqrt(n)).
        for a in 0..<3 {
            for b in 0..<3 {
                let g = (0..<n).reduce(0.0) { $0 + y(a, $1) * y(b, $1) } / Double(n)
                #expect(abs(g - (a == b ? 1 : 0)) < 8 / Double(n).squareRoot())
            }
        }
        // Least squares sqrt(3) x_i ~ sum_a R_ai Y_a via the 3x3 normal equations; the
        // residual is rounding only, and R is orthogonal.
        var gram = [[Double]](repeating: [0, 0, 0], count: 3)
        var rhs = [[Double]](repeating: [0, 0, 0], count: 3)
        for a in 0..<3 {
            for b in 0..<3 {
                gram[a][b] = (0..<n).reduce(0.0) { $0 + y(a, $1) * y(b, $1) }
                rhs[a][b] = (0..<n).reduce(0.0) { $0 + y(a, $1) * x(b, $1) }
            }
        }
        let r = solve3x3(gram, rhs)
        var residual = 0.0
        for i in 0..<3 {
            for p in 0..<n {
                let fit = (0..<3).reduce(0.0) { $0 + r[$1][i] * y($1, p) }
                residual = max(residual, abs(fit - x(i, p)))
            }
        }
        #expect(residual < 1e-13)
        for i in 0..<3 {
            for j in 0..<3 {
                let rtr = (0..<3).reduce(0.0) { $0 + r[$1][i] * r[$1][j] }
                #expect(abs(rtr - (i == j ? 1 : 0)) < 1e-13)
            }
        }
    }

    /// The documented column order: degree 1 on S^2 is sqrt(3) (x_3, x_1, x_2).
    @Test func degreeOneColumnsOnTheTwoSphereAreRootThreeTimesX3X1X2() throws {
        let basis = try RealSphericalHarmonics(dimension: 3, maxDegree: 1)
        let points = try PointSet.uniformOnSphere(count: 50, dimension: 3, seed: 9)
        let values = basis.evaluate(points)
        for p in 0..<50 {
            let x = points[point: p]
            for (column, coordinate) in [(1, 2), (2, 0), (3, 1)] {
                #expect(abs(values[column * 50 + p] - 3.0.squareRoot() * x[coordinate]) < 1e-15)
            }
        }
    }

    // MARK: Errors.

    @Test func invalidParametersAreRejectedWithTypedErrors() {
        #expect(throws: RealSphericalHarmonicsError.dimensionTooSmall(1)) {
            try RealSphericalHarmonics(dimension: 1, maxDegree: 3)
        }
        #expect(throws: RealSphericalHarmonicsError.negativeDegree(-1)) {
            try RealSphericalHarmonics(dimension: 3, maxDegree: -1)
        }
        // sum_{k <= 13} N(10, k) = 791350 fits in 2^20; degree 14 adds N(10, 14) = 523260.
        #expect(throws: RealSphericalHarmonicsError.tooManyFunctions(dimension: 10, maxDegree: 30, limit: 1 << 20, largestDegreeThatFits: 13)) {
            try RealSphericalHarmonics(dimension: 10, maxDegree: 30)
        }
        // On S^2 the total is (K + 1)^2: K = 1023 fits exactly, 1024 does not.
        #expect((try? RealSphericalHarmonics(dimension: 3, maxDegree: 1023))?.totalCount == 1 << 20)
        #expect(throws: RealSphericalHarmonicsError.tooManyFunctions(dimension: 3, maxDegree: 1024, limit: 1 << 20, largestDegreeThatFits: 1023)) {
            try RealSphericalHarmonics(dimension: 3, maxDegree: 1024)
        }
        #expect(throws: RealSphericalHarmonicsError.self) {
            try RealSphericalHarmonics(dimension: 10_000, maxDegree: 2)
        }
    }

    @Test func pointsOfAnotherDimensionGiveNoValues() throws {
        let basis = try RealSphericalHarmonics(dimension: 4, maxDegree: 3)
        #expect(basis.evaluate(try PointSet.uniformOnSphere(count: 5, dimension: 3, seed: 1)).isEmpty)
    }
}

/// X solving A X = B for 3x3 A (symmetric positive definite here), by Cramer's rule.
private func solve3x3(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    func det(_ m: [[Double]]) -> Double {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }
    let d = det(a)
    var x = [[Double]](repeating: [0, 0, 0], count: 3)
    for column in 0..<3 {
        for i in 0..<3 {
            var m = a
            for r in 0..<3 { m[r][i] = b[r][column] }
            x[i][column] = det(m) / d
        }
    }
    return x
}
