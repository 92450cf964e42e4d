import Foundation

/// The moments m_k = sum_j g_j P_k(t_j), k = 0 ... K, of weights g_j at nodes t_j, in
/// double-double, by the three-term recurrence of `Gegenbauer` run on all nodes at once.
///
/// This is the inner loop of Funk-Hecke quadrature: O(K x nodes) operations, vectorised over
/// nodes (lanes of `Lane`) and split over the cores. Additions use the "sloppy" double-word
/// sum, whose error is below 2^-104 (|a| + |b|) in absolute terms: the right measure here,
/// since |P_k| <= 1 and the result's error is judged against sum_j |g_j|.
enum GegenbauerMoments {
    typealias Lane = SIMD16<Double>

    /// Values block * width ..< (block + 1) * width as one lane (zeros past the end).
    static func lane(_ values: [DoubleDouble], block: Int) -> LaneDD {
        let width = Lane.scalarCount
        var hi = Lane.zero
        var lo = Lane.zero
        for i in 0..<width where block * width + i < values.count {
            hi[i] = values[block * width + i].hi
            lo[i] = values[block * width + i].lo
        }
        return LaneDD(hi: hi, lo: lo)
    }

    struct LaneDD {
        var hi: Lane
        var lo: Lane

        @inline(__always) static func quickTwoSum(_ a: Lane, _ b: Lane) -> LaneDD {
            let s = a + b
            return LaneDD(hi: s, lo: b - (s - a))
        }

        // Products are left unnormalised (hi = fl(a.hi b.hi), |lo| a few ulps of hi): every
        // product here feeds a sum, which normalises, or another product, whose error terms
        // absorb it (relative error still a few 2^-104). Saves a third of the operations.
        @inline(__always) static func * (a: LaneDD, b: LaneDD) -> LaneDD {
            let p = a.hi * b.hi
            var e = (-p).addingProduct(a.hi, b.hi)
            e = e.addingProduct(a.hi, b.lo)
            e = e.addingProduct(a.lo, b.hi)
            return LaneDD(hi: p, lo: e)
        }

        @inline(__always) static func * (a: LaneDD, b: DoubleDouble) -> LaneDD {
            let bh = Lane(repeating: b.hi)
            let p = a.hi * bh
            var e = (-p).addingProduct(a.hi, bh)
            e = e.addingProduct(a.hi, Lane(repeating: b.lo))
            e = e.addingProduct(a.lo, bh)
            return LaneDD(hi: p, lo: e)
        }

        @inline(__always) static func + (a: LaneDD, b: LaneDD) -> LaneDD {
            let s = a.hi + b.hi
            let bb = s - a.hi
            let e = (a.hi - (s - bb)) + (b.hi - bb) + (a.lo + b.lo)
            return quickTwoSum(s, e)
        }

        @inline(__always) static prefix func - (a: LaneDD) -> LaneDD {
            LaneDD(hi: -a.hi, lo: -a.lo)
        }
    }

    /// Per-thread lane accumulators (raw buffers: no exclusivity or bounds checks in the
    /// inner loop); each thread owns one instance.
    final class Accumulator: @unchecked Sendable {
        let hi: UnsafeMutablePointer<Lane>
        let lo: UnsafeMutablePointer<Lane>
        /// sum_j |g_j P_k(t_j)| in Double, the scale of the rounding error of moment k.
        let magnitude: UnsafeMutablePointer<Lane>
        let count: Int
        init(count: Int) {
            self.count = count
            hi = .allocate(capacity: count)
            lo = .allocate(capacity: count)
            magnitude = .allocate(capacity: count)
            hi.initialize(repeating: .zero, count: count)
            lo.initialize(repeating: .zero, count: count)
            magnitude.initialize(repeating: .zero, count: count)
        }
        deinit {
            hi.deallocate()
            lo.deallocate()
            magnitude.deallocate()
        }
        @inline(__always) func add(_ value: LaneDD, at k: Int) {
            let sum = LaneDD(hi: hi[k], lo: lo[k]) + value
            hi[k] = sum.hi
            lo[k] = sum.lo
            magnitude[k] += value.hi.replacing(with: -value.hi, where: value.hi .< 0)
        }
    }

    /// m_k for k = 0 ... maxDegree, with sum_j |g_j P_k(t_j)| beside each (Double).
    static func moments(nodes t: [DoubleDouble], weights g: [DoubleDouble], dimension d: Int,
                        maxDegree: Int) -> (moments: [DoubleDouble], magnitudes: [Double]) {
        let width = Lane.scalarCount
        let blockCount = (t.count + width - 1) / width
        guard maxDegree >= 0, blockCount > 0 else {
            let count = Swift.max(0, maxDegree + 1)
            return ([DoubleDouble](repeating: .zero, count: count), [Double](repeating: 0, count: count))
        }
        let gegenbauer = Gegenbauer(dimension: d)
        let coefficients: [(a: DoubleDouble, b: DoubleDouble)] = (0..<Swift.max(1, maxDegree)).map {
            $0 == 0 ? (.zero, .zero) : gegenbauer.recurrenceCoefficients($0, as: DoubleDouble.self)
        }
        let threads = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, blockCount))
        let accumulators = (0..<threads).map { _ in Accumulator(count: maxDegree + 1) }
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            coefficients.withUnsafeBufferPointer { coefficients in
                let acc = accumulators[thread]
                // Blocks of nodes dealt round-robin to the threads; per block, the recurrence
                // runs over all degrees with the lanes' P_{k-1}, P_k in registers.
                for block in stride(from: thread, to: blockCount, by: threads) {
                    let tv = Self.lane(t, block: block)
                    let gv = Self.lane(g, block: block)
                    acc.add(gv, at: 0)
                    guard maxDegree >= 1 else { continue }
                    var previous = LaneDD(hi: Lane(repeating: 1), lo: .zero)
                    var current = tv
                    acc.add(gv * current, at: 1)
                    for k in 1..<maxDegree {
                        let (a, b) = coefficients[k]
                        let next = (tv * current) * a + -(previous * b)
                        acc.add(gv * next, at: k + 1)
                        previous = current
                        current = next
                    }
                }
            }
        }
        var moments = [DoubleDouble](repeating: .zero, count: maxDegree + 1)
        var magnitudes = [Double](repeating: 0, count: maxDegree + 1)
        for k in 0...maxDegree {
            for acc in accumulators {
                for i in 0..<width {
                    moments[k] += DoubleDouble(acc.hi[k][i]) + DoubleDouble(acc.lo[k][i])
                    magnitudes[k] += acc.magnitude[k][i]
                }
            }
        }
        return (moments, magnitudes)
    }
}
