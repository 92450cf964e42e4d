import Foundation
import Testing
@testable import SpectraKit

/// The smooth activations' Hermite coefficients to full relative precision
/// (docs/kernels.md#exact-hermite-coefficients), against 60-digit values and against the
/// double-double coefficients of the dual series (computed from the definition by a different
/// rule: they check the Fourier derivation's signs and normalisations).
@Suite struct HermiteCoefficientTests {
    /// (activation, q, n, log10 a_n^2 as integer part and fraction) at 60 digits, from
    ///     python3 -m venv /tmp/venv && /tmp/venv/bin/pip install mpmath
    ///     /tmp/venv/bin/python scripts/hermite-reference.py
    /// (tanh-sinh quadrature of the positive integrals; gelu's closed form with factorials).
    static let reference: [(String, Double, Int, Double, Double)] = [
        ("sigmoid", 2, 1, -1, -0.180829565571197006531562),
        ("sigmoid", 2, 3, -2, -0.658463944592509173962002),
        ("sigmoid", 2, 5, -3, -0.632714579299574080655974),
        ("sigmoid", 2, 21, -8, -0.240488028800380989531144),
        ("sigmoid", 2, 201, -27, -0.10042461908560978628142),
        ("sigmoid", 2, 1001, -61, -0.10497327734906170747249),
        ("sigmoid", 0.5, 1, -1, -0.598120126160529290989427),
        ("sigmoid", 0.5, 3, -3, -0.837330299769092760486886),
        ("sigmoid", 0.5, 5, -5, -0.4902221353073969335808),
        ("sigmoid", 0.5, 21, -13, -0.98179573517088336293047),
        ("sigmoid", 0.5, 201, -50, -0.87211707717459433935416),
        ("sigmoid", 0.5, 1001, -118, -0.4391769361806669975279),
        ("tanh", 2, 1, -0, -0.3364436410090547246105581),
        ("tanh", 2, 3, -1, -0.379346536782085647401875),
        ("tanh", 2, 21, -4, -0.486809914672244202661537),
        ("tanh", 2, 201, -14, -0.18383167494459712446663),
        ("tanh", 2, 1001, -31, -0.36623212908428637261147),
        ("tanh", 0.5, 1, -0, -0.5787695742432346161040844),
        ("tanh", 0.5, 3, -2, -0.056403953264546783534524),
        ("tanh", 0.5, 21, -7, -0.638428037472418599103666),
        ("tanh", 0.5, 201, -26, -0.49836462775764739585395),
        ("tanh", 0.5, 1001, -60, -0.50291328602109931704501),
        ("softplus", 2, 2, -1, -0.180829565571197006531562),
        ("softplus", 2, 4, -2, -0.959493940256490369175741),
        ("softplus", 2, 22, -9, -0.281880713958606030281344),
        ("softplus", 2, 200, -28, -0.96214396099380560335675),
        ("softplus", 2, 1000, -63, -0.74252075529177066769239),
        ("silu", 2, 0, -0, -0.8797995699072158113178233),
        ("silu", 2, 2, -0, -0.7984583984880217603605571),
        ("silu", 2, 4, -2, -0.148721165172833891994643),
        ("silu", 2, 22, -7, -0.459285146748444635542844),
        ("silu", 2, 200, -26, -0.03707190580986049744586),
        ("silu", 2, 1000, -60, -0.07996999364188433141101),
        ("silu", 0.5, 0, -1, -0.899150121824510486203166),
        ("silu", 0.5, 2, -1, -0.682896856274183004131118),
        ("silu", 0.5, 4, -3, -0.694726946057332856125782),
        ("silu", 0.5, 22, -13, -0.39284602361834763382468),
        ("silu", 0.5, 200, -49, -0.74121640028301680012374),
        ("silu", 0.5, 1000, -117, -0.3837250523980549682046),
        ("gelu", 2, 0, -0, -0.6732411317498150964325573),
        ("gelu", 2, 2, -0, -0.7243936541971963853813964),
        ("gelu", 2, 4, -1, -0.803574900244821213103902),
        ("gelu", 2, 22, -5, -0.807529676591175084561179),
        ("gelu", 2, 200, -37, -0.72967415032775508308434),
        ("gelu", 2, 1000, -178, -0.9621242242659869213781),
    ]

    /// log10 of a ScaledDouble minus a reference log10 given as integer + fraction, without the
    /// rounding of a log10 of size 100 (its ulp is 1e-14): the binary exponent times log10(2) in
    /// double-double.
    static func log10Difference(_ x: ScaledDouble, _ integer: Double, _ fraction: Double) -> Double {
        let log10Of2 = DoubleDouble(uncheckedHi: 0x1.34413509f79ffp-2, lo: -0x1.9dc1da994fd21p-59)
        let big = DoubleDouble(Double(x.exponent)) * log10Of2 - DoubleDouble(integer)
        return (big.hi - fraction) + big.lo + Foundation.log10(x.significand)
    }

    /// Every reference value within 1e-12 relative (n up to 1001, down to 1e-179).
    @Test func matchesSixtyDigitReference() throws {
        var worst = 0.0
        for (name, q, n, integer, fraction) in Self.reference {
            let activation = try #require(NetworkActivation.Name(rawValue: name))
            let squares = HermiteCoefficients.squares(activation, variance: DoubleDouble(q), count: n + 1)
            let relative = Swift.abs(Self.log10Difference(squares[n], integer, fraction)) * M_LN10
            worst = Swift.max(worst, relative)
            #expect(relative <= 1e-12, "\(name) q = \(q) n = \(n): log10 \(squares[n].log10) vs \(integer + fraction)")
        }
        print("Hermite coefficients against 60 digits: worst relative error \(worst)")
        #expect(worst <= HermiteCoefficients.relativeError(count: 1002), "the error spectra assumes per coefficient")
    }

    /// The new coefficients against the double-double dual series (trapezoid rule on phi'' times
    /// the Hermite functions, from the definition): within 1e-28 of E[phi^2] absolute, or 1e-13
    /// relative, for every coefficient that series has; the same for phi' (a'_n^2 = (n+1) a_{n+1}^2 / q).
    @Test(arguments: [("sigmoid", 2.0), ("sigmoid", 0.3), ("tanh", 0.5), ("tanh", 3.0), ("softplus", 2.0), ("silu", 1.3),
                      ("silu", 0.2), ("gelu", 2.0), ("gelu", 0.4)])
    func agreesWithTheDoubleDoubleSeries(_ name: String, _ q: Double) throws {
        let activation = try #require(NetworkActivation.Name(rawValue: name))
        let layer = DualActivationSeries(activation, variance: DoubleDouble(q))
        let squares = HermiteCoefficients.squares(activation, variance: DoubleDouble(q), count: layer.count + 1)
        let phiScale = layer.phiSquareMean.doubleValue, derivativeScale = layer.derivativeSquareMean.doubleValue
        var compared = 0
        for n in 0..<layer.count {
            let old = layer.phiCoefficients[n], new = squares[n].doubleValue
            let difference = Swift.abs(new - old.hi - old.lo)
            #expect(difference <= Swift.max(1e-28 * phiScale, 1e-13 * old.hi), "\(name) q = \(q) a_\(n)^2: \(new) vs \(old.hi)")
            let oldPrime = layer.derivativeCoefficients[n]
            let newPrime = squares[n + 1].doubleValue * Double(n + 1) / q
            let differencePrime = Swift.abs(newPrime - oldPrime.hi - oldPrime.lo)
            #expect(differencePrime <= Swift.max(1e-28 * derivativeScale, 1e-13 * oldPrime.hi),
                    "\(name) q = \(q) a'_\(n)^2: \(newPrime) vs \(oldPrime.hi)")
            if old.hi > 1e-20 * phiScale { compared += 1 }
        }
        #expect(compared >= 5)
    }

    /// The tail bound covers the computed tail (sum of a_n^2 from N to 16 N, which holds nearly
    /// all of it) for every activation, and stays within a modest factor of it in log terms
    /// (the bound falls at the coefficients' own rate).
    @Test(arguments: ["sigmoid", "tanh", "softplus", "silu", "gelu"])
    func tailBoundCoversTheTail(_ name: String) throws {
        let activation = try #require(NetworkActivation.Name(rawValue: name))
        for q in [0.5, 2.0] {
            for N in [64, 256, 1024] {
                let squares = HermiteCoefficients.squares(activation, variance: DoubleDouble(q), count: 16 * N + 2)
                for derivative in [false, true] {
                    var tail = ScaledDouble.zero
                    for n in N..<(16 * N) {
                        tail = tail + (derivative ? squares[n + 1] * (Double(n + 1) / q) : squares[n])
                    }
                    let bound = HermiteCoefficients.logTailBound(activation, variance: q, from: N, derivative: derivative)
                    let logTail = tail.log10 * M_LN10
                    #expect(bound >= logTail, "\(name) q = \(q) N = \(N) derivative \(derivative): bound \(bound) < tail \(logTail)")
                    #expect(bound <= 0.85 * logTail + 30, "\(name) q = \(q) N = \(N): bound \(bound) far above tail \(logTail)")
                }
            }
        }
    }
}
