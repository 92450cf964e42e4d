import Foundation

// The JSON documents of DESIGN.md's command-line contract, decoded with JSONDecoder (which reads
// every real back to the exact Double that was printed). Keys beyond the contract are ignored here;
// the key-set tests read the raw objects.

struct KernelReport: Decodable {
    struct Result: Decodable {
        struct Value: Decodable {
            let t: Double
            let value: Double
        }
        let kernel: String
        let values: [Value]
    }
    let spectra_version: String
    let command: String
    let results: [Result]
}

struct DecayJSON: Decodable {
    struct Entry: Decodable {
        let degree: Int
        /// nil when the multiplicity is an integer too large for Int (printed in full).
        let multiplicity: Int?
        let eigenvalue: Double

        enum CodingKeys: String, CodingKey { case degree, multiplicity, eigenvalue }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            degree = try c.decode(Int.self, forKey: .degree)
            multiplicity = try? c.decode(Int.self, forKey: .multiplicity)
            eigenvalue = try c.decode(Double.self, forKey: .eigenvalue)
        }
    }
    struct Fit: Decodable {
        let exponent: Double
        let prefactor: Double
        let stderr: Double?
        let r2: Double
        let degree_range: [Int]
        let parity: String

        /// Stands in for a null fit so that expectations on it fail instead of trapping.
        static let missing = Fit(exponent: .nan, prefactor: .nan, stderr: nil, r2: .nan, degree_range: [-1, -1],
                                 parity: "none")
    }
    struct Result: Decodable {
        let kernel: String
        let dimension: Int
        let method: String
        let spectrum: [Entry]
        /// null when the default window admits no fit (then `fit_note` says why).
        let fit: Fit?
        let fit_note: String?
        let eigenvalues: [Double]?

        /// The fit, or `Fit.missing` (NaN) when there is none.
        var fitted: Fit { fit ?? .missing }

        /// mu_k by degree.
        func eigenvalue(degree k: Int) -> Double? { spectrum.first { $0.degree == k }?.eigenvalue }
    }
    let spectra_version: String
    let command: String
    let results: [Result]
}

extension SpectraRun {
    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: stdoutData)
    }

    /// Rows of a CSV/TSV output (RFC 4180 quoting: the kernel specs contain commas), header first.
    func delimitedRows(separator: Character = ",") -> [[String]] {
        DelimitedTable.parse(stdout, separator: separator)
    }
}

/// A tidy table read from CSV or TSV: column lookup by name.
struct DelimitedTable {
    let header: [String]
    let rows: [[String]]

    init(_ run: SpectraRun, separator: Character = ",") {
        let all = run.delimitedRows(separator: separator)
        header = all.first ?? []
        rows = Array(all.dropFirst())
    }

    /// RFC 4180: fields in double quotes may hold the separator, quotes (doubled) and newlines.
    static func parse(_ text: String, separator: Character) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" { field.append("\"") } else { quoted = false; pending = after }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == separator {
                row.append(field); field = ""
            } else if c == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    func column(_ name: String) -> [String]? {
        guard let index = header.firstIndex(of: name) else { return nil }
        return rows.map { index < $0.count ? $0[index] : "" }
    }
}

/// |a - b| <= tolerance * max(1, |b|).
func close(_ a: Double, _ b: Double, within tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}
