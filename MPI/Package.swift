// swift-tools-version:6.0
import PackageDescription

// spectra-mpi: Gram spectra across machines (docs/distributed.md). A package of its own that
// depends on spectra by path, like Fuzz/: the main package, its build and its two install
// commands stay exactly as they are for one-machine users, and only this package needs MPI,
// ScaLAPACK and ELPA (scripts/mpi/install-deps.sh installs them from Debian).

// Same code generation as the main package (see its Package.swift): haswell on x86_64 unless
// SPECTRA_TARGET_CPU says otherwise.
#if arch(x86_64)
let portableCPU: String? = "haswell"
#else
let portableCPU: String? = nil
#endif
let requestedCPU = Context.environment["SPECTRA_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 }
let targetCPU = requestedCPU == "none" ? nil : (requestedCPU ?? portableCPU)
let cpuSettings: [SwiftSetting] = targetCPU.map { [.unsafeFlags(["-target-cpu", $0])] } ?? []

let package = Package(
    name: "spectra-mpi",
    products: [
        .executable(name: "spectra-mpi", targets: ["SpectraMPI"]),
    ],
    dependencies: [
        .package(name: "spectra", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Open MPI's C interface (Debian: libopenmpi-dev), through pkg-config.
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
                       providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
        // BLACS + ScaLAPACK (libscalapack-openmpi-dev) and ELPA (libelpa-dev), declared in shim.h.
        .systemLibrary(name: "CScaLAPACK", path: "Sources/CScaLAPACK",
                       providers: [.apt(["libscalapack-openmpi-dev", "libelpa-dev"])]),
        .target(name: "SpectraDistributed",
                dependencies: ["CMPI", "CScaLAPACK", .product(name: "SpectraKit", package: "spectra")],
                swiftSettings: cpuSettings),
        .executableTarget(name: "SpectraMPI",
                          dependencies: ["SpectraDistributed", .product(name: "SpectraKit", package: "spectra"),
                                         .product(name: "SpectraCommandLine", package: "spectra"),
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: cpuSettings),
        .testTarget(name: "SpectraDistributedTests",
                    dependencies: ["SpectraDistributed", .product(name: "SpectraKit", package: "spectra")],
                    swiftSettings: cpuSettings),
    ]
)
