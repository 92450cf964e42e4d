/// What each kernel of the catalogue is and which parameters it takes, with their meanings,
/// defaults and allowed values, for `spectra kernels` and the docs (docs/kernels.md).
///
/// Defaults are not written here: each is read from the kernel the catalogue builds when the
/// parameter is left out (`defaultText`), so the listing cannot drift from what a spec means. The
/// allowed values are written here once, as data that the tests check against the kernels'
/// own validation (a value just inside is accepted, one just outside refused).
public struct KernelDescription: Sendable {
    public let name: String
    /// One line: what the kernel is.
    public let summary: String
    /// The profile kappa(t) in words and symbols.
    public let formula: String
    /// Its section of docs/kernels.md.
    public let reference: String
    public let parameters: [ParameterDescription]

    /// The kernel with every default (`NAME` alone; every catalogue name parses on its own).
    public var defaultKernel: (any CatalogueKernel)? {
        try? KernelSpec.parse(name).kernel
    }
}

/// One parameter of a catalogue kernel.
public struct ParameterDescription: Sendable {
    public let key: String
    public let meaning: String
    public let allowed: AllowedValues
    /// A condition beyond `allowed`, in words ("kappa(1) finite at the given depth"), or nil.
    public let condition: String?
    /// The other parameter's value under which this one exists ("activation=leaky_relu"), or nil.
    public let appliesWith: String?
    /// The parameter whose value this one takes by default ("weight_var" for input_var), or nil.
    public let defaultFollows: String?

    /// The default, as the catalogue builds it: the value in the canonical spec of the kernel
    /// named with only `appliesWith` given; `= KEY` when it follows another parameter.
    public func defaultText(of kernel: String) -> String {
        if let defaultFollows { return "= " + defaultFollows }
        let spec = kernel + (appliesWith.map { ":" + $0 } ?? "")
        let parsed = try? KernelSpec.parse(spec)
        return parsed?.kernel.parameters.first { $0.key == key }?.value.description ?? "-"
    }
}

/// The values a parameter accepts.
public enum AllowedValues: Sendable, Equatable, CustomStringConvertible {
    /// Integers from `lower` to `upper` (nil: no upper bound).
    case integers(lower: Int, upper: Int?)
    /// Reals in an interval; nil bounds are infinite (any finite number beyond).
    case reals(lower: Double?, lowerClosed: Bool, upper: Double?, upperClosed: Bool)
    /// One of these words.
    case words([String])

    public var description: String {
        switch self {
        case let .integers(lower, upper):
            guard let upper else { return "integer >= \(lower)" }
            if upper - lower <= 2 {
                let all = (lower...upper).map(String.init)
                return all.dropLast().joined(separator: ", ") + " or " + (all.last ?? "")
            }
            return "integer \(lower) ... \(upper)"
        case let .reals(lower, lowerClosed, upper, upperClosed):
            let f = KernelParameter.format
            switch (lower, upper) {
            case (nil, nil): return "any finite number"
            case (let l?, nil): return (lowerClosed ? ">= " : "> ") + f(l)
            case (nil, let u?): return (upperClosed ? "<= " : "< ") + f(u)
            case (let l?, let u?): return (lowerClosed ? "[" : "(") + f(l) + ", " + f(u) + (upperClosed ? "]" : ")")
            }
        case .words(let words): return words.joined(separator: ", ")
        }
    }
}

extension KernelCatalogue {
    /// Every kernel, in the order of `names`.
    public static let descriptions: [KernelDescription] = [network("ntk"), network("nngp")] + [
        KernelDescription(
            name: "arccos", summary: "arc-cosine kernel of Cho & Saul (an infinitely wide one-layer network)",
            formula: "kappa(t) = (1/pi) J_n(theta), theta = arccos t", reference: "docs/kernels.md#arc-cosine-kernels",
            parameters: [ParameterDescription(key: "order", meaning: "n, the degree of the rectified power max(0, x)^n",
                                              allowed: .integers(lower: 0, upper: 2), condition: nil, appliesWith: nil, defaultFollows: nil)]),
        KernelDescription(
            name: "laplace", summary: "Laplace kernel", formula: "kappa(t) = exp(-c ||x - y||) = exp(-c sqrt(2 - 2t))",
            reference: "docs/kernels.md#exponential-power-kernels", parameters: [scale]),
        KernelDescription(
            name: "gexp", summary: "gamma-exponential kernel", formula: "kappa(t) = exp(-c ||x - y||^gamma)",
            reference: "docs/kernels.md#exponential-power-kernels",
            parameters: [ParameterDescription(key: "gamma", meaning: "the power of the distance",
                                              allowed: .reals(lower: 0, lowerClosed: false, upper: 2, upperClosed: true),
                                              condition: "beyond 2 the kernel is not positive definite", appliesWith: nil, defaultFollows: nil),
                         scale]),
        KernelDescription(
            name: "gaussian", summary: "Gaussian kernel", formula: "kappa(t) = exp(-c ||x - y||^2) = exp(-2c (1 - t))",
            reference: "docs/kernels.md#exponential-power-kernels", parameters: [scale]),
        KernelDescription(
            name: "matern", summary: "Matern kernel (scikit-learn's convention)",
            formula: "kappa(t) = 2^(1-nu)/Gamma(nu) (sqrt(2 nu) r/ell)^nu K_nu(sqrt(2 nu) r/ell), r = ||x - y||",
            reference: "docs/kernels.md#matern-kernels",
            parameters: [ParameterDescription(key: "nu", meaning: "smoothness", allowed: .reals(lower: 0, lowerClosed: false, upper: nil, upperClosed: false),
                                              condition: "at least 1e-300", appliesWith: nil, defaultFollows: nil),
                         ParameterDescription(key: "ell", meaning: "length scale", allowed: .reals(lower: 0, lowerClosed: false, upper: nil, upperClosed: false),
                                              condition: nil, appliesWith: nil, defaultFollows: nil)]),
        KernelDescription(
            name: "poly", summary: "polynomial kernel", formula: "kappa(t) = (t + c)^degree", reference: "docs/kernels.md#polynomial-kernels",
            parameters: [ParameterDescription(key: "degree", meaning: "the degree p", allowed: .integers(lower: 0, upper: nil),
                                              condition: "(1 + c)^degree below 1e304", appliesWith: nil, defaultFollows: nil),
                         ParameterDescription(key: "c", meaning: "the offset", allowed: .reals(lower: 0, lowerClosed: true, upper: nil, upperClosed: false),
                                              condition: nil, appliesWith: nil, defaultFollows: nil)]),
    ]

    /// The description of `name`, nil for an unknown name.
    public static func description(of name: String) -> KernelDescription? {
        descriptions.first { $0.name == name.lowercased() }
    }

    private static let scale = ParameterDescription(
        key: "c", meaning: "the scale of the distance", allowed: .reals(lower: 0, lowerClosed: false, upper: nil, upperClosed: false),
        condition: nil, appliesWith: nil, defaultFollows: nil)

    private static func network(_ name: String) -> KernelDescription {
        let positive = AllowedValues.reals(lower: 0, lowerClosed: false, upper: nil, upperClosed: false)
        return KernelDescription(
            name: name,
            summary: name == "ntk" ? "neural tangent kernel of a fully-connected network (NTK parameterisation)"
                : "Gaussian-process kernel of a fully-connected network (NNGP)",
            formula: name == "ntk" ? "Theta^D of the layer recursion" : "S^D of the layer recursion",
            reference: "docs/kernels.md#network-kernels",
            parameters: [
                ParameterDescription(key: "depth", meaning: "D, the number of weight layers (D - 1 hidden layers)",
                                     allowed: .integers(lower: 2, upper: NetworkKernel.maximumDepth), condition: nil, appliesWith: nil,
                                     defaultFollows: nil),
                ParameterDescription(key: "activation", meaning: "phi, after every hidden layer",
                                     allowed: .words(NetworkActivation.Name.allCases.map(\.rawValue)), condition: nil, appliesWith: nil,
                                     defaultFollows: nil),
                ParameterDescription(key: "slope", meaning: "leaky_relu's phi(x) = max(x, slope x)",
                                     allowed: .reals(lower: 0, lowerClosed: true, upper: 1, upperClosed: true), condition: nil,
                                     appliesWith: "activation=leaky_relu", defaultFollows: nil),
                ParameterDescription(key: "a", meaning: "abrelu's slope for x < 0: phi(x) = a min(x, 0) + b max(x, 0)",
                                     allowed: .reals(lower: nil, lowerClosed: false, upper: nil, upperClosed: false),
                                     condition: "a and b not both 0", appliesWith: "activation=abrelu", defaultFollows: nil),
                ParameterDescription(key: "b", meaning: "abrelu's slope for x > 0",
                                     allowed: .reals(lower: nil, lowerClosed: false, upper: nil, upperClosed: false),
                                     condition: "a and b not both 0", appliesWith: "activation=abrelu", defaultFollows: nil),
                ParameterDescription(key: "weight_var", meaning: "sw2, the weight variance of layers 2 ... D", allowed: positive,
                                     condition: "small enough that kappa(1) is finite at the given depth", appliesWith: nil, defaultFollows: nil),
                ParameterDescription(key: "bias_var", meaning: "sb2, the bias variance of every layer",
                                     allowed: .reals(lower: 0, lowerClosed: true, upper: nil, upperClosed: false), condition: nil,
                                     appliesWith: nil, defaultFollows: nil),
                ParameterDescription(key: "input_var", meaning: "the weight variance of the first layer", allowed: positive,
                                     condition: nil, appliesWith: nil, defaultFollows: "weight_var"),
                ParameterDescription(key: "beta", meaning: "multiplier of a zero-initialised bias (adds beta^2 to Theta at every layer)",
                                     allowed: .reals(lower: nil, lowerClosed: false, upper: nil, upperClosed: false), condition: nil,
                                     appliesWith: nil, defaultFollows: nil),
                ParameterDescription(key: "normalize", meaning: "divide the profile by kappa(1)", allowed: .words(["true", "false"]),
                                     condition: nil, appliesWith: nil, defaultFollows: nil),
            ])
    }
}
