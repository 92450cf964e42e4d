/// Why a kernel specification `NAME[:key=value,...]` (DESIGN.md, docs/kernels.md) was refused.
/// Every message names what was given and what is allowed.
public enum KernelSpecError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The specification is empty or blank.
    case emptySpec
    /// No catalogue kernel has this name.
    case unknownKernel(given: String)
    /// A comma-separated item is not of the form key=value.
    case malformedParameter(kernel: String, item: String)
    /// The kernel has no parameter of this name.
    case unknownKey(kernel: String, key: String, allowed: [String])
    /// The same parameter appears twice.
    case duplicateKey(kernel: String, key: String)
    /// A numeric parameter's value does not parse as a number.
    case notANumber(kernel: String, key: String, value: String)
    /// A numeric parameter is NaN or infinite.
    case notFinite(kernel: String, key: String, value: String)
    /// A word-valued parameter (activation, normalize) has a value outside its list.
    case notAllowed(kernel: String, key: String, value: String, allowed: [String])
    /// A number outside the parameter's domain; `requirement` says what is allowed.
    case outOfRange(kernel: String, key: String, value: String, requirement: String)
    /// A parameter that only some values of another take (slope with activation=leaky_relu).
    case inapplicable(kernel: String, key: String, appliesWhen: String)

    public var description: String {
        switch self {
        case .emptySpec, .unknownKernel: return detail
        case .unknownKey(let kernel, let key, let allowed):
            return "kernel '\(kernel)' has no parameter '\(key)'; its parameters are: " + allowed.joined(separator: ", ")
        case .malformedParameter(let kernel, _), .duplicateKey(let kernel, _),
             .notANumber(let kernel, _, _), .notFinite(let kernel, _, _), .notAllowed(let kernel, _, _, _),
             .outOfRange(let kernel, _, _, _), .inapplicable(let kernel, _, _):
            return "kernel '\(kernel)': " + detail
        }
    }

    /// The parameter at fault; nil when the fault is the whole specification.
    public var key: String? {
        switch self {
        case .emptySpec, .unknownKernel, .malformedParameter: return nil
        case .unknownKey(_, let key, _), .duplicateKey(_, let key), .notANumber(_, let key, _), .notFinite(_, let key, _),
             .notAllowed(_, let key, _, _), .outOfRange(_, let key, _, _), .inapplicable(_, let key, _):
            return key
        }
    }

    /// The message without the kernel's name: for a caller that set the parameter itself and
    /// names it its own way (a command-line option such as --variances).
    public var detail: String {
        switch self {
        case .emptySpec:
            return "empty kernel specification; expected NAME[:key=value,...] with NAME one of "
                + KernelCatalogue.names.joined(separator: ", ")
        case .unknownKernel(let given):
            return "unknown kernel '\(given)'; known kernels: " + KernelCatalogue.names.joined(separator: ", ")
        case .malformedParameter(_, let item):
            return "'\(item)' is not of the form key=value"
        case .unknownKey(_, let key, let allowed):
            return "no parameter '\(key)'; the parameters are: " + allowed.joined(separator: ", ")
        case .duplicateKey(_, let key):
            return "parameter '\(key)' is given more than once"
        case .notANumber(_, let key, let value):
            return "\(key)=\(value) is not a number"
        case .notFinite(_, let key, let value):
            return "\(key)=\(value) is not a finite number"
        case .notAllowed(_, let key, let value, let allowed):
            return "\(key)=\(value) is not allowed; \(key) must be one of " + allowed.joined(separator: ", ")
        case .outOfRange(_, let key, let value, let requirement):
            return "\(key) must be \(requirement), got \(value)"
        case .inapplicable(_, let key, let appliesWhen):
            return "\(key) is a parameter only with \(appliesWhen)"
        }
    }
}
