import Foundation

// The associated Legendre half of the transform on S^2: for each order m, the sums over the
// degree l of the normalised Legendre functions N_lm(t) at the Gauss-Legendre latitudes.
//
// Notation (MATH.md 1, d = 3): N_lm(cos theta) is the latitude factor of the real harmonics
// that are orthonormal for the probability measure sigma,
//   Y_l0 = N_l0,  Y_lm = N_lm cos(m phi),  Y_l,-m = N_lm sin(m phi)   (m >= 1),
//   N_lm = c_m sqrt((2l+1) (l-m)!/(l+m)!) P_l^m  without the Condon-Shortley phase,
//   c_0 = 1, c_m = sqrt(2); N_mm = K_m sin^m theta, K_0 = 1, K_m^2 = 2 (2m+1)!!/(2m)!!.
// For fixed m they obey the three-term recurrence
//   t N_l = eps_{l+1} N_{l+1} + eps_l N_{l-1},   eps_l = sqrt((l^2 - m^2)/(4 l^2 - 1)),  (R1)
// with eps_m = 0 (N_{m-1} = 0).
//
// The two-step form (libsharp, Reinecke & Seljebotn 2013, and ducc0 use the same idea).
// Functions of even l - m are even in t and those of odd l - m are odd, so both hemispheres
// share them up to the sign (-1)^{l-m}. Let q_j = N_{m+2j+1}/t (j >= 0), q_{-1} = 0. Then (R1)
// at l = m + 2j gives the even functions as two-term combinations of the q's,
//   N_{m+2j} = eps_{m+2j+1} q_j + eps_{m+2j} q_{j-1},                                     (R2)
// and (R1) applied twice gives a three-term recurrence in t^2, with l = m + 2j + 1,
//   q_{j+1} = ((t^2 - eps_{l+1}^2 - eps_l^2) q_j - eps_l eps_{l-1} q_{j-1}) / (eps_{l+1} eps_{l+2}).
// Scaled as q_j = alpha_j g_j with alpha_0 = 1/eps_{m+1} (so g_0 = N_mm), alpha_1 = alpha_0 and
// alpha_{j+1} = alpha_{j-1} eps_l eps_{l-1} / (eps_{l+1} eps_{l+2}), it reads
//   g_{j+1} = (A_j t^2 + B_j) g_j - g_{j-1},  A_j = alpha_j / (eps_{l+1} eps_{l+2} alpha_{j+1}),
//   B_j = -(eps_{l+1}^2 + eps_l^2) A_j:                                                   (R3)
// two fused multiply-adds per two degrees. A synthesis sum then is
//   sum_l a_l N_l(t) = sum_j g_j(t) (u_j a_{m+2j} + v_j a_{m+2j+2}) + t sum_j g_j(t) alpha_j a_{m+2j+1}
// with u_j = alpha_j eps_{m+2j+1}, v_j = alpha_j eps_{m+2j+2} (from (R2)); the analysis sums
// are its transpose: a_{m+2j} = u_j G_j + v_{j-1} G_{j-1}, a_{m+2j+1} = alpha_j H_j with
// G_j = sum_rings g_j P, H_j = sum_rings g_j Q.
//
// Every alpha_{j+1} is computed from alpha_{j-1} by the formula that (R3) assumes, so the
// recurrence is consistent to one rounding per coefficient whatever the accumulated error of
// the alpha's (they only rescale).
//
// Underflow. N_mm = K_m sin^m theta underflows near the poles (sin^1024 of the first latitude
// at L = 1024 is about 10^-2700); the g_j then grow through the evanescent region l < m /
// sin theta. The plan runs that part of the recurrence once, per ring pair and order, with an
// explicit binary exponent, and stores the first j at which |g_j| >= 2^-100 with the pair
// (g_{j-1}, g_j) there (`LegendreStarts`). Transforms start each ring there: values below
// 2^-100 ~ 8e-31 are dropped (their contribution is below 2^-100 times the sum of |a_lm|).
// If a ring never reaches 2^-100 for l <= L at order m, it does not at any larger order
// either (the functions decrease with m beyond the turning point), so the scan stops.

/// The recurrence coefficients (R3) and the synthesis / analysis weights for every order m of
/// a band limit L, as one flat table: for order m and j = 0 ... J_m = (L - m)/2, the five
/// numbers (A_j, B_j, u_j, v_j, alpha_j) at `stride * (offsets[m] + j)`.
struct LegendreRecurrenceTable: Sendable {
    static let stride = 5
    let bandLimit: Int
    let offsets: [Int]
    let entries: [Double]

    /// J_m = (L - m)/2: the largest j with m + 2j <= L.
    @inline(__always) func lastStep(order m: Int) -> Int { (bandLimit - m) / 2 }

    init(bandLimit l: Int) {
        bandLimit = l
        var offsets = [Int](repeating: 0, count: l + 2)
        for m in 0...l { offsets[m + 1] = offsets[m] + (l - m) / 2 + 1 }
        var entries = [Double](repeating: 0, count: Self.stride * offsets[l + 1])
        for m in 0...l {
            let steps = (l - m) / 2 + 1
            // eps_k^2 = (k - m)(k + m) / ((2k - 1)(2k + 1)), exact integers up to the division.
            func eps2(_ k: Int) -> Double { k <= m ? 0 : Double((k - m) * (k + m)) / Double((2 * k - 1) * (2 * k + 1)) }
            func eps(_ k: Int) -> Double { eps2(k).squareRoot() }
            var alpha = [Double](repeating: 0, count: steps + 1)
            alpha[0] = 1 / eps(m + 1)
            if steps >= 1 { alpha[1] = alpha[0] }
            if steps >= 2 {
                for j in 1..<steps {
                    let k = m + 2 * j + 1
                    alpha[j + 1] = alpha[j - 1] * (eps(k) * eps(k - 1)) / (eps(k + 1) * eps(k + 2))
                }
            }
            let base = Self.stride * offsets[m]
            for j in 0..<steps {
                let k = m + 2 * j + 1
                let a = alpha[j] / (eps(k + 1) * eps(k + 2) * alpha[j + 1])
                entries[base + Self.stride * j] = a
                entries[base + Self.stride * j + 1] = -(eps2(k + 1) + eps2(k)) * a
                entries[base + Self.stride * j + 2] = alpha[j] * eps(m + 2 * j + 1)
                entries[base + Self.stride * j + 3] = alpha[j] * eps(m + 2 * j + 2)
                entries[base + Self.stride * j + 4] = alpha[j]
            }
        }
        self.offsets = offsets
        self.entries = entries
    }
}

/// Where each ring pair's recurrence starts, per order (see the underflow note above): for
/// order m and lane k (ring pairs ordered from the equator to the poles), the first j with
/// |g_j| >= 2^-100, or `never`, and (g_{j-1}, g_j) there; index m * lanes + k.
struct LegendreStarts: Sendable {
    static let never = Int32.max
    /// |g_j| below 2^threshold is dropped.
    static let thresholdExponent = -100

    let lanes: Int
    let firstStep: [Int32]
    let previous: [Double]
    let current: [Double]

    /// `sines[k]` and `squaredCosines[k]` of the northern ring of lane k.
    init(table: LegendreRecurrenceTable, sines: [Double], squaredCosines: [Double]) {
        let l = table.bandLimit
        let lanes = sines.count
        self.lanes = lanes
        let count = (l + 1) * lanes
        var firstStep = [Int32](repeating: Self.never, count: count)
        var previous = [Double](repeating: 0, count: count)
        var current = [Double](repeating: 0, count: count)
        // K_m / K_{m-1}: sqrt(3) for m = 1, sqrt((2m + 1)/(2m)) after, in double-double.
        var sectoralFactors = [DoubleDouble](repeating: .one, count: l + 1)
        for m in 1...Swift.max(1, l) where m <= l {
            let ratio: DoubleDouble = m == 1 ? DoubleDouble(3) : DoubleDouble(2 * m + 1) / DoubleDouble(2 * m)
            sectoralFactors[m] = DoubleDouble.sqrt(ratio)
        }
        let factors = sectoralFactors
        firstStep.withUnsafeMutableBufferPointer { fs in
            previous.withUnsafeMutableBufferPointer { pv in
                current.withUnsafeMutableBufferPointer { cv in
                    let out = StartOutput(firstStep: fs.baseAddress!, previous: pv.baseAddress!, current: cv.baseAddress!)
                    table.entries.withUnsafeBufferPointer { entries in
                        let coefficients = SharedReadOnlyDoubles(base: entries.baseAddress!)
                        DispatchQueue.concurrentPerform(iterations: lanes) { k in
                            Self.scanLane(k, lanes: lanes, table: table, coefficients: coefficients.base,
                                          sine: sines[k], squaredCosine: squaredCosines[k], factors: factors, out: out)
                        }
                    }
                }
            }
        }
        self.firstStep = firstStep
        self.previous = previous
        self.current = current
    }

    /// One lane, orders m = 0 ... L: N_mm = K_m sin^m theta as a double-double mantissa and a
    /// binary exponent, updated from m - 1; then the recurrence with an explicit exponent until
    /// |g_j| reaches 2^-100.
    private static func scanLane(_ k: Int, lanes: Int, table: LegendreRecurrenceTable, coefficients: UnsafePointer<Double>,
                                 sine: Double, squaredCosine x2: Double, factors: [DoubleDouble], out: StartOutput) {
        let l = table.bandLimit
        let threshold = Self.thresholdExponent
        var mantissa = DoubleDouble.one
        var exponent = 0
        for m in 0...l {
            if m >= 1 { mantissa = mantissa * sine * factors[m] }
            if mantissa.hi < 0x1p-200 {
                mantissa = mantissa.scaled(byPowerOfTwo: 200)
                exponent -= 200
            }
            let index = m * lanes + k
            if exponent + mantissa.hi.exponent >= threshold {
                out.firstStep[index] = 0
                out.previous[index] = 0
                out.current[index] = mantissa.scaled(byPowerOfTwo: exponent).doubleValue
                continue
            }
            // The evanescent region: (R3) on scaled values, true value = g * 2^e.
            let steps = table.lastStep(order: m)
            let row = coefficients + LegendreRecurrenceTable.stride * table.offsets[m]
            var p = 0.0, q = mantissa.doubleValue, e = exponent
            var found = false
            var j = 0
            while j < steps {
                let c = row + LegendreRecurrenceTable.stride * j
                let next = (c[0] * x2 + c[1]) * q - p
                p = q
                q = next
                j += 1
                if q.magnitude > 0x1p300 {
                    p *= 0x1p-300
                    q *= 0x1p-300
                    e += 300
                }
                if q != 0, e + q.exponent >= threshold {
                    found = true
                    break
                }
            }
            if !found { return }   // never at this order, nor at any larger one
            out.firstStep[index] = Int32(j)
            out.previous[index] = Double(sign: .plus, exponent: e, significand: 1) * p
            out.current[index] = Double(sign: .plus, exponent: e, significand: 1) * q
        }
    }
}

private struct StartOutput: @unchecked Sendable {
    let firstStep: UnsafeMutablePointer<Int32>
    let previous: UnsafeMutablePointer<Double>
    let current: UnsafeMutablePointer<Double>
}

private struct SharedReadOnlyDoubles: @unchecked Sendable {
    let base: UnsafePointer<Double>
}

// MARK: - Kernels

typealias LegendreVector = SIMD8<Double>

/// The working set of one block of up to `LegendreBlock.maxVectors * 8` ring pairs for one
/// order: t^2, (g_{j-1}, g_j), and four data vectors per lane (synthesis: the accumulated even
/// and odd sums, re and im; analysis: P and Q, re and im). Lives in L1 cache.
struct LegendreBlock {
    static let maxVectors = 16
    static let width = LegendreVector.scalarCount
    let x2: UnsafeMutablePointer<LegendreVector>
    let previous: UnsafeMutablePointer<LegendreVector>
    let current: UnsafeMutablePointer<LegendreVector>
    let d0: UnsafeMutablePointer<LegendreVector>
    let d1: UnsafeMutablePointer<LegendreVector>
    let d2: UnsafeMutablePointer<LegendreVector>
    let d3: UnsafeMutablePointer<LegendreVector>

    /// Carves the seven arrays out of `storage` (7 * maxVectors vectors).
    init(storage: UnsafeMutablePointer<LegendreVector>) {
        let n = Self.maxVectors
        x2 = storage
        previous = storage + n
        current = storage + 2 * n
        d0 = storage + 3 * n
        d1 = storage + 4 * n
        d2 = storage + 5 * n
        d3 = storage + 6 * n
    }

    /// Lane `lane` (scalar view) of an array.
    @inline(__always) static func lane(_ array: UnsafeMutablePointer<LegendreVector>, _ lane: Int) -> UnsafeMutablePointer<Double> {
        UnsafeMutableRawPointer(array).assumingMemoryBound(to: Double.self) + lane
    }
}

/// Synthesis steps j0 ..< j1 on the first n vectors of a block: for each j, the even sums
/// (d0, d1) += g_j * (er_j, ei_j), the odd sums (d2, d3) += g_j * (or_j, oi_j), then (R3).
/// `steps` holds (A, B, er, ei, or, oi) per j. Four steps per pass keep a lane's state in
/// registers.
@inline(never)
func legendreSynthesisSteps(_ s: LegendreBlock, from j0: Int, to j1: Int, vectors n: Int, steps: UnsafePointer<Double>) {
    typealias V = LegendreVector
    var j = j0
    while j + 4 <= j1 {
        let c = steps + 6 * j
        let a0 = V(repeating: c[0]), b0 = V(repeating: c[1]), er0 = V(repeating: c[2]), ei0 = V(repeating: c[3]), or0 = V(repeating: c[4]), oi0 = V(repeating: c[5])
        let a1 = V(repeating: c[6]), b1 = V(repeating: c[7]), er1 = V(repeating: c[8]), ei1 = V(repeating: c[9]), or1 = V(repeating: c[10]), oi1 = V(repeating: c[11])
        let a2 = V(repeating: c[12]), b2 = V(repeating: c[13]), er2 = V(repeating: c[14]), ei2 = V(repeating: c[15]), or2 = V(repeating: c[16]), oi2 = V(repeating: c[17])
        let a3 = V(repeating: c[18]), b3 = V(repeating: c[19]), er3 = V(repeating: c[20]), ei3 = V(repeating: c[21]), or3 = V(repeating: c[22]), oi3 = V(repeating: c[23])
        for i in 0..<n {
            let x2 = s.x2[i]
            var p = s.previous[i], q = s.current[i]
            var sr = s.d0[i], si = s.d1[i], tr = s.d2[i], ti = s.d3[i]
            sr = sr.addingProduct(q, er0); si = si.addingProduct(q, ei0); tr = tr.addingProduct(q, or0); ti = ti.addingProduct(q, oi0)
            p = (-p).addingProduct(b0.addingProduct(a0, x2), q)
            sr = sr.addingProduct(p, er1); si = si.addingProduct(p, ei1); tr = tr.addingProduct(p, or1); ti = ti.addingProduct(p, oi1)
            q = (-q).addingProduct(b1.addingProduct(a1, x2), p)
            sr = sr.addingProduct(q, er2); si = si.addingProduct(q, ei2); tr = tr.addingProduct(q, or2); ti = ti.addingProduct(q, oi2)
            p = (-p).addingProduct(b2.addingProduct(a2, x2), q)
            sr = sr.addingProduct(p, er3); si = si.addingProduct(p, ei3); tr = tr.addingProduct(p, or3); ti = ti.addingProduct(p, oi3)
            q = (-q).addingProduct(b3.addingProduct(a3, x2), p)
            s.previous[i] = p; s.current[i] = q
            s.d0[i] = sr; s.d1[i] = si; s.d2[i] = tr; s.d3[i] = ti
        }
        j += 4
    }
    while j < j1 {
        let c = steps + 6 * j
        let a = V(repeating: c[0]), b = V(repeating: c[1]), er = V(repeating: c[2]), ei = V(repeating: c[3]), or = V(repeating: c[4]), oi = V(repeating: c[5])
        for i in 0..<n {
            let p = s.previous[i], q = s.current[i]
            s.d0[i] = s.d0[i].addingProduct(q, er)
            s.d1[i] = s.d1[i].addingProduct(q, ei)
            s.d2[i] = s.d2[i].addingProduct(q, or)
            s.d3[i] = s.d3[i].addingProduct(q, oi)
            s.previous[i] = q
            s.current[i] = (-p).addingProduct(b.addingProduct(a, s.x2[i]), q)
        }
        j += 1
    }
}

/// Analysis steps j0 ..< j1 on the first n vectors of a block: for each j, (G_j, H_j) +=
/// sum over lanes of g_j * (P, Q) (complex; `sums` holds Gr, Gi, Hr, Hi per j), then (R3).
/// `steps` holds (A, B) per j. Two steps per pass.
@inline(never)
func legendreAnalysisSteps(_ s: LegendreBlock, from j0: Int, to j1: Int, vectors n: Int, steps: UnsafePointer<Double>,
                           sums: UnsafeMutablePointer<Double>) {
    typealias V = LegendreVector
    var j = j0
    while j + 2 <= j1 {
        let c = steps + 2 * j
        let a0 = V(repeating: c[0]), b0 = V(repeating: c[1]), a1 = V(repeating: c[2]), b1 = V(repeating: c[3])
        var gr0 = V(), gi0 = V(), hr0 = V(), hi0 = V(), gr1 = V(), gi1 = V(), hr1 = V(), hi1 = V()
        for i in 0..<n {
            let x2 = s.x2[i]
            var p = s.previous[i], q = s.current[i]
            let pr = s.d0[i], pi = s.d1[i], qr = s.d2[i], qi = s.d3[i]
            gr0 = gr0.addingProduct(q, pr); gi0 = gi0.addingProduct(q, pi); hr0 = hr0.addingProduct(q, qr); hi0 = hi0.addingProduct(q, qi)
            p = (-p).addingProduct(b0.addingProduct(a0, x2), q)
            gr1 = gr1.addingProduct(p, pr); gi1 = gi1.addingProduct(p, pi); hr1 = hr1.addingProduct(p, qr); hi1 = hi1.addingProduct(p, qi)
            q = (-q).addingProduct(b1.addingProduct(a1, x2), p)
            s.previous[i] = p; s.current[i] = q
        }
        let o = sums + 4 * j
        o[0] += gr0.sum(); o[1] += gi0.sum(); o[2] += hr0.sum(); o[3] += hi0.sum()
        o[4] += gr1.sum(); o[5] += gi1.sum(); o[6] += hr1.sum(); o[7] += hi1.sum()
        j += 2
    }
    while j < j1 {
        let a = V(repeating: steps[2 * j]), b = V(repeating: steps[2 * j + 1])
        var gr = V(), gi = V(), hr = V(), hi = V()
        for i in 0..<n {
            let p = s.previous[i], q = s.current[i]
            gr = gr.addingProduct(q, s.d0[i]); gi = gi.addingProduct(q, s.d1[i])
            hr = hr.addingProduct(q, s.d2[i]); hi = hi.addingProduct(q, s.d3[i])
            s.previous[i] = q
            s.current[i] = (-p).addingProduct(b.addingProduct(a, s.x2[i]), q)
        }
        let o = sums + 4 * j
        o[0] += gr.sum(); o[1] += gi.sum(); o[2] += hr.sum(); o[3] += hi.sum()
        j += 1
    }
}
