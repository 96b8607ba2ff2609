/// A progress report from a training run.
public struct TrainingProgress: Sendable {
    /// How one dictionary of the run is doing: exponential moving averages of its batch loss, normalised MSE (1 − FVE)
    /// and L0, and the fraction of its latents that have not fired for `deadAfterTokens` tokens.
    public struct Dictionary: Sendable {
        public var loss: Double, normalizedMSE: Double, l0: Double, deadFraction: Double
    }

    /// Steps done and the total.
    public var step: Int, totalSteps: Int
    /// Rows per step.
    public var batchSize: Int
    /// Training tokens consumed per second (this session).
    public var tokensPerSecond: Double
    /// Each dictionary's figures, in the run's order.
    public var dictionaries: [Dictionary]

    /// Seconds left at the current rate.
    public var secondsLeft: Double {
        tokensPerSecond > 0 ? Double((totalSteps - step) * batchSize) / tokensPerSecond : 0
    }
}
