import Foundation

/// The fast spherical harmonic transform on S^2 (d = 3) for band limit L, on the Gauss-Legendre
/// grid: planned once, applied to many maps ("plan, then execute").
///
/// **Grid** (`grid`): L + 1 rings at the Gauss-Legendre nodes t_a = cos(theta_a) (descending,
/// north first), each with M = 2L + 2 equispaced longitudes phi_b = 2 pi b / M; point (a, b)
/// at index a M + b (`RingGrid` order; ducc0's geometry "GL" with ntheta = L + 1, nphi = 2L + 2).
///
/// **Coefficients** (`Coefficients`): real spherical harmonics, orthonormal for the
/// *probability* measure sigma (docs/conventions.md: int Y_lm^2 dsigma = 1), without the Condon-Shortley
/// phase: Y_l0 = N_l0(t), Y_lm = N_lm(t) cos(m phi), Y_l,-m = N_lm(t) sin(m phi) for m >= 1,
/// N_lm = c_m sqrt((2l+1)(l-m)!/(l+m)!) P_l^m(t) with c_0 = 1, c_m = sqrt(2) and P_l^m >= 0
/// near the north pole. So Y_00 = 1, Y_10 = sqrt(3) t, Y_11 = sqrt(3) sin(theta) cos(phi).
/// (ducc0's complex a_lm, orthonormal for the area 4 pi with the Condon-Shortley phase, are
/// a_l0 = sqrt(4 pi) c_l0 and a_lm = (-1)^m sqrt(2 pi) (c_lm - i c_l,-m) for m >= 1.)
///
/// **Synthesis** f(x) = sum_{l <= L, |m| <= l} c_lm Y_lm(x) at the grid points; **analysis**
/// c_lm = sum_points w_a / M f Y_lm, the product quadrature of sigma, which is exact for maps
/// of band limit L (Gauss-Legendre with L + 1 nodes integrates degree 2L + 1 in t, the
/// trapezoid rule with 2L + 2 points degree 2L + 1 in phi). Analysis after synthesis is the
/// identity to rounding.
///
/// **Algorithm**: FFTW along the rings (r2c / c2r of period M, batches of rings, one batch per
/// core); for each order m, the normalised associated Legendre recurrence in l, vectorised
/// over ring pairs (both hemispheres share the Legendre values up to (-1)^{l-m}; SIMD8 lanes):
/// one degree per step for |t| < 1/sqrt(2), two degrees per step in sin^2 theta (libsharp's
/// form) nearer the poles, each where it is well conditioned (SphericalHarmonicTransformLegendre.swift).
/// Orders run in parallel (`DispatchQueue.concurrentPerform`). Near the poles a recurrence
/// starts where its values exceed 2^-100 (found once by the plan with an explicit exponent),
/// which also skips the negligible high orders of polar rings.
///
/// **Accuracy**: round trip (synthesis then analysis) of unit-variance random coefficients,
/// max error: 1.6e-14 at L = 64, 9e-14 at L = 256, 1.4e-13 at L = 512, 3.0e-13 at L = 1024
/// (ducc0: 4.7e-13, 1.3e-12, 3.1e-12 at 256, 512, 1024; scripts/bench/sht.sh). Legendre values
/// below 2^-100 are dropped: the absolute error that adds to a map value or a coefficient is
/// below 2^-100 times the sum of |c_lm| (or of the map's |values| weighted by the rule).
///
/// **Cost**: the plan holds O(L^2) numbers (recurrence coefficients and start points, 30 MB at
/// L = 1024) and takes 0.05 to 0.5 s for L = 256 ... 1024 here, mostly FFTW's planning (see
/// `FFTPlanningRigor`; `.estimate` plans in microseconds). A transform costs O(L^3) for the
/// Legendre sums plus O(L^2 log L) for the FFTs (about 0.03 s for either direction at L = 1024
/// on 2 cores, 1.4 to 2.3 times ducc0's time: scripts/bench/sht.sh); each call needs a
/// workspace of about 2 (L + 1)(2L + 2) doubles, kept for the next call (one per concurrent
/// caller).
///
/// Thread safety: a plan is immutable; `synthesis` and `analysis` may be called concurrently
/// from several threads (each call takes its own workspace).
public final class SphericalHarmonicTransform: @unchecked Sendable {
    /// The largest band limit accepted (memory grows as L^2; tested up to L = 1024).
    public static let maximumBandLimit = 4096

    /// L: degrees 0 ... L.
    public let bandLimit: Int
    /// The Gauss-Legendre grid: L + 1 rings, 2L + 2 longitudes.
    public let grid: RingGrid

    /// (L + 1)^2.
    public var coefficientCount: Int { (bandLimit + 1) * (bandLimit + 1) }
    /// (L + 1)(2L + 2).
    public var mapCount: Int { grid.count }

    let oneStep: LegendreOneStepTable
    let twoStep: LegendreTwoStepTable
    let starts: LegendreStarts
    private let fft: RealFFTBatch
    private let batchCount: Int
    /// Ring pairs, equator first (lane k); `laneNorth[k] == laneSouth[k]` for the equator ring.
    private let laneNorth: [Int]
    private let laneSouth: [Int]
    private let laneCosine: [Double]
    /// The recurrence variable: sin^2 theta for polar lanes (|t| >= 1/sqrt(2)), else t.
    private let laneVariable: [Double]
    /// w_a / M: the quadrature weight of each point of the lane's rings.
    private let lanePointWeight: [Double]
    /// Lane ranges of at most `LegendreBlock.maxVectors * 8` lanes, each all polar or all not.
    private let blocks: [(lanes: Range<Int>, polar: Bool)]
    private let pool: SHTWorkspacePool

    /// Plans the transform of band limit L: the grid (double-double Gauss-Legendre rule,
    /// rounded), the recurrence tables, the recurrence start points near the poles, and FFTW
    /// plans for batches of rings (`fftPlanning`: `.measure` by default).
    ///
    /// Throws `invalidBandLimit` unless 0 <= L <= `maximumBandLimit`, `fftPlanFailed` if FFTW
    /// cannot plan (out of memory).
    public init(bandLimit l: Int, fftPlanning: FFTPlanningRigor = .measure) throws(SphericalHarmonicTransformError) {
        guard l >= 0, l <= Self.maximumBandLimit else { throw .invalidBandLimit(l) }
        bandLimit = l
        let rings = l + 1, m = 2 * l + 2
        let grid: RingGrid
        do {
            grid = try RingGrid(latitudes: rings, longitudes: m, rule: .gaussLegendre)
        } catch {
            throw .invalidBandLimit(l)
        }
        self.grid = grid
        let lanes = (rings + 1) / 2
        let north = (0..<lanes).map { lanes - 1 - $0 }
        laneNorth = north
        laneSouth = north.map { l - $0 }
        laneCosine = north.map { grid.nodes[$0] }
        let polar = north.map { grid.nodes[$0] >= 0.5.squareRoot() }
        let variables = (0..<lanes).map { k in
            let a = north[k]
            return polar[k] ? grid.oneMinusNodes[a] * grid.onePlusNodes[a] : grid.nodes[a]
        }
        laneVariable = variables
        lanePointWeight = north.map { grid.ringWeights[$0] / Double(m) }
        let firstPolar = polar.firstIndex(of: true) ?? lanes
        blocks = Self.blocks(of: 0..<firstPolar, polar: false) + Self.blocks(of: firstPolar..<lanes, polar: true)

        let one = LegendreOneStepTable(bandLimit: l), two = LegendreTwoStepTable(bandLimit: l)
        oneStep = one
        twoStep = two
        starts = LegendreStarts(oneStep: one, twoStep: two, sines: north.map { grid.sines[$0] }, variables: variables, polar: polar)

        let batches = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, rings))
        batchCount = batches
        do {
            fft = try RealFFTBatch(period: m, batchSize: (rings + batches - 1) / batches, planning: fftPlanning)
        } catch {
            throw .fftPlanFailed(error)
        }
        pool = SHTWorkspacePool()
    }

    /// `lanes` cut into nearly equal blocks of at most `LegendreBlock.maxVectors` vectors.
    private static func blocks(of lanes: Range<Int>, polar: Bool) -> [(lanes: Range<Int>, polar: Bool)] {
        guard !lanes.isEmpty else { return [] }
        let most = LegendreBlock.maxVectors * LegendreBlock.width
        let count = (lanes.count + most - 1) / most
        let size = ((lanes.count + count - 1) / count + LegendreBlock.width - 1) / LegendreBlock.width * LegendreBlock.width
        return stride(from: lanes.lowerBound, to: lanes.upperBound, by: size).map {
            (lanes: $0..<Swift.min(lanes.upperBound, $0 + size), polar: polar)
        }
    }

    deinit {
        for workspace in pool.drain() { workspace.free(with: fft) }
    }

    // MARK: - Public transforms

    /// The map f = sum c_lm Y_lm at the grid points (index a M + b), from coefficients of band
    /// limit L. Throws `bandLimitMismatch` if `coefficients.bandLimit != bandLimit`,
    /// `outOfMemory` if no workspace can be allocated.
    public func synthesis(of coefficients: Coefficients) throws(SphericalHarmonicTransformError) -> [Double] {
        guard coefficients.bandLimit == bandLimit else {
            throw .bandLimitMismatch(given: coefficients.bandLimit, expected: bandLimit)
        }
        var map = [Double](repeating: 0, count: mapCount)
        try coefficients.values.withUnsafeBufferPointer { (c) throws(SphericalHarmonicTransformError) in
            try map.withUnsafeMutableBufferPointer { (f) throws(SphericalHarmonicTransformError) in
                try synthesis(coefficients: c, into: f)
            }
        }
        return map
    }

    /// The coefficients c_lm = sum_points (w_a / M) f Y_lm of a map on the grid (index a M + b);
    /// exact (to rounding) for maps of band limit L. Throws `wrongCount` unless the map has
    /// `mapCount` values, `outOfMemory` if no workspace can be allocated.
    public func analysis(of map: [Double]) throws(SphericalHarmonicTransformError) -> Coefficients {
        var values = [Double](repeating: 0, count: coefficientCount)
        try map.withUnsafeBufferPointer { (f) throws(SphericalHarmonicTransformError) in
            try values.withUnsafeMutableBufferPointer { (c) throws(SphericalHarmonicTransformError) in
                try analysis(map: f, into: c)
            }
        }
        return Coefficients(bandLimit: bandLimit, uncheckedValues: values)
    }

    /// `synthesis(of:)` on raw buffers: `coefficients` in `Coefficients` order ((L + 1)^2
    /// values, c_lm at l^2 + l + m), `map` with `mapCount` values. Throws `wrongCount` for
    /// other sizes.
    public func synthesis(coefficients: UnsafeBufferPointer<Double>, into map: UnsafeMutableBufferPointer<Double>) throws(SphericalHarmonicTransformError) {
        guard coefficients.count == coefficientCount else { throw .wrongCount(what: "coefficients", given: coefficients.count, expected: coefficientCount) }
        guard map.count == mapCount else { throw .wrongCount(what: "map values", given: map.count, expected: mapCount) }
        let workspace = try takeWorkspace()
        defer { pool.put(workspace) }
        let c = SHTSharedInput(base: coefficients.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: bandLimit + 1) { m in
            self.synthesizeOrder(m, coefficients: c.base, spectra: workspace.ringSpectra)
        }
        let out = SHTSharedOutput(base: map.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: batchCount) { b in
            self.ringsFromSpectra(batch: b, workspace: workspace, map: out.base)
        }
    }

    /// `analysis(of:)` on raw buffers: `map` with `mapCount` values, `coefficients` with
    /// (L + 1)^2 (c_lm at l^2 + l + m). Throws `wrongCount` for other sizes.
    public func analysis(map: UnsafeBufferPointer<Double>, into coefficients: UnsafeMutableBufferPointer<Double>) throws(SphericalHarmonicTransformError) {
        guard map.count == mapCount else { throw .wrongCount(what: "map values", given: map.count, expected: mapCount) }
        guard coefficients.count == coefficientCount else { throw .wrongCount(what: "coefficients", given: coefficients.count, expected: coefficientCount) }
        let workspace = try takeWorkspace()
        defer { pool.put(workspace) }
        let input = SHTSharedInput(base: map.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: batchCount) { b in
            self.spectraFromRings(batch: b, workspace: workspace, map: input.base)
        }
        let c = SHTSharedOutput(base: coefficients.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: bandLimit + 1) { m in
            self.analyzeOrder(m, spectra: workspace.ringSpectra, coefficients: c.base)
        }
    }

    // MARK: - FFT along the rings

    private func takeWorkspace() throws(SphericalHarmonicTransformError) -> SHTWorkspace {
        if let w = pool.take() { return w }
        guard let w = SHTWorkspace(fft: fft, batches: batchCount, rings: bandLimit + 1) else {
            throw .outOfMemory(doubles: 2 * batchCount * fft.batchSize * (fft.period + 2))
        }
        return w
    }

    /// c2r of the rings of one batch (Nyquist term zero: m <= L < M/2), copied into the map.
    private func ringsFromSpectra(batch b: Int, workspace: SHTWorkspace, map: UnsafeMutablePointer<Double>) {
        let size = fft.batchSize, period = fft.period, h = fft.spectrumLength
        let first = b * size, last = Swift.min(bandLimit + 1, first + size)
        guard first < last else { return }
        let spectra = workspace.spectra[b], reals = workspace.reals[b]
        for r in 0..<size {
            spectra[2 * (r * h + h - 1)] = 0
            spectra[2 * (r * h + h - 1) + 1] = 0
        }
        fft.backward(spectra: spectra, reals: reals)
        (map + first * period).update(from: reals, count: (last - first) * period)
    }

    /// r2c of the rings of one batch, from the map.
    private func spectraFromRings(batch b: Int, workspace: SHTWorkspace, map: UnsafePointer<Double>) {
        let size = fft.batchSize, period = fft.period
        let first = b * size, last = Swift.min(bandLimit + 1, first + size)
        guard first < last else { return }
        let reals = workspace.reals[b]
        reals.update(from: map + first * period, count: (last - first) * period)
        fft.forward(reals: reals, spectra: workspace.spectra[b])
    }

    // MARK: - Legendre sums for one order

    /// The lanes of `block` that start by step `last`, sorted by their first step.
    private func startingLanes(order m: Int, block: Range<Int>, lastStep: Int, into events: inout [(step: Int, lane: Int)]) {
        events.removeAll(keepingCapacity: true)
        let base = m * starts.lanes
        for k in block {
            let s = Int(starts.firstStep[base + k])
            if s <= lastStep { events.append((s, k - block.lowerBound)) }
        }
        // Lanes run from the equator outwards, so first steps are nearly sorted already.
        if events.count > 1 { events.sort { $0.step < $1.step } }
    }

    /// Resets the first `vectors` vectors of the block and loads its lanes' recurrence variable.
    private func prepare(_ s: LegendreBlock, block: Range<Int>, vectors: Int) {
        let zero = LegendreVector()
        for i in 0..<vectors {
            s.y[i] = zero; s.previous[i] = zero; s.current[i] = zero
            s.d0[i] = zero; s.d1[i] = zero; s.d2[i] = zero; s.d3[i] = zero
        }
        for (t, k) in block.enumerated() { LegendreBlock.lane(s.y, t).pointee = laneVariable[k] }
    }

    /// Runs `steps` over the block from the first lane's start to J, injecting each lane's
    /// start point (g_{j-1}, g_j) at its first step; `steps(from, to, vectors)` does the work.
    private func run(_ s: LegendreBlock, order m: Int, block: Range<Int>, lastStep: Int, events: [(step: Int, lane: Int)],
                     steps: (Int, Int, Int) -> Void) {
        let base = m * starts.lanes + block.lowerBound
        var next = 0, active = 0
        var j = events[0].step
        while j <= lastStep {
            while next < events.count && events[next].step == j {
                let t = events[next].lane
                LegendreBlock.lane(s.previous, t).pointee = starts.previous[base + t]
                LegendreBlock.lane(s.current, t).pointee = starts.current[base + t]
                active = Swift.max(active, t / LegendreBlock.width + 1)
                next += 1
            }
            let until = next < events.count ? events[next].step : lastStep + 1
            steps(j, until, active)
            j = until
        }
    }

    /// The blocks of lanes for order m: `skipped(lanes)` for a block none of whose lanes starts
    /// by the last step of its form (`lastSteps`: equatorial, polar); for the others, the block's
    /// working set with its variables loaded and its state zeroed, handed to `body` with a
    /// `run` that drives the steps (from, to, vectors) through the lanes' start points.
    private func forEachBlock(order m: Int, lastSteps: (one: Int, two: Int), skipped: (Range<Int>) -> Void,
                              body: (LegendreBlock, Range<Int>, Bool, ((Int, Int, Int) -> Void) -> Void) -> Void) {
        let storage = UnsafeMutablePointer<LegendreVector>.allocate(capacity: 7 * LegendreBlock.maxVectors)
        defer { storage.deallocate() }
        let s = LegendreBlock(storage: storage)
        var events: [(step: Int, lane: Int)] = []
        events.reserveCapacity(LegendreBlock.maxVectors * LegendreBlock.width)
        for (block, isPolar) in blocks {
            let last = isPolar ? lastSteps.two : lastSteps.one
            startingLanes(order: m, block: block, lastStep: last, into: &events)
            if events.isEmpty {
                skipped(block)
                continue
            }
            prepare(s, block: block, vectors: (block.count + LegendreBlock.width - 1) / LegendreBlock.width)
            body(s, block, isPolar) { steps in run(s, order: m, block: block, lastStep: last, events: events, steps: steps) }
        }
    }

    /// Synthesis for order m: X_m(ring) = h_m sum_l (c_lm - i c_l,-m) N_lm(t_ring) for every
    /// ring (h_0 = 1, h_m = 1/2: the c2r transform adds the conjugate term), written into the
    /// rings' spectra at position m.
    private func synthesizeOrder(_ m: Int, coefficients c: UnsafePointer<Double>, spectra: [UnsafeMutablePointer<Double>]) {
        let l = bandLimit
        let half = m == 0 ? 1.0 : 0.5
        // a_l = h_m (c_lm - i c_l,-m), zero beyond L.
        @inline(__always) func a(_ degree: Int) -> (Double, Double) {
            guard degree <= l else { return (0, 0) }
            let center = degree * degree + degree
            return (half * c[center + m], m == 0 ? 0 : -half * c[center - m])
        }
        // Equatorial (R1'): c_i, and (wr, wi) = beta_i a_{m+i}.
        let lastOne = oneStep.lastStep(order: m)
        let recurrenceOne = UnsafeMutablePointer<Double>.allocate(capacity: lastOne + 1)
        let weightsOne = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (lastOne + 1))
        // Polar (R3): (a_j, b_j), and (er, ei, or, oi) = (u_j a_{m+2j} + v_j a_{m+2j+2}, alpha_j a_{m+2j+1}).
        let lastTwo = twoStep.lastStep(order: m)
        let recurrenceTwo = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (lastTwo + 1))
        let weightsTwo = UnsafeMutablePointer<Double>.allocate(capacity: 4 * (lastTwo + 1))
        defer {
            recurrenceOne.deallocate(); weightsOne.deallocate()
            recurrenceTwo.deallocate(); weightsTwo.deallocate()
        }
        oneStep.entries.withUnsafeBufferPointer { entries in
            let row = entries.baseAddress! + LegendreOneStepTable.stride * oneStep.offsets[m]
            for i in 0...lastOne {
                let e = row + LegendreOneStepTable.stride * i
                let value = a(m + i)
                recurrenceOne[i] = e[0]
                weightsOne[2 * i] = e[1] * value.0
                weightsOne[2 * i + 1] = e[1] * value.1
            }
        }
        twoStep.entries.withUnsafeBufferPointer { entries in
            let row = entries.baseAddress! + LegendreTwoStepTable.stride * twoStep.offsets[m]
            for j in 0...lastTwo {
                let e = row + LegendreTwoStepTable.stride * j
                let (u, v, alpha) = (e[2], e[3], e[4])
                let even = a(m + 2 * j), nextEven = a(m + 2 * j + 2), odd = a(m + 2 * j + 1)
                recurrenceTwo[2 * j] = e[0]
                recurrenceTwo[2 * j + 1] = e[1]
                let o = weightsTwo + 4 * j
                o[0] = u * even.0 + v * nextEven.0
                o[1] = u * even.1 + v * nextEven.1
                o[2] = alpha * odd.0
                o[3] = alpha * odd.1
            }
        }
        forEachBlock(order: m, lastSteps: (lastOne, lastTwo)) { block in
            for k in block { write((0, 0), (0, 0), oddFactor: 0, lane: k, order: m, spectra: spectra) }
        } body: { s, block, isPolar, run in
            run { from, to, n in
                if isPolar {
                    legendreTwoStepSynthesis(s, from: from, to: to, vectors: n, recurrence: recurrenceTwo, coefficients: weightsTwo)
                } else {
                    legendreOneStepSynthesis(s, from: from, to: to, vectors: n, recurrence: recurrenceOne, coefficients: weightsOne)
                }
            }
            for (t, k) in block.enumerated() {
                let even = (LegendreBlock.lane(s.d0, t).pointee, LegendreBlock.lane(s.d1, t).pointee)
                let odd = (LegendreBlock.lane(s.d2, t).pointee, LegendreBlock.lane(s.d3, t).pointee)
                write(even, odd, oddFactor: isPolar ? laneCosine[k] : 1, lane: k, order: m, spectra: spectra)
            }
        }
    }

    /// North ring: even + f odd; south ring: even - f odd (N_lm(-t) = (-1)^{l-m} N_lm(t)); the
    /// odd sums of polar lanes lack their factor f = t (R2), equatorial ones have f = 1.
    @inline(__always)
    private func write(_ even: (Double, Double), _ odd: (Double, Double), oddFactor f: Double, lane k: Int, order m: Int,
                       spectra: [UnsafeMutablePointer<Double>]) {
        let north = spectra[laneNorth[k]] + 2 * m
        north[0] = even.0 + f * odd.0
        north[1] = even.1 + f * odd.1
        if laneSouth[k] != laneNorth[k] {
            let south = spectra[laneSouth[k]] + 2 * m
            south[0] = even.0 - f * odd.0
            south[1] = even.1 - f * odd.1
        }
    }

    /// Analysis for order m: c_lm - i c_l,-m = sum_rings N_lm(t) (w / M) X_m(ring), from the
    /// rings' spectra, written into the coefficients.
    private func analyzeOrder(_ m: Int, spectra: [UnsafeMutablePointer<Double>], coefficients c: UnsafeMutablePointer<Double>) {
        let l = bandLimit
        let lastOne = oneStep.lastStep(order: m), lastTwo = twoStep.lastStep(order: m)
        let recurrenceOne = UnsafeMutablePointer<Double>.allocate(capacity: lastOne + 1)
        let sumsOne = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (lastOne + 1))
        let recurrenceTwo = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (lastTwo + 1))
        let sumsTwo = UnsafeMutablePointer<Double>.allocate(capacity: 4 * (lastTwo + 1))
        defer {
            recurrenceOne.deallocate(); sumsOne.deallocate()
            recurrenceTwo.deallocate(); sumsTwo.deallocate()
        }
        sumsOne.initialize(repeating: 0, count: 2 * (lastOne + 1))
        sumsTwo.initialize(repeating: 0, count: 4 * (lastTwo + 1))
        oneStep.entries.withUnsafeBufferPointer { entries in
            let row = entries.baseAddress! + LegendreOneStepTable.stride * oneStep.offsets[m]
            for i in 0...lastOne { recurrenceOne[i] = row[LegendreOneStepTable.stride * i] }
        }
        twoStep.entries.withUnsafeBufferPointer { entries in
            let row = entries.baseAddress! + LegendreTwoStepTable.stride * twoStep.offsets[m]
            for j in 0...lastTwo {
                recurrenceTwo[2 * j] = row[LegendreTwoStepTable.stride * j]
                recurrenceTwo[2 * j + 1] = row[LegendreTwoStepTable.stride * j + 1]
            }
        }
        forEachBlock(order: m, lastSteps: (lastOne, lastTwo)) { _ in } body: { s, block, isPolar, run in
            // P = w (X_north + X_south), Q = w f (X_north - X_south), f = t for polar lanes (R2),
            // 1 for equatorial ones; the equator ring alone.
            for (t, k) in block.enumerated() {
                let w = lanePointWeight[k]
                let north = spectra[laneNorth[k]] + 2 * m
                var south = (0.0, 0.0)
                if laneSouth[k] != laneNorth[k] {
                    let p = spectra[laneSouth[k]] + 2 * m
                    south = (p[0], p[1])
                }
                let wf = isPolar ? w * laneCosine[k] : w
                LegendreBlock.lane(s.d0, t).pointee = w * (north[0] + south.0)
                LegendreBlock.lane(s.d1, t).pointee = w * (north[1] + south.1)
                LegendreBlock.lane(s.d2, t).pointee = wf * (north[0] - south.0)
                LegendreBlock.lane(s.d3, t).pointee = wf * (north[1] - south.1)
            }
            run { from, to, n in
                if isPolar {
                    legendreTwoStepAnalysis(s, from: from, to: to, vectors: n, recurrence: recurrenceTwo, sums: sumsTwo)
                } else {
                    legendreOneStepAnalysis(s, from: from, to: to, vectors: n, recurrence: recurrenceOne, sums: sumsOne)
                }
            }
        }
        // Equatorial: a_{m+i} = beta_i S_i. Polar: a_{m+2j} += u_j G_j + v_{j-1} G_{j-1},
        // a_{m+2j+1} += alpha_j H_j. Then c_lm = Re, c_l,-m = -Im.
        oneStep.entries.withUnsafeBufferPointer { one in
            twoStep.entries.withUnsafeBufferPointer { two in
                let rowOne = one.baseAddress! + LegendreOneStepTable.stride * oneStep.offsets[m]
                let rowTwo = two.baseAddress! + LegendreTwoStepTable.stride * twoStep.offsets[m]
                var previousG = (0.0, 0.0), previousV = 0.0
                for j in 0...lastTwo {
                    let e = rowTwo + LegendreTwoStepTable.stride * j
                    let g = (sumsTwo[4 * j], sumsTwo[4 * j + 1]), h = (sumsTwo[4 * j + 2], sumsTwo[4 * j + 3])
                    let even = 2 * j
                    let beta = rowOne[LegendreOneStepTable.stride * even + 1]
                    store((e[2] * g.0 + previousV * previousG.0 + beta * sumsOne[2 * even],
                           e[2] * g.1 + previousV * previousG.1 + beta * sumsOne[2 * even + 1]), degree: m + even, order: m, into: c)
                    if m + even + 1 <= l {
                        let odd = even + 1
                        let betaOdd = rowOne[LegendreOneStepTable.stride * odd + 1]
                        store((e[4] * h.0 + betaOdd * sumsOne[2 * odd], e[4] * h.1 + betaOdd * sumsOne[2 * odd + 1]),
                              degree: m + odd, order: m, into: c)
                    }
                    previousG = g
                    previousV = e[3]
                }
            }
        }
    }

    @inline(__always)
    private func store(_ value: (Double, Double), degree: Int, order m: Int, into c: UnsafeMutablePointer<Double>) {
        let center = degree * degree + degree
        c[center + m] = value.0
        if m > 0 { c[center - m] = -value.1 }
    }
}

// MARK: - Workspaces

/// FFTW buffers for one transform call: per batch of rings, the reals and the spectra; and
/// each ring's spectrum (L + 2 complex numbers as interleaved Doubles).
private final class SHTWorkspace: @unchecked Sendable {
    let reals: [UnsafeMutablePointer<Double>]
    let spectra: [UnsafeMutablePointer<Double>]
    let ringSpectra: [UnsafeMutablePointer<Double>]

    init?(fft: RealFFTBatch, batches: Int, rings: Int) {
        var reals: [UnsafeMutablePointer<Double>] = [], spectra: [UnsafeMutablePointer<Double>] = []
        for _ in 0..<batches {
            guard let r = fft.allocateReals(), let s = fft.allocateSpectra() else {
                reals.forEach(fft.free)
                spectra.forEach(fft.free)
                return nil
            }
            reals.append(r)
            spectra.append(s)
        }
        let size = fft.batchSize, h = fft.spectrumLength
        self.reals = reals
        self.spectra = spectra
        ringSpectra = (0..<rings).map { spectra[$0 / size] + 2 * h * ($0 % size) }
    }

    func free(with fft: RealFFTBatch) {
        reals.forEach(fft.free)
        spectra.forEach(fft.free)
    }
}

/// Workspaces kept between calls, one per concurrent caller.
private final class SHTWorkspacePool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [SHTWorkspace] = []

    func take() -> SHTWorkspace? {
        lock.lock(); defer { lock.unlock() }
        return free.popLast()
    }

    func put(_ w: SHTWorkspace) {
        lock.lock(); defer { lock.unlock() }
        free.append(w)
    }

    func drain() -> [SHTWorkspace] {
        lock.lock(); defer { lock.unlock() }
        let all = free
        free = []
        return all
    }
}

private struct SHTSharedInput: @unchecked Sendable {
    let base: UnsafePointer<Double>
}

private struct SHTSharedOutput: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}
