import Foundation
import Testing

/// A non-negative integer of any size in base 10^9, with just what the multiplicity reference
/// needs: multiplication and exact division by a small factor, addition, decimal digits.
struct SmallBigInteger: Equatable {
    static let base: UInt64 = 1_000_000_000
    /// Little-endian limbs, no trailing zero limbs (zero is []).
    var limbs: [UInt64]

    init(_ n: UInt64) {
        limbs = []
        var n = n
        while n > 0 {
            limbs.append(n % Self.base)
            n /= Self.base
        }
    }

    func times(_ m: UInt64) -> SmallBigInteger {
        var result = SmallBigInteger(0)
        var carry: UInt64 = 0
        for limb in limbs {
            let product = limb * m + carry  // m < 2^32 keeps this below 2^64
            result.limbs.append(product % Self.base)
            carry = product / Self.base
        }
        while carry > 0 {
            result.limbs.append(carry % Self.base)
            carry /= Self.base
        }
        return result
    }

    /// Exact division (the remainder must be zero, as in C(n, j-1) * (n-j+1) / j).
    func dividedExactly(by m: UInt64) -> SmallBigInteger {
        var result = limbs
        var remainder: UInt64 = 0
        for i in result.indices.reversed() {
            let current = remainder * Self.base + result[i]
            result[i] = current / m
            remainder = current % m
        }
        precondition(remainder == 0, "inexact division")
        while result.last == 0 { result.removeLast() }
        return SmallBigInteger(limbs: result)
    }

    static func + (a: SmallBigInteger, b: SmallBigInteger) -> SmallBigInteger {
        var result: [UInt64] = []
        var carry: UInt64 = 0
        for i in 0..<max(a.limbs.count, b.limbs.count) {
            let sum = (i < a.limbs.count ? a.limbs[i] : 0) + (i < b.limbs.count ? b.limbs[i] : 0) + carry
            result.append(sum % base)
            carry = sum / base
        }
        if carry > 0 { result.append(carry) }
        return SmallBigInteger(limbs: result)
    }

    private init(limbs: [UInt64]) { self.limbs = limbs }

    /// C(n, j) by C(n, i) = C(n, i-1) (n - i + 1) / i.
    static func binomial(_ n: UInt64, _ j: UInt64) -> SmallBigInteger {
        guard j <= n else { return SmallBigInteger(0) }
        var c = SmallBigInteger(1)
        for i in stride(from: UInt64(1), through: j, by: 1) { c = c.times(n - i + 1).dividedExactly(by: i) }
        return c
    }

    /// N(d, k) = C(k+d-2, d-2) + C(k+d-3, d-2): harmonic polynomials of degree k in d variables
    /// are the homogeneous ones of degree k and k-1 in d-1 variables (a different formula from
    /// the (2k+d-2)/k C(k+d-3, k-1) of docs/conventions.md).
    static func harmonicDimension(d: UInt64, k: UInt64) -> SmallBigInteger {
        k == 0 ? SmallBigInteger(1) : binomial(k + d - 2, d - 2) + binomial(k + d - 3, d - 2)
    }

    var decimal: String {
        guard let top = limbs.last else { return "0" }
        return String(top) + limbs.dropLast().reversed().map { limb in
            let digits = String(limb)
            return String(repeating: "0", count: 9 - digits.count) + digits
        }.joined()
    }
}

@Suite("spectra decay (analytic): Mercer eigenvalues and fit")
struct DecayCommandTests {
    static func decay(_ arguments: [String]) throws -> (SpectraRun, DecayJSON) {
        let run = try Spectra.run(["decay"] + arguments + ["--format", "json"])
        try #require(run.succeeded, "\(run.commandLine): \(run.stderr)")
        return (run, try run.decoded(DecayJSON.self))
    }

    @Test("JSON has the DESIGN.md keys: kernel, dimension, method, spectrum, fit")
    func jsonHasTheContractKeys() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--format", "json"])
        #expect(run.succeeded, "\(run.stderr)")
        let object = try run.json()
        #expect(Set(object.keys).isSuperset(of: ["results", "spectra_version", "command"]))
        #expect((object["command"] as? String)?.hasPrefix("spectra decay") == true)
        let result = try #require((object["results"] as? [[String: Any]])?.first)
        #expect(Set(result.keys).isSuperset(of: ["kernel", "dimension", "method", "spectrum", "fit"]))
        #expect(result["method"] as? String == "analytic")
        #expect(result["dimension"] as? Int == 3)
        let spectrum = try #require(result["spectrum"] as? [[String: Any]])
        #expect(spectrum.count == 101)  // degrees 0...100, the default --max-degree
        for entry in spectrum {
            #expect(Set(entry.keys).isSuperset(of: ["degree", "multiplicity", "eigenvalue"]))
        }
        let fit = try #require(result["fit"] as? [String: Any])
        #expect(Set(fit.keys).isSuperset(of: ["exponent", "prefactor", "stderr", "r2", "degree_range", "parity"]))
        #expect(fit["parity"] as? String == "all")
        let decoded = try run.decoded(DecayJSON.self).results[0]
        #expect(decoded.spectrum.map(\.degree) == Array(0...100))
        #expect(decoded.fitted.degree_range.count == 2)
        #expect(decoded.fitted.degree_range[0] < decoded.fitted.degree_range[1])
    }

    @Test("default ntk: odd degrees >= 3 are exactly 0, mu_0..mu_4 are 2x Geifman's b = 0 values")
    func bareNTKHasExactZerosAndGeifmanValues() throws {
        let (run, report) = try Self.decay(["--kernel", "ntk"])
        let result = report.results[0]
        for entry in result.spectrum where entry.degree >= 3 && entry.degree % 2 == 1 {
            #expect(entry.eigenvalue == 0 && entry.eigenvalue.sign == .plus, "mu_\(entry.degree) = \(entry.eigenvalue)")
        }
        for entry in result.spectrum where entry.degree % 2 == 0 || entry.degree == 1 {
            #expect(entry.eigenvalue > 0, "mu_\(entry.degree) = \(entry.eigenvalue)")
        }
        // docs/kernels.md#forms-in-the-literature: Geifman b = 0 (input_var = 1) gives 1/2, 1/3, 5/64, 0, 1/192; weight_var =
        // input_var = 2 doubles the kernel, hence the eigenvalues.
        let expected: [(Int, Double)] = [(0, 1), (1, 2.0 / 3), (2, 5.0 / 32), (3, 0), (4, 1.0 / 96)]
        for (k, mu) in expected {
            let got = try #require(result.eigenvalue(degree: k))
            #expect(abs(got - mu) <= 1e-14 * max(mu, 1e-300) || got == mu, "mu_\(k) = \(got), expected \(mu)")
        }
        // The zeros print as a plain 0 in the JSON text, not as rounding noise.
        #expect(run.stdout.range(of: #""eigenvalue": ?0(\.0)?[,}\s]"#, options: .regularExpression) != nil)
        // The fit skips the zeros and sees the k^-d law of docs/decay.md (d = 3).
        #expect(result.fitted.exponent > 2.7 && result.fitted.exponent < 3.2, "exponent \(result.fitted.exponent)")
        #expect(result.fitted.r2 > 0.99)
    }

    @Test("ntk:input_var=1,beta=1 gives Geifman's b = 1 eigenvalues on S^2")
    func geifmanBiasOneEigenvalues() throws {
        let (_, report) = try Self.decay(["--kernel", "ntk:input_var=1,beta=1", "--max-degree", "10"])
        let result = report.results[0]
        // docs/kernels.md: mu_0 = 2, mu_1 = 11/24, mu_2 = 5/64, mu_3 = 1/128, mu_5 = 1/512.
        for (k, mu) in [(0, 2.0), (1, 11.0 / 24), (2, 5.0 / 64), (3, 1.0 / 128), (5, 1.0 / 512)] {
            let got = try #require(result.eigenvalue(degree: k))
            #expect(abs(got - mu) <= 1e-14 * mu, "mu_\(k) = \(got), expected \(mu)")
        }
    }

    @Test("ntk:input_var=1 gives Geifman's b = 0 eigenvalues 1/2, 1/3, 5/64, 0, 1/192, 0")
    func geifmanBiasZeroEigenvalues() throws {
        let (_, report) = try Self.decay(["--kernel", "ntk:input_var=1", "--max-degree", "10"])
        let result = report.results[0]
        for (k, mu) in [(0, 0.5), (1, 1.0 / 3), (2, 5.0 / 64), (3, 0), (4, 1.0 / 192), (5, 0)] {
            let got = try #require(result.eigenvalue(degree: k))
            #expect(abs(got - mu) <= 1e-14 * mu || got == mu, "mu_\(k) = \(got), expected \(mu)")
        }
    }

    @Test("poly:degree=3 has eigenvalue 0 beyond degree 3")
    func polynomialVanishesBeyondItsDegree() throws {
        // The default fit window lies where every eigenvalue is 0; the command must say so
        // clearly or print the spectrum without a fit, never trap or print NaN.
        let run = try Spectra.run(["decay", "--kernel", "poly:degree=3", "--max-degree", "20", "--format", "json"])
        #expect(!run.crashed, "\(run.stderr)")
        #expect(!run.stdout.lowercased().contains("nan"))
        if run.succeeded {
            let result = try run.decoded(DecayJSON.self).results[0]
            #expect(result.fit == nil && result.fit_note?.contains("beyond 3") == true)
            for entry in result.spectrum {
                if entry.degree > 3 {
                    #expect(entry.eigenvalue == 0, "mu_\(entry.degree) = \(entry.eigenvalue)")
                } else {
                    #expect(entry.eigenvalue > 0, "mu_\(entry.degree) = \(entry.eigenvalue)")
                }
            }
        } else {
            #expect(run.refusedCleanly)
            #expect(run.stderr.contains("poly"), "\(run.stderr)")
            #expect(run.stderr.contains("--fit-range") || run.stderr.contains("fit"), "\(run.stderr)")
        }
    }

    @Test("poly:degree=3 with a fit window inside its degrees has exact zeros beyond 3")
    func polynomialWithFitInsideItsDegrees() throws {
        let (_, report) = try Self.decay(["--kernel", "poly:degree=3", "--max-degree", "20", "--fit-range", "1:3"])
        let result = report.results[0]
        // (t + 1)^3 on S^2: t^3 = (2/5) P_3 + (3/5) P_1, t^2 = (2/3) P_2 + 1/3, and mu_k is the
        // coefficient of P_k divided by N(3, k) = 2k + 1. (t+1)^3 = t^3 + 3t^2 + 3t + 1.
        let coefficients: [Double] = [1 + 3.0 / 3, 3 + 3.0 / 5, 3 * 2.0 / 3, 2.0 / 5]
        for (k, c) in coefficients.enumerated() {
            let got = try #require(result.eigenvalue(degree: k))
            #expect(abs(got - c / Double(2 * k + 1)) <= 1e-14, "mu_\(k) = \(got)")
        }
        for entry in result.spectrum where entry.degree > 3 {
            #expect(entry.eigenvalue == 0, "mu_\(entry.degree) = \(entry.eigenvalue)")
        }
    }

    @Test("multiplicities are 2k + 1 on S^2")
    func multiplicitiesOnTheTwoSphere() throws {
        let (_, report) = try Self.decay(["--kernel", "laplace", "--max-degree", "50"])
        for entry in report.results[0].spectrum {
            #expect(entry.multiplicity == 2 * entry.degree + 1)
        }
    }

    @Test("multiplicities on S^9 up to degree 2000 are exact big integers")
    func multiplicitiesOnTheNineSphereAreExact() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--dim", "10", "--max-degree", "2000", "--format", "csv"])
        try #require(run.succeeded, "\(run.stderr)")
        let table = DelimitedTable(run)
        let degrees = try #require(table.column("degree"))
        let multiplicities = try #require(table.column("multiplicity"))
        #expect(degrees == (0...2000).map(String.init))
        for (degree, printed) in zip(degrees, multiplicities) {
            let k = try #require(UInt64(degree))
            #expect(printed == SmallBigInteger.harmonicDimension(d: 10, k: k).decimal, "N(10, \(k))")
        }
        // N(10, 2000) = C(2008, 8) + C(2007, 8) = (4008/2000) C(2007, 1999), both by Python math.comb: beyond Int64.
        #expect(multiplicities.last == "12902970246531047941401")

        // JSON carries the same digits as a bare integer.
        let json = try Spectra.run(["decay", "--kernel", "ntk", "--dim", "10", "--max-degree", "2000", "--format", "json"])
        try #require(json.succeeded, "\(json.stderr)")
        #expect(json.stdout.range(of: #""multiplicity": ?12902970246531047941401[,}\s]"#, options: .regularExpression) != nil)
    }

    @Test("several kernels give one result each, with the dimension given")
    func severalKernelsInOneRun() throws {
        let (_, report) = try Self.decay(["--kernel", "ntk", "--kernel", "laplace", "--kernel", "gaussian", "--dim", "5",
                                         "--max-degree", "40"])
        #expect(report.results.map { $0.kernel.split(separator: ":").first.map(String.init) } == ["ntk", "laplace", "gaussian"])
        for result in report.results {
            #expect(result.dimension == 5)
            #expect(result.spectrum.count == 41)
        }
    }

    @Test("--depth 3 sets the same parameter as ntk:depth=3 (DESIGN.md shorthand)")
    func depthShorthand() throws {
        let (_, short) = try Self.decay(["--kernel", "ntk", "--depth", "3", "--max-degree", "30"])
        let (_, long) = try Self.decay(["--kernel", "ntk:depth=3", "--max-degree", "30"])
        #expect(short.results[0].kernel == long.results[0].kernel)
        #expect(short.results[0].spectrum.map(\.eigenvalue) == long.results[0].spectrum.map(\.eigenvalue))
    }

    @Test("--parity even, --slopes and --shifted add to the JSON; the theory exponent is d for the NTK")
    func fitOptions() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk:depth=3,bias_var=0.25", "--max-degree", "400", "--fit-range",
                                   "100:400", "--parity", "even", "--slopes", "--shifted", "--format", "json"])
        try #require(run.succeeded, "\(run.stderr)")
        let result = try #require((try run.json()["results"] as? [[String: Any]])?.first)
        let fit = try #require(result["fit"] as? [String: Any])
        #expect(fit["parity"] as? String == "even")
        #expect(fit["degree_range"] as? [Int] == [100, 400])
        #expect(result["local_slopes"] as? [[String: Any]] != nil)
        #expect(result["shifted_fit"] as? [String: Any] != nil)
        let theory = try #require(result["theory"] as? [String: Any])
        #expect(theory["exponent"] as? Double == 3)
        // docs/decay.md#finite-degree-bias-and-local-slopes: local slopes approach 3 from below; the shifted fit removes most of the bias.
        let exponent = try #require(fit["exponent"] as? Double)
        let shifted = try #require((result["shifted_fit"] as? [String: Any])?["exponent"] as? Double)
        #expect(exponent > 2.9 && exponent < 3.0, "exponent \(exponent)")
        #expect(abs(shifted - 3) < abs(exponent - 3), "shifted \(shifted), plain \(exponent)")
    }

    @Test("a successful run writes nothing to standard error when it is not a terminal (progress only on a tty)")
    func quietStandardErrorOffTerminal() throws {
        let run = try Spectra.run(["decay", "--kernel", "ntk", "--kernel", "laplace", "--max-degree", "2000"])
        #expect(run.succeeded)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }
}
