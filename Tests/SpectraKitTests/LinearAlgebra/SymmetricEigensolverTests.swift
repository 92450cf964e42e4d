import Foundation
import Testing
@testable import SpectraKit

/// A tiny deterministic generator for test matrices (64-bit LCG, Knuth's MMIX constants),
/// so that these tests do not depend on the sphere's sampler.
private struct TestLCG {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) * 0x1p-53 * 2 - 1   // uniform in [-1, 1)
    }
}

/// Q diag(l) Q^T with Q a product of `reflections` random Householder reflections
/// H = I - 2 v v^T / (v^T v), applied as A <- H A H (each H is symmetric and orthogonal).
private func conjugatedDiagonal(_ l: [Double], reflections: Int, seed: UInt64) -> [[Double]] {
    let n = l.count
    var a = (0..<n).map { i in (0..<n).map { j in i == j ? l[i] : 0.0 } }
    var rng = TestLCG(state: seed)
    for _ in 0..<reflections {
        let v = (0..<n).map { _ in rng.next() }
        let vv = v.reduce(0) { $0 + $1 * $1 }
        // A <- H A: rows combination; then A <- A H.
        for j in 0..<n {
            var s = 0.0
            for i in 0..<n { s += v[i] * a[i][j] }
            for i in 0..<n { a[i][j] -= 2 * v[i] * s / vv }
        }
        for i in 0..<n {
            var s = 0.0
            for j in 0..<n { s += a[i][j] * v[j] }
            for j in 0..<n { a[i][j] -= 2 * s * v[j] / vv }
        }
    }
    return a
}

@Suite struct SymmetricEigensolverTests {
    @Test func householderConjugatedDiagonalHasItsDiagonalAsSpectrum() throws {
        let n = 80
        let l = (0..<n).map { Double($0) - 30.25 }   // negative, zero-free, distinct
        let a = conjugatedDiagonal(l, reflections: 6, seed: 7)
        let m = SymmetricMatrix(order: n) { i, j in a[i][j] }
        let values = try SymmetricEigensolver.eigenvalues(of: m)
        let expected = l.sorted(by: >)
        let worst = zip(values, expected).map { abs($0 - $1) }.max() ?? .infinity
        // Backward stability: |error| <= p(n) eps ||A||_2 with ||A||_2 ~ 50.
        #expect(worst < 1e-11, "worst eigenvalue error \(worst)")
    }

    @Test func twoStageSolveOfALargeMatrixAndOfExtremeScales() throws {
        // n = 600 is well beyond the band width (so both stages run); scaled by 2^-700 and 2^700
        // the matrix is outside LAPACK's safe range and is rescaled by a power of 2 first: the
        // eigenvalues must be the diagonal times the scale, to the same relative accuracy.
        let n = 600
        let l = (0..<n).map { 1 / (1 + Double($0)) }            // 1 ... 1/600, distinct
        let a = conjugatedDiagonal(l, reflections: 8, seed: 3)
        let expected = l.sorted(by: >)
        for scale in [1.0, 0x1p-700, 0x1p700] {
            let m = SymmetricMatrix(order: n) { i, j in a[i][j] * scale }
            let values = try SymmetricEigensolver.eigenvalues(of: m)
            let worst = zip(values, expected).map { abs($0 / scale - $1) }.max() ?? .infinity
            #expect(values.allSatisfy(\.isFinite) && worst < 1e-12, "scale \(scale): worst error \(worst) of ||A|| = 1")
        }
    }

    @Test func laplacian1DMatchesClosedForm() throws {
        // tridiag(-1, 2, -1) of order n: eigenvalues 2 - 2 cos(k pi / (n + 1)), k = 1...n.
        let n = 200
        let m = SymmetricMatrix(order: n) { i, j in i == j ? 2 : (j == i + 1 ? -1 : 0) }
        let values = try m.eigenvalues()
        let expected = (1...n).map { 2 - 2 * cos(Double($0) * Double.pi / Double(n + 1)) }.sorted(by: >)
        let worst = zip(values, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-13, "worst eigenvalue error \(worst)")
    }

    @Test func traceAndFrobeniusIdentities() throws {
        var rng = TestLCG(state: 11)
        let n = 150
        let m = SymmetricMatrix(order: n) { _, _ in rng.next() }
        let values = try m.eigenvalues()
        let sum = values.reduce(0, +)
        let squares = values.reduce(0) { $0 + $1 * $1 }
        #expect(abs(sum - m.trace) < 1e-11 * Double(n))
        #expect(abs(squares - m.squaredFrobeniusNorm) < 1e-12 * m.squaredFrobeniusNorm)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 >= $1 }, "descending")
    }

    @Test func decompositionReconstructsTheMatrixWithOrthonormalVectors() throws {
        var rng = TestLCG(state: 3)
        let n = 60
        let m = SymmetricMatrix(order: n) { _, _ in rng.next() }
        let d = try SymmetricEigensolver.decomposition(of: m)
        let v = try #require(d.eigenvectors)
        var worstReconstruction = 0.0, worstOrthogonality = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var a = 0.0, g = 0.0
                for k in 0..<n {
                    a += v[i, k] * d.eigenvalues[k] * v[j, k]
                    g += v[k, i] * v[k, j]
                }
                worstReconstruction = max(worstReconstruction, abs(a - m[i, j]))
                worstOrthogonality = max(worstOrthogonality, abs(g - (i == j ? 1 : 0)))
            }
        }
        #expect(worstReconstruction < 1e-12)
        #expect(worstOrthogonality < 1e-12)
        let valuesOnly = try m.eigenvalues()
        #expect(zip(d.eigenvalues, valuesOnly).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func dsyevrTopEigenpairsEqualTheTopOfDsyevd() throws {
        var rng = TestLCG(state: 5)
        let n = 120, count = 10
        let m = SymmetricMatrix(order: n) { i, j in rng.next() + (i == j ? 0.5 * Double(i % 17) : 0) }
        let all = try m.eigenvalues()
        let top = try SymmetricEigensolver.topEigenpairs(of: m, count: count)
        #expect(top.eigenvalues.count == count)
        for k in 0..<count { #expect(abs(top.eigenvalues[k] - all[k]) < 1e-12 * abs(all[0])) }
        let v = try #require(top.eigenvectors)
        for k in 0..<count {   // residual ||A v - lambda v||
            var residual = 0.0
            for i in 0..<n {
                var av = 0.0
                for j in 0..<n { av += m[i, j] * v[j, k] }
                residual = max(residual, abs(av - top.eigenvalues[k] * v[i, k]))
            }
            #expect(residual < 1e-12 * abs(all[0]))
        }
        let valuesOnly = try SymmetricEigensolver.topEigenpairs(of: m, count: count, vectors: false)
        #expect(valuesOnly.eigenvectors == nil)
        for k in 0..<count { #expect(abs(valuesOnly.eigenvalues[k] - all[k]) < 1e-12 * abs(all[0])) }
    }

    @Test func gramByDsyrkEqualsDotProducts() throws {
        var rng = TestLCG(state: 9)
        let n = 37, d = 5
        let x = (0..<(n * d)).map { _ in rng.next() }
        let g = try SymmetricMatrix.gram(rowMajorPoints: x, count: n, dimension: d)
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var dot = 0.0
                for c in 0..<d { dot += x[i * d + c] * x[j * d + c] }
                worst = max(worst, abs(dot - g[i, j]))
            }
        }
        #expect(worst < 1e-15 * Double(d))
        #expect(throws: LinearAlgebraError.sizeMismatch(what: "point coordinates", expected: n * d, actual: 3)) {
            _ = try SymmetricMatrix.gram(rowMajorPoints: [1, 2, 3], count: n, dimension: d)
        }
    }

    @Test func badInputIsATypedErrorNotANumber() throws {
        var m = SymmetricMatrix(order: 4) { i, j in Double(i + j) }
        m[1, 2] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteEntry(routine: "dsytrd_2stage", row: 1, column: 2)) {
            _ = try m.eigenvalues()
        }
        let ok = SymmetricMatrix(order: 4) { i, j in Double(i + j) }
        #expect(throws: LinearAlgebraError.eigenpairCountOutOfRange(requested: 5, order: 4)) {
            _ = try SymmetricEigensolver.topEigenpairs(of: ok, count: 5)
        }
        #expect(throws: LinearAlgebraError.eigenpairCountOutOfRange(requested: 0, order: 4)) {
            _ = try SymmetricEigensolver.topEigenpairs(of: ok, count: 0)
        }
        #expect(try SymmetricMatrix(order: 0).eigenvalues() == [])
        let described = LinearAlgebraError.noConvergence(routine: "dsyevd", info: 3).description
        #expect(described.contains("dsyevd") && described.contains("did not converge"))
    }

    @Test func mirrorCopiesTheUpperTriangleOverWhateverTheLowerHeld() {
        // Orders below, at and above the 64-wide tile, and one (600: 10 tile columns) that
        // takes the parallel path; the strictly lower part starts as NaN.
        for n in [1, 2, 63, 64, 65, 600] {
            var rng = TestLCG(state: UInt64(n))
            var m = SymmetricMatrix(order: n) { _, _ in rng.next() }
            for j in 0..<n { for i in (j + 1)..<Swift.max(n, j + 1) { m.storage[i + j * n] = .nan } }
            let before = m.storage
            m.mirrorUpperIntoLower()
            var wrong = 0
            for j in 0..<n {
                for i in 0..<n {
                    let expected = i <= j ? before[i + j * n] : before[j + i * n]
                    if m.storage[i + j * n].bitPattern != expected.bitPattern { wrong += 1 }
                }
            }
            #expect(wrong == 0, "order \(n): \(wrong) entries differ from the upper triangle's")
        }
    }

    @Test func theLowerPartDoesNotChangeTheEigenvalues() throws {
        // The solver reads the upper triangle only (it copies it into the lower one before
        // LAPACK runs with uplo = 'L'): NaN below the diagonal gives the same values bit for bit.
        let n = 300
        var rng = TestLCG(state: 29)
        let clean = SymmetricMatrix(order: n) { _, _ in rng.next() }
        var dirty = clean
        for j in 0..<n { for i in (j + 1)..<n { dirty.storage[i + j * n] = .nan } }
        let expected = try clean.eigenvalues()
        let fromDirty = try dirty.eigenvalues()
        #expect(fromDirty == expected)
        #expect(expected.allSatisfy { $0.isFinite })
    }

    @Test func overwritingSolveGivesTheSameValues() throws {
        var rng = TestLCG(state: 13)
        let m = SymmetricMatrix(order: 50) { _, _ in rng.next() }
        var scratch = m
        let inPlace = try SymmetricEigensolver.eigenvalues(overwriting: &scratch)
        #expect(inPlace == (try m.eigenvalues()))
    }
}
