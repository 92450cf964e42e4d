import Foundation

/// Lists and pairs of numbers as a setting writes them: "3,10,20" (depths, widths, sizes),
/// "-1,0,0.5" (profile arguments t), "25:100" (a degree window), "1.5:0.1,2:0" (variance pairs).
///
/// Syntax only: which values are allowed is the caller's check, and the caller names the
/// setting in its messages (the library parses no command line).
public enum ValueList {
    /// The comma-separated items of `text`, each without surrounding blanks (spaces, tabs).
    /// Empty items are kept ("1,,2" has an empty second item; "" is one empty item) so that the
    /// caller refuses them by name. Postcondition: `count` is the number of commas plus one,
    /// counted as Unicode scalars (see `pieces`), and the items joined back with commas give
    /// the same items.
    public static func items(_ text: String) -> [String] {
        pieces(of: text, at: ",").map(trimmingBlanks)
    }

    /// "A:B" with two integers written without blanks (a degree window), else nil.
    /// Whether A < B is the caller's check.
    public static func integerPair(_ text: String) -> (Int, Int)? {
        let parts = pieces(of: text, at: ":")
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        return (a, b)
    }

    /// "P:Q" with two finite reals, blanks around each allowed, else nil (NaN and infinities
    /// are nil, like text that is not a number).
    public static func realPair(_ text: String) -> (Double, Double)? {
        let parts = pieces(of: text, at: ":").map(trimmingBlanks)
        guard parts.count == 2, let p = Double(parts[0]), let q = Double(parts[1]), p.isFinite, q.isFinite else { return nil }
        return (p, q)
    }

    /// `text` cut at every `separator`, empty pieces kept. The cut is made between Unicode
    /// scalars, not Swift Characters: a comma followed by a combining mark (",\u{331}") is one
    /// Character, so a Character split would not cut there, and an item that begins with a
    /// combining mark would fuse with the comma put before it when the items are joined back.
    private static func pieces(of text: String, at separator: Unicode.Scalar) -> [String] {
        text.unicodeScalars.split(separator: separator, omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// `piece` without leading and trailing blanks, removed scalar by scalar (a blank followed by a
    /// combining mark loses the blank and keeps the mark).
    private static func trimmingBlanks(_ piece: String) -> String {
        let scalars = piece.unicodeScalars
        guard let first = scalars.firstIndex(where: { !CharacterSet.whitespaces.contains($0) }),
              let last = scalars.lastIndex(where: { !CharacterSet.whitespaces.contains($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }
}
