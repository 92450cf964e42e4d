/// A kernel specification `NAME[:key=value,...]` (DESIGN.md, command-line contract), parsed
/// and validated into a catalogue kernel.
///
/// Names and keys are case-insensitive, blanks around items are ignored; values keep their
/// case (`activation=relu`, `normalize=true`). The spec remembers which parameters were given
/// explicitly, so that shorthand options (`--depth 3`) can fill in the others.
public struct KernelSpec: Sendable, CustomStringConvertible, Equatable {
    /// The catalogue name.
    public let name: String
    /// The parameters as given, in the order given (lower-case keys, raw values).
    public let given: [(key: String, value: String)]
    /// The kernel, with every default filled in.
    public let kernel: any CatalogueKernel

    /// Parses and validates `text`; throws a `KernelSpecError` naming what is wrong.
    public init(parsing text: String) throws(KernelSpecError) {
        let trimmed = KernelSpec.trim(Substring(text))
        guard !trimmed.isEmpty else { throw .emptySpec }
        let (namePart, rest) = KernelSpec.split(trimmed)
        let name = KernelSpec.trim(namePart).lowercased()
        guard KernelCatalogue.names.contains(name) else {
            throw .unknownKernel(given: String(KernelSpec.trim(namePart)))
        }
        var given: [(key: String, value: String)] = []
        if let rest {
            for item in rest.split(separator: ",", omittingEmptySubsequences: false) {
                let item = KernelSpec.trim(item)
                guard let eq = item.firstIndex(of: "=") else {
                    throw .malformedParameter(kernel: name, item: String(item))
                }
                let key = KernelSpec.trim(item[..<eq]).lowercased()
                let value = String(KernelSpec.trim(item[item.index(after: eq)...]))
                guard !key.isEmpty, !value.isEmpty else { throw .malformedParameter(kernel: name, item: String(item)) }
                given.append((key, value))
            }
        }
        try self.init(name: name, given: given)
    }

    /// Validates `given` against the kernel `name` (already lower-case and known).
    init(name: String, given: [(key: String, value: String)]) throws(KernelSpecError) {
        let allowed = KernelCatalogue.keys(of: name)
        var values: [String: String] = [:]
        for (key, value) in given {
            guard allowed.contains(key) else { throw .unknownKey(kernel: name, key: key, allowed: allowed) }
            guard values[key] == nil else { throw .duplicateKey(kernel: name, key: key) }
            values[key] = value
        }
        self.name = name
        self.given = given
        self.kernel = try KernelCatalogue.make(name: name, values: values)
    }

    /// Same as `init(parsing:)`.
    public static func parse(_ text: String) throws(KernelSpecError) -> KernelSpec {
        try KernelSpec(parsing: text)
    }

    /// The kernel's canonical spec: name and every parameter (defaults included) in a stable order.
    public var canonical: String { kernel.canonicalSpec }

    public var description: String { canonical }

    /// Two specs are equal when they name the same kernel (same canonical string), however written.
    public static func == (lhs: KernelSpec, rhs: KernelSpec) -> Bool { lhs.canonical == rhs.canonical }

    /// The network kernel, for evaluation off the sphere (nil for the other kernels).
    public var networkKernel: NetworkKernel? { kernel as? NetworkKernel }

    /// Whether this kernel has a parameter `key` (e.g. "depth" for ntk and nngp only).
    public func accepts(_ key: String) -> Bool {
        KernelCatalogue.keys(of: name).contains(key.lowercased())
    }

    /// This spec with `key=value` set, for shorthand options such as `--depth 3`.
    ///
    /// A kernel without that parameter is returned unchanged. A parameter given explicitly in
    /// the spec wins unless `overridingExplicit` is true. The value is validated as if it had
    /// been written in the spec.
    public func setting(_ key: String, to value: String, overridingExplicit: Bool = false) throws(KernelSpecError)
        -> KernelSpec
    {
        let key = key.lowercased()
        guard accepts(key) else { return self }
        if given.contains(where: { $0.key == key }) {
            guard overridingExplicit else { return self }
            return try KernelSpec(name: name, given: given.map { $0.key == key ? (key, value) : $0 })
        }
        return try KernelSpec(name: name, given: given + [(key, value)])
    }

    /// `NAME` and the text after the first ':' (nil when there is no ':').
    private static func split(_ s: Substring) -> (Substring, Substring?) {
        guard let colon = s.firstIndex(of: ":") else { return (s, nil) }
        return (s[..<colon], s[s.index(after: colon)...])
    }

    private static func trim(_ s: Substring) -> Substring {
        var s = s
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
