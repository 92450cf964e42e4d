// swift-tools-version:6.0
import PackageDescription

// Numerical kernels rely on hardware fused multiply-add (double-double arithmetic) and on
// SIMD code generation; the package is always built from source on the machine that runs it.
let nativeCPU: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]

let package = Package(
    name: "spectra",
    products: [
        .executable(name: "spectra", targets: ["SpectraCommand"]),
        .library(name: "SpectraKit", targets: ["SpectraKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        .target(
            name: "SpectraKit",
            dependencies: ["CLapack", "CFFTW"],
            // Each layer's README (what it holds, what it may import) is documentation, not a resource.
            exclude: ["Analyses/README.md", "Kernels/README.md", "LinearAlgebra/README.md",
                      "Output/README.md", "Precision/README.md", "Sphere/README.md"],
            swiftSettings: nativeCPU
        ),
        .executableTarget(
            name: "SpectraCommand",
            dependencies: [
                "SpectraKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: nativeCPU
        ),
        .testTarget(
            name: "SpectraKitTests",
            dependencies: ["SpectraKit"],
            swiftSettings: nativeCPU
        ),
        .testTarget(
            name: "SpectraCommandTests",
            dependencies: ["SpectraKit"],
            swiftSettings: nativeCPU
        ),
    ]
)
