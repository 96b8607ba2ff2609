import Foundation
import Testing
import SAEKit

/// Writes the GGUF seed of `scripts/fuzz gguf` (Tests/Fuzz/seeds/gguf/tiny-llama.gguf, committed): a one-block Llama
/// of width 32 with the byte-level vocabulary, small enough for libFuzzer to mutate quickly. Run with
/// WRITE_FUZZ_SEEDS=1; otherwise it checks that the committed seed still opens as a model.
@Suite struct FuzzSeedWriter {
    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/seeds/gguf/tiny-llama.gguf").path

    static func tinyLlama() -> GGUFWriter {
        let width = 32, ffn = 64, vocab = SyntheticModel.tokens
        var blocks = RandomBlocks(seed: 3)
        var w = GGUFWriter()
        w.metadata = [
            ("general.architecture", .string("llama")),
            ("llama.block_count", .uint32(1)), ("llama.embedding_length", .uint32(UInt32(width))),
            ("llama.feed_forward_length", .uint32(UInt32(ffn))), ("llama.attention.head_count", .uint32(2)),
            ("llama.attention.head_count_kv", .uint32(1)), ("llama.rope.freq_base", .float32(10000)),
            ("llama.attention.layer_norm_rms_epsilon", .float32(1e-5)), ("llama.context_length", .uint32(64)),
            ("tokenizer.ggml.model", .string("gpt2")), ("tokenizer.ggml.pre", .string("smollm")),
            ("tokenizer.ggml.tokens", .strings(vocab)),
            ("tokenizer.ggml.token_type", .int32s(vocab.indices.map { $0 < SyntheticModel.specials.count ? 3 : 1 })),
            ("tokenizer.ggml.merges", .strings(SyntheticModel.merges)), ("tokenizer.ggml.eos_token_id", .uint32(2)),
        ]
        func add(_ name: String, _ dims: [Int], _ type: GGMLType) {
            w.addTensor(name, dims, type, blocks.tensor(type, count: dims.reduce(1, *), scale: 0.3))
        }
        add("token_embd.weight", [width, vocab.count], .q8_0)
        add("blk.0.attn_norm.weight", [width], .f32)
        add("blk.0.attn_q.weight", [width, width], .q4_1)
        add("blk.0.attn_k.weight", [width, width / 2], .q4_0)
        add("blk.0.attn_v.weight", [width, width / 2], .f16)
        add("blk.0.attn_output.weight", [width, width], .q8_0)
        add("blk.0.ffn_norm.weight", [width], .f32)
        add("blk.0.ffn_gate.weight", [width, ffn], .q5_0)
        add("blk.0.ffn_up.weight", [width, ffn], .q5_1)
        add("blk.0.ffn_down.weight", [ffn, width], .bf16)
        add("output_norm.weight", [width], .f32)
        return w
    }

    @Test func theSeedIsATinyModel() throws {
        if ProcessInfo.processInfo.environment["WRITE_FUZZ_SEEDS"] != nil {
            try Data(Self.tinyLlama().bytes()).write(to: URL(fileURLWithPath: Self.seed))
        }
        let model = try LanguageModel(path: Self.seed)
        #expect(model.config.modelDim == 32 && model.config.layerCount == 1)
        #expect(try ModelSession(model: model).forward(model.tokenizer.encode("the cat"), logits: .last).cols == SyntheticModel.tokens.count)
    }
}
