// swift-tools-version:6.0
import PackageDescription

// Layers import only downward: CBLAS, CKernels ← SAEKit (engine); TermKit (render layer) ← TermNcurses (backend, with CNcursesW);
// SAEKit + TermKit ← Explorer (the app); everything ← saescope (the executable).

// No CPU flags anywhere, so that the package builds on any x86-64 or arm64 and can be a dependency: the engine's hot
// loops have AVX2 versions in CKernels (a function attribute compiles each for AVX2, FMA and F16C), chosen at start-up
// where the CPU has them, and portable Swift SIMD versions everywhere else (KernelPath).

let package = Package(
    name: "saescope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "saescope", targets: ["saescope"]),
        .library(name: "SAEKit", targets: ["SAEKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "SAEKit",
            dependencies: [
                "CBLAS",
                "CKernels",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(name: "CKernels"),
        .executableTarget(
            name: "saescope",
            dependencies: [
                "SAEKit",
                "Explorer",
                "TermKit",
                "TermNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TermKit"),
        .systemLibrary(
            name: "CNcursesW",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "TermNcurses", dependencies: ["TermKit", "CNcursesW"]),
        .target(name: "Explorer", dependencies: ["SAEKit", "TermKit"]),
        // The file readers under libFuzzer (scripts/fuzz builds it with -sanitize=fuzzer,address).
        .target(name: "CFuzzDriver"),
        .executableTarget(name: "saescope-fuzz", dependencies: ["CFuzzDriver", "SAEKit", "Explorer", "TermKit"], path: "Sources/SAEFuzz"),
        .testTarget(name: "SAEKitTests", dependencies: ["SAEKit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["saescope", "SAEKit", "Explorer", "TermKit"]),
        .testTarget(name: "TermKitTests", dependencies: ["TermKit"]),
        .testTarget(name: "TermNcursesTests", dependencies: ["TermNcurses", "CNcursesW", "TermKit"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "SAEKit", "TermKit"], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
