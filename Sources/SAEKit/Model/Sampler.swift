import Foundation

/// Picks the next token from logits: greedy at temperature 0, else temperature, top-k and top-p with a seeded generator.
public struct Sampler: Sendable {
    /// Softmax temperature; 0 means greedy.
    public let temperature: Float
    /// Keep only the k most likely tokens (0 = all).
    public let topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches p (1 = all).
    public let topP: Float
    private var generator: SeededGenerator

    /// A sampler; arguments out of range are `InputError`s naming the option.
    public init(temperature: Float = 0, topK: Int = 0, topP: Float = 1, seed: UInt64 = 0) throws {
        guard temperature >= 0, temperature.isFinite else { throw InputError("--temperature", "must be a number ≥ 0, got \(temperature)") }
        guard topK >= 0 else { throw InputError("--top-k", "must be ≥ 0, got \(topK)") }
        guard topP > 0, topP <= 1 else { throw InputError("--top-p", "must be in (0, 1], got \(topP)") }
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        generator = SeededGenerator(seed: seed)
    }

    /// The index of the largest logit (the first on ties).
    public static func argmax(_ logits: UnsafeBufferPointer<Float>) -> Int {
        var best = 0
        for i in 1..<logits.count where logits[i] > logits[best] { best = i }
        return best
    }

    /// The next token id for a row of logits.
    public mutating func sample(_ logits: UnsafeBufferPointer<Float>) -> Int {
        if temperature == 0 || topK == 1 { return Self.argmax(logits) }
        var candidates = (0..<logits.count).map { (id: $0, logit: logits[$0]) }
        candidates.sort { $0.logit != $1.logit ? $0.logit > $1.logit : $0.id < $1.id }
        if topK > 0 && topK < candidates.count { candidates.removeSubrange(topK...) }
        let top = candidates[0].logit
        var weights = candidates.map { Double(((($0.logit - top) / temperature)).exp) }
        let total = weights.reduce(0, +)
        var kept = weights.count, running = 0.0
        for (i, w) in weights.enumerated() {
            running += w / total
            if running >= Double(topP) {
                kept = i + 1
                break
            }
        }
        weights.removeSubrange(kept...)
        let keptTotal = weights.reduce(0, +)
        var target = Double(generator.next() >> 11) / Double(1 << 53) * keptTotal
        for (i, w) in weights.enumerated() {
            target -= w
            if target < 0 { return candidates[i].id }
        }
        return candidates[kept - 1].id
    }
}

private extension Float {
    /// e raised to self.
    var exp: Float { Float(Foundation.exp(Double(self))) }
}
