/// Random dictionaries of any size and architecture, for benchmarks and tests.
public enum SyntheticDictionary {
    /// A dictionary with Gaussian weights (decoder rows of unit norm, encoder = decoder transposed plus noise),
    /// small random biases and thresholds, fixed by `seed`.
    public static func make(architecture: Architecture, dIn: Int, dSAE: Int, k: Int? = nil, seed: UInt64 = 1,
                            normalization: InputNormalization = .none, rescaleActsByDecoderNorm: Bool = false,
                            hook: String? = nil) -> SparseDictionary {
        var rng = SeededGenerator(seed: seed)
        let decoder = Matrix(rows: dSAE, cols: dIn)
        Parallel.forEach(dSAE) { j in
            var local = SeededGenerator(seed: seed &+ UInt64(j) &* 0x9E37_79B9)
            let row = decoder.row(j)
            var sum: Float = 0
            for i in 0..<dIn { row[i] = local.nextGaussian(); sum += row[i] * row[i] }
            let scale = 1 / max(sum.squareRoot(), 1e-6)
            for i in 0..<dIn { row[i] *= scale }
        }
        let encoder = Matrix(rows: dIn, cols: dSAE)
        for j in 0..<dSAE {
            for i in 0..<dIn { encoder[i, j] = decoder[j, i] + 0.05 * rng.nextGaussian() }
        }
        var config = DictionaryConfig(format: .saescope, architecture: architecture, dIn: dIn, dSAE: dSAE, k: k)
        config.normalization = normalization
        config.rescaleActsByDecoderNorm = rescaleActsByDecoderNorm
        config.hookName = hook
        let encoderBias = (0..<dSAE).map { _ in -0.1 * abs(rng.nextGaussian()) }
        let decoderBias = (0..<dIn).map { _ in 0.1 * rng.nextGaussian() }
        let threshold = architecture == .jumprelu ? (0..<dSAE).map { _ in 0.2 * abs(rng.nextGaussian()) } : nil
        let gated = architecture == .gated
            ? (scale: (0..<dSAE).map { _ in expf(0.3 * rng.nextGaussian()) }, bias: (0..<dSAE).map { _ in 0.1 * rng.nextGaussian() })
            : nil
        return SparseDictionary(config: config, encoder: encoder, encoderIsFeatureMajor: false, decoder: decoder,
                                encoderBias: encoderBias, decoderBias: decoderBias, threshold: threshold, gatedMagnitude: gated)
    }

    /// A [rows, cols] matrix of standard normal samples fixed by `seed`.
    public static func gaussianMatrix(rows: Int, cols: Int, seed: UInt64, scale: Float = 1) -> Matrix {
        let result = Matrix(rows: rows, cols: cols)
        Parallel.forEach(rows) { r in
            var local = SeededGenerator(seed: seed &+ UInt64(r) &* 0x2545_F491_4F6C_DD1D)
            let row = result.row(r)
            for c in 0..<cols { row[c] = scale * local.nextGaussian() }
        }
        return result
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
