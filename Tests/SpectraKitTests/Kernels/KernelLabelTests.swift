import Testing
@testable import SpectraKit

extension Kernels {
/// docs/kernels.md#labels: the shortest spec parses back to the same kernel, labels cannot be
/// read as specs, and the catalogue's description of its parameters matches what the kernels accept.
@Suite struct KernelLabelTests {
    /// A small seeded generator (SplitMix64), so a failure names a reproducible draw.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A value the description allows, or a default-looking one now and then (so that some drawn
    /// parameters equal their defaults and must be left out of the shortest spec).
    static func draw(_ p: ParameterDescription, kernel: String, using g: inout SplitMix) -> String {
        if Int.random(in: 0..<4, using: &g) == 0, p.defaultFollows == nil { return p.defaultText(of: kernel) }
        switch p.allowed {
        case let .integers(lower, upper):
            return String(Int.random(in: lower...min(upper ?? lower + 6, lower + 6), using: &g))
        case let .reals(lower, _, upper, _):
            let lo = lower ?? -3, hi = upper ?? lo + 4
            let x = Double.random(in: lo...hi, using: &g)
            // Round to a few digits half the time, so short decimals are exercised too.
            return KernelParameter.format(Bool.random(using: &g) ? (x * 100).rounded() / 100 : x)
        case .words(let words):
            return words.randomElement(using: &g) ?? ""
        }
    }

    @Test func shortestSpecParsesBackToTheSameKernelForRandomParameters() throws {
        var g = SplitMix(state: 20_261_206)
        var checked = 0
        for description in KernelCatalogue.descriptions {
            for _ in 0..<60 {
                var items: [String] = []
                var activation = "relu"
                if description.parameters.contains(where: { $0.key == "activation" }) {
                    activation = NetworkActivation.Name.allCases.randomElement(using: &g)?.rawValue ?? "relu"
                    items.append("activation=\(activation)")
                }
                for p in description.parameters where p.key != "activation" {
                    if let with = p.appliesWith, with != "activation=\(activation)" { continue }
                    // Deep networks with quadrature activations are slow to build; keep the draws small.
                    if p.key == "depth" { items.append("depth=\(Int.random(in: 2...6, using: &g))"); continue }
                    if Bool.random(using: &g) { items.append("\(p.key)=\(Self.draw(p, kernel: description.name, using: &g))") }
                }
                let text = description.name + (items.isEmpty ? "" : ":" + items.joined(separator: ","))
                // Conditions beyond the ranges (kappa(1) finite, a and b not both 0) refuse a few draws.
                guard let spec = try? KernelSpec.parse(text) else { continue }
                let shortest = spec.kernel.shortestSpec
                let back = try KernelSpec.parse(shortest)
                #expect(back == spec, "\(text): shortest \(shortest) reads back as \(back.canonical), not \(spec.canonical)")
                // No parameter of the shortest spec can be left out on its own.
                let kept = back.given
                for i in kept.indices {
                    var without = kept
                    without.remove(at: i)
                    let candidate = description.name + (without.isEmpty ? "" : ":" + without.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
                    if let reparsed = try? KernelSpec.parse(candidate) {
                        #expect(reparsed != spec, "\(text): \(shortest) keeps \(kept[i].key), which is not needed")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    @Test func shortestSpecOfTheDefaultsIsTheName() throws {
        for name in KernelCatalogue.names {
            #expect(try KernelSpec.parse(name).kernel.shortestSpec == name)
        }
        // input_var follows weight_var: equal values need weight_var alone, different ones both.
        #expect(try KernelSpec.parse("ntk:weight_var=3,input_var=3").kernel.shortestSpec == "ntk:weight_var=3")
        #expect(try KernelSpec.parse("ntk:weight_var=3,input_var=2").kernel.shortestSpec == "ntk:weight_var=3,input_var=2")
        #expect(try KernelSpec.parse("ntk:input_var=2,activation=leaky_relu,slope=0.01").kernel.shortestSpec == "ntk:activation=leaky_relu")
    }

    @Test func labelsAreSplitOnlyBeforeTheFirstColon() throws {
        #expect(LabeledKernelSpec.split("NTK-3=ntk:depth=3") == ("NTK-3", "ntk:depth=3"))
        #expect(LabeledKernelSpec.split("ntk:depth=3") == (nil, "ntk:depth=3"))
        #expect(LabeledKernelSpec.split("laplace") == (nil, "laplace"))
        let labeled = try LabeledKernelSpec(parsing: "Deep NTK (3)=ntk:depth=3")
        #expect(labeled.label == "Deep NTK (3)")
        #expect(labeled.displayName == "Deep NTK (3)")
        #expect(try LabeledKernelSpec(parsing: "ntk:depth=3").displayName == "ntk:depth=3")
        for bad in ["=ntk", "ntk=laplace", "LAPLACE=laplace", "a,b=ntk", " x=ntk", "---=ntk", String(repeating: "x", count: 41) + "=ntk"] {
            #expect(throws: KernelLabelError.self, "\(bad)") { try LabeledKernelSpec(parsing: bad) }
        }
        #expect(throws: KernelLabelError.spec(.unknownKernel(given: "nkt"))) { try LabeledKernelSpec(parsing: "A=nkt") }
    }

    @Test func duplicateLabelsAndLabelledDuplicatesAreRefused() throws {
        func check(_ texts: [String]) throws {
            try LabeledKernelSpec.checkDistinct(try texts.map { (text: $0, kernel: try LabeledKernelSpec(parsing: $0)) })
        }
        #expect(throws: KernelLabelError.self) { try check(["A=ntk", "A=laplace"]) }
        #expect(throws: KernelLabelError.self) { try check(["A=ntk", "ntk:depth=2"]) }
        #expect(throws: KernelLabelError.self) { try check(["A=ntk", "B=ntk"]) }
        try check(["ntk", "ntk:depth=2"])      // unlabelled duplicates stay allowed, as before labels
        try check(["A=ntk", "B=ntk:depth=3", "laplace"])
    }

    /// The allowed values the catalogue lists are those the kernels accept: the bounds and just
    /// beyond them, each word, and the default, through the spec parser.
    @Test func describedRangesAreTheValidatedOnes() throws {
        func accepts(_ kernel: String, _ p: ParameterDescription, _ value: String) -> Bool {
            let items = (p.appliesWith.map { [$0] } ?? []) + ["\(p.key)=\(value)"]
            return (try? KernelSpec.parse(kernel + ":" + items.joined(separator: ","))) != nil
        }
        #expect(KernelCatalogue.descriptions.map(\.name) == KernelCatalogue.names)
        for d in KernelCatalogue.descriptions {
            #expect(d.parameters.map(\.key) == KernelCatalogue.keys(of: d.name), "\(d.name)")
            for p in d.parameters {
                let f = KernelParameter.format
                switch p.allowed {
                case let .integers(lower, upper):
                    #expect(accepts(d.name, p, String(lower)) && !accepts(d.name, p, String(lower - 1)), "\(d.name) \(p.key)")
                    if let upper { #expect(accepts(d.name, p, String(upper)) && !accepts(d.name, p, String(upper + 1)), "\(d.name) \(p.key)") }
                case let .reals(lower, lowerClosed, upper, upperClosed):
                    if let lower {
                        #expect(accepts(d.name, p, f(lower)) == lowerClosed, "\(d.name) \(p.key) at \(lower)")
                        #expect(!accepts(d.name, p, f(lowerClosed ? lower.nextDown : lower - 1e-9)), "\(d.name) \(p.key) below")
                        #expect(accepts(d.name, p, f(lower + 1e-6)), "\(d.name) \(p.key) just above \(lower)")
                    } else {
                        #expect(accepts(d.name, p, "-1e3") || p.key == "a" || p.key == "b", "\(d.name) \(p.key)")
                    }
                    if let upper {
                        #expect(accepts(d.name, p, f(upper)) == upperClosed, "\(d.name) \(p.key) at \(upper)")
                        #expect(!accepts(d.name, p, f(upper + 1e-9)), "\(d.name) \(p.key) above")
                    }
                case .words(let words):
                    for w in words { #expect(accepts(d.name, p, w), "\(d.name) \(p.key)=\(w)") }
                    #expect(!accepts(d.name, p, "nonsense"))
                }
                let defaultText = p.defaultText(of: d.name)
                if let follows = p.defaultFollows {
                    // The default follows the other parameter: set it, and this one takes its value.
                    let spec = try KernelSpec.parse("\(d.name):\(follows)=3")
                    #expect(spec.kernel.parameters.first { $0.key == p.key }?.value.description == "3")
                } else {
                    #expect(accepts(d.name, p, defaultText), "\(d.name) \(p.key) default \(defaultText)")
                }
            }
        }
    }
}
}
