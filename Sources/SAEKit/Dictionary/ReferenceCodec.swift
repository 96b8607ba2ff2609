/// The plain-loop encode and decode that `SparseDictionary`'s batched BLAS paths are held to in tests.
///
/// Written straight from the SAELens / sparsify formulas, in float64, one row and one feature at a time.
package enum ReferenceCodec {
    /// Dense feature activations [n, d_sae] for every row of `x`.
    package static func encode(_ dictionary: SparseDictionary, _ x: Matrix) -> Matrix {
        let config = dictionary.config
        let dIn = config.dIn, dSAE = config.dSAE
        let result = Matrix(rows: x.rows, cols: dSAE)
        for r in 0..<x.rows {
            var input = (0..<dIn).map { Double(x[r, $0]) }
            input = normalizedIn(input, config.normalization).values
            if config.applyDecoderBiasToInput { for i in 0..<dIn { input[i] -= Double(dictionary.decoderBias[i]) } }
            var pre = [Double](repeating: 0, count: dSAE)
            for j in 0..<dSAE {
                var sum = 0.0
                for i in 0..<dIn {
                    let w = dictionary.encoderIsFeatureMajor ? dictionary.encoder[j, i] : dictionary.encoder[i, j]
                    sum += input[i] * Double(w)
                }
                pre[j] = sum
            }
            let f = activations(dictionary, pre)
            for j in 0..<dSAE { result[r, j] = Float(f[j]) }
        }
        return result
    }

    /// Reconstructions [n, d_out] from dense activations `f`, undoing the normalisation measured on `x`; for a
    /// transcoder, its output as SAELens computes it: not un-normalised, plus W_skip · x for a skip transcoder.
    package static func decode(_ dictionary: SparseDictionary, _ f: Matrix, inputs x: Matrix) -> Matrix {
        let config = dictionary.config
        let dIn = config.dIn, dOut = config.dOut, dSAE = config.dSAE
        let result = Matrix(rows: f.rows, cols: dOut)
        let norms = referenceNorms(dictionary)
        for r in 0..<f.rows {
            var y = dictionary.decoderBias.map(Double.init)
            for j in 0..<dSAE where f[r, j] != 0 {
                var value = Double(f[r, j])
                if config.architecture == .topk && config.rescaleActsByDecoderNorm { value /= norms[j] }
                if let scale = dictionary.activationScale { value *= Double(scale[j]) }
                for i in 0..<dOut { y[i] += value * Double(dictionary.decoder[j, i]) }
            }
            if config.isTranscoder {
                if let skip = dictionary.skip {
                    for o in 0..<dOut { for i in 0..<dIn { y[o] += Double(skip[o, i]) * Double(x[r, i]) } }
                }
                for o in 0..<dOut { result[r, o] = Float(y[o]) }
                continue
            }
            let (_, shift, outScale) = normalizedIn((0..<dIn).map { Double(x[r, $0]) }, config.normalization)
            for i in 0..<dIn { result[r, i] = Float(y[i] * outScale + shift) }
        }
        return result
    }

    private static func activations(_ dictionary: SparseDictionary, _ pre: [Double]) -> [Double] {
        let config = dictionary.config
        let bias = dictionary.encoderBias.map(Double.init)
        var f = [Double](repeating: 0, count: pre.count)
        switch config.architecture {
        case .standard:
            for j in pre.indices { f[j] = max(pre[j] + bias[j], 0) }
        case .jumprelu:
            for j in pre.indices {
                let v = pre[j] + bias[j]
                f[j] = v > Double(dictionary.threshold![j]) ? max(v, 0) : 0
            }
        case .gated:
            let magnitude = dictionary.gatedMagnitude!
            for j in pre.indices where pre[j] + bias[j] > 0 {
                f[j] = max(pre[j] * Double(magnitude.scale[j]) + Double(magnitude.bias[j]), 0)
            }
        case .topk:
            let norms = referenceNorms(dictionary)
            let scores = pre.indices.map { j in (pre[j] + bias[j]) * (config.rescaleActsByDecoderNorm ? norms[j] : 1) }
            let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            for j in order.prefix(config.k ?? 0) { f[j] = max(scores[j], 0) }
        case .groupmax:
            let groups = config.k ?? 1, size = pre.count / groups
            for g in 0..<groups {
                let range = (g * size)..<((g + 1) * size)
                let best = range.max { pre[$0] + bias[$0] < pre[$1] + bias[$1] || (pre[$0] + bias[$0] == pre[$1] + bias[$1] && $0 > $1) }!
                f[best] = max(pre[best] + bias[best], 0)
            }
        }
        return f
    }

    /// The normalised row, and the shift and output scale that undo it.
    private static func normalizedIn(_ x: [Double], _ mode: InputNormalization) -> (values: [Double], shift: Double, outScale: Double) {
        let n = Double(x.count)
        switch mode {
        case .none:
            return (x, 0, 1)
        case .constantNormRescale:
            let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let c = norm > 0 ? n.squareRoot() / norm : 1
            return (x.map { $0 * c }, 0, 1 / c)
        case .layerNorm:
            let mean = x.reduce(0, +) / n
            let std = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)).squareRoot()
            return (x.map { ($0 - mean) / (std + 1e-5) }, mean, std)
        }
    }

    private static func referenceNorms(_ dictionary: SparseDictionary) -> [Double] {
        (0..<dictionary.featureCount).map { j in
            (0..<dictionary.dOut).reduce(0.0) { $0 + Double(dictionary.decoder[j, $1]) * Double(dictionary.decoder[j, $1]) }.squareRoot()
        }
    }
}
