import Foundation
import SAEKit

/// What the targets need besides their input: valid weights for the config targets (the test fixtures, read from the
/// repository the fuzzer runs in) and small tokenizers of each kind.
enum FuzzSeeds {
    /// The repository's test fixtures folder (the fuzzer runs from the repository root, as scripts/fuzz does).
    static let fixtures = "Tests/SAEKitTests/Fixtures/"

    /// A SAELens dictionary's weights, for configs to describe.
    static let saelensWeights = try? Data(contentsOf: URL(fileURLWithPath: fixtures + "saelens_standard/sae_weights.safetensors"))

    /// A sparsify dictionary's weights.
    static let sparsifyWeights: Data? = {
        let run = fixtures + "sparsify_run"
        let layer = (try? FileManager.default.contentsOfDirectory(atPath: run))?.sorted().first { !$0.hasSuffix(".json") }
        return layer.flatMap { try? Data(contentsOf: URL(fileURLWithPath: run + "/" + $0 + "/sae.safetensors")) }
    }()

    /// Words that the small vocabularies hold whole.
    static let words = ["the", " the", "cat", " cat", "ing", " is", "on", " mat", "12", "Hello", ",", "!", "\n\n", "  "]

    /// A byte-level BPE tokenizer: three specials, the 256 byte characters, and merges building `words`.
    static let bytePairTokenizer: Tokenizer = {
        let specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
        var tokens = specials + ByteLevel.byteToScalar.map { String($0) }
        var merges: [String] = []
        for word in words {
            let pieces = word.utf8.map { String(ByteLevel.byteToScalar[Int($0)]) }
            guard pieces.count > 1 else { continue }
            var current = pieces[0]
            for piece in pieces.dropFirst() {
                merges.append(current + " " + piece)
                current += piece
                if !tokens.contains(current) { tokens.append(current) }
            }
        }
        return Tokenizer(tokens: tokens, tokenTypes: tokens.indices.map { $0 < specials.count ? 3 : 1 }, merges: merges,
                         preTokenizer: .smollm, eosID: 0)
    }()

    /// A SentencePiece tokenizer: controls, the 256 byte pieces, ▁ itself (every real vocabulary has it: without it a
    /// lone space falls back to the bytes of ▁) and `words` with ▁ for spaces, longer ones scoring higher.
    static let sentencePieceTokenizer: Tokenizer = {
        var tokens = ["<pad>", "<eos>", "<bos>"], types = [3, 3, 3]
        var scores: [Float] = [0, 0, 0]
        for byte in 0..<256 {
            tokens.append(String(format: "<0x%02X>", byte))
            types.append(6)
            scores.append(0)
        }
        for word in Set(words.map { $0.replacingOccurrences(of: " ", with: "▁") } + ["▁"]).sorted() {
            tokens.append(word)
            types.append(1)
            scores.append(-Float(10 - min(9, word.count)))
        }
        return Tokenizer(sentencePieceTokens: tokens, scores: scores, tokenTypes: types, bosID: 2, eosID: 1)
    }()
}
