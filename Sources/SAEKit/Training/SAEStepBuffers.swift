/// The matrices one training step fills, kept from step to step so that a step allocates nothing large: a 16k
/// dictionary's pre-activations for a batch of 4,096 rows are 268 MB, which cost page faults and zeroing every step.
// @unchecked Sendable: scratch that parallel loops of one step fill in disjoint rows, each loop joined before reading.
public final class SAEStepBuffers: @unchecked Sendable {
    /// The batch less the decoder bias: [batch, d_in].
    let centred: Matrix
    /// Encoder pre-activations: [batch, d_sae].
    let preActivations: Matrix
    /// ∂L/∂x̂ of each row (rows 0..<batch), then the auxiliary loss's ∂L/∂ê of each row (rows batch..<2·batch).
    let errors: Matrix

    /// Buffers for batches of `batch` rows of width `dIn` through `dSAE` features.
    public init(batch: Int, dIn: Int, dSAE: Int) {
        centred = Matrix(rows: batch, cols: dIn)
        preActivations = Matrix(rows: batch, cols: dSAE)
        errors = Matrix(rows: 2 * batch, cols: dIn)
    }

    /// Rows per batch the buffers are shaped for.
    public var batch: Int { centred.rows }

    /// Whether these buffers hold a step of this shape.
    func fits(batch: Int, dIn: Int, dSAE: Int) -> Bool {
        centred.rows == batch && centred.cols == dIn && preActivations.cols == dSAE
    }
}
