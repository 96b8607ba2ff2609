/// The sparsity mechanism a dictionary is trained with.
public enum TrainingObjective: Equatable, Sendable {
    /// TopK activation with an auxiliary loss that revives dead latents (Gao et al. 2024).
    case topK(k: Int, auxK: Int, auxCoefficient: Float)
    /// ReLU activation with an L1 penalty on activations weighted by decoder norms (the Anthropic recipe).
    case reluL1(coefficient: Float)
}

/// Everything that fixes a training run: sizes, objective, optimiser settings, seed and schedule.
public struct TrainingConfig: Equatable, Sendable {
    /// Input width (the model's d_model).
    public var dIn: Int
    /// Number of features.
    public var dSAE: Int
    /// TopK or ReLU+L1.
    public var objective: TrainingObjective
    /// Rows per optimiser step.
    public var batchSize = 4096
    /// Adam step size.
    public var learningRate: Float = 2e-4
    /// Adam β₁, β₂, ε.
    public var adamBeta1: Float = 0.9, adamBeta2: Float = 0.999, adamEpsilon: Float = 6.25e-10
    /// A latent that has not fired for this many training tokens counts as dead (for the auxiliary loss and reports).
    public var deadAfterTokens = 200_000
    /// Total training tokens (rows) to consume.
    public var totalTokens: Int
    /// Save a checkpoint every this many steps.
    public var checkpointEverySteps = 50
    /// Fixes initialisation and data order.
    public var seed: UInt64 = 0

    /// A configuration with the given sizes and objective; the rest take their defaults.
    public init(dIn: Int, dSAE: Int, objective: TrainingObjective, totalTokens: Int) {
        self.dIn = dIn
        self.dSAE = dSAE
        self.objective = objective
        self.totalTokens = totalTokens
    }

    /// Number of optimiser steps the run takes.
    public var totalSteps: Int { (totalTokens + batchSize - 1) / batchSize }
}
