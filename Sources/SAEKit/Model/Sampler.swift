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
    /// How many temperatures below the best logit a token may lie and still be a candidate.
    static let cutoff: Float = 40

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

    /// The next token id for a row of logits. Only the head of the distribution is sorted: tokens within 4, 8, 16…
    /// temperatures of the best, widened until they hold the top k or the top-p mass, so that a draw costs a pass
    /// over the vocabulary rather than a sort of it; it picks as `sampleSortingAll` does.
    public mutating func sample(_ logits: UnsafeBufferPointer<Float>) -> Int {
        if temperature == 0 || topK == 1 { return Self.argmax(logits) }
        let best = logits[Self.argmax(logits)]
        let floor = best - Self.cutoff * temperature
        var total = 0.0
        if topK == 0 {
            for logit in logits where logit >= floor { total += weight(logit, best) }
        }
        var width: Float = 4
        while true {
            let threshold = max(floor, best - width * temperature), complete = threshold == floor
            var candidates = Self.sorted(logits, atLeast: threshold)
            if topK > 0 {
                if candidates.count >= topK || complete {
                    if topK < candidates.count { candidates.removeSubrange(topK...) }
                    return draw(candidates, total: candidates.reduce(0) { $0 + weight($1.logit, best) }, best: best, complete: true)!
                }
            } else if let id = draw(candidates, total: total, best: best, complete: complete) {
                return id
            }
            width *= 2
        }
    }

    /// The plain way to `sample`, kept as its reference: every candidate sorted, then top k, top p and the draw.
    public mutating func sampleSortingAll(_ logits: UnsafeBufferPointer<Float>) -> Int {
        if temperature == 0 || topK == 1 { return Self.argmax(logits) }
        let best = logits[Self.argmax(logits)]
        var candidates = Self.sorted(logits, atLeast: best - Self.cutoff * temperature)
        if topK > 0 && topK < candidates.count { candidates.removeSubrange(topK...) }
        return draw(candidates, total: candidates.reduce(0) { $0 + weight($1.logit, best) }, best: best, complete: true)!
    }

    /// The tokens whose logit reaches `threshold`, most likely first (ties by id).
    private static func sorted(_ logits: UnsafeBufferPointer<Float>, atLeast threshold: Float) -> [(id: Int, logit: Float)] {
        var candidates: [(id: Int, logit: Float)] = []
        for i in 0..<logits.count where logits[i] >= threshold { candidates.append((i, logits[i])) }
        candidates.sort { $0.logit != $1.logit ? $0.logit > $1.logit : $0.id < $1.id }
        return candidates
    }

    /// A token's weight relative to the best: exp((logit − best) / T).
    private func weight(_ logit: Float, _ best: Float) -> Double { Foundation.exp(Double((logit - best) / temperature)) }

    /// Draws from the smallest head of `candidates` (sorted) whose share of `total` reaches top p; nil when these
    /// candidates fall short of it and are not `complete` (more would follow below them).
    private mutating func draw(_ candidates: [(id: Int, logit: Float)], total: Double, best: Float, complete: Bool) -> Int? {
        var kept = candidates.count, running = 0.0, keptTotal = 0.0
        var reached = false
        for (i, candidate) in candidates.enumerated() {
            let w = weight(candidate.logit, best)
            running += w / total
            keptTotal += w
            if running >= Double(topP) {
                kept = i + 1
                reached = true
                break
            }
        }
        guard reached || complete else { return nil }
        var target = Double(generator.next() >> 11) / Double(1 << 53) * keptTotal
        for candidate in candidates[..<kept] {
            target -= weight(candidate.logit, best)
            if target < 0 { return candidate.id }
        }
        return candidates[kept - 1].id
    }
}

