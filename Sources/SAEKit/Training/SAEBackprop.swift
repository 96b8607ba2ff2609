/// What one batch's forward pass measured.
public struct BatchStatistics: Sendable {
    /// Total loss (reconstruction + sparsity or auxiliary terms).
    public var loss: Double = 0
    /// Mean over rows of ‖x̂ − x‖².
    public var mse: Double = 0
    /// mse divided by the batch's mean ‖x − mean(x)‖² (1 − fraction of variance explained).
    public var normalizedMSE: Double = 0
    /// Mean number of active features per row.
    public var l0: Double = 0
    /// Features that fired at least once in the batch.
    public var fired: [Bool] = []
}

/// Gradient buffers shaped like `SAEParameters`.
// @unchecked Sendable: buffers that parallel loops fill in disjoint rows, each loop joined before the buffers are read.
public final class SAEGradients: @unchecked Sendable {
    /// Gradients of encoder rows, encoder bias, decoder rows, decoder bias.
    public let encoder: Matrix, encoderBias: Matrix, decoder: Matrix, decoderBias: Matrix

    /// Zeroed buffers for parameters of the given sizes.
    public init(dIn: Int, dSAE: Int) {
        encoder = Matrix(rows: dSAE, cols: dIn)
        encoderBias = Matrix(rows: 1, cols: dSAE)
        decoder = Matrix(rows: dSAE, cols: dIn)
        decoderBias = Matrix(rows: 1, cols: dIn)
    }

    /// In the order of `SAEParameters.tensors`.
    public var tensors: [Matrix] { [encoder, encoderBias, decoder, decoderBias] }
}

/// Forward and backward passes of a sparse autoencoder on one batch, with sparse gradient accumulation:
/// only the rows of active features are touched, so a TopK step costs one dense sgemm plus O(batch·k·d_in), done as
/// weighted sums of listed rows (`RowKernels`) and dot products.
public enum SAEBackprop {
    /// One active feature of one row: its activation, and the gradients flowing into its decoder row and pre-activation.
    struct Entry {
        var feature: Int32
        var activation: Float
        var preActivationGradient: Float
        /// True for latents selected by the auxiliary (dead-latent) loss, whose decoder gradient uses that loss's error.
        var auxiliary: Bool
    }

    /// Computes the loss of `parameters` on `x` [B, d_in] and writes its gradients into `gradients`.
    /// `dead` marks latents eligible for the TopK auxiliary loss; `buffers`, when they fit, are used as scratch
    /// instead of fresh matrices.
    public static func run(_ parameters: SAEParameters, x: Matrix, objective: TrainingObjective, dead: [Bool]?,
                           gradients: SAEGradients, buffers: SAEStepBuffers? = nil) -> BatchStatistics {
        let batch = x.rows, dIn = parameters.dIn, dSAE = parameters.dSAE
        let buffers = buffers.flatMap { $0.fits(batch: batch, dIn: dIn, dSAE: dSAE) ? $0 : nil }
            ?? SAEStepBuffers(batch: batch, dIn: dIn, dSAE: dSAE)
        for g in gradients.tensors { g.buffer.update(repeating: 0) }

        // Forward: centred input, pre-activations.
        let centred = buffers.centred, pre = buffers.preActivations, errors = buffers.errors
        let decoderBias = parameters.decoderBias.base, decoder = parameters.decoder.base
        for r in 0..<batch { for i in 0..<dIn { centred.base[r * dIn + i] = x.base[r * dIn + i] - decoderBias[i] } }
        BLAS.multiply(centred, parameters.encoder, transposeB: true, into: pre)

        let decoderNorms: [Float]
        if case .reluL1 = objective {
            decoderNorms = (0..<dSAE).map { j in QuantizedDot.f32(decoder + j * dIn, decoder + j * dIn, count: dIn).squareRoot() }
        } else {
            decoderNorms = []
        }
        // The latents the auxiliary loss may use, in order.
        let deadFeatures: [Int32] = dead.map { dead in (0..<dSAE).filter { dead[$0] }.map { Int32($0) } } ?? []

        // Per row: activations, reconstruction error, the gradient of each active feature.
        var rowEntries = [[Entry]](repeating: [], count: batch)
        var rowLoss = [Double](repeating: 0, count: batch)
        var rowMSE = [Double](repeating: 0, count: batch)
        let scale = 1 / Float(batch)
        rowEntries.withUnsafeMutableBufferPointer { entriesOut in
            rowLoss.withUnsafeMutableBufferPointer { lossOut in
                rowMSE.withUnsafeMutableBufferPointer { mseOut in
                    let entriesOut = entriesOut, lossOut = lossOut, mseOut = mseOut
                    Parallel.forEach(batch) { r in
                        let z = pre.base + r * dSAE
                        for j in 0..<dSAE { z[j] += parameters.encoderBias.base[j] }
                        var entries: [Entry] = []
                        switch objective {
                        case .topK(let k, _, _):
                            var selection = TopKSelection(k: k)
                            selection.offer(UnsafeBufferPointer(start: z, count: dSAE))
                            for s in selection.sorted() where s.value > 0 {
                                entries.append(Entry(feature: s.index, activation: s.value, preActivationGradient: 0, auxiliary: false))
                            }
                        case .reluL1:
                            for j in 0..<dSAE where z[j] > 0 {
                                entries.append(Entry(feature: Int32(j), activation: z[j], preActivationGradient: 0, auxiliary: false))
                            }
                        }
                        // x̂ and the reconstruction error.
                        let xRow = x.base + r * dIn, gRow = errors.base + r * dIn
                        var reconstruction = [Float](repeating: 0, count: dIn)
                        RowKernels.weightedSum(decoder, stride: dIn, indices: entries.map(\.feature), weights: entries.map(\.activation),
                                               count: entries.count, width: dIn, into: &reconstruction)
                        var squared: Float = 0
                        for i in 0..<dIn {
                            reconstruction[i] += decoderBias[i]
                            let err = reconstruction[i] - xRow[i]
                            squared += err * err
                            gRow[i] = 2 * scale * err
                        }
                        var loss = Double(squared) * Double(scale)
                        mseOut[r] = Double(squared)
                        // Gradients of the active features.
                        for index in entries.indices {
                            let j = Int(entries[index].feature)
                            var grad = QuantizedDot.f32(gRow, decoder + j * dIn, count: dIn)
                            if case .reluL1(let lambda) = objective {
                                grad += lambda * scale * decoderNorms[j]
                                loss += Double(lambda * scale * entries[index].activation * decoderNorms[j])
                            }
                            entries[index].preActivationGradient = grad
                        }
                        // TopK auxiliary loss: the top dead latents reconstruct the residual x − x̂.
                        if case .topK(_, let auxK, let alpha) = objective, auxK > 0, !deadFeatures.isEmpty {
                            var selection = TopKSelection(k: auxK)
                            for j in deadFeatures where z[Int(j)] > selection.floor { selection.offer(z[Int(j)], j) }
                            let auxiliary = selection.sorted().filter { $0.value > 0 }
                            if !auxiliary.isEmpty {
                                var auxReconstruction = [Float](repeating: 0, count: dIn)
                                RowKernels.weightedSum(decoder, stride: dIn, indices: auxiliary.map(\.index), weights: auxiliary.map(\.value),
                                                       count: auxiliary.count, width: dIn, into: &auxReconstruction)
                                let aRow = errors.base + (batch + r) * dIn
                                var auxSquared: Float = 0
                                for i in 0..<dIn {
                                    let residual = xRow[i] - reconstruction[i]
                                    let err = auxReconstruction[i] - residual
                                    auxSquared += err * err
                                    aRow[i] = 2 * alpha * scale * err
                                }
                                loss += Double(alpha * scale * auxSquared)
                                for a in auxiliary {
                                    let grad = QuantizedDot.f32(aRow, decoder + Int(a.index) * dIn, count: dIn)
                                    entries.append(Entry(feature: a.index, activation: a.value, preActivationGradient: grad, auxiliary: true))
                                }
                            }
                        }
                        lossOut[r] = loss
                        entriesOut[r] = entries
                    }
                }
            }
        }

        accumulateFeatureGradients(parameters, buffers: buffers, rowEntries: rowEntries, decoderNorms: decoderNorms,
                                   objective: objective, gradients: gradients)

        var statistics = BatchStatistics()
        statistics.loss = rowLoss.reduce(0, +)
        statistics.mse = rowMSE.reduce(0, +) / Double(batch)
        statistics.normalizedMSE = statistics.mse / max(Variance.total(x) / Double(batch), 1e-12)
        statistics.l0 = Double(rowEntries.reduce(0) { $0 + $1.filter { !$0.auxiliary }.count }) / Double(batch)
        statistics.fired = [Bool](repeating: false, count: dSAE)
        for entries in rowEntries { for e in entries where !e.auxiliary { statistics.fired[Int(e.feature)] = true } }
        return statistics
    }

    /// Sums each feature's gradient rows over the batch (features in parallel, no two threads on one row) and the biases.
    private static func accumulateFeatureGradients(_ parameters: SAEParameters, buffers: SAEStepBuffers, rowEntries: [[Entry]],
                                                   decoderNorms: [Float], objective: TrainingObjective, gradients: SAEGradients) {
        let batch = buffers.batch, dIn = parameters.dIn, dSAE = parameters.dSAE
        // Bucket the entries by feature (CSR form): for each, the error row it scales (the auxiliary loss's rows
        // follow the batch's), its activation, its input row and its pre-activation gradient.
        var counts = [Int](repeating: 0, count: dSAE + 1)
        for entries in rowEntries { for e in entries { counts[Int(e.feature) + 1] += 1 } }
        for j in 0..<dSAE { counts[j + 1] += counts[j] }
        var fill = counts
        let total = counts[dSAE]
        var errorRows = [Int32](repeating: 0, count: total), inputRows = errorRows
        var activations = [Float](repeating: 0, count: total), preActivationGradients = activations
        for (r, entries) in rowEntries.enumerated() {
            for e in entries {
                let slot = fill[Int(e.feature)]
                errorRows[slot] = Int32(e.auxiliary ? batch + r : r)
                inputRows[slot] = Int32(r)
                activations[slot] = e.activation
                preActivationGradients[slot] = e.preActivationGradient
                fill[Int(e.feature)] += 1
            }
        }
        let scale = 1 / Float(batch)
        let errors = buffers.errors.base, centred = buffers.centred.base
        errorRows.withUnsafeBufferPointer { errorRows in
            inputRows.withUnsafeBufferPointer { inputRows in
                activations.withUnsafeBufferPointer { activations in
                    preActivationGradients.withUnsafeBufferPointer { preActivationGradients in
                        Parallel.forEach(dSAE) { j in
                            let start = counts[j], count = counts[j + 1] - start
                            guard count > 0 else { return }
                            let gDec = gradients.decoder.base + j * dIn
                            // W_dec row: Σ activation · error row; W_enc row: Σ ∂L/∂z · centred input row.
                            RowKernels.weightedSum(errors, stride: dIn, indices: errorRows.baseAddress! + start,
                                                   weights: activations.baseAddress! + start, count: count, width: dIn, into: gDec)
                            RowKernels.weightedSum(centred, stride: dIn, indices: inputRows.baseAddress! + start,
                                                   weights: preActivationGradients.baseAddress! + start, count: count, width: dIn,
                                                   into: gradients.encoder.base + j * dIn)
                            gradients.encoderBias.base[j] = preActivationGradients[start..<(start + count)].reduce(0, +)
                            // The L1 penalty λ·f·‖d‖ (ReLU entries only: the auxiliary loss is TopK's).
                            if case .reluL1(let lambda) = objective, decoderNorms[j] > 0 {
                                let d = parameters.decoder.base + j * dIn
                                let coefficient = lambda * scale * activations[start..<(start + count)].reduce(0, +) / decoderNorms[j]
                                for i in 0..<dIn { gDec[i] += coefficient * d[i] }
                            }
                        }
                    }
                }
            }
        }
        // b_dec: ∂L/∂x̂ summed over rows, minus what flows back through the centred input (xc = x − b_dec): every
        // entry's ∂L/∂z times its encoder row, which summed by feature is the encoder bias's gradient times that row.
        let ones = [Float](repeating: 1, count: batch)
        var flowingBack = [Float](repeating: 0, count: dIn)
        RowKernels.weightedSum(errors, stride: dIn, weights: ones, count: batch, width: dIn, into: gradients.decoderBias.base)
        RowKernels.weightedSum(parameters.encoder.base, stride: dIn, weights: gradients.encoderBias.base, count: dSAE, width: dIn,
                               into: &flowingBack)
        for i in 0..<dIn { gradients.decoderBias.base[i] -= flowingBack[i] }
    }
}
