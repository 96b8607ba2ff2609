/// Per-feature statistics a dictionary file may carry: how often each feature fires and how strongly.
public struct FeatureStatistics: Sendable, Equatable {
    /// Fraction of tokens on which each feature is non-zero.
    public var density: [Float]?
    /// The largest activation seen for each feature.
    public var maxActivation: [Float]?
    /// The mean of each feature's non-zero activations.
    public var meanActivation: [Float]?
    /// What they were measured on, when the file says (`saescope train` writes "262144 training activations").
    public var source: String?

    /// Statistics from whichever arrays are known.
    public init(density: [Float]? = nil, maxActivation: [Float]? = nil, meanActivation: [Float]? = nil, source: String? = nil) {
        self.density = density
        self.maxActivation = maxActivation
        self.meanActivation = meanActivation
        self.source = source
    }

    /// Fraction of features that never fired, when densities are known.
    public var deadFraction: Double? {
        guard let density, !density.isEmpty else { return nil }
        return Double(density.filter { $0 <= 0 }.count) / Double(density.count)
    }

    /// SAELens `sparsity.safetensors` stores log10(frequency + 1e-10); this recovers the frequency (0 for dead features).
    public static func density(fromLog10Sparsity values: [Float]) -> [Float] {
        values.map { value in
            let frequency = Float(pow(10.0, Double(value))) - 1e-10
            return value <= -9.99 ? 0 : max(frequency, 0)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
