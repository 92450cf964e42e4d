import ArgumentParser
import Foundation
import SpectraCommandLine
import SpectraKit

/// What a JSON output carries so that its numbers can be traced (README, "Reproducibility"):
/// the version and build of spectra, the command line, the settings the command resolved
/// (defaults included), and each input file by path and SHA-256.
///
/// The build is the SHA-256 of the running executable: it needs no git checkout and no build
/// step of its own, so it is the same whether spectra was built from a clone or a tarball, by
/// scripts/run.sh or by `swift build`, and it changes with any change of source, compiler or
/// flags (SPECTRA_TARGET_CPU included).
enum Provenance {
    /// "VERSION (build sha256:FIRST16)" for --version; VERSION alone if the executable cannot be read.
    static var versionLine: String {
        executableHash.map { "\(SpectraVersion.string) (build sha256:\($0.prefix(16)))" } ?? SpectraVersion.string
    }

    /// SHA-256 of the running executable, nil if it cannot be read.
    static var executableHash: String? {
        let path = FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : Bundle.main.executablePath
        return path.flatMap { FileManager.default.contents(atPath: $0) }.map { SHA256.hexDigest($0) }
    }

    /// The input files named on this command line: option, path and SHA-256 of the content.
    static var inputs: [JSONValue] {
        let check = try? CommandLineCheck(Array(CommandLine.arguments.dropFirst()), root: Spectra.self)
        return (check?.inputFiles ?? []).map { option, path in
            .object([("option", .string(option)), ("path", .string(path)),
                     ("sha256", FileManager.default.contents(atPath: path).map { .string(SHA256.hexDigest($0)) } ?? .null)])
        }
    }

    /// `json` with "build", "inputs" and `settings` after "spectra_version" (first, if it has none).
    static func stamp(_ json: JSONValue, settings: [(key: String, value: JSONValue)]) -> JSONValue {
        guard case .object(var members) = json else { return json }
        let at = (members.firstIndex { $0.key == "spectra_version" } ?? -1) + 1
        let added: [(key: String, value: JSONValue)] = [("build", executableHash.map { .string("sha256:" + $0) } ?? .null),
                                                        ("inputs", .array(inputs))] + settings
        members.insert(contentsOf: added, at: at)
        return .object(members)
    }
}

extension JSONValue {
    /// The text of a command's JSON output, with its provenance (`Provenance.stamp`).
    func serializedWithProvenance(settings: [(key: String, value: JSONValue)] = []) throws -> String {
        try Provenance.stamp(self, settings: settings).serialized()
    }
}
