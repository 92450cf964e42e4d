// swift-tools-version:5.4
import PackageDescription

// libFuzzer targets for every parser a user's text reaches (scripts/fuzz.sh builds and runs
// them). A package of its own, depending on spectra by path: the main package and its build
// stay untouched, and only this package is built with -sanitize=fuzzer,address (coverage
// instrumentation, AddressSanitizer and libFuzzer with its main) and -parse-as-library; each
// target defines LLVMFuzzerTestOneInput. Tools version 5.4 on purpose: from 5.5 SwiftPM links an
// executable's main under another name (main=<module>_main), which a libFuzzer target lacks.

// One executable per parser: (target name, folder under Sources/).
let parsers = [("fuzz-kernel-spec", "KernelSpec"), ("fuzz-point-set", "PointSet"), ("fuzz-labeled-data", "LabeledData"),
               ("fuzz-value-list", "ValueList"), ("fuzz-zonal-target", "ZonalTarget"), ("fuzz-study-file", "StudyFile")]

let package = Package(
    name: "spectra-fuzz",
    dependencies: [
        .package(name: "spectra", path: ".."),
    ],
    targets: [
        // Invariant checks shared by the targets: a failed check traps, which libFuzzer
        // records as a crash with the input that caused it.
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
    ] + parsers.map { name, folder in
        .executableTarget(name: name, dependencies: [.product(name: "SpectraKit", package: "spectra"), "FuzzSupport"],
                          path: "Sources/" + folder)
    }
)
