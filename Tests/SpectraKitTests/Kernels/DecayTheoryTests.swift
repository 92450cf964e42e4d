import Testing
@testable import SpectraKit

extension Kernels {
/// docs/decay.md: the theoretical decay table.
@Suite struct DecayTheoryTests {
    static func theory(_ spec: String, _ d: Int) throws -> DecayTheory {
        try KernelSpec(parsing: spec).kernel.theoreticalDecay(dimension: d)
    }

    @Test func powerLawExponentsMatchTheTable() throws {
        let rows: [(String, Int, Double, DegreeParity)] = [
            ("ntk", 3, 3, .even), ("ntk:depth=3", 3, 3, .all), ("ntk:bias_var=0.1", 10, 10, .all),
            ("ntk:beta=1", 5, 5, .all), ("nngp", 3, 5, .even), ("nngp:depth=3,bias_var=0.2", 4, 6, .all),
            ("arccos:order=0", 3, 3, .odd), ("arccos:order=1", 3, 5, .even), ("arccos:order=2", 3, 7, .odd),
            ("laplace:c=5", 3, 3, .all), ("gexp:gamma=0.5", 3, 2.5, .all), ("gexp:gamma=1.5", 10, 10.5, .all),
            ("matern:nu=0.5", 3, 3, .all), ("matern:nu=2.5", 4, 8, .all),
        ]
        for (spec, d, p, parity) in rows {
            let theory = try Self.theory(spec, d)
            #expect(theory.law == .powerLaw(exponent: p), "\(spec), d = \(d)")
            #expect(theory.exponent == p)
            #expect(theory.parity == parity, "\(spec)")
            #expect(!theory.note.isEmpty && !theory.citation.isEmpty)
        }
    }

    @Test func smoothAndFiniteKernels() throws {
        #expect(try Self.theory("gaussian", 3).law == .superPolynomial)
        #expect(try Self.theory("gexp:gamma=2", 3).law == .superPolynomial)
        #expect(try Self.theory("ntk:activation=erf,depth=3", 3).law == .superPolynomial)
        #expect(try Self.theory("ntk:activation=erf", 3).parity == .odd)
        #expect(try Self.theory("ntk:activation=erf,bias_var=0.1", 3).parity == .all)
        #expect(try Self.theory("poly:degree=4", 3).law == .finite(degree: 4))
        #expect(try Self.theory("poly:degree=3,c=0", 3).parity == .odd)
        #expect(try Self.theory("poly:degree=3,c=0", 3).exponent == nil)
    }

    /// The parity of the law and the exact zeros agree: beyond degree 4 every degree outside the
    /// law's parity vanishes and every degree inside it does not.
    @Test func parityAgreesWithVanishingDegrees() throws {
        for spec in KernelTestSupport.catalogue where !spec.hasPrefix("poly") {
            let kernel = try KernelSpec(parsing: spec).kernel
            let parity = kernel.theoreticalDecay(dimension: 3).parity
            for k in 5...20 {
                #expect(kernel.vanishes(atDegree: k) == !parity.contains(k), "\(spec), k = \(k)")
            }
        }
    }
}
}
