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

    /// The fastest path this CPU runs, chosen once, at first use; `SAESCOPE_KERNELS=portable` in the environment keeps
    /// to the portable one (to measure or check what a CPU without AVX2 runs).
    public static let best: KernelPath =
        saescope_kernels_avx2() != 0 && ProcessInfo.processInfo.environment["SAESCOPE_KERNELS"] != "portable" ? .avx2 : .portable

    /// The paths this CPU runs (tests hold each to the naive twins).
    public static var runnable: [KernelPath] { saescope_kernels_avx2() != 0 ? [.portable, .avx2] : [.portable] }

    /// The path's name, as `saescope bench` prints it.
    public var description: String { self == .avx2 ? "AVX2 (FMA, F16C)" : "portable SIMD" }
}
