import Dispatch

/// Wall-clock time a session spends in each stage of its forward pass, summed over calls, for `bench model --profile`.
public final class ForwardProfile {
    /// A stage of the forward pass.
    public enum Stage: String, CaseIterable, Sendable {
        case embedding = "embedding"
        case norms = "norms"
        case attentionInputs = "q/k/v projections"
        case rotary = "q/k norms and RoPE"
        case attention = "attention"
        case attentionOutput = "attention output projection"
        case mlp = "MLP projections"
        case activation = "MLP activation"
        case hooks = "hooks"
        case outputHead = "output head"
    }

    /// Seconds spent in each stage so far.
    public private(set) var seconds: [Stage: Double] = [:]

    /// An empty profile.
    public init() {}

    /// Runs `body`, adding its time to `stage`.
    @inline(__always)
    public func measure<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { seconds[stage, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }

    /// The seconds of every stage together.
    public var total: Double { seconds.values.reduce(0, +) }
}
