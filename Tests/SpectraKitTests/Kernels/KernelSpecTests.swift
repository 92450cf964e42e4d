import Testing
@testable import SpectraKit

extension Kernels {
/// DESIGN.md command-line contract: `NAME[:key=value,...]`, docs/kernels.md parameter names and defaults.
@Suite struct KernelSpecTests {
    static func error(_ spec: String) -> KernelSpecError? {
        do {
            _ = try KernelSpec(parsing: spec)
            return nil
        } catch {
            return error
        }
    }

    /// A caller that set a parameter itself (a command's --weight-var) names it its own way:
    /// the error says which key and, without the kernel's name, what is wrong.
    @Test func errorsNameTheKeyAndADetailWithoutTheKernel() throws {
        let error = try #require(Self.error("ntk:weight_var=-1"))
        #expect(error.key == "weight_var")
        #expect(error.detail.hasPrefix("weight_var must be") && error.detail.hasSuffix("got -1"))
        #expect(error.description == "kernel 'ntk': " + error.detail)
        #expect(Self.error("foo")?.key == nil)
    }

    @Test func defaultsAreThoseOfMath() throws {
        let expected = [
            "ntk": "ntk:depth=2,activation=relu,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false",
            "nngp": "nngp:depth=2,activation=relu,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false",
            "arccos": "arccos:order=1",
            "laplace": "laplace:c=1",
            "gexp": "gexp:gamma=1,c=1",
            "gaussian": "gaussian:c=1",
            "matern": "matern:nu=1.5,ell=1",
            "poly": "poly:degree=2,c=1",
        ]
        for name in KernelCatalogue.names {
            #expect(try KernelSpec(parsing: name).canonical == expected[name], "\(name)")
        }
        // input_var follows weight_var unless given.
        #expect(try KernelSpec(parsing: "ntk:weight_var=1.5").canonical.contains("input_var=1.5"))
    }

    @Test func designExamplesParse() throws {
        for spec in ["ntk", "ntk:depth=3,bias_var=0.1", "nngp:depth=4,weight_var=2", "ntk:activation=erf",
                     "laplace:c=2", "gexp:gamma=0.5,c=1", "gaussian:c=1", "arccos:order=1", "matern:nu=1.5,ell=1",
                     "poly:degree=3,c=1", " NTK : Depth = 3 , normalize=true "] {
            _ = try KernelSpec(parsing: spec)
        }
    }

    @Test func canonicalSpecsRoundTrip() throws {
        for spec in KernelTestSupport.catalogue + ["ntk:beta=-0.3,bias_var=1e-07", "gexp:gamma=0.123456789012345,c=3e+20",
                                                     "matern:nu=0.1,ell=1e-3", "poly:degree=0,c=0"] {
            let parsed = try KernelSpec(parsing: spec)
            let again = try KernelSpec(parsing: parsed.canonical)
            #expect(again.canonical == parsed.canonical)
            #expect(again.kernel.parameters == parsed.kernel.parameters)
            #expect(parsed.description == parsed.canonical)
            #expect(parsed.kernel.value(at: 0.3) == again.kernel.value(at: 0.3))
            #expect(parsed == again)
        }
    }

    /// Found by scripts/fuzz-cli.py: matern:nu=1e15 printed as nu=1000000000000000.0, since
    /// integral values from 1e15 up were left to Swift's description.
    @Test func integralRealsPrintWithoutAFraction() throws {
        #expect(try KernelSpec(parsing: "matern:nu=1e15").canonical == "matern:nu=1000000000000000,ell=1")
        #expect(try KernelSpec(parsing: "gaussian:c=9007199254740991").canonical == "gaussian:c=9007199254740991")
        for c in ["1e15", "4503599627370497", "9007199254740992", "9007199254740994", "1e16", "1e300"] {
            let canonical = try KernelSpec(parsing: "laplace:c=" + c).canonical
            #expect(!canonical.hasSuffix(".0"), "\(canonical)")
            #expect(try KernelSpec(parsing: canonical) == KernelSpec(parsing: "laplace:c=" + c))
        }
    }

    @Test func parametersListEveryKeyInOrder() throws {
        for name in KernelCatalogue.names {
            let kernel = try KernelSpec(parsing: name).kernel
            // The activations' own keys (slope, a, b) appear only with the activations that take them.
            let activationKeys: Set = ["slope", "a", "b"]
            #expect(kernel.parameters.map(\.key) == KernelCatalogue.keys(of: name).filter { !activationKeys.contains($0) })
            #expect(kernel.name == name)
        }
        let p = try KernelSpec(parsing: "ntk:depth=3,activation=erf,normalize=true").kernel.parameters
        #expect(p[0].value == .integer(3))
        #expect(p[1].value == .word("erf"))
        #expect(p[6].value == .flag(true))
        // The activations' own parameters appear only with the activations that take them.
        #expect(try KernelSpec(parsing: "ntk:activation=leaky_relu").canonical
            == "ntk:depth=2,activation=leaky_relu,slope=0.01,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false")
        #expect(try KernelSpec(parsing: "nngp:b=2,activation=abrelu,a=-0.5").canonical
            == "nngp:depth=2,activation=abrelu,a=-0.5,b=2,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false")
        #expect(try KernelSpec(parsing: "ntk:activation=sigmoid,weight_var=16").canonical
            == "ntk:depth=2,activation=sigmoid,weight_var=16,bias_var=0,input_var=16,beta=0,normalize=false")
        #expect(try KernelSpec(parsing: "ntk:activation=abrelu").kernel.parameters.map(\.key)
            == KernelCatalogue.keys(of: "ntk").filter { $0 != "slope" })
        for name in NetworkActivation.Name.allCases {
            let spec = try KernelSpec(parsing: "ntk:depth=3,activation=\(name.rawValue)")
            #expect(try KernelSpec(parsing: spec.canonical) == spec)
        }
    }

    /// Every refusal of the brief, with a message naming what was given and what is allowed.
    @Test func everyErrorCaseHasItsMessage() {
        let cases: [(String, KernelSpecError, [String])] = [
            ("", .emptySpec, ["empty", "ntk, nngp, arccos, laplace, gexp, gaussian, matern, poly"]),
            ("  ", .emptySpec, ["empty"]),
            ("relu", .unknownKernel(given: "relu"), ["'relu'", "ntk, nngp, arccos"]),
            ("ntk:dept=3", .unknownKey(kernel: "ntk", key: "dept", allowed: KernelCatalogue.keys(of: "ntk")),
             ["'dept'", "depth, activation, slope, a, b, weight_var, bias_var, input_var, beta, normalize"]),
            ("laplace:gamma=1", .unknownKey(kernel: "laplace", key: "gamma", allowed: ["c"]), ["'gamma'", "are: c"]),
            ("ntk:depth", .malformedParameter(kernel: "ntk", item: "depth"), ["'depth'", "key=value"]),
            ("ntk:", .malformedParameter(kernel: "ntk", item: ""), ["key=value"]),
            ("ntk:depth=3,depth=4", .duplicateKey(kernel: "ntk", key: "depth"), ["'depth'", "more than once"]),
            ("laplace:c=abc", .notANumber(kernel: "laplace", key: "c", value: "abc"), ["c=abc", "not a number"]),
            ("laplace:c=nan", .notFinite(kernel: "laplace", key: "c", value: "nan"), ["c=nan", "finite"]),
            ("gexp:gamma=inf", .notFinite(kernel: "gexp", key: "gamma", value: "inf"), ["gamma=inf"]),
            ("ntk:depth=1", .outOfRange(kernel: "ntk", key: "depth", value: "1", requirement: "an integer between 2 and 1000"),
             ["depth", "between 2 and 1000", "got 1"]),
            ("ntk:depth=2.5", .outOfRange(kernel: "ntk", key: "depth", value: "2.5", requirement: "an integer between 2 and 1000"),
             ["integer", "got 2.5"]),
            ("nngp:bias_var=-0.1", .outOfRange(kernel: "nngp", key: "bias_var", value: "-0.1", requirement: ">= 0"),
             ["bias_var must be >= 0", "got -0.1"]),
            ("ntk:weight_var=0", .outOfRange(kernel: "ntk", key: "weight_var", value: "0", requirement: "> 0"), ["weight_var must be > 0"]),
            ("ntk:input_var=-1", .outOfRange(kernel: "ntk", key: "input_var", value: "-1", requirement: "> 0"), ["input_var"]),
            ("ntk:activation=swish", .notAllowed(kernel: "ntk", key: "activation", value: "swish",
                                                 allowed: NetworkActivation.Name.allCases.map(\.rawValue)),
             ["activation=swish", "relu, erf, sigmoid, tanh, gelu, silu, softplus, leaky_relu, abrelu, abs, sin, cos, identity"]),
            ("ntk:activation=leaky_relu,slope=1.5",
             .outOfRange(kernel: "ntk", key: "slope", value: "1.5",
                         requirement: "in [0, 1] (leaky_relu is max(x, slope x); other slopes: activation=abrelu)"),
             ["slope must be in [0, 1]", "got 1.5"]),
            ("ntk:activation=leaky_relu,slope=-0.1",
             .outOfRange(kernel: "ntk", key: "slope", value: "-0.1",
                         requirement: "in [0, 1] (leaky_relu is max(x, slope x); other slopes: activation=abrelu)"),
             ["slope must be in [0, 1]", "got -0.1"]),
            ("nngp:slope=0.1", .inapplicable(kernel: "nngp", key: "slope", appliesWhen: "activation=leaky_relu"),
             ["slope is a parameter only with activation=leaky_relu"]),
            ("ntk:activation=tanh,a=1", .inapplicable(kernel: "ntk", key: "a", appliesWhen: "activation=abrelu"),
             ["a is a parameter only with activation=abrelu"]),
            ("ntk:activation=abrelu,a=0,b=0", .outOfRange(kernel: "ntk", key: "a", value: "0",
                                                           requirement: "non-zero when b = 0 (phi = 0 has no kernel)"),
             ["non-zero when b = 0"]),
            ("ntk:activation=abrelu,b=nan", .notFinite(kernel: "ntk", key: "b", value: "nan"), ["b=nan"]),
            ("ntk:normalize=yes", .notAllowed(kernel: "ntk", key: "normalize", value: "yes", allowed: ["true", "false"]),
             ["normalize=yes", "true, false"]),
            ("laplace:c=0", .outOfRange(kernel: "laplace", key: "c", value: "0", requirement: "> 0"), ["c must be > 0"]),
            ("gaussian:c=-2", .outOfRange(kernel: "gaussian", key: "c", value: "-2", requirement: "> 0"), ["got -2"]),
            ("poly:c=-1", .outOfRange(kernel: "poly", key: "c", value: "-1", requirement: ">= 0"), ["c must be >= 0"]),
            ("gexp:gamma=2.5", .outOfRange(kernel: "gexp", key: "gamma", value: "2.5",
                                            requirement: "in (0, 2] (beyond 2 the kernel is not positive definite)"),
             ["gamma must be in (0, 2]", "got 2.5"]),
            ("gexp:gamma=0", .outOfRange(kernel: "gexp", key: "gamma", value: "0",
                                          requirement: "in (0, 2] (beyond 2 the kernel is not positive definite)"), ["(0, 2]"]),
            ("matern:nu=0", .outOfRange(kernel: "matern", key: "nu", value: "0", requirement: "> 0"), ["nu must be > 0"]),
            ("matern:ell=-1", .outOfRange(kernel: "matern", key: "ell", value: "-1", requirement: "> 0"), ["ell must be > 0"]),
            ("arccos:order=3", .outOfRange(kernel: "arccos", key: "order", value: "3", requirement: "0, 1 or 2"), ["0, 1 or 2", "got 3"]),
            ("poly:degree=-1", .outOfRange(kernel: "poly", key: "degree", value: "-1", requirement: "an integer >= 0"),
             ["degree must be an integer >= 0"]),
            ("poly:degree=1.5", .outOfRange(kernel: "poly", key: "degree", value: "1.5", requirement: "an integer >= 0"), ["got 1.5"]),
        ]
        for (spec, expected, fragments) in cases {
            let got = Self.error(spec)
            #expect(got == expected, "\(spec)")
            let message = got?.description ?? ""
            for fragment in fragments {
                #expect(message.contains(fragment), "\(spec): \(message)")
            }
        }
    }

    @Test func overflowingParametersAreRefusedNotNaN() {
        #expect(Self.error("poly:degree=2000,c=1") != nil)
        #expect(Self.error("ntk:depth=1000,weight_var=10") != nil)
        #expect(Self.error("ntk:depth=1001") != nil)
    }

    /// Shorthand flags (`--depth 3`): set for the kernels that have the key, explicit values win
    /// unless overriding is asked for, values validated like spec values.
    @Test func shorthandSettingAppliesToKernelsWithTheKey() throws {
        let specs = try ["ntk", "nngp:depth=4", "laplace"].map(KernelSpec.parse)
        let set = try specs.map { try $0.setting("depth", to: "3") }
        #expect(set.map(\.canonical) == [
            "ntk:depth=3,activation=relu,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false",
            "nngp:depth=4,activation=relu,weight_var=2,bias_var=0,input_var=2,beta=0,normalize=false",
            "laplace:c=1",
        ])
        let forced = try specs[1].setting("depth", to: "5", overridingExplicit: true)
        #expect(forced.canonical.hasPrefix("nngp:depth=5,"))
        #expect(throws: KernelSpecError.outOfRange(kernel: "ntk", key: "depth", value: "1",
                                                   requirement: "an integer between 2 and 1000")) {
            try specs[0].setting("depth", to: "1")
        }
        #expect(try specs[2].setting("c", to: "2").canonical == "laplace:c=2")
        #expect(specs[0].accepts("bias_var") && !specs[2].accepts("depth"))
        #expect(specs[0].networkKernel?.depth == 2 && specs[2].networkKernel == nil)
        #expect(try KernelSpec.parse("ntk:depth=3") == KernelSpec.parse(" NTK:Depth=3.0,activation=relu"))
    }
}
}
