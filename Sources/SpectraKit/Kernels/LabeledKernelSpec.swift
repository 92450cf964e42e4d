/// How a kernel is named for people: by the shortest spec that parses back to it, or by a label
/// the user gave as `--kernel 'LABEL=SPEC'` (docs/kernels.md#labels).
///
/// A label can never be read as a spec, nor a spec as a label: a label is the text before the
/// first `=` when no `:` comes before that `=` (a spec's first `=` always follows its `:`), it is
/// not a catalogue name, and it holds none of `: , =`.
extension CatalogueKernel {
    /// The shortest spec that parses back to this kernel: its name and only the parameters whose
    /// value differs from what the spec without them gives (`ntk:depth=3`, `laplace`,
    /// `ntk:weight_var=3` whose input_var follows weight_var by default).
    ///
    /// Each parameter of the canonical spec, in canonical order, is left out when the spec
    /// without it still names the same kernel; so no parameter that remains can be left out on
    /// its own.
    public var shortestSpec: String {
        var kept = parameters
        var i = 0
        while i < kept.count {
            var without = kept
            without.remove(at: i)
            if let parsed = try? KernelSpec.parse(Self.spec(name, without)), parsed.canonical == canonicalSpec {
                kept = without
            } else {
                i += 1
            }
        }
        return Self.spec(name, kept)
    }

    private static func spec(_ name: String, _ parameters: [KernelParameter]) -> String {
        parameters.isEmpty ? name : name + ":" + parameters.map(\.description).joined(separator: ",")
    }
}

/// A kernel spec as `--kernel` takes it: `SPEC`, or `LABEL=SPEC` to name the kernel `LABEL` in
/// the human formats (table, Markdown, LaTeX) while the machine formats keep the canonical spec.
public struct LabeledKernelSpec: Sendable {
    public let spec: KernelSpec
    /// The label given, nil when none was.
    public let label: String?

    /// The name the human formats print: the label, else the shortest spec.
    public var displayName: String { label ?? spec.kernel.shortestSpec }

    public init(spec: KernelSpec, label: String?) {
        self.spec = spec
        self.label = label
    }

    /// Parses `LABEL=SPEC` or `SPEC`; the label is checked by `validateLabel`.
    public init(parsing text: String) throws(KernelLabelError) {
        let (label, specText) = Self.split(text)
        if let label { try Self.validateLabel(label) }
        do { spec = try KernelSpec.parse(specText) } catch { throw .spec(error) }
        self.label = label
    }

    // MARK: The rules of labels

    /// At most this many characters.
    public static let maximumLabelLength = 40

    /// The characters a label may hold besides ASCII letters and digits.
    public static let labelPunctuation: Set<Character> = ["_", "-", ".", "+", "(", ")", "[", "]", "/", "^", "*", " "]

    /// The label and the spec of `LABEL=SPEC`; (nil, text) when the text has no `=` before its
    /// first `:` (then it is a spec alone).
    public static func split(_ text: String) -> (label: String?, spec: String) {
        guard let eq = text.firstIndex(of: "=") else { return (nil, text) }
        if let colon = text.firstIndex(of: ":"), colon < eq { return (nil, text) }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
    }

    /// A label is 1 to `maximumLabelLength` characters: ASCII letters, digits and `labelPunctuation`, with
    /// at least one letter or digit, no blank at either end, and not a catalogue name (which
    /// would read as a different kernel's spec).
    public static func validateLabel(_ label: String) throws(KernelLabelError) {
        guard !label.isEmpty else { throw .invalid(label: label, reason: "it is empty") }
        guard label.count <= maximumLabelLength else {
            throw .invalid(label: label, reason: "it has \(label.count) characters, at most \(maximumLabelLength) are allowed")
        }
        if let bad = label.first(where: { !(($0.isASCII && ($0.isLetter || $0.isNumber)) || labelPunctuation.contains($0)) }) {
            throw .invalid(label: label, reason: "'\(bad)' is not allowed; a label holds letters, digits and "
                + labelPunctuation.sorted().map { $0 == " " ? "blank" : String($0) }.joined(separator: " "))
        }
        guard label.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw .invalid(label: label, reason: "it needs at least one letter or digit")
        }
        guard label.first != " ", label.last != " " else {
            throw .invalid(label: label, reason: "it begins or ends with a blank")
        }
        guard !KernelCatalogue.names.contains(label.lowercased()) else {
            throw .invalid(label: label, reason: "it is the name of a catalogue kernel, which names a different kernel as a spec")
        }
    }

    /// Checks a command's list of kernels: no label twice, and no kernel twice when one of its
    /// copies is labelled (a kernel's rows could then not be told apart in the machine formats).
    public static func checkDistinct(_ kernels: [(text: String, kernel: LabeledKernelSpec)]) throws(KernelLabelError) {
        for (i, a) in kernels.enumerated() {
            for b in kernels[..<i] {
                if let label = a.kernel.label, label == b.kernel.label {
                    throw .duplicateLabel(label: label, first: b.text, second: a.text)
                }
                if a.kernel.label != nil || b.kernel.label != nil, a.kernel.spec == b.kernel.spec {
                    throw .duplicateKernel(canonical: a.kernel.spec.canonical, first: b.text, second: a.text)
                }
            }
        }
    }
}

/// Why a `--kernel LABEL=SPEC` was refused.
public enum KernelLabelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The label breaks a rule of `LabeledKernelSpec.validateLabel`.
    case invalid(label: String, reason: String)
    /// The spec after the label is wrong.
    case spec(KernelSpecError)
    /// Two kernels carry the same label.
    case duplicateLabel(label: String, first: String, second: String)
    /// The same kernel twice, at least once labelled.
    case duplicateKernel(canonical: String, first: String, second: String)

    public var description: String {
        switch self {
        case let .invalid(label, reason):
            return "kernel label '\(label)' is not allowed: \(reason) (write --kernel 'LABEL=SPEC', e.g. 'NTK-3=ntk:depth=3')"
        case let .spec(error): return error.description
        case let .duplicateLabel(label, first, second):
            return "kernel label '\(label)' is given twice (--kernel \(first) and --kernel \(second)); each label names one kernel"
        case let .duplicateKernel(canonical, first, second):
            return "--kernel \(first) and --kernel \(second) are the same kernel (\(canonical)); give it once"
        }
    }
}
