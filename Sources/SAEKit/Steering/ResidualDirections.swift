/// Each feature's decoder direction as it enters the residual stream, for estimates that read it through the output
/// head (token effects, the attribution's linear column): the decoder row itself where the dictionary writes a place
/// of the stream's width (the residual stream, an MLP's output), or the row through the block's attention output
/// projection where it writes `attn.hook_z` (a post-attention norm, which Gemma applies after it, is left out). A
/// dictionary that writes the MLP's normalised input (`ln2.hook_normalized`) has none: the MLP stands between.
public struct ResidualDirections {
    /// The dictionary whose directions these are.
    public let dictionary: SparseDictionary
    /// The attention output projection [width, heads · head width], dequantized, when the decoder writes `attn.hook_z`.
    let projection: Matrix?

    /// The directions of `dictionary` written at `write` in `model`; nil where what it writes does not join the
    /// residual stream linearly (`ln2.hook_normalized`).
    public init?(dictionary: SparseDictionary, model: LanguageModel, write: HookPoint) {
        guard write.kind != .mlpInput else { return nil }
        self.dictionary = dictionary
        projection = write.kind == .attentionZ ? model.blocks[write.layer].output.tensor.dequantized() : nil
    }

    /// The directions of features `range`, one row each, the model's width long.
    public func rows(_ range: Range<Int>) -> Matrix {
        let width = dictionary.dOut
        let decoderRows = Matrix(rows: range.count, cols: width)
        decoderRows.base.update(from: dictionary.decoder.base + range.lowerBound * width, count: range.count * width)
        guard let projection else { return decoderRows }
        let projected = Matrix(rows: range.count, cols: projection.rows)
        BLAS.multiply(decoderRows, projection, transposeB: true, into: projected)
        return projected
    }
}
