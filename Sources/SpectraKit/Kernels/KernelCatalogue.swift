/// A kernel of the catalogue (docs/kernels.md): a zonal profile together with its name, its
/// parameters and the spectral facts the analyses need (docs/decay.md).
public protocol CatalogueKernel: ZonalFunction, CustomStringConvertible {
    /// The catalogue name, as in a spec string ("ntk", "laplace", ...).
    var name: String { get }
    /// Every parameter with its value, defaults included, in the canonical order.
    var parameters: [KernelParameter] { get }
    /// kappa(1) = max over [-1, 1] of |kappa| (true of every catalogue profile: each is
    /// positive definite on all spheres, so |kappa(t)| <= sum_n b_n |t|^n <= kappa(1)).
    var profileMaximum: Double { get }
    /// True exactly when mu_k = 0 in every dimension d >= 2.
    func vanishes(atDegree k: Int) -> Bool
    /// The asymptotic law of mu_k on S^{d-1} (docs/decay.md).
    func theoreticalDecay(dimension d: Int) -> DecayTheory
}

extension CatalogueKernel {
    /// `NAME:key=value,...` with every parameter in canonical order; parses back to the same kernel.
    public var canonicalSpec: String {
        let items = parameters.map(\.description)
        return items.isEmpty ? name : name + ":" + items.joined(separator: ",")
    }

    public var description: String { canonicalSpec }
}

/// The names and parameter keys of the catalogue, and construction from parsed `key=value` text.
public enum KernelCatalogue {
    /// Every kernel name, in the order of docs/kernels.md.
    public static let names = ["ntk", "nngp", "arccos", "laplace", "gexp", "gaussian", "matern", "poly"]

    /// The parameter keys of a kernel in canonical order (empty for an unknown name).
    public static func keys(of name: String) -> [String] {
        switch name {
        case "ntk", "nngp": return ["depth", "activation", "slope", "a", "b", "weight_var", "bias_var", "input_var", "beta", "normalize"]
        case "arccos": return ["order"]
        case "laplace", "gaussian": return ["c"]
        case "gexp": return ["gamma", "c"]
        case "matern": return ["nu", "ell"]
        case "poly": return ["degree", "c"]
        default: return []
        }
    }

    /// The kernel `name` with the given raw values (keys already checked against `keys(of:)`);
    /// missing keys take the defaults of docs/kernels.md.
    static func make(name: String, values: [String: String]) throws(KernelSpecError) -> any CatalogueKernel {
        let reader = ParameterReader(kernel: name, values: values)
        switch name {
        case "ntk", "nngp":
            let weightVar = try reader.real("weight_var", default: 2)
            let activationName = try reader.choice("activation", default: NetworkActivation.Name.relu)
            let activationKeys = NetworkActivation.keys(of: activationName)
            for key in ["slope", "a", "b"] where values[key] != nil && !activationKeys.contains(key) {
                throw .inapplicable(kernel: name, key: key,
                                    appliesWhen: key == "slope" ? "activation=leaky_relu" : "activation=abrelu")
            }
            return try NetworkKernel(
                kind: name == "ntk" ? .ntk : .nngp,
                activation: try NetworkActivation.make(activationName, reader: reader),
                depth: try reader.integer("depth", default: 2, requirement: "an integer between 2 and \(NetworkKernel.maximumDepth)"),
                weightVariance: weightVar,
                biasVariance: try reader.real("bias_var", default: 0),
                inputVariance: try reader.real("input_var", default: weightVar),
                beta: try reader.real("beta", default: 0),
                normalize: try reader.flag("normalize", default: false))
        case "arccos":
            return try ArcCosineKernel(order: try reader.integer("order", default: 1, requirement: "0, 1 or 2"))
        case "laplace":
            return try ExponentialPowerKernel(family: .laplace, c: try reader.real("c", default: 1))
        case "gaussian":
            return try ExponentialPowerKernel(family: .gaussian, c: try reader.real("c", default: 1))
        case "gexp":
            return try ExponentialPowerKernel(family: .gexp, c: try reader.real("c", default: 1),
                                              gamma: try reader.real("gamma", default: 1))
        case "matern":
            return try MaternKernel(nu: try reader.real("nu", default: 1.5), lengthScale: try reader.real("ell", default: 1))
        case "poly":
            return try PolynomialKernel(degree: try reader.integer("degree", default: 2, requirement: "an integer >= 0"),
                                        c: try reader.real("c", default: 1))
        default:
            throw .unknownKernel(given: name)
        }
    }
}

/// Typed reads of raw `key=value` strings with defaults; range checks are the kernels' own.
struct ParameterReader {
    let kernel: String
    let values: [String: String]

    /// A finite number.
    func real(_ key: String, default value: Double) throws(KernelSpecError) -> Double {
        guard let text = values[key] else { return value }
        guard let x = Double(text) else { throw .notANumber(kernel: kernel, key: key, value: text) }
        guard x.isFinite else { throw .notFinite(kernel: kernel, key: key, value: text) }
        return x
    }

    /// An integer, written as "3" or "3.0"; anything else is out of range with `requirement`.
    func integer(_ key: String, default value: Int, requirement: String) throws(KernelSpecError) -> Int {
        guard let text = values[key] else { return value }
        if let n = Int(text) { return n }
        guard let x = Double(text) else { throw .notANumber(kernel: kernel, key: key, value: text) }
        guard x.isFinite else { throw .notFinite(kernel: kernel, key: key, value: text) }
        guard x == x.rounded(), Swift.abs(x) < 1e9 else {
            throw .outOfRange(kernel: kernel, key: key, value: text, requirement: requirement)
        }
        return Int(x)
    }

    func flag(_ key: String, default value: Bool) throws(KernelSpecError) -> Bool {
        guard let text = values[key] else { return value }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .notAllowed(kernel: kernel, key: key, value: text, allowed: ["true", "false"])
        }
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, default value: Choice) throws(KernelSpecError)
        -> Choice where Choice.RawValue == String
    {
        guard let text = values[key] else { return value }
        guard let c = Choice(rawValue: text) else {
            throw .notAllowed(kernel: kernel, key: key, value: text, allowed: Choice.allCases.map(\.rawValue))
        }
        return c
    }
}
