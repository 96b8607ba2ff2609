/// The trainable tensors of a dictionary during training, encoder stored one row per feature.
// @unchecked Sendable: written by one training step at a time; parallel loops inside a step touch disjoint rows and join.
public final class SAEParameters: @unchecked Sendable {
    /// Encoder rows: [d_sae, d_in] (feature-major, so each feature's gradient row is contiguous).
    public let encoder: Matrix
    /// Encoder bias: [1, d_sae].
    public let encoderBias: Matrix
    /// Decoder rows (feature directions): [d_sae, d_in].
    public let decoder: Matrix
    /// Decoder bias: [1, d_in].
    public let decoderBias: Matrix

    /// Zero-filled parameters of the given sizes.
    public init(dIn: Int, dSAE: Int) {
        encoder = Matrix(rows: dSAE, cols: dIn)
        encoderBias = Matrix(rows: 1, cols: dSAE)
        decoder = Matrix(rows: dSAE, cols: dIn)
        decoderBias = Matrix(rows: 1, cols: dIn)
    }

    /// Input width.
    public var dIn: Int { decoder.cols }
    /// Number of features.
    public var dSAE: Int { decoder.rows }

    /// The tensors in a fixed order (for the optimiser and checkpoints).
    public var tensors: [(name: String, matrix: Matrix)] {
        [("W_enc_rows", encoder), ("b_enc", encoderBias), ("W_dec", decoder), ("b_dec", decoderBias)]
    }

    /// Random unit decoder rows, encoder = decoder (tied init), zero encoder bias, decoder bias `mean`.
    public func initialize(seed: UInt64, mean: [Float]) {
        let random = SyntheticDictionary.gaussianMatrix(rows: dSAE, cols: dIn, seed: seed)
        decoder.base.update(from: random.base, count: random.count)
        normalizeDecoderRows()
        encoder.base.update(from: decoder.base, count: decoder.count)
        encoderBias.buffer.update(repeating: 0)
        for i in 0..<dIn { decoderBias.base[i] = mean[i] }
    }

    /// Rescales every decoder row to unit norm (rows of zeros stay zero).
    public func normalizeDecoderRows() {
        let dIn = self.dIn, decoder = self.decoder
        Parallel.forEach(dSAE) { j in
            let row = decoder.base + j * dIn
            var sum: Float = 0
            for i in 0..<dIn { sum += row[i] * row[i] }
            guard sum > 0 else { return }
            let scale = 1 / sum.squareRoot()
            for i in 0..<dIn { row[i] *= scale }
        }
    }

    /// A copy of every tensor.
    public func copy() -> SAEParameters {
        let result = SAEParameters(dIn: dIn, dSAE: dSAE)
        for (mine, theirs) in zip(tensors, result.tensors) { theirs.matrix.base.update(from: mine.matrix.base, count: mine.matrix.count) }
        return result
    }

    /// The trained dictionary, taking raw activations: the training-time input scale `scale` is folded into the
    /// weights (W_enc·s, W_dec/s, b_dec/s), as SAELens folds its dataset scaling factor.
    public func dictionary(config: DictionaryConfig, inputScale scale: Float, statistics: FeatureStatistics? = nil) -> SparseDictionary {
        let foldedEncoder = encoder.copy(), foldedDecoder = decoder.copy()
        for i in 0..<foldedEncoder.count { foldedEncoder.base[i] *= scale }
        for i in 0..<foldedDecoder.count { foldedDecoder.base[i] /= scale }
        return SparseDictionary(config: config, encoder: foldedEncoder, encoderIsFeatureMajor: true, decoder: foldedDecoder,
                                encoderBias: encoderBias.toArray(), decoderBias: decoderBias.toArray().map { $0 / scale },
                                statistics: statistics)
    }
}
