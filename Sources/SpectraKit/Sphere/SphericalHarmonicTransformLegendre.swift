import Foundation

// The associated Legendre half of the transform on S^2: for each order m, the sums over the
// degree l of the normalised Legendre functions N_lm(t) at the Gauss-Legendre latitudes.
//
// Notation (docs/conventions.md#spherical-harmonics-and-multiplicities, d = 3): N_lm(cos theta) is the latitude factor of the real harmonics
// that are orthonormal for the probability measure sigma,
//   Y_l0 = N_l0,  Y_lm = N_lm cos(m phi),  Y_l,-m = N_lm sin(m phi)   (m >= 1),
//   N_lm = c_m sqrt((2l+1) (l-m)!/(l+m)!) P_l^m  without the Condon-Shortley phase,
//   c_0 = 1, c_m = sqrt(2); N_mm = K_m sin^m theta, K_0 = 1, K_m^2 = 2 (2m+1)!!/(2m)!!.
// For fixed m they obey the three-term recurrence
//   t N_l = eps_{l+1} N_{l+1} + eps_l N_{l-1},   eps_l = sqrt((l^2 - m^2)/(4 l^2 - 1)),  (R1)
// with eps_m = 0 (N_{m-1} = 0). Functions of even l - m are even in t, those of odd l - m odd,
// so the two rings of a pair (t, -t) share them up to the sign (-1)^{l-m}.
//
// Two forms of (R1), each where it is well conditioned. A recurrence h_{k+1} = tau_k h_k -
// h_{k-1} with tau_k = 2 cos(omega) turns a rounding error delta in tau_k into a phase error
// delta / (2 sin omega): the form must keep omega away from 0 and pi where it can.
//
// * Equatorial rings (|t| < 1/sqrt(2)): one degree per step (the standard normalised
//   recurrence). With N_l = beta_i f_i (i = l - m), beta_0 = beta_1 = 1, beta_{i+1} =
//   beta_{i-1} eps_l / eps_{l+1}:
//     f_{i+1} = c_i t f_i - f_{i-1},  c_i = beta_i / (eps_{l+1} beta_{i+1})              (R1')
//   (omega near pi/2: tau = c t with c about 2). One multiplication and one fused
//   multiply-add per degree.
//
// * Polar rings (|t| >= 1/sqrt(2)): two degrees per step (libsharp's form, Reinecke &
//   Seljebotn 2013, also used by ducc0). Let q_j = N_{m+2j+1}/t, q_{-1} = 0. (R1) at
//   l = m + 2j gives the even functions as two-term combinations of the q's,
//     N_{m+2j} = eps_{m+2j+1} q_j + eps_{m+2j} q_{j-1},                                   (R2)
//   and (R1) twice gives, with l = m + 2j + 1,
//     q_{j+1} = ((t^2 - eps_{l+1}^2 - eps_l^2) q_j - eps_l eps_{l-1} q_{j-1}) / (eps_{l+1} eps_{l+2}).
//   Scaled as q_j = alpha_j g_j with alpha_0 = alpha_1 = 1/eps_{m+1} (so g_0 = N_mm) and
//   alpha_{j+1} = alpha_{j-1} eps_l eps_{l-1} / (eps_{l+1} eps_{l+2}), and written in
//   y = sin^2 theta = 1 - t^2 (known to full relative accuracy; t^2 rounded near 1 would move
//   a ring at theta ~ 1/L by a relative 1e-13, measured: round-trip error 7e-12 at L = 1024):
//     g_{j+1} = (a_j y + b_j) g_j - g_{j-1},  a_j = -alpha_j / (eps_{l+1} eps_{l+2} alpha_{j+1}),
//     b_j = -a_j (1 - eps_{l+1}^2 - eps_l^2)                                             (R3)
//   (1 - eps^2 - eps^2 >= 1/2 - 1e-6: no cancellation). Two fused multiply-adds per two
//   degrees; tau = 2 cos(2 theta), omega = 2 theta. Near the equator the same form would have
//   omega near pi (and (R2) would cancel: q = N_odd / t is large where N_even is not): there
//   it lost a digit (round-trip error 1e-12 at L = 1024 against 3e-13 with (R1')).
//   The synthesis sum is
//     sum_l a_l N_l(t) = sum_j g_j (u_j a_{m+2j} + v_j a_{m+2j+2}) + t sum_j g_j alpha_j a_{m+2j+1}
//   with u_j = alpha_j eps_{m+2j+1}, v_j = alpha_j eps_{m+2j+2}; the analysis sums are its
//   transpose: a_{m+2j} += u_j G_j + v_{j-1} G_{j-1}, a_{m+2j+1} += alpha_j H_j.
//
// Every beta_{i+1} (alpha_{j+1}) is computed from beta_{i-1} (alpha_{j-1}) by the formula the
// recurrence assumes, so each recurrence is consistent to one rounding per coefficient
// whatever the accumulated error of the scale factors (they only rescale).
//
// Underflow. N_mm = K_m sin^m theta underflows near the poles (sin^1024 of the first latitude
// at L = 1024 is about 10^-2700); the functions then grow through the evanescent region
// l < m / sin theta. The plan runs that part of the recurrence once, per ring pair and order,
// with an explicit binary exponent, and stores the first step at which |f| (|g|) >= 2^-100
// with the two values there (`LegendreStarts`). Transforms start each ring there: values
// below 2^-100 ~ 8e-31 are dropped (their contribution is below 2^-100 times the sum of
// |a_lm|). If a ring never reaches 2^-100 for l <= L at order m, it does not at any larger
// order either (the functions decrease with m beyond the turning point), so the scan stops.

/// eps_k^2 = (k - m)(k + m) / ((2k - 1)(2k + 1)) for k > m (exact integers up to the
/// division), 0 for k <= m.
@inline(__always) private func epsilonSquared(_ k: Int, order m: Int) -> Double {
    k <= m ? 0 : Double((k - m) * (k + m)) / Double((2 * k - 1) * (2 * k + 1))
}

/// The polar recurrence (R3) and its synthesis / analysis weights for every order m of a band
/// limit L, as one flat table: for order m and j = 0 ... J_m = (L - m)/2, the five numbers
/// (a_j, b_j, u_j, v_j, alpha_j) at `stride * (offsets[m] + j)`.
struct LegendreTwoStepTable: Sendable {
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
            func eps(_ k: Int) -> Double { epsilonSquared(k, order: m).squareRoot() }
            var alpha = [Double](repeating: 0, count: steps + 1)
            alpha[0] = 1 / eps(m + 1)
            alpha[1] = alpha[0]
            for j in Swift.stride(from: 1, to: steps, by: 1) {
                let k = m + 2 * j + 1
                alpha[j + 1] = alpha[j - 1] * (eps(k) * eps(k - 1)) / (eps(k + 1) * eps(k + 2))
            }
            let base = Self.stride * offsets[m]
            for j in 0..<steps {
                let k = m + 2 * j + 1
                let a = -alpha[j] / (eps(k + 1) * eps(k + 2) * alpha[j + 1])
                let e = base + Self.stride * j
                entries[e] = a
                entries[e + 1] = -a * (1 - (epsilonSquared(k + 1, order: m) + epsilonSquared(k, order: m)))
                entries[e + 2] = alpha[j] * eps(m + 2 * j + 1)
                entries[e + 3] = alpha[j] * eps(m + 2 * j + 2)
                entries[e + 4] = alpha[j]
            }
        }
        self.offsets = offsets
        self.entries = entries
    }
}

/// The equatorial recurrence (R1') for every order m of a band limit L: for order m and
/// i = 0 ... L - m, (c_i, beta_i) at `stride * (offsets[m] + i)`.
struct LegendreOneStepTable: Sendable {
    static let stride = 2
    let bandLimit: Int
    let offsets: [Int]
    let entries: [Double]

    /// L - m: the last step.
    @inline(__always) func lastStep(order m: Int) -> Int { bandLimit - m }

    init(bandLimit l: Int) {
        bandLimit = l
        var offsets = [Int](repeating: 0, count: l + 2)
        for m in 0...l { offsets[m + 1] = offsets[m] + (l - m) + 1 }
        var entries = [Double](repeating: 0, count: Self.stride * offsets[l + 1])
        for m in 0...l {
            let steps = l - m + 1
            func eps(_ k: Int) -> Double { epsilonSquared(k, order: m).squareRoot() }
            var beta = [Double](repeating: 1, count: steps + 1)
            for i in Swift.stride(from: 1, to: steps, by: 1) {
                let k = m + i
                beta[i + 1] = beta[i - 1] * eps(k) / eps(k + 1)
            }
            let base = Self.stride * offsets[m]
            for i in 0..<steps {
                entries[base + Self.stride * i] = beta[i] / (eps(m + i + 1) * beta[i + 1])
                entries[base + Self.stride * i + 1] = beta[i]
            }
        }
        self.offsets = offsets
        self.entries = entries
    }
}

/// Where each ring pair's recurrence starts, per order (see the underflow note above): for
/// order m and lane k (ring pairs ordered from the equator to the poles), the first step s
/// (i = l - m for equatorial lanes, j for polar ones) with |value| >= 2^-100, or `never`, and
/// the values at steps s - 1 and s; index m * lanes + k.
struct LegendreStarts: Sendable {
    static let never = Int32.max
    /// Values below 2^thresholdExponent are dropped.
    static let thresholdExponent = -100

    let lanes: Int
    let firstStep: [Int32]
    let previous: [Double]
    let current: [Double]

    /// Lane k: the sine of its northern ring, its recurrence variable (t for equatorial lanes,
    /// sin^2 theta for polar ones) and whether it is polar.
    init(oneStep: LegendreOneStepTable, twoStep: LegendreTwoStepTable, sines: [Double], variables: [Double], polar: [Bool]) {
        let l = oneStep.bandLimit
        let lanes = sines.count
        self.lanes = lanes
        let count = (l + 1) * lanes
        var firstStep = [Int32](repeating: Self.never, count: count)
        var previous = [Double](repeating: 0, count: count)
        var current = [Double](repeating: 0, count: count)
        // K_m / K_{m-1}: sqrt(3) for m = 1, sqrt((2m + 1)/(2m)) after, in double-double.
        var sectoralFactors = [DoubleDouble](repeating: .one, count: l + 1)
        for m in stride(from: 1, through: l, by: 1) {
            let ratio: DoubleDouble = m == 1 ? DoubleDouble(3) : DoubleDouble(2 * m + 1) / DoubleDouble(2 * m)
            sectoralFactors[m] = DoubleDouble.sqrt(ratio)
        }
        let factors = sectoralFactors
        firstStep.withUnsafeMutableBufferPointer { fs in
            previous.withUnsafeMutableBufferPointer { pv in
                current.withUnsafeMutableBufferPointer { cv in
                    let out = StartOutput(firstStep: fs.baseAddress!, previous: pv.baseAddress!, current: cv.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: lanes) { k in
                        Self.scanLane(k, lanes: lanes, oneStep: oneStep, twoStep: twoStep, sine: sines[k],
                                      variable: variables[k], polar: polar[k], factors: factors, out: out)
                    }
                }
            }
        }
        self.firstStep = firstStep
        self.previous = previous
        self.current = current
    }

    /// One lane, orders m = 0 ... L: N_mm = K_m sin^m theta as a double-double mantissa and a
    /// binary exponent, updated from m - 1; then the lane's recurrence with an explicit exponent
    /// until its value reaches 2^-100.
    private static func scanLane(_ k: Int, lanes: Int, oneStep: LegendreOneStepTable, twoStep: LegendreTwoStepTable, sine: Double,
                                 variable y: Double, polar: Bool, factors: [DoubleDouble], out: StartOutput) {
        let l = oneStep.bandLimit
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
            // The evanescent region: the recurrence on scaled values, true value = value * 2^e.
            var p = 0.0, q = mantissa.doubleValue, e = exponent
            var found = false
            var step = 0
            let last = polar ? twoStep.lastStep(order: m) : oneStep.lastStep(order: m)
            twoStep.entries.withUnsafeBufferPointer { two in
                oneStep.entries.withUnsafeBufferPointer { one in
                    let row = polar ? two.baseAddress! + LegendreTwoStepTable.stride * twoStep.offsets[m]
                                    : one.baseAddress! + LegendreOneStepTable.stride * oneStep.offsets[m]
                    let stride = polar ? LegendreTwoStepTable.stride : LegendreOneStepTable.stride
                    while step < last {
                        let c = row + stride * step
                        let factor = polar ? c[0] * y + c[1] : c[0] * y
                        let next = factor * q - p
                        p = q
                        q = next
                        step += 1
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
                }
            }
            if !found { return }   // never at this order, nor at any larger one
            out.firstStep[index] = Int32(step)
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

// MARK: - Kernels

typealias LegendreVector = SIMD8<Double>

/// The working set of one block of up to `LegendreBlock.maxVectors * 8` ring pairs for one
/// order: the recurrence variable y (t, or sin^2 theta in polar blocks), the two last values, and four data vectors per lane (synthesis: the accumulated even
/// and odd sums, re and im; analysis: P and Q, re and im). Lives in L1 cache.
struct LegendreBlock {
    static let maxVectors = 16
    static let width = LegendreVector.scalarCount
    let y: UnsafeMutablePointer<LegendreVector>
    let previous: UnsafeMutablePointer<LegendreVector>
    let current: UnsafeMutablePointer<LegendreVector>
    let d0: UnsafeMutablePointer<LegendreVector>
    let d1: UnsafeMutablePointer<LegendreVector>
    let d2: UnsafeMutablePointer<LegendreVector>
    let d3: UnsafeMutablePointer<LegendreVector>

    /// Carves the seven arrays out of `storage` (7 * maxVectors vectors).
    init(storage: UnsafeMutablePointer<LegendreVector>) {
        let n = Self.maxVectors
        y = storage
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

/// Polar synthesis steps j0 ..< j1 on the first n vectors of a block: for each j, the even sums
/// (d0, d1) += g_j * (er_j, ei_j), the odd sums (d2, d3) += g_j * (or_j, oi_j), then (R3),
/// g_{j+1} = (a_j y + b_j) g_j - g_{j-1}. `recurrence` holds (a, b) per j, `coefficients`
/// (er, ei, or, oi). Four steps per pass keep a lane's state in registers.
@inline(never)
func legendreTwoStepSynthesis(_ s: LegendreBlock, from j0: Int, to j1: Int, vectors n: Int,
                            recurrence r: UnsafePointer<Double>, coefficients k: UnsafePointer<Double>) {
    typealias V = LegendreVector
    var j = j0
    while j + 4 <= j1 {
        let a = r + 2 * j, c = k + 4 * j
        let a0 = V(repeating: a[0]), b0 = V(repeating: a[1]), a1 = V(repeating: a[2]), b1 = V(repeating: a[3])
        let a2 = V(repeating: a[4]), b2 = V(repeating: a[5]), a3 = V(repeating: a[6]), b3 = V(repeating: a[7])
        let er0 = V(repeating: c[0]), ei0 = V(repeating: c[1]), or0 = V(repeating: c[2]), oi0 = V(repeating: c[3])
        let er1 = V(repeating: c[4]), ei1 = V(repeating: c[5]), or1 = V(repeating: c[6]), oi1 = V(repeating: c[7])
        let er2 = V(repeating: c[8]), ei2 = V(repeating: c[9]), or2 = V(repeating: c[10]), oi2 = V(repeating: c[11])
        let er3 = V(repeating: c[12]), ei3 = V(repeating: c[13]), or3 = V(repeating: c[14]), oi3 = V(repeating: c[15])
        for i in 0..<n {
            let y = s.y[i]
            var p = s.previous[i], q = s.current[i]
            var sr = s.d0[i], si = s.d1[i], tr = s.d2[i], ti = s.d3[i]
            sr = sr.addingProduct(q, er0); si = si.addingProduct(q, ei0); tr = tr.addingProduct(q, or0); ti = ti.addingProduct(q, oi0)
            p = (-p).addingProduct(b0.addingProduct(a0, y), q)
            sr = sr.addingProduct(p, er1); si = si.addingProduct(p, ei1); tr = tr.addingProduct(p, or1); ti = ti.addingProduct(p, oi1)
            q = (-q).addingProduct(b1.addingProduct(a1, y), p)
            sr = sr.addingProduct(q, er2); si = si.addingProduct(q, ei2); tr = tr.addingProduct(q, or2); ti = ti.addingProduct(q, oi2)
            p = (-p).addingProduct(b2.addingProduct(a2, y), q)
            sr = sr.addingProduct(p, er3); si = si.addingProduct(p, ei3); tr = tr.addingProduct(p, or3); ti = ti.addingProduct(p, oi3)
            q = (-q).addingProduct(b3.addingProduct(a3, y), p)
            s.previous[i] = p; s.current[i] = q
            s.d0[i] = sr; s.d1[i] = si; s.d2[i] = tr; s.d3[i] = ti
        }
        j += 4
    }
    while j < j1 {
        let a = V(repeating: r[2 * j]), b = V(repeating: r[2 * j + 1])
        let c = k + 4 * j
        let er = V(repeating: c[0]), ei = V(repeating: c[1]), or = V(repeating: c[2]), oi = V(repeating: c[3])
        for i in 0..<n {
            let p = s.previous[i], q = s.current[i]
            s.d0[i] = s.d0[i].addingProduct(q, er)
            s.d1[i] = s.d1[i].addingProduct(q, ei)
            s.d2[i] = s.d2[i].addingProduct(q, or)
            s.d3[i] = s.d3[i].addingProduct(q, oi)
            s.previous[i] = q
            s.current[i] = (-p).addingProduct(b.addingProduct(a, s.y[i]), q)
        }
        j += 1
    }
}

/// Polar analysis steps j0 ..< j1 on the first n vectors of a block: for each j, (G_j, H_j) +=
/// sum over lanes of g_j * (P, Q) (complex; `sums` holds Gr, Gi, Hr, Hi per j), then (R3) with
/// `recurrence` (a, b) per j as in `legendreTwoStepSynthesis`. Two steps per pass.
@inline(never)
func legendreTwoStepAnalysis(_ s: LegendreBlock, from j0: Int, to j1: Int, vectors n: Int, recurrence r: UnsafePointer<Double>,
                           sums: UnsafeMutablePointer<Double>) {
    typealias V = LegendreVector
    var j = j0
    while j + 2 <= j1 {
        let c = r + 2 * j
        let a0 = V(repeating: c[0]), b0 = V(repeating: c[1]), a1 = V(repeating: c[2]), b1 = V(repeating: c[3])
        var gr0 = V(), gi0 = V(), hr0 = V(), hi0 = V(), gr1 = V(), gi1 = V(), hr1 = V(), hi1 = V()
        for i in 0..<n {
            let y = s.y[i]
            var p = s.previous[i], q = s.current[i]
            let pr = s.d0[i], pi = s.d1[i], qr = s.d2[i], qi = s.d3[i]
            gr0 = gr0.addingProduct(q, pr); gi0 = gi0.addingProduct(q, pi); hr0 = hr0.addingProduct(q, qr); hi0 = hi0.addingProduct(q, qi)
            p = (-p).addingProduct(b0.addingProduct(a0, y), q)
            gr1 = gr1.addingProduct(p, pr); gi1 = gi1.addingProduct(p, pi); hr1 = hr1.addingProduct(p, qr); hi1 = hi1.addingProduct(p, qi)
            q = (-q).addingProduct(b1.addingProduct(a1, y), p)
            s.previous[i] = p; s.current[i] = q
        }
        let o = sums + 4 * j
        o[0] += gr0.sum(); o[1] += gi0.sum(); o[2] += hr0.sum(); o[3] += hi0.sum()
        o[4] += gr1.sum(); o[5] += gi1.sum(); o[6] += hr1.sum(); o[7] += hi1.sum()
        j += 2
    }
    while j < j1 {
        let a = V(repeating: r[2 * j]), b = V(repeating: r[2 * j + 1])
        var gr = V(), gi = V(), hr = V(), hi = V()
        for i in 0..<n {
            let p = s.previous[i], q = s.current[i]
            gr = gr.addingProduct(q, s.d0[i]); gi = gi.addingProduct(q, s.d1[i])
            hr = hr.addingProduct(q, s.d2[i]); hi = hi.addingProduct(q, s.d3[i])
            s.previous[i] = q
            s.current[i] = (-p).addingProduct(b.addingProduct(a, s.y[i]), q)
        }
        let o = sums + 4 * j
        o[0] += gr.sum(); o[1] += gi.sum(); o[2] += hr.sum(); o[3] += hi.sum()
        j += 1
    }
}

/// Equatorial synthesis steps i0 ..< i1 on the first n vectors of a block: for each i, the sums
/// of parity i mod 2 ((d0, d1) even, (d2, d3) odd) += f_i * (wr_i, wi_i), then (R1'),
/// f_{i+1} = (c_i t) f_i - f_{i-1}. `recurrence` holds c_i, `coefficients` (wr, wi) per i.
/// Steps go in pairs from an even i (four per pass) to keep a lane's state in registers.
@inline(never)
func legendreOneStepSynthesis(_ s: LegendreBlock, from i0: Int, to i1: Int, vectors n: Int,
                              recurrence r: UnsafePointer<Double>, coefficients k: UnsafePointer<Double>) {
    typealias V = LegendreVector
    var i = i0
    if i % 2 == 1 && i < i1 {
        oneStepSynthesisSingle(s, step: i, vectors: n, recurrence: r, coefficients: k)
        i += 1
    }
    while i + 4 <= i1 {
        let c0 = V(repeating: r[i]), c1 = V(repeating: r[i + 1]), c2 = V(repeating: r[i + 2]), c3 = V(repeating: r[i + 3])
        let w = k + 2 * i
        let wr0 = V(repeating: w[0]), wi0 = V(repeating: w[1]), wr1 = V(repeating: w[2]), wi1 = V(repeating: w[3])
        let wr2 = V(repeating: w[4]), wi2 = V(repeating: w[5]), wr3 = V(repeating: w[6]), wi3 = V(repeating: w[7])
        for v in 0..<n {
            let t = s.y[v]
            var p = s.previous[v], q = s.current[v]
            var er = s.d0[v], ei = s.d1[v], or = s.d2[v], oi = s.d3[v]
            er = er.addingProduct(q, wr0); ei = ei.addingProduct(q, wi0)
            p = (-p).addingProduct(c0 * t, q)
            or = or.addingProduct(p, wr1); oi = oi.addingProduct(p, wi1)
            q = (-q).addingProduct(c1 * t, p)
            er = er.addingProduct(q, wr2); ei = ei.addingProduct(q, wi2)
            p = (-p).addingProduct(c2 * t, q)
            or = or.addingProduct(p, wr3); oi = oi.addingProduct(p, wi3)
            q = (-q).addingProduct(c3 * t, p)
            s.previous[v] = p; s.current[v] = q
            s.d0[v] = er; s.d1[v] = ei; s.d2[v] = or; s.d3[v] = oi
        }
        i += 4
    }
    while i < i1 {
        oneStepSynthesisSingle(s, step: i, vectors: n, recurrence: r, coefficients: k)
        i += 1
    }
}

@inline(__always)
private func oneStepSynthesisSingle(_ s: LegendreBlock, step i: Int, vectors n: Int,
                                    recurrence r: UnsafePointer<Double>, coefficients k: UnsafePointer<Double>) {
    typealias V = LegendreVector
    let c = V(repeating: r[i]), wr = V(repeating: k[2 * i]), wi = V(repeating: k[2 * i + 1])
    let (re, im) = i % 2 == 0 ? (s.d0, s.d1) : (s.d2, s.d3)
    for v in 0..<n {
        let p = s.previous[v], q = s.current[v]
        re[v] = re[v].addingProduct(q, wr)
        im[v] = im[v].addingProduct(q, wi)
        s.previous[v] = q
        s.current[v] = (-p).addingProduct(c * s.y[v], q)
    }
}

/// Equatorial analysis steps i0 ..< i1 on the first n vectors of a block: for each i,
/// S_i += sum over lanes of f_i * (P for even i, Q for odd i) (complex; `sums` holds
/// (re, im) per i), then (R1') with `recurrence` c_i. Two steps per pass from an even i.
@inline(never)
func legendreOneStepAnalysis(_ s: LegendreBlock, from i0: Int, to i1: Int, vectors n: Int, recurrence r: UnsafePointer<Double>,
                             sums: UnsafeMutablePointer<Double>) {
    typealias V = LegendreVector
    var i = i0
    if i % 2 == 1 && i < i1 {
        oneStepAnalysisSingle(s, step: i, vectors: n, recurrence: r, sums: sums)
        i += 1
    }
    while i + 2 <= i1 {
        let c0 = V(repeating: r[i]), c1 = V(repeating: r[i + 1])
        var er = V(), ei = V(), or = V(), oi = V()
        for v in 0..<n {
            let t = s.y[v]
            var p = s.previous[v], q = s.current[v]
            er = er.addingProduct(q, s.d0[v]); ei = ei.addingProduct(q, s.d1[v])
            p = (-p).addingProduct(c0 * t, q)
            or = or.addingProduct(p, s.d2[v]); oi = oi.addingProduct(p, s.d3[v])
            q = (-q).addingProduct(c1 * t, p)
            s.previous[v] = p; s.current[v] = q
        }
        let o = sums + 2 * i
        o[0] += er.sum(); o[1] += ei.sum(); o[2] += or.sum(); o[3] += oi.sum()
        i += 2
    }
    if i < i1 {
        oneStepAnalysisSingle(s, step: i, vectors: n, recurrence: r, sums: sums)
    }
}

@inline(__always)
private func oneStepAnalysisSingle(_ s: LegendreBlock, step i: Int, vectors n: Int, recurrence r: UnsafePointer<Double>,
                                   sums: UnsafeMutablePointer<Double>) {
    typealias V = LegendreVector
    let c = V(repeating: r[i])
    let (re, im) = i % 2 == 0 ? (s.d0, s.d1) : (s.d2, s.d3)
    var sr = V(), si = V()
    for v in 0..<n {
        let p = s.previous[v], q = s.current[v]
        sr = sr.addingProduct(q, re[v]); si = si.addingProduct(q, im[v])
        s.previous[v] = q
        s.current[v] = (-p).addingProduct(c * s.y[v], q)
    }
    sums[2 * i] += sr.sum()
    sums[2 * i + 1] += si.sum()
}
