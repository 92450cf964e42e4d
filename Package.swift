// swift-tools-version:6.0
import PackageDescription

// Code generation for a CPU. The default is portable across one architecture's machines (a cluster's
// nodes differ): on x86_64 `haswell`, i.e. any x86-64 CPU with AVX2 and hardware fused multiply-add
// (Intel since 2013, AMD since 2015), which the double-double arithmetic needs to be fast (without it
// fma is a library call and the analytic path runs 12x slower); elsewhere the toolchain's baseline.
// A local build may ask for this machine's CPU with SPECTRA_TARGET_CPU=native (measured 1.2x faster on
// the analytic path here), or name another (`none` for the baseline); see README, "Build options".
#if arch(x86_64)
let portableCPU: String? = "haswell"
#else
let portableCPU: String? = nil
#endif
let requestedCPU = Context.environment["SPECTRA_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 }
let targetCPU = requestedCPU == "none" ? nil : (requestedCPU ?? portableCPU)
let cpuSettings: [SwiftSetting] = targetCPU.map { [.unsafeFlags(["-target-cpu", $0])] } ?? []
// The C kernel of the Gram assembly: the same CPU, and no fused multiply-add contraction, so that
// its arithmetic is exactly the Swift code's it mirrors (see Sources/CGramKernel).
let kernelCSettings: [CSetting] = [.unsafeFlags(["-ffp-contract=off"] + (targetCPU.map { ["-march=\($0)"] } ?? []))]

let package = Package(
    name: "spectra",
    products: [
        .executable(name: "spectra", targets: ["SpectraCommand"]),
        .library(name: "SpectraKit", targets: ["SpectraKit"]),
        // The raw-argument checks that spectra and spectra-mpi (MPI/) share.
        .library(name: "SpectraCommandLine", targets: ["SpectraCommandLine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Study files (analyses/*.toml): a TOML 1.0 parser with line and column in its errors.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Documentation only: `swift package generate-documentation` (scripts/docs.sh). It adds a
        // command plugin and links into no product.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // cblas + LAPACKE from OpenBLAS, found through pkg-config.
        .systemLibrary(
            name: "CLapack",
            path: "Sources/CLapack",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        // FFTW3 (double precision), found through pkg-config: transforms along rings of
        // structured point sets on the sphere.
        .systemLibrary(
            name: "CFFTW",
            path: "Sources/CFFTW",
            pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]
        ),
        // The Gram assembly's inner loop (a zonal interpolant on runs of inner products) in C,
        // where the compiler gives it vector square roots, minima and conversions.
        .target(name: "CGramKernel", path: "Sources/CGramKernel", cSettings: kernelCSettings),
        .target(
            name: "SpectraKit",
            dependencies: ["CLapack", "CFFTW", "CGramKernel", .product(name: "TOMLKit", package: "TOMLKit")],
            // Each layer's README (what it holds, what it may import) is documentation, not a resource.
            exclude: ["Analyses/README.md", "Kernels/README.md", "LinearAlgebra/README.md",
                      "Output/README.md", "Output/Figures/README.md", "Precision/README.md",
                      "Sphere/README.md", "Studies/README.md"],
            swiftSettings: cpuSettings
        ),
        // Checks of the raw command line before the argument parser sees it (negative numbers
        // as values, options given twice, unknown command words, input and output paths) and of
        // an output path before any work.
        .target(
            name: "SpectraCommandLine",
            dependencies: ["SpectraKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: cpuSettings
        ),
        .executableTarget(
            name: "SpectraCommand",
            dependencies: [
                "SpectraKit",
                "SpectraCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: cpuSettings
        ),
        .testTarget(
            name: "SpectraKitTests",
            dependencies: ["SpectraKit"],
            swiftSettings: cpuSettings
        ),
        .testTarget(
            name: "SpectraCommandTests",
            dependencies: ["SpectraKit"],
            swiftSettings: cpuSettings
        ),
    ]
)
