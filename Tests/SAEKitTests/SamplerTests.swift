import Foundation
import Testing
import SAEKit

@Suite struct SamplerTests {
    func draws(_ sampler: Sampler, _ logits: [Float], count: Int) -> [Int] {
        var sampler = sampler
        return logits.withUnsafeBufferPointer { buffer in (0..<count).map { _ in sampler.sample(buffer) } }
    }

    @Test func greedyTakesTheFirstLargest() throws {
        #expect(draws(try Sampler(), [0.5, 2, 2, -1], count: 3) == [1, 1, 1])
        #expect(draws(try Sampler(temperature: 5, topK: 1, seed: 9), [0.5, 2, 3, -1], count: 20).allSatisfy { $0 == 2 })
        #expect(draws(try Sampler(temperature: 1, topP: 0.01, seed: 9), [0.5, 2, 3, -1], count: 20).allSatisfy { $0 == 2 })
    }

    @Test func aSeedRepeatsARun() throws {
        let logits = (0..<100).map { Float($0 % 13) * 0.3 }
        let a = draws(try Sampler(temperature: 1, seed: 42), logits, count: 50)
        #expect(a == draws(try Sampler(temperature: 1, seed: 42), logits, count: 50))
        #expect(a != draws(try Sampler(temperature: 1, seed: 43), logits, count: 50))
    }

    @Test func frequenciesFollowTheSoftmax() throws {
        let logits: [Float] = [log(0.7), log(0.2), log(0.1)]
        let picks = draws(try Sampler(temperature: 1, seed: 1), logits, count: 20000)
        for (id, p) in [(0, 0.7), (1, 0.2), (2, 0.1)] {
            let share = Double(picks.filter { $0 == id }.count) / 20000
            #expect(abs(share - p) < 0.015, "token \(id): \(share)")
        }
    }

    @Test func topKAndTopPCutTheTail() throws {
        let logits: [Float] = [1, 0.9, 0.8, 0.7, -5, 0.95]
        let k = Set(draws(try Sampler(temperature: 1, topK: 3, seed: 2), logits, count: 500))
        #expect(k == [0, 1, 5])
        // p = 0.5 keeps the smallest head of the distribution whose mass reaches one half: three of the five near-equal tokens.
        let p = Set(draws(try Sampler(temperature: 1, topP: 0.5, seed: 3), logits, count: 500))
        #expect(p == [0, 1, 5])
    }

    @Test func badSettingsAreInputErrors() {
        #expect(throws: InputError.self) { try Sampler(temperature: -1) }
        #expect(throws: InputError.self) { try Sampler(topK: -2) }
        #expect(throws: InputError.self) { try Sampler(topP: 1.5) }
    }

    @Test func generatorStopsOnStopTokens() {
        let tokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<repo_name>", "<reponame>", "a"]
        let t = Tokenizer(tokens: tokens, tokenTypes: [3, 3, 3, 3, 3, 1], merges: [], preTokenizer: .gpt2, eosID: 2)
        #expect(Generator.stopTokens(for: t) == [0, 2, 4])
    }
}
