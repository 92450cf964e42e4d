/// A JSON document built by a command (DESIGN.md keys), serialized deterministically.
///
/// Objects keep their keys in the order given, so the same result always prints the same bytes.
/// Numbers are typed: `integer` and `bigInteger` print their digits, `real` prints the shortest
/// decimal that reads back to the same Double (`1e-300`, `0.1`, `-0.0`, `5e-324`; integral reals
/// keep a `.0`, so readers see a float). JSON has no NaN or infinity: serializing a non-finite
/// real throws `JSONEncodingError.nonFiniteReal` naming its path, rather than printing an
/// invalid or misleading token; a caller that means "no value" says `.null`.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case bigInteger(DecimalInteger)
    case real(Double)
    case string(String)
    case array([JSONValue])
    /// Members in order; keys must be distinct (checked when serializing).
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.integer(x), .integer(y)): return x == y
        case let (.bigInteger(x), .bigInteger(y)): return x == y
        // Bitwise, so that -0.0 != 0.0 and a NaN equals itself: "same document" equality.
        case let (.real(x), .real(y)): return x.bitPattern == y.bitPattern
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value of `key` in an object (first occurrence), `nil` otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

extension JSONValue {
    /// A table as an array of row objects, keys in column order; missing cells are `null`.
    public init(_ table: Table) {
        self = .array(table.rows.map { row in
            .object(zip(table.columns, row).map { (key: $0, value: JSONValue($1)) })
        })
    }

    /// One table cell; the trustworthy-digit hint of a real is dropped (JSON carries every bit).
    public init(_ cell: TableCell) {
        switch cell {
        case .text(let s): self = .string(s)
        case .integer(let n): self = .integer(n)
        case .bigInteger(let n): self = .bigInteger(n)
        case .real(let x, _): self = .real(x)
        case .boolean(let b): self = .bool(b)
        case .missing: self = .null
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Keeps the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }
}
