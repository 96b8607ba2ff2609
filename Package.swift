// swift-tools-version:6.0
import PackageDescription

// Layers import only downward: CBLAS ← SAEKit (engine) ← saescope (executable).
// The render layer (TermKit), the ncurses backend (TermNcurses) and the app (Explorer) join as the explorer is built.
// The model's quantized-block kernels use SIMD8 types: with AVX2 (any x86-64 CPU since 2013) they run 2–4× faster
// than on the SSE2 baseline.
#if arch(x86_64)
let engineSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let engineSettings: [SwiftSetting] = []
#endif

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
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "SAEKit",
            dependencies: ["CBLAS", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: engineSettings
        ),
        .executableTarget(
            name: "saescope",
            dependencies: [
                "SAEKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SAEKitTests", dependencies: ["SAEKit"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
