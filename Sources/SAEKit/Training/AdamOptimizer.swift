/// Adam with bias correction over a fixed list of parameter tensors.
// @unchecked Sendable: its moments are updated by one step at a time, in parallel loops over disjoint ranges that join.
public final class AdamOptimizer: @unchecked Sendable {
    /// First-moment estimates, one per parameter tensor.
    public let firstMoments: [Matrix]
    /// Second-moment estimates, one per parameter tensor.
    public let secondMoments: [Matrix]
    /// Steps taken so far.
    public var stepCount = 0
    private let beta1: Float, beta2: Float, epsilon: Float

    /// State for parameters shaped like `shapes`.
    public init(shapes: [(rows: Int, cols: Int)], beta1: Float, beta2: Float, epsilon: Float) {
        firstMoments = shapes.map { Matrix(rows: $0.rows, cols: $0.cols) }
        secondMoments = shapes.map { Matrix(rows: $0.rows, cols: $0.cols) }
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// One update of every parameter from its gradient, with step size `learningRate`.
    public func step(parameters: [Matrix], gradients: [Matrix], learningRate: Float) {
        stepCount += 1
        let correction1 = 1 - powf(beta1, Float(stepCount)), correction2 = 1 - powf(beta2, Float(stepCount))
        let stepSize = learningRate / correction1
        let beta1 = self.beta1, beta2 = self.beta2, epsilon = self.epsilon
        for (index, (parameter, gradient)) in zip(parameters, gradients).enumerated() {
            let m = firstMoments[index].base, v = secondMoments[index].base
            let p = parameter.base, g = gradient.base
            let count = parameter.count
            let chunk = 16_384
            Parallel.forEach((count + chunk - 1) / chunk) { c in
                for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                    p[i] -= stepSize * m[i] / ((v[i] / correction2).squareRoot() + epsilon)
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
