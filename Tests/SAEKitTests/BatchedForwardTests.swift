import Foundation
import Testing
import SAEKit

/// Several lanes in one forward call give each lane the logits it would get alone: prefill and decode segments mixed,
/// lanes at different positions, a lane reset to start again, and sliding-window layers (Gemma 2's window is 6 in the
/// family fixture, so the 20-token sequence crosses it).
@Suite struct BatchedForwardTests {
    /// The models: the synthetic Llama, the Gemma 2 family fixture (sliding window), and the two real ones.
    static let models = ["synthetic", "gemma2", "smollm2", "gemma3"]

    static func model(_ name: String) throws -> LanguageModel {
        switch name {
        case "synthetic": return try LanguageModel(path: try SyntheticModel.write())
        case "smollm2": return try RealModel.shared()
        case "gemma3": return try RealModel.gemma3()
        default: return try ModelFamilyTests.model(name)
        }
    }

    /// Three token sequences of lengths 12, 5 and 20 inside the model's vocabulary.
    static func sequences(vocabulary: Int) -> [[Int]] {
        [12, 5, 20].enumerated().map { index, length in
            (0..<length).map { (($0 + 3) * (31 + 14 * index) + 7 * index) % (min(vocabulary, 250) - 2) + 2 }
        }
    }

    /// Each sequence's logits at every position, run alone in a session of its own.
    static func alone(_ model: LanguageModel, _ sequences: [[Int]]) throws -> [[[Float]]] {
        try sequences.map { tokens in
            let all = try ModelSession(model: model).forward(tokens, logits: .all)
            return (0..<all.rows).map { Array(all.row($0)) }
        }
    }

    /// max |row − expected| over max |expected|.
    static func gap(_ row: UnsafeMutableBufferPointer<Float>, _ expected: [Float]) -> Float {
        expected.withUnsafeBufferPointer { TransformersReference.rowGap(UnsafeBufferPointer(row), $0) }
    }

    @Test(arguments: models) func lanesInOneCallMatchEachRunAlone(_ name: String) throws {
        let model = try Self.model(name)
        let seqs = Self.sequences(vocabulary: model.config.vocabularySize)
        let expected = try Self.alone(model, seqs)
        let (a, b, c) = (seqs[0], seqs[1], seqs[2])
        let session = ModelSession(model: model, lanes: 3)
        func check(_ row: UnsafeMutableBufferPointer<Float>, _ sequence: Int, _ position: Int) {
            let gap = Self.gap(row, expected[sequence][position])
            #expect(gap < 2e-3, "\(name): sequence \(sequence) at position \(position): gap \(gap)")
        }

        // Two prefills side by side, every row returned, in segment order.
        let first = try session.forward(batch: [.init(lane: 0, tokens: Array(a[..<8])), .init(lane: 2, tokens: b)],
                                                     logits: .all)
        #expect(first.rows == 13)
        for i in 0..<8 { check(first.row(i), 0, i) }
        for i in 0..<5 { check(first.row(8 + i), 1, i) }
        #expect(session.positions == [8, 0, 5])

        // A long prefill in lane 1 beside lane 0's remaining tokens and one token decoded at a time in neither order.
        let second = try session.forward(batch: [.init(lane: 1, tokens: Array(c[..<17])), .init(lane: 0, tokens: Array(a[8...]))],
                                                      logits: .last)
        #expect(second.rows == 2)
        check(second.row(0), 2, 16)
        check(second.row(1), 0, 11)
        for i in 17..<20 {
            let step = try session.forward(batch: [.init(lane: 1, tokens: [c[i]])], logits: .last)
            check(step.row(0), 2, i)
        }

        // Lane 2 starts a new sequence (the first tokens of `c`) while lane 0 goes on; the empty segment is ignored.
        session.reset(lane: 2)
        let third = try session.forward(batch: [.init(lane: 2, tokens: Array(c[..<9])), .init(lane: 1, tokens: []),
                                                             .init(lane: 0, tokens: [b[0]])],
                                                     logits: .last)
        #expect(third.rows == 2 && session.positions == [13, 20, 9])
        check(third.row(0), 2, 8)
        let extended = try ModelSession(model: model).forward(a + [b[0]], logits: .last)
        let gap = Self.gap(third.row(1), Array(extended.row(0)))
        #expect(gap < 2e-3, "\(name): lane 0 after a reset of lane 2: gap \(gap)")
    }

    /// In a batched call a hook is called once per segment, in order, with that segment's rows and first position
    /// (what it would see alone), and what it writes changes only its own segment.
    @Test func hooksSeeEachSegmentAsIfItRanAlone() throws {
        let model = try Self.model("synthetic")
        let seqs = Self.sequences(vocabulary: model.config.vocabularySize)
        let (a, b) = (seqs[0], seqs[1])
        let hook = HookPoint(layer: 0, kind: .residPost)
        func run(_ session: ModelSession, _ segments: [ModelSession.Segment]) throws -> (seen: [([Float], Int)], logits: Matrix) {
            var seen: [([Float], Int)] = []
            session.addHook(at: hook) { residual, first in
                seen.append((residual.toArray(), first))
                for i in 0..<residual.cols { residual.base[i] *= 2 }   // doubles the segment's first row
            }
            let logits = try session.forward(batch: segments, logits: .all)
            return (seen, logits)
        }
        let aloneA = ModelSession(model: model), aloneB = ModelSession(model: model)
        try aloneB.prefill(Array(b[..<2]))
        let (seenA, logitsA) = try run(aloneA, [.init(lane: 0, tokens: a)])
        let (seenB, logitsB) = try run(aloneB, [.init(lane: 0, tokens: Array(b[2...]))])

        let session = ModelSession(model: model, lanes: 2)
        try session.prefill(batch: [.init(lane: 1, tokens: Array(b[..<2]))])
        let (seen, logits) = try run(session, [.init(lane: 0, tokens: a), .init(lane: 1, tokens: Array(b[2...]))])
        #expect(seen.count == 2)
        #expect(seen.map(\.1) == [0, 2])
        for (batched, alone) in zip(seen, [seenA[0], seenB[0]]) {
            #expect(batched.0.count == alone.0.count)
            #expect(zip(batched.0, alone.0).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) })
        }
        for (offset, expected) in [(0, logitsA), (a.count, logitsB)] {
            for i in 0..<expected.rows {
                let gap = Self.gap(logits.row(offset + i), Array(expected.row(i)))
                #expect(gap < 2e-3, "row \(offset + i): gap \(gap)")
            }
        }
    }

    @Test func aLaneThatWouldOverflowTheContextIsRefusedAndNothingMoves() throws {
        let model = try Self.model("synthetic")
        let session = ModelSession(model: model, lanes: 2)
        try session.prefill(batch: [.init(lane: 1, tokens: [5, 6, 7])])
        let tooLong = Array(repeating: 5, count: model.config.contextLength)
        #expect(throws: InputError.self) {
            try session.forward(batch: [.init(lane: 0, tokens: [4]), .init(lane: 1, tokens: tooLong)], logits: .last)
        }
        #expect(session.positions == [0, 3])
    }
}
