import Foundation

/// A sparse autoencoder ready to encode and decode: its configuration, weights and per-feature statistics.
///
/// Weights are float32 matrices, borrowed from the mapped file when it stores aligned float32, converted otherwise.
// @unchecked Sendable: the weights are not written after loading; the cached decoder norms are guarded by `normsLock`.
public final class SparseDictionary: @unchecked Sendable {
    /// Architecture, sizes, hook point.
    public let config: DictionaryConfig
    /// The encoder: [d_in, d_sae], or [d_sae, d_in] when `encoderIsFeatureMajor` (nn.Linear layout).
    public let encoder: Matrix
    /// Whether `encoder` holds one row per feature.
    public let encoderIsFeatureMajor: Bool
    /// The decoder, one row (direction) per feature: [d_sae, d_out] (d_out = d_in except for transcoders).
    public let decoder: Matrix
    /// b_enc, or b_gate for gated dictionaries: [d_sae].
    public let encoderBias: [Float]
    /// b_dec: [d_out].
    public let decoderBias: [Float]
    /// JumpReLU thresholds: [d_sae].
    public let threshold: [Float]?
    /// Gated only: exp(r_mag) and b_mag, [d_sae] each.
    public let gatedMagnitude: (scale: [Float], bias: [Float])?
    /// Legacy SAELens `finetuning_scaling_factor`: multiplies activations before decoding.
    public let activationScale: [Float]?
    /// A skip transcoder's affine connection W_skip, [d_out, d_in]: its output adds W_skip · x.
    public let skip: Matrix?
    /// Firing statistics when the file carries them.
    public let statistics: FeatureStatistics?

    private let normsLock = NSLock()
    private var cachedDecoderNorms: [Float]?

    /// Builds a dictionary from weights already checked against `config` by a loader.
    public init(config: DictionaryConfig, encoder: Matrix, encoderIsFeatureMajor: Bool, decoder: Matrix,
                encoderBias: [Float], decoderBias: [Float], threshold: [Float]? = nil,
                gatedMagnitude: (scale: [Float], bias: [Float])? = nil, activationScale: [Float]? = nil,
                skip: Matrix? = nil, statistics: FeatureStatistics? = nil) {
        self.config = config
        self.encoder = encoder
        self.encoderIsFeatureMajor = encoderIsFeatureMajor
        self.decoder = decoder
        self.encoderBias = encoderBias
        self.decoderBias = decoderBias
        self.threshold = threshold
        self.gatedMagnitude = gatedMagnitude
        self.activationScale = activationScale
        self.skip = skip
        self.statistics = statistics
    }

    /// Input width.
    public var dIn: Int { config.dIn }
    /// Width of the decoder's directions and the reconstruction (d_in, or a transcoder's d_out).
    public var dOut: Int { config.dOut }
    /// Number of features.
    public var featureCount: Int { config.dSAE }

    /// The Euclidean norm of every decoder row, computed once.
    public var decoderNorms: [Float] {
        normsLock.lock()
        defer { normsLock.unlock() }
        if let cachedDecoderNorms { return cachedDecoderNorms }
        var norms = [Float](repeating: 0, count: featureCount)
        let width = dOut, decoder = self.decoder
        norms.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEach(featureCount) { j in
                let row = decoder.base + j * width
                var sum: Float = 0
                for i in 0..<width { sum += row[i] * row[i] }
                out[j] = sum.squareRoot()
            }
        }
        cachedDecoderNorms = norms
        return norms
    }

    /// Encodes every row of `x` [n, d_in] into sparse feature activations.
    public func encode(_ x: Matrix) -> SparseCodes {
        precondition(x.cols == dIn, "input width \(x.cols) does not match d_in \(dIn)")
        if config.architecture == .topk && config.rescaleActsByDecoderNorm { _ = decoderNorms }
        var rows = [[(feature: Int32, value: Float)]](repeating: [], count: x.rows)
        var normalization = !transformsInput ? nil : [RowNormalization](
            repeating: RowNormalization(shift: 0, inputScale: 1, outputScale: 1), count: x.rows)
        let batch = 256
        for start in stride(from: 0, to: x.rows, by: batch) {
            let count = min(batch, x.rows - start)
            let input = Matrix(rows: count, cols: dIn)
            input.base.update(from: x.base + start * dIn, count: count * dIn)
            for r in 0..<count {
                let row = input.row(r)
                if normalization != nil { normalization![start + r] = normalizeInPlace(row) }
                if config.applyDecoderBiasToInput { for i in 0..<dIn { row[i] -= decoderBias[i] } }
            }
            let pre = Matrix(rows: count, cols: featureCount)
            // One row (a decoding step of a steered generation) is a matrix-vector product: sgemm would pack the whole
            // encoder first.
            if count == 1 {
                if encoderIsFeatureMajor {
                    BLAS.multiply(encoder, vector: input.base, into: pre.base)
                } else {
                    BLAS.multiplyTransposed(encoder, vector: input.base, into: pre.base)
                }
            } else {
                BLAS.multiply(input, encoder, transposeB: encoderIsFeatureMajor, into: pre)
            }
            rows.withUnsafeMutableBufferPointer { out in
                let out = out
                Parallel.forEach(count) { r in out[start + r] = activate(pre.row(r)) }
            }
        }
        return SparseCodes(rows: rows, normalization: normalization)
    }

    /// Decodes sparse codes into the reconstruction's space: [n, d_out], without a transcoder's skip connection (which
    /// needs the input: `reconstruct`). A transcoder's output is not un-normalised, as SAELens leaves it.
    public func decode(_ codes: SparseCodes) -> Matrix {
        let dOut = self.dOut
        let output = Matrix(rows: codes.rowCount, cols: dOut)
        let norms = config.architecture == .topk && config.rescaleActsByDecoderNorm ? decoderNorms : nil
        let undoesNormalization = !config.isTranscoder
        Parallel.forEach(codes.rowCount) { r in
            let out = output.base + r * dOut
            for i in 0..<dOut { out[i] = decoderBias[i] }
            for e in codes.rowStart[r]..<codes.rowStart[r + 1] {
                let feature = Int(codes.features[e])
                var value = codes.values[e]
                if let norms { value = norms[feature] > 0 ? value / norms[feature] : 0 }
                if let activationScale { value *= activationScale[feature] }
                let direction = decoder.base + feature * dOut
                for i in 0..<dOut { out[i] += value * direction[i] }
            }
            if undoesNormalization, let n = codes.normalization?[r] {
                for i in 0..<dOut { out[i] = out[i] * n.outputScale + n.shift }
            }
        }
        return output
    }

    /// The activations of `features` alone on the input row `x`, and how its input normalisation is undone (nil for
    /// none), with `encode`'s arithmetic but without the other features' dot products; nil for TopK and group-max,
    /// whose features compete, so that one feature's activation needs them all. A steering splice on a large
    /// dictionary (Gemma Scope's 262,144 features) needs only its edited features.
    public func activations(of features: [Int], row x: UnsafePointer<Float>) -> (values: [Float], normalization: RowNormalization?)? {
        guard [.standard, .jumprelu, .gated].contains(config.architecture) else { return nil }
        var input = [Float](UnsafeBufferPointer(start: x, count: dIn))
        let normalization = input.withUnsafeMutableBufferPointer { row -> RowNormalization? in
            let undo = transformsInput ? normalizeInPlace(row) : nil
            if config.applyDecoderBiasToInput { for i in 0..<dIn { row[i] -= decoderBias[i] } }
            return undo
        }
        let values = features.map { j -> Float in
            var pre: Float = 0
            if encoderIsFeatureMajor {
                let weights = encoder.base + j * dIn
                for i in 0..<dIn { pre += input[i] * weights[i] }
            } else {
                for i in 0..<dIn { pre += input[i] * encoder.base[i * featureCount + j] }
            }
            let v = pre + encoderBias[j]
            switch config.architecture {
            case .jumprelu: return v > threshold![j] && v > 0 ? v : 0
            case .gated:
                guard v > 0, let magnitude = gatedMagnitude else { return 0 }
                let m = pre * magnitude.scale[j] + magnitude.bias[j]
                return m > 0 ? m : 0
            default: return v > 0 ? v : 0
            }
        }
        return (values, normalization)
    }

    /// encode then decode, plus a skip transcoder's W_skip · x: the dictionary's reconstruction of `x` (for a
    /// transcoder, its prediction of the output hook's activations).
    public func reconstruct(_ x: Matrix) -> Matrix { reconstruct(x, codes: encode(x)) }

    /// The reconstruction of `x` from its codes (`encode(x)`), with a skip transcoder's W_skip · x.
    public func reconstruct(_ x: Matrix, codes: SparseCodes) -> Matrix {
        let output = decode(codes)
        if let skip { BLAS.multiply(x, skip, transposeB: true, into: output, accumulate: true) }
        return output
    }

    /// Whether inputs are changed before encoding (centred or normalised), so that the change is undone after decoding.
    private var transformsInput: Bool { config.normalization != .none || config.centersInput }

    /// Applies the configured centring and input normalisation to one row and returns how to undo them.
    private func normalizeInPlace(_ row: UnsafeMutableBufferPointer<Float>) -> RowNormalization {
        let n = Float(row.count)
        var center: Float = 0
        if config.centersInput {
            for v in row { center += v }
            center /= n
            for i in row.indices { row[i] -= center }
        }
        switch config.normalization {
        case .none:
            return RowNormalization(shift: center, inputScale: 1, outputScale: 1)
        case .constantNormRescale:
            var sum: Float = 0
            for v in row { sum += v * v }
            let c = sum > 0 ? n.squareRoot() / sum.squareRoot() : 1
            for i in row.indices { row[i] *= c }
            return RowNormalization(shift: center, inputScale: c, outputScale: 1 / c)
        case .layerNorm:
            var mean: Float = 0
            for v in row { mean += v }
            mean /= n
            var variance: Float = 0
            for v in row { variance += (v - mean) * (v - mean) }
            let std = (variance / max(n - 1, 1)).squareRoot()
            let scale = 1 / (std + 1e-5)
            for i in row.indices { row[i] = (row[i] - mean) * scale }
            return RowNormalization(shift: center + mean, inputScale: scale, outputScale: std)
        }
    }

    /// Turns one row of pre-activations (x·W_enc, before bias) into the active features of that row.
    private func activate(_ pre: UnsafeMutableBufferPointer<Float>) -> [(feature: Int32, value: Float)] {
        encoderBias.withUnsafeBufferPointer { bias in
            var active: [(feature: Int32, value: Float)] = []
            switch config.architecture {
            case .standard:
                for j in 0..<featureCount {
                    let v = pre[j] + bias[j]
                    if v > 0 { active.append((Int32(j), v)) }
                }
            case .jumprelu:
                threshold!.withUnsafeBufferPointer { threshold in
                    for j in 0..<featureCount {
                        let v = pre[j] + bias[j]
                        if v > threshold[j] && v > 0 { active.append((Int32(j), v)) }
                    }
                }
            case .gated:
                let magnitude = gatedMagnitude!
                for j in 0..<featureCount where pre[j] + bias[j] > 0 {
                    let v = pre[j] * magnitude.scale[j] + magnitude.bias[j]
                    if v > 0 { active.append((Int32(j), v)) }
                }
            case .topk:
                // Bias, optional rescaling and selection in one pass; most values fall below the running floor.
                let norms = config.rescaleActsByDecoderNorm ? decoderNorms : nil
                var selection = TopKSelection(k: config.k ?? 0)
                var floor = selection.floor
                for j in 0..<featureCount {
                    var v = pre[j] + bias[j]
                    if let norms { v *= norms[j] }
                    if v > floor {
                        selection.offer(v, Int32(j))
                        floor = selection.floor
                    }
                }
                for entry in selection.sorted() where entry.value > 0 { active.append((entry.index, entry.value)) }
            case .groupmax:
                let groups = config.k ?? 1
                let size = featureCount / groups
                for g in 0..<groups {
                    var best = g * size
                    var bestValue = pre[best] + bias[best]
                    for j in (g * size + 1)..<((g + 1) * size) where pre[j] + bias[j] > bestValue {
                        best = j
                        bestValue = pre[j] + bias[j]
                    }
                    if bestValue > 0 { active.append((Int32(best), bestValue)) }
                }
            }
            return active
        }
    }
}
