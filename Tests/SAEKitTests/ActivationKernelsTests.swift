import Foundation
import Testing
import SAEKit

/// The vectorized activations, on each kernel path this CPU runs, against their C-library twins, over the range a
/// model's MLP sees and beyond it.
@Suite struct ActivationKernelsTests {
    static let activations: [BlockDesign.Activation] = [.silu, .geluTanh, .geluErf]

    @Test(arguments: activations, KernelPath.runnable)
    func matchesTheCLibrary(_ activation: BlockDesign.Activation, path: KernelPath) {
        var rng = SeededGenerator(seed: 8)
        var values = (0..<4099).map { _ in 6 * rng.nextGaussian() }
        values += [0, -0, 1e-6, -1e-6, 1e-30, 30, -30, 88, -88, 100, -100, 1e4, -1e4, .greatestFiniteMagnitude / 2]
        var fast = values, slow = values
        ActivationKernels.apply(activation, &fast, count: fast.count, path: path)
        ActivationKernels.applyReference(activation, &slow, count: slow.count)
        for (i, (a, b)) in zip(fast, slow).enumerated() {
            #expect(abs(a - b) <= 2e-6 * max(1, abs(b)), "\(path) \(activation) at \(values[i]): \(a) against \(b)")
        }
    }

    /// NaN stays NaN and +∞ stays +∞ (−∞, which no MLP produces, is left unspecified).
    @Test(arguments: KernelPath.runnable) func nonFiniteInputs(path: KernelPath) {
        for activation in [BlockDesign.Activation.silu, .geluTanh] {
            var values: [Float] = [.nan, .infinity, -.infinity, 1, 2, 3, 4, 5]
            ActivationKernels.apply(activation, &values, count: 8, path: path)
            #expect(values[0].isNaN && values[1] == .infinity, "\(path) \(activation): \(values)")
        }
    }

    @Test func gatedMultipliesByUp() {
        var gate: [Float] = (0..<20).map { Float($0) / 4 - 2 }, plain = gate
        let up: [Float] = (0..<20).map { Float($0) - 10 }
        ActivationKernels.applyGated(.silu, &gate, up, count: 20)
        ActivationKernels.applyReference(.silu, &plain, count: 20)
        for i in 0..<20 { #expect(abs(gate[i] - plain[i] * up[i]) <= 1e-5 * max(1, abs(gate[i]))) }
    }
}
