/// Text measures and escapes shared by the renderers: widths are estimates for a sans-serif
/// face (DejaVu Sans, Helvetica), good to about 10%, used to keep labels from overlapping.
enum FigureText {
    /// Estimated advance width of `text` at `size` px.
    static func width(_ text: String, size: Double) -> Double {
        text.reduce(0) { $0 + advance($1) } * size
    }

    /// Advance widths in em of DejaVu Sans (units of 2048), the face Debian's Chromium uses for
    /// the font list; Helvetica and Arial are narrower, so estimates err on the wide side.
    static func advance(_ c: Character) -> Double {
        switch c {
        case "i", "l", "j": return 0.28
        case ".", ",", ":", ";", "'", "!", "|", " ": return 0.33
        case "f", "/": return 0.35
        case "t", "-", "(", ")", "[", "]": return 0.39
        case "r": return 0.41
        case "_", "ε": return 0.52
        case "s", "c", "z": return 0.55
        case "m": return 0.98
        case "w": return 0.82
        case "=", "+", "<", ">", "~", "\u{2212}", "\u{00B1}": return 0.84
        case "0"..."9", "μ": return 0.64
        default: return c.isUppercase ? 0.74 : 0.62
        }
    }

    /// `text` with XML's five special characters escaped.
    static func xml(_ text: String) -> String {
        replacing(text) { c in
            switch c {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&apos;"
            default: return nil
            }
        }
    }

    /// `text` safe in LaTeX text mode (the ten special characters, and the Unicode this code
    /// writes into labels).
    static func tex(_ text: String) -> String {
        replacing(text) { c in
            switch c {
            case "\\": return "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": return "\\" + String(c)
            case "~": return "\\textasciitilde{}"
            case "^": return "\\textasciicircum{}"
            case "\u{2212}": return "$-$"
            case "\u{00B1}": return "$\\pm$"
            case "μ": return "$\\mu$"
            case "ε": return "$\\varepsilon$"
            case "χ": return "$\\chi$"
            case "<", ">": return "$" + String(c) + "$"
            case "σ": return "$\\sigma$"
            case "\u{2080}"..."\u{2089}": return "$_\(c.unicodeScalars.first.map { $0.value - 0x2080 } ?? 0)$"
            default: return nil
            }
        }
    }

    /// `text` with each character that `replacement` maps replaced by its image.
    static func replacing(_ text: String, _ replacement: (Character) -> String?) -> String {
        text.reduce(into: "") { out, c in
            if let r = replacement(c) { out += r } else { out.append(c) }
        }
    }
}
