import Foundation

/// Lists and pairs of numbers as a setting writes them: "3,10,20" (depths, widths, sizes),
/// "-1,0,0.5" (profile arguments t), "25:100" (a degree window), "1.5:0.1,2:0" (variance pairs).
///
/// Syntax only: which values are allowed is the caller's check, and the caller names the
/// setting in its messages (the library parses no command line).
public enum ValueList {
    /// The comma-separated items of `text`, each without surrounding blanks (spaces, tabs).
    /// Empty items are kept ("1,,2" has an empty second item; "" is one empty item) so that the
    /// caller refuses them by name. Postcondition: `count` is the number of commas plus one.
    public static func items(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// "A:B" with two integers written without blanks (a degree window), else nil.
    /// Whether A < B is the caller's check.
    public static func integerPair(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        return (a, b)
    }

    /// "P:Q" with two finite reals, blanks around each allowed, else nil (NaN and infinities
    /// are nil, like text that is not a number).
    public static func realPair(_ text: String) -> (Double, Double)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let p = Double(parts[0]), let q = Double(parts[1]), p.isFinite, q.isFinite else { return nil }
        return (p, q)
    }
}
