/// A progress report from a training run.
public struct TrainingProgress: Sendable {
    /// Steps done and the total.
    public var step: Int, totalSteps: Int
    /// Rows per step.
    public var batchSize: Int
    /// Training tokens consumed per second (this session).
    public var tokensPerSecond: Double
    /// Exponential moving averages of the batch loss, normalised MSE (1 − FVE) and L0.
    public var loss: Double, normalizedMSE: Double, l0: Double
    /// Fraction of latents that have not fired for `deadAfterTokens` tokens.
    public var deadFraction: Double

    /// Seconds left at the current rate.
    public var secondsLeft: Double {
        tokensPerSecond > 0 ? Double((totalSteps - step) * batchSize) / tokensPerSecond : 0
    }
}
