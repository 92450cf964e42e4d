import CFFTW
import Foundation

/// How hard FFTW searches for a fast algorithm when a plan is made (FFTW's planner flags).
public enum FFTPlanningRigor: String, Sendable, CaseIterable {
    /// `FFTW_ESTIMATE`: a heuristic choice, planned in microseconds.
    case estimate
    /// `FFTW_MEASURE`: times candidate algorithms on scratch buffers; planning takes from
    /// milliseconds (short periods) to about a second (period 2050, 500 rings), and the plan
    /// is typically 10 to 40 % faster. The choice can differ from run to run (timing noise),
    /// which changes results only at the rounding level.
    case measure

    var flags: UInt32 { self == .estimate ? UInt32(FFTW_ESTIMATE) : UInt32(FFTW_MEASURE) }
}

/// The discrete Fourier transforms of a batch of real sequences of period M (the rings of a
/// grid), planned once by FFTW (`fftw_plan_many_dft_r2c` / `c2r`) and applied to many batches.
///
/// Forward (r2c):  X_k = sum_{b=0}^{M-1} x_b e^{-2 pi i k b / M},   k = 0 ... M/2;
/// backward (c2r): x_b = sum_{k=0}^{M-1} X_k e^{+2 pi i k b / M} with X_{M-k} = conj(X_k),
/// unnormalised (backward after forward multiplies by M). The imaginary parts of X_0 and (M
/// even) X_{M/2} are ignored by the backward transform.
///
/// Layout: sequence s of a batch occupies reals [s M, (s+1) M) and complex numbers
/// [s H, (s+1) H), H = M/2 + 1, stored as interleaved (re, im) Doubles. Buffers must come from
/// `allocateReals()` / `allocateSpectra()` (FFTW's SIMD alignment; the plan executes on them
/// with FFTW's new-array interface, which is thread-safe: one plan serves many threads, each
/// with its own buffers).
///
/// Accuracy: FFTW's transforms are backward stable, error O(log M) * 2^-53 * ||x||_2 in each
/// output (in practice about 2^-53 sqrt(log M) * rms).
public final class RealFFTBatch: @unchecked Sendable {
    /// The period M.
    public let period: Int
    /// How many sequences one execution transforms.
    public let batchSize: Int
    /// H = M/2 + 1: complex numbers per transformed sequence.
    public var spectrumLength: Int { period / 2 + 1 }

    // Immutable after init; FFTW's execute functions may run concurrently on one plan.
    private let forwardPlan: fftw_plan
    private let backwardPlan: fftw_plan

    /// Plans both directions for `batchSize` sequences of period M. Throws `invalidPeriod` for
    /// M < 1 or M beyond FFTW's 32-bit sizes (also when M * batchSize is), `planFailed` if FFTW
    /// cannot allocate or plan.
    public init(period m: Int, batchSize: Int, planning: FFTPlanningRigor = .measure) throws(FFTError) {
        guard m >= 1, m <= Int(Int32.max), batchSize >= 1, batchSize <= Int(Int32.max),
              !m.multipliedReportingOverflow(by: batchSize).overflow,
              m * batchSize <= Int(Int32.max) else { throw .invalidPeriod(m) }
        period = m
        self.batchSize = batchSize
        let h = m / 2 + 1
        guard let reals = fftw_alloc_real(m * batchSize), let spectra = fftw_alloc_complex(h * batchSize) else {
            throw .planFailed(period: m)
        }
        defer {
            fftw_free(reals)
            fftw_free(spectra)
        }
        var n = Int32(m)
        let count = Int32(batchSize), m32 = Int32(m), h32 = Int32(h)
        fftwPlannerLock.lock()
        // FFTW_MEASURE overwrites the scratch buffers while it times candidates.
        let forward = fftw_plan_many_dft_r2c(1, &n, count, reals, nil, 1, m32, spectra, nil, 1, h32, planning.flags)
        let backward = fftw_plan_many_dft_c2r(1, &n, count, spectra, nil, 1, h32, reals, nil, 1, m32, planning.flags)
        fftwPlannerLock.unlock()
        guard let forward, let backward else {
            fftwPlannerLock.lock()
            if let forward { fftw_destroy_plan(forward) }
            if let backward { fftw_destroy_plan(backward) }
            fftwPlannerLock.unlock()
            throw .planFailed(period: m)
        }
        forwardPlan = forward
        backwardPlan = backward
    }

    deinit {
        fftwPlannerLock.lock()
        fftw_destroy_plan(forwardPlan)
        fftw_destroy_plan(backwardPlan)
        fftwPlannerLock.unlock()
    }

    /// A zeroed buffer for `batchSize * M` reals, aligned as FFTW wants; free with `free(_:)`.
    /// Nil when out of memory.
    public func allocateReals() -> UnsafeMutablePointer<Double>? {
        let count = batchSize * period
        guard let p = fftw_alloc_real(count) else { return nil }
        p.initialize(repeating: 0, count: count)
        return p
    }

    /// A zeroed buffer for `batchSize * H` complex numbers as interleaved Doubles; free with
    /// `free(_:)`. Nil when out of memory.
    public func allocateSpectra() -> UnsafeMutablePointer<Double>? {
        let count = batchSize * spectrumLength
        guard let p = fftw_alloc_complex(count) else { return nil }
        let doubles = UnsafeMutableRawPointer(p).bindMemory(to: Double.self, capacity: 2 * count)
        doubles.initialize(repeating: 0, count: 2 * count)
        return doubles
    }

    /// Frees a buffer from `allocateReals()` or `allocateSpectra()`.
    public func free(_ buffer: UnsafeMutablePointer<Double>) {
        fftw_free(buffer)
    }

    /// The forward transforms of the batch in `reals` into `spectra` (`reals` is preserved).
    public func forward(reals: UnsafeMutablePointer<Double>, spectra: UnsafeMutablePointer<Double>) {
        let out = UnsafeMutableRawPointer(spectra).assumingMemoryBound(to: fftw_complex.self)
        fftw_execute_dft_r2c(forwardPlan, reals, out)
    }

    /// The backward transforms of the batch in `spectra` into `reals`; `spectra` is
    /// overwritten (FFTW's c2r works in its input).
    public func backward(spectra: UnsafeMutablePointer<Double>, reals: UnsafeMutablePointer<Double>) {
        let input = UnsafeMutableRawPointer(spectra).assumingMemoryBound(to: fftw_complex.self)
        fftw_execute_dft_c2r(backwardPlan, input, reals)
    }
}
