import CKernels
import Foundation

/// Which implementation of the engine's SIMD kernels runs: the AVX2 ones in CKernels (compiled for AVX2, FMA and F16C
/// by a function attribute, not a flag) where the CPU has them, the portable Swift SIMD ones everywhere else, so that
/// one binary built with a plain `swift build` is both portable and fast.
public enum KernelPath: Sendable, CustomStringConvertible {
    /// Swift's SIMD types compiled for the baseline CPU (SSE2 on x86-64, NEON on arm64).
    case portable
    /// The C kernels for x86-64 with AVX2, FMA and F16C.
    case avx2

    /// Whether this CPU has AVX2, FMA and F16C, whatever the environment says (checked once).
    public static let cpuHasAVX2 = saescope_kernels_avx2() != 0

    /// The one value `SAESCOPE_KERNELS` takes: keep to the portable kernels (to measure or check what a CPU without
    /// AVX2 runs); the command line refuses any other.
    public static let environmentOverride = "portable"

    /// The fastest path this CPU runs, chosen once, at first use, unless `SAESCOPE_KERNELS=portable`.
    public static let best: KernelPath =
        cpuHasAVX2 && ProcessInfo.processInfo.environment["SAESCOPE_KERNELS"] != environmentOverride ? .avx2 : .portable

    /// The paths this CPU runs (tests hold each to the naive twins).
    public static var runnable: [KernelPath] { cpuHasAVX2 ? [.portable, .avx2] : [.portable] }

    /// The path's name, as `saescope bench` prints it.
    public var description: String { self == .avx2 ? "AVX2 (FMA, F16C)" : "portable SIMD" }
}
