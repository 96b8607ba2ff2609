import Testing
import SAEKit

/// `SAEBackprop`'s sparse gradients against finite differences of the float64 reference loss.
@Suite struct TrainingGradientTests {
    static func setup(seed: UInt64) -> (SAEParameters, Matrix) {
        let parameters = SAEParameters(dIn: 6, dSAE: 10)
        parameters.initialize(seed: seed, mean: [0.1, -0.2, 0.05, 0, 0.3, -0.1])
        var rng = SeededGenerator(seed: seed + 100)
        for i in 0..<parameters.encoder.count { parameters.encoder.base[i] += 0.3 * rng.nextGaussian() }
        for j in 0..<10 { parameters.encoderBias.base[j] = 0.2 * rng.nextGaussian() }
        let x = SyntheticDictionary.gaussianMatrix(rows: 5, cols: 6, seed: seed + 200)
        return (parameters, x)
    }

    /// The analytic derivative of `name`[index] against a central difference of the reference loss.
    static func check(_ objective: TrainingObjective, dead: [Bool]?, seed: UInt64) {
        let (parameters, x) = setup(seed: seed)
        let gradients = SAEGradients(dIn: 6, dSAE: 10)
        let statistics = SAEBackprop.run(parameters, x: x, objective: objective, dead: dead, gradients: gradients)
        let targets = ReferenceLoss.residuals(parameters, x: x, objective: objective)
        func loss() -> Double { ReferenceLoss.loss(parameters, x: x, objective: objective, dead: dead, auxiliaryTargets: targets) }
        let base = loss()
        #expect(abs(statistics.loss - base) < 1e-4 * max(1, abs(base)))
        var rng = SeededGenerator(seed: seed + 300)
        var checked = 0
        for (tensorIndex, tensor) in parameters.tensors.enumerated() {
            for _ in 0..<12 {
                let index = Int(rng.next() % UInt64(tensor.matrix.count))
                let original = tensor.matrix.base[index]
                let h: Float = 1e-3
                tensor.matrix.base[index] = original + h
                let plus = loss()
                tensor.matrix.base[index] = original - h
                let minus = loss()
                tensor.matrix.base[index] = original
                let numeric = (plus - minus) / (2 * Double(h))
                let analytic = Double(gradients.tensors[tensorIndex].base[index])
                // A kink (a feature entering or leaving the top-k, or crossing zero) makes the numeric value meaningless.
                let kink = abs((plus - base) - (base - minus)) > 1e-5
                if kink { continue }
                #expect(abs(numeric - analytic) < 2e-3 * max(1, abs(numeric)), "\(tensor.name)[\(index)]: numeric \(numeric), analytic \(analytic)")
                checked += 1
            }
        }
        #expect(checked > 30)
    }

    @Test func topKGradients() {
        Self.check(.topK(k: 3, auxK: 0, auxCoefficient: 0), dead: nil, seed: 1)
    }

    @Test func topKWithAuxiliaryLossGradients() {
        Self.check(.topK(k: 3, auxK: 2, auxCoefficient: 0.5), dead: [false, true, false, true, true, false, false, true, false, true], seed: 2)
    }

    @Test func reluL1Gradients() {
        Self.check(.reluL1(coefficient: 0.3), dead: nil, seed: 3)
    }
}
