/// The training loss computed with plain loops in float64: the twin that `SAEBackprop`'s gradients are checked
/// against by finite differences.
package enum ReferenceLoss {
    /// The loss of `parameters` on `x` under `objective`, with `dead` marking latents for the auxiliary loss.
    ///
    /// The auxiliary loss's target, the residual x − x̂, is a constant in training (no gradient flows through it);
    /// pass the residuals measured at the point of differentiation as `auxiliaryTargets` to hold it fixed.
    package static func loss(_ parameters: SAEParameters, x: Matrix, objective: TrainingObjective, dead: [Bool]?,
                            auxiliaryTargets: Matrix? = nil) -> Double {
        let dIn = parameters.dIn, dSAE = parameters.dSAE, batch = Double(x.rows)
        var total = 0.0
        for r in 0..<x.rows {
            let (z, f, reconstruction) = forward(parameters, x: x, row: r, objective: objective)
            total += (0..<dIn).reduce(0.0) { $0 + (reconstruction[$1] - Double(x[r, $1])) * (reconstruction[$1] - Double(x[r, $1])) } / batch
            switch objective {
            case .reluL1(let lambda):
                for j in 0..<dSAE where f[j] != 0 {
                    let norm = (0..<dIn).reduce(0.0) { $0 + Double(parameters.decoder[j, $1]) * Double(parameters.decoder[j, $1]) }.squareRoot()
                    total += Double(lambda) * f[j] * norm / batch
                }
            case .topK(_, let auxK, let alpha):
                guard let dead, auxK > 0 else { continue }
                let candidates = (0..<dSAE).filter { dead[$0] }.sorted { z[$0] != z[$1] ? z[$0] > z[$1] : $0 < $1 }.prefix(auxK).filter { z[$0] > 0 }
                guard !candidates.isEmpty else { continue }
                var auxReconstruction = [Double](repeating: 0, count: dIn)
                for j in candidates { for i in 0..<dIn { auxReconstruction[i] += z[j] * Double(parameters.decoder[j, i]) } }
                var squared = 0.0
                for i in 0..<dIn {
                    let residual = auxiliaryTargets.map { Double($0[r, i]) } ?? (Double(x[r, i]) - reconstruction[i])
                    squared += (auxReconstruction[i] - residual) * (auxReconstruction[i] - residual)
                }
                total += Double(alpha) * squared / batch
            }
        }
        return total
    }

    /// The residuals x − x̂ of every row (the auxiliary loss's targets).
    package static func residuals(_ parameters: SAEParameters, x: Matrix, objective: TrainingObjective) -> Matrix {
        let result = Matrix(rows: x.rows, cols: parameters.dIn)
        for r in 0..<x.rows {
            let reconstruction = forward(parameters, x: x, row: r, objective: objective).reconstruction
            for i in 0..<parameters.dIn { result[r, i] = Float(Double(x[r, i]) - reconstruction[i]) }
        }
        return result
    }

    /// Pre-activations, activations and reconstruction of row `r`.
    private static func forward(_ parameters: SAEParameters, x: Matrix, row r: Int, objective: TrainingObjective)
        -> (z: [Double], f: [Double], reconstruction: [Double]) {
        let dIn = parameters.dIn, dSAE = parameters.dSAE
        let centred = (0..<dIn).map { Double(x[r, $0]) - Double(parameters.decoderBias.base[$0]) }
        let z = (0..<dSAE).map { j in
            (0..<dIn).reduce(Double(parameters.encoderBias.base[j])) { $0 + centred[$1] * Double(parameters.encoder[j, $1]) }
        }
        var f = [Double](repeating: 0, count: dSAE)
        switch objective {
        case .topK(let k, _, _):
            for j in z.indices.sorted(by: { z[$0] != z[$1] ? z[$0] > z[$1] : $0 < $1 }).prefix(k) { f[j] = max(z[j], 0) }
        case .reluL1:
            f = z.map { max($0, 0) }
        }
        var reconstruction = (0..<dIn).map { Double(parameters.decoderBias.base[$0]) }
        for j in 0..<dSAE where f[j] != 0 { for i in 0..<dIn { reconstruction[i] += f[j] * Double(parameters.decoder[j, i]) } }
        return (z, f, reconstruction)
    }
}
