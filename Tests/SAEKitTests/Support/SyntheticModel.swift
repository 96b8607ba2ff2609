import Foundation
import SAEKit

/// A tiny Llama GGUF with random weights in many tensor types and a small byte-level BPE vocabulary, written by the tests.
enum SyntheticModel {
    static let modelDim = 64, ffnDim = 256, heads = 4, kvHeads = 2, layers = 2, context = 96
    static let specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    static let merges = ["Ġ t", "h e", "Ġt he", "i s", "Ġ is"]

    /// The vocabulary: three control tokens, the 256 byte characters, then one token per merge.
    static var tokens: [String] {
        specials + ByteLevel.byteToScalar.map { String($0) } + merges.map { $0.replacingOccurrences(of: " ", with: "") }
    }

    /// Writes the model (tensor types vary by layer) and returns its path; `mutate` can alter the writer first.
    static func write(architecture: String = "llama", mutate: (inout GGUFWriter) -> Void = { _ in }) throws -> String {
        var blocks = RandomBlocks(seed: 7)
        var w = GGUFWriter()
        let vocab = tokens
        w.metadata = [
            ("general.architecture", .string(architecture)),
            ("llama.block_count", .uint32(UInt32(layers))),
            ("llama.embedding_length", .uint32(UInt32(modelDim))),
            ("llama.feed_forward_length", .uint32(UInt32(ffnDim))),
            ("llama.attention.head_count", .uint32(UInt32(heads))),
            ("llama.attention.head_count_kv", .uint32(UInt32(kvHeads))),
            ("llama.rope.freq_base", .float32(10000)),
            ("llama.attention.layer_norm_rms_epsilon", .float32(1e-5)),
            ("llama.context_length", .uint32(UInt32(context))),
            ("tokenizer.ggml.model", .string("gpt2")),
            ("tokenizer.ggml.pre", .string("smollm")),
            ("tokenizer.ggml.tokens", .strings(vocab)),
            ("tokenizer.ggml.token_type", .int32s(vocab.indices.map { $0 < specials.count ? 3 : 1 })),
            ("tokenizer.ggml.merges", .strings(merges)),
            ("tokenizer.ggml.eos_token_id", .uint32(2)),
        ]
        func add(_ name: String, _ dims: [Int], _ type: GGMLType, scale: Float) {
            w.tensors.append((name, dims, type, blocks.tensor(type, count: dims.reduce(1, *), scale: scale)))
        }
        func norm(_ name: String) {
            let values = (0..<modelDim).map { _ in blocks.uniform(0.8, 1.2) }
            w.tensors.append((name, [modelDim], .f32, values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }))
        }
        add("token_embd.weight", [modelDim, vocab.count], .q8_0, scale: 1)
        let kv = kvHeads * modelDim / heads
        let types: [[GGMLType]] = [[.f32, .f16, .q4_0, .q4_1, .q8_0, .bf16, .q4_K], [.q4_1, .q4_1, .q4_1, .q4_1, .q4_1, .q4_1, .q6_K]]
        for l in 0..<layers {
            let t = types[l], p = "blk.\(l)."
            norm(p + "attn_norm.weight")
            add(p + "attn_q.weight", [modelDim, modelDim], t[0], scale: 0.3)
            add(p + "attn_k.weight", [modelDim, kv], t[1], scale: 0.3)
            add(p + "attn_v.weight", [modelDim, kv], t[2], scale: 0.3)
            add(p + "attn_output.weight", [modelDim, modelDim], t[3], scale: 0.2)
            norm(p + "ffn_norm.weight")
            add(p + "ffn_gate.weight", [modelDim, ffnDim], t[4], scale: 0.3)
            add(p + "ffn_up.weight", [modelDim, ffnDim], t[5], scale: 0.3)
            add(p + "ffn_down.weight", [ffnDim, modelDim], t[6], scale: 0.1)
        }
        norm("output_norm.weight")
        mutate(&w)
        return try w.write()
    }
}
