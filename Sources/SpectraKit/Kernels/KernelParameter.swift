/// One parameter of a catalogue kernel with its value, as it appears in a canonical spec
/// string (`key=value`) and in JSON output.
public struct KernelParameter: Sendable, Hashable, CustomStringConvertible {
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case real(Double)
        case integer(Int)
        case flag(Bool)
        case word(String)

        /// The spec-string form: integral reals without a fraction ("2", not "2.0"), others
        /// as Swift's shortest round-tripping decimal ("0.25", "1e-05").
        public var description: String {
            switch self {
            case .real(let x): return KernelParameter.format(x)
            case .integer(let n): return String(n)
            case .flag(let b): return b ? "true" : "false"
            case .word(let w): return w
            }
        }
    }

    public let key: String
    public let value: Value

    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }

    /// `key=value`.
    public var description: String { "\(key)=\(value)" }

    /// Shortest decimal that reads back to exactly `x`; integral values without ".0".
    /// Swift's description writes magnitudes up to 2^53 positionally, integral ones with ".0",
    /// and larger ones with an exponent ("1e+16"), so integers up to 2^53 (all exact) print as
    /// integers.
    static func format(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x == x.rounded(), Swift.abs(x) <= 0x1p53 { return String(Int(x)) }
        return "\(x)"
    }
}
