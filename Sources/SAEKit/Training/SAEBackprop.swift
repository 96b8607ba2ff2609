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
/// only the rows of active features are touched, so a TopK step costs one dense sgemm plus O(batch·k·d_in).
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
    /// `dead` marks latents eligible for the TopK auxiliary loss.
    public static func run(_ parameters: SAEParameters, x: Matrix, objective: TrainingObjective, dead: [Bool]?,
                           gradients: SAEGradients) -> BatchStatistics {
        let batch = x.rows, dIn = parameters.dIn, dSAE = parameters.dSAE
        for g in gradients.tensors { g.buffer.update(repeating: 0) }

        // Forward: centred input, pre-activations.
        let centred = x.copy()
        for r in 0..<batch { for i in 0..<dIn { centred.base[r * dIn + i] -= parameters.decoderBias.base[i] } }
        let pre = Matrix(rows: batch, cols: dSAE)
        BLAS.multiply(centred, parameters.encoder, transposeB: true, into: pre)

        let decoderNorms: [Float]
        if case .reluL1 = objective {
            decoderNorms = (0..<dSAE).map { j in
                var s: Float = 0
                for i in 0..<dIn { s += parameters.decoder[j, i] * parameters.decoder[j, i] }
                return s.squareRoot()
            }
        } else {
            decoderNorms = []
        }

        // Per row: activations, reconstruction error, the gradient of each active feature.
        let outputGradient = Matrix(rows: batch, cols: dIn)       // ∂L/∂x̂ per row
        let auxiliaryGradient = Matrix(rows: batch, cols: dIn)    // ∂L/∂ê per row (TopK auxiliary loss)
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
                        let xRow = x.base + r * dIn, gRow = outputGradient.base + r * dIn
                        var reconstruction = [Float](repeating: 0, count: dIn)
                        for i in 0..<dIn { reconstruction[i] = parameters.decoderBias.base[i] }
                        for e in entries {
                            let d = parameters.decoder.base + Int(e.feature) * dIn
                            for i in 0..<dIn { reconstruction[i] += e.activation * d[i] }
                        }
                        var squared: Float = 0
                        for i in 0..<dIn {
                            let err = reconstruction[i] - xRow[i]
                            squared += err * err
                            gRow[i] = 2 * scale * err
                        }
                        var loss = Double(squared) * Double(scale)
                        mseOut[r] = Double(squared)
                        // Gradients of the active features.
                        for index in entries.indices {
                            let j = Int(entries[index].feature)
                            let d = parameters.decoder.base + j * dIn
                            var grad: Float = 0
                            for i in 0..<dIn { grad += gRow[i] * d[i] }
                            if case .reluL1(let lambda) = objective {
                                grad += lambda * scale * decoderNorms[j]
                                loss += Double(lambda * scale * entries[index].activation * decoderNorms[j])
                            }
                            entries[index].preActivationGradient = grad
                        }
                        // TopK auxiliary loss: the top dead latents reconstruct the residual x − x̂.
                        if case .topK(_, let auxK, let alpha) = objective, let dead, auxK > 0 {
                            var selection = TopKSelection(k: auxK)
                            for j in 0..<dSAE where dead[j] && z[j] > selection.floor { selection.offer(z[j], Int32(j)) }
                            let auxiliary = selection.sorted().filter { $0.value > 0 }
                            if !auxiliary.isEmpty {
                                var auxReconstruction = [Float](repeating: 0, count: dIn)
                                for a in auxiliary {
                                    let d = parameters.decoder.base + Int(a.index) * dIn
                                    for i in 0..<dIn { auxReconstruction[i] += a.value * d[i] }
                                }
                                let aRow = auxiliaryGradient.base + r * dIn
                                var auxSquared: Float = 0
                                for i in 0..<dIn {
                                    let residual = xRow[i] - reconstruction[i]
                                    let err = auxReconstruction[i] - residual
                                    auxSquared += err * err
                                    aRow[i] = 2 * alpha * scale * err
                                }
                                loss += Double(alpha * scale * auxSquared)
                                for a in auxiliary {
                                    let d = parameters.decoder.base + Int(a.index) * dIn
                                    var grad: Float = 0
                                    for i in 0..<dIn { grad += aRow[i] * d[i] }
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

        accumulateFeatureGradients(parameters, centred: centred, outputGradient: outputGradient,
                                   auxiliaryGradient: auxiliaryGradient, rowEntries: rowEntries,
                                   decoderNorms: decoderNorms, objective: objective, gradients: gradients)

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
    private static func accumulateFeatureGradients(_ parameters: SAEParameters, centred: Matrix, outputGradient: Matrix,
                                                   auxiliaryGradient: Matrix, rowEntries: [[Entry]], decoderNorms: [Float],
                                                   objective: TrainingObjective, gradients: SAEGradients) {
        let batch = centred.rows, dIn = parameters.dIn, dSAE = parameters.dSAE
        // Bucket the entries by feature: (row, entry) lists in CSR form.
        var counts = [Int](repeating: 0, count: dSAE + 1)
        for entries in rowEntries { for e in entries { counts[Int(e.feature) + 1] += 1 } }
        for j in 0..<dSAE { counts[j + 1] += counts[j] }
        var fill = counts
        var bucketRows = [Int32](repeating: 0, count: counts[dSAE])
        var bucketEntries = [Entry](repeating: Entry(feature: 0, activation: 0, preActivationGradient: 0, auxiliary: false), count: counts[dSAE])
        for (r, entries) in rowEntries.enumerated() {
            for e in entries {
                let slot = fill[Int(e.feature)]
                bucketRows[slot] = Int32(r)
                bucketEntries[slot] = e
                fill[Int(e.feature)] += 1
            }
        }
        let scale = 1 / Float(batch)
        bucketRows.withUnsafeBufferPointer { rows in
            bucketEntries.withUnsafeBufferPointer { entries in
                Parallel.forEach(dSAE) { j in
                    let range = counts[j]..<counts[j + 1]
                    guard !range.isEmpty else { return }
                    let gEnc = gradients.encoder.base + j * dIn, gDec = gradients.decoder.base + j * dIn
                    var biasGradient: Float = 0
                    var activationSum: Float = 0
                    for slot in range {
                        let r = Int(rows[slot]), e = entries[slot]
                        let errorRow = (e.auxiliary ? auxiliaryGradient.base : outputGradient.base) + r * dIn
                        for i in 0..<dIn { gDec[i] += e.activation * errorRow[i] }
                        if !e.auxiliary { activationSum += e.activation }
                        let dz = e.preActivationGradient
                        let xRow = centred.base + r * dIn
                        for i in 0..<dIn { gEnc[i] += dz * xRow[i] }
                        biasGradient += dz
                    }
                    gradients.encoderBias.base[j] = biasGradient
                    if case .reluL1(let lambda) = objective, decoderNorms[j] > 0 {
                        let d = parameters.decoder.base + j * dIn
                        let coefficient = lambda * scale * activationSum / decoderNorms[j]
                        for i in 0..<dIn { gDec[i] += coefficient * d[i] }
                    }
                }
            }
        }
        // b_dec: ∂L/∂x̂ summed over rows, minus what flows back through the centred input (xc = x − b_dec).
        for r in 0..<batch {
            let g = outputGradient.base + r * dIn
            for i in 0..<dIn { gradients.decoderBias.base[i] += g[i] }
            for e in rowEntries[r] {
                let w = parameters.encoder.base + Int(e.feature) * dIn
                for i in 0..<dIn { gradients.decoderBias.base[i] -= e.preActivationGradient * w[i] }
            }
        }
    }
}
