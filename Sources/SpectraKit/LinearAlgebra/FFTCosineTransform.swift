import CFFTW
import Foundation

/// FFTW's planner is not thread-safe (its executors are): every plan and every plan's
/// destruction, in any file, happens under this one lock.
let fftwPlannerLock = NSLock()

/// The discrete Fourier transform of a real **even** sequence of period M, planned once by
/// FFTW and applied to many sequences ("plan, then execute").
///
/// An even sequence x_c = x_{M-c} (c = 0 ..< M) is given by its half x_0 ... x_{M/2}
/// (floor(M/2) + 1 numbers). Its DFT is real and even, and its half is
///
///   X_m = sum_{c=0}^{M-1} x_c cos(2 pi c m / M),   m = 0 ... floor(M/2),
///
/// the eigenvalues of the circulant matrix with first row x (X_m = X_{M-m}).
/// Computed by one r2c transform of the mirrored full period (any M >= 1, odd or even).
///
/// Accuracy: FFTW's error is O(log M) * 2^-53 * sum |x_c| in each X_m (backward stable), so
/// X_m much smaller than 1e-16 * sum |x_c| are rounding noise.
///
/// Not `Sendable`: a transform owns FFTW buffers that one thread at a time writes. Make one per
/// thread (planning is locked; `FFTW_ESTIMATE` plans in microseconds).
public final class EvenSequenceCosineTransform {
    /// The period M.
    public let period: Int
    /// floor(M/2) + 1: the length of input and output halves.
    public var halfLength: Int { period / 2 + 1 }

    private let plan: fftw_plan
    private let input: UnsafeMutablePointer<Double>
    private let output: UnsafeMutablePointer<fftw_complex>

    /// Plans the transform of period M. Throws `invalidPeriod` for M < 1 or M beyond FFTW's
    /// 32-bit sizes, and `planFailed` if FFTW cannot allocate or plan (out of memory).
    public init(period m: Int) throws(FFTError) {
        guard m >= 1, m <= Int(Int32.max) else { throw .invalidPeriod(m) }
        let m32 = Int32(m)
        period = m
        guard let input = fftw_alloc_real(m), let output = fftw_alloc_complex(m / 2 + 1) else {
            throw .planFailed(period: m)
        }
        fftwPlannerLock.lock()
        let plan = fftw_plan_dft_r2c_1d(m32, input, output, UInt32(FFTW_ESTIMATE))
        fftwPlannerLock.unlock()
        guard let plan else {
            fftw_free(input)
            fftw_free(output)
            throw .planFailed(period: m)
        }
        self.input = input
        self.output = output
        self.plan = plan
    }

    deinit {
        fftwPlannerLock.lock()
        fftw_destroy_plan(plan)
        fftwPlannerLock.unlock()
        fftw_free(input)
        fftw_free(output)
    }

    /// X_0 ... X_{M/2} of the even sequence whose half is `half` (x_0 ... x_{M/2}), written to
    /// `result` (both at least `halfLength` long; only that many are read or written).
    public func transform(half: UnsafeBufferPointer<Double>, into result: UnsafeMutableBufferPointer<Double>) {
        let m = period, h = halfLength
        precondition(half.count >= h && result.count >= h, "cosine transform: buffers shorter than M/2 + 1")
        input[0] = half[0]
        for c in 1..<h {
            input[c] = half[c]
            input[m - c] = half[c]   // x_{M-c} = x_c; for even M the middle is written twice
        }
        fftw_execute(plan)
        for k in 0..<h { result[k] = output[k].0 }
    }

    /// Convenience form of `transform(half:into:)` for arrays.
    public func transform(_ half: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: halfLength)
        half.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { transform(half: x, into: $0) }
        }
        return result
    }
}

/// Failures of the FFTW wrappers.
public enum FFTError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A period outside 1 ... Int32.max.
    case invalidPeriod(Int)
    /// FFTW could not allocate its buffers or make a plan (out of memory).
    case planFailed(period: Int)

    public var description: String {
        switch self {
        case .invalidPeriod(let m): return "an FFT of period \(m) is not possible; allowed: 1...\(Int32.max)"
        case .planFailed(let m): return "FFTW could not plan a transform of period \(m) (out of memory?)"
        }
    }
}
