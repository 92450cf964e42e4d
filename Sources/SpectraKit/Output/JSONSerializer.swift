/// Why a `JSONValue` could not be written as valid JSON; the path is JSONPath-like
/// (`$.results[0].spectrum[3].eigenvalue`).
public enum JSONEncodingError: Error, Equatable, CustomStringConvertible {
    /// A real that is NaN or infinite (`value` is `nan`, `inf` or `-inf`).
    case nonFiniteReal(value: String, path: String)
    /// The same key twice in one object.
    case duplicateKey(String, path: String)

    public var description: String {
        switch self {
        case let .nonFiniteReal(value, path):
            return "JSON has no \(value): the real at \(path) is not finite"
        case let .duplicateKey(key, path):
            return "key '\(key)' appears twice in the object at \(path)"
        }
    }
}

extension JSONValue {
    public enum Style: Sendable {
        /// Two-space indent, one member or element per line, `"key": value`.
        case pretty
        /// No whitespace at all.
        case compact
    }

    /// The document as JSON text (RFC 8259), without a trailing newline. Deterministic: the
    /// same value gives the same bytes. Strings are UTF-8 with `"`, `\` and control characters
    /// escaped (`\n`, `\t`, ... or `\u00XX`; also U+2028 and U+2029 for JavaScript's sake).
    public func serialized(_ style: Style = .pretty) throws(JSONEncodingError) -> String {
        var out = ""
        try write(into: &out, style: style, depth: 0, path: "$")
        return out
    }

    private func write(into out: inout String, style: Style, depth: Int, path: String) throws(JSONEncodingError) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let n): out += String(n)
        case .bigInteger(let n): out += n.digits
        case .real(let x):
            if let word = NumberFormatting.nonFiniteWord(x) { throw .nonFiniteReal(value: word, path: path) }
            out += x.description
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                JSONValue.newline(into: &out, style: style, depth: depth + 1)
                try element.write(into: &out, style: style, depth: depth + 1, path: path + "[\(i)]")
            }
            JSONValue.newline(into: &out, style: style, depth: depth)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            var seen = Set<String>()
            out += "{"
            for (i, member) in members.enumerated() {
                guard seen.insert(member.key).inserted else { throw .duplicateKey(member.key, path: path) }
                if i > 0 { out += "," }
                JSONValue.newline(into: &out, style: style, depth: depth + 1)
                JSONValue.writeString(member.key, into: &out)
                out += style == .pretty ? ": " : ":"
                try member.value.write(into: &out, style: style, depth: depth + 1, path: path + "." + member.key)
            }
            JSONValue.newline(into: &out, style: style, depth: depth)
            out += "}"
        }
    }

    private static func newline(into out: inout String, style: Style, depth: Int) {
        guard style == .pretty else { return }
        out += "\n" + String(repeating: "  ", count: depth)
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20 || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
