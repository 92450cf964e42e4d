import Foundation
import Testing
@testable import SpectraKit

extension OutputTests {
    @Suite struct JSONValueTests {
        static let awkwardReals: [Double] = [
            1e-300, 0.1, 1.0 / 3.0, -0.0, .leastNonzeroMagnitude, Double(123456789012345678 as Int64),
            0x1p-1022, .greatestFiniteMagnitude, 100, -2.5e-17,
        ]

        /// The shape of DESIGN.md's `decay` output, with awkward values in it.
        static let document: JSONValue = [
            "version": "0.1.0",
            "command": "spectra decay --kernel \"ntk:depth=3\"\t\\ µ ∝ 😀 \u{01}\u{1F}\u{2028}",
            "results": [[
                "kernel": "ntk",
                "dimension": 3,
                "spectrum": [["degree": 4000, "multiplicity": .bigInteger(DecimalInteger("123456789012345678901234567890")!), "eigenvalue": 1.5e-11]],
                "fit": ["exponent": 3.0, "degree_range": [1000, 4000], "parity": "all", "stderr": nil, "converged": true],
                "eigenvalues": .array(awkwardReals.map(JSONValue.real)),
                "empty_array": [], "empty_object": [:],
            ]],
        ]

        @Test(arguments: [JSONValue.Style.pretty, .compact])
        func foundationParsesTheOutputToTheSameStructure(style: JSONValue.Style) throws {
            let text = try Self.document.serialized(style)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(parsed["command"] as? String == Self.document["command"].flatMap { if case .string(let s) = $0 { s } else { nil } })
            let result = try #require((parsed["results"] as? [Any])?.first as? [String: Any])
            #expect(result["dimension"] as? Int == 3)
            let fit = try #require(result["fit"] as? [String: Any])
            #expect(fit["stderr"] is NSNull)
            #expect(fit["converged"] as? Bool == true)
            #expect(fit["degree_range"] as? [Int] == [1000, 4000])
            #expect((result["empty_array"] as? [Any])?.isEmpty == true)
            #expect((result["empty_object"] as? [String: Any])?.isEmpty == true)
            let eigenvalues = try #require(result["eigenvalues"] as? [NSNumber])
            #expect(eigenvalues.map { $0.doubleValue.bitPattern } == Self.awkwardReals.map(\.bitPattern))
        }

        @Test func realsReadBackBitForBitThroughDoubleOfTheirText() throws {
            let text = try JSONValue.array(Self.awkwardReals.map(JSONValue.real)).serialized(.compact)
            let tokens = text.dropFirst().dropLast().split(separator: ",").map(String.init)
            #expect(tokens.count == Self.awkwardReals.count)
            for (token, x) in zip(tokens, Self.awkwardReals) {
                #expect(Double(token)?.bitPattern == x.bitPattern, "\(x) printed as \(token)")
            }
            #expect(tokens.contains("-0.0") && tokens.contains("100.0"), "integral reals keep their point")
        }

        @Test func bigIntegersArePrintedAsRawDigits() throws {
            let text = try Self.document.serialized(.compact)
            #expect(text.contains("\"multiplicity\":123456789012345678901234567890,"))
        }

        @Test func prettyStyleIsTwoSpaceIndentedInKeyOrder() throws {
            let value: JSONValue = ["z": 1, "a": [true, nil], "m": [:]]
            #expect(try value.serialized(.pretty) == "{\n  \"z\": 1,\n  \"a\": [\n    true,\n    null\n  ],\n  \"m\": {}\n}")
            #expect(try value.serialized(.compact) == "{\"z\":1,\"a\":[true,null],\"m\":{}}")
        }

        @Test func stringsEscapeQuotesBackslashesAndControlCharacters() throws {
            let value = JSONValue.string("\"\\\n\r\t\u{08}\u{0C}\u{00}\u{1F}\u{2028}/é😀")
            #expect(try value.serialized() == #""\"\\\n\r\t\b\f\u0000\u001f\u2028/é😀""#)
            let back = try JSONSerialization.jsonObject(with: Data(try value.serialized().utf8), options: .fragmentsAllowed)
            #expect(back as? String == "\"\\\n\r\t\u{08}\u{0C}\u{00}\u{1F}\u{2028}/é😀")
        }

        @Test func nonFiniteRealsThrowNamingTheirPath() {
            let value: JSONValue = ["results": [["eigenvalues": [1.0, .real(.nan)]]]]
            #expect(throws: JSONEncodingError.nonFiniteReal(value: "nan", path: "$.results[0].eigenvalues[1]")) {
                try value.serialized()
            }
            #expect(throws: JSONEncodingError.nonFiniteReal(value: "-inf", path: "$")) {
                try JSONValue.real(-.infinity).serialized()
            }
        }

        @Test func duplicateKeysThrow() {
            let value = JSONValue.object([(key: "a", value: 1), (key: "a", value: 2)])
            #expect(throws: JSONEncodingError.duplicateKey("a", path: "$")) { try value.serialized() }
        }

        @Test func aTableBecomesAnArrayOfRowObjects() throws {
            let table = try Table(columns: ["kernel", "value"], rows: [[.text("ntk"), .real(0.5, significantDigits: 2)], [.text("rbf"), .missing]])
            #expect(JSONValue(table) == [["kernel": "ntk", "value": 0.5], ["kernel": "rbf", "value": nil]])
            #expect(try TableFormat.json.render(table).hasSuffix("}\n]\n"))
        }
    }
}
