import Foundation

/// How a session multiplies a few tokens' activations by the quantized weights: in float (every measurement: hooks
/// read by the explorer, `activations`, harvests, indexes, evaluations, attribution), or with the activations rounded
/// to 8 bits per 32 elements for AVX2's integer products (generation, where the speed is worth a rounding the float
/// references do not allow). Batches of 8 rows or more (prefill) always run in float, through BLAS.
public enum Arithmetic: Sendable, CustomStringConvertible {
    /// Float activations.
    case float
    /// Activations rounded to 8-bit integers (`QuantizedActivations`, `Int8Dot`) for the types that have 8-bit kernels.
    case int8

    /// The environment variable that keeps generation in float, as `--exact` does: `SAESCOPE_EXACT=1` (0 or unset:
    /// not; the command line refuses any other value).
    public static let exactVariable = "SAESCOPE_EXACT"

    /// Generation's arithmetic: 8-bit where this CPU runs the AVX2 kernels, float when `exact` or `SAESCOPE_EXACT=1`
    /// asks for it (or the portable kernels run).
    public static func generation(exact: Bool = false) -> Arithmetic {
        if exact || ProcessInfo.processInfo.environment[exactVariable] == "1" || KernelPath.best != .avx2 { return .float }
        return .int8
    }

    /// How a session decoding in this arithmetic keeps its KV cache: IEEE halves with 8-bit activations (half the
    /// memory each decoded token reads; a call's own positions are still read in float), float32 otherwise.
    public var cachePrecision: KVCache.Precision { self == .int8 ? .half : .float }

    /// The arithmetic's name, as `saescope bench` and the commands that generate print it.
    public var description: String { self == .int8 ? "8-bit activations" : "float activations" }
}
