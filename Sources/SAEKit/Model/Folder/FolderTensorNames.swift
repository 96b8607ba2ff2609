/// Where each tensor of a Hugging Face checkpoint goes in llama.cpp's naming, and what its bytes need on the way: the
/// translation `convert_hf_to_gguf.py` makes, done when the folder is opened.
struct FolderTensorName: Equatable {
    /// What happens to the bytes.
    enum Treatment: Equatable {
        /// Left in the mapped file: a matrix whose rows are already ggml's (Linear weights are [out, in]).
        case matrix
        /// Converted to F32 (norms and biases: the forward pass reads them as floats).
        case vector
        /// Converted to F32 with 1 added (Gemma's RMSNorm multiplies by 1 + w; the converter adds the 1).
        case gemmaNorm
        /// Transposed: GPT-2's Conv1D stores [in, out].
        case transposed
        /// GPT-NeoX's fused queries, keys and values, stored head by head ([heads, 3, headDim] rows), regrouped as
        /// all queries, all keys, all values.
        case regroupedHeads
    }

    /// The GGUF name.
    let name: String
    /// What the bytes need.
    let treatment: Treatment

    /// The GGUF name and treatment of checkpoint tensor `hfName` of `architecture`; nil for a tensor the forward pass
    /// does not read (rotary tables, attention masks, a multimodal model's vision tower); an unknown tensor is an
    /// error, so a variant saescope does not run is never half-loaded.
    static func of(_ hfName: String, _ architecture: ModelArchitecture, path: String) throws -> FolderTensorName? {
        let name = Self.languageModelName(hfName)
        guard let name else { return nil }
        let translated: FolderTensorName??
        switch architecture {
        case .gpt2: translated = gpt2(name)
        case .gptneox: translated = gptNeoX(name)
        case .llama, .qwen2, .qwen3, .gemma2, .gemma3: translated = llamaLike(name, gemma: [.gemma2, .gemma3].contains(architecture))
        }
        guard let translated else {
            throw InputError(path, "tensor '\(hfName)' is not one saescope knows in a \(architecture.rawValue) checkpoint")
        }
        return translated
    }

    /// The name with a multimodal wrapper's prefix removed (Gemma 3 4B and larger), or nil for its other towers.
    private static func languageModelName(_ name: String) -> String? {
        for prefix in ["vision_tower.", "multi_modal_projector.", "model.vision_tower.", "model.multi_modal_projector."]
        where name.hasPrefix(prefix) { return nil }
        for (wrapper, plain) in [("language_model.model.", "model."), ("model.language_model.", "model."), ("language_model.", "")]
        where name.hasPrefix(wrapper) { return plain + name.dropFirst(wrapper.count) }
        return name
    }

    /// A layer's name split into its index and the rest, when `name` starts with `prefix` and a number.
    private static func layer(_ name: String, _ prefix: String) -> (index: Int, rest: String)? {
        guard name.hasPrefix(prefix) else { return nil }
        let tail = name.dropFirst(prefix.count)
        guard let dot = tail.firstIndex(of: "."), let index = Int(tail[..<dot]), index >= 0 else { return nil }
        return (index, String(tail[tail.index(after: dot)...]))
    }

    /// The `weight` or `bias` suffix of `rest` after `stem`, if `rest` is one of them.
    private static func part(_ rest: String, _ stem: String) -> String? {
        for suffix in ["weight", "bias"] where rest == stem + "." + suffix { return suffix }
        return nil
    }

    /// Llama, Qwen 2 and 3, Gemma 2 and 3: `model.embed_tokens`, `model.layers.N.…`, `model.norm`, `lm_head`.
    private static func llamaLike(_ name: String, gemma: Bool) -> FolderTensorName?? {
        let norm: Treatment = gemma ? .gemmaNorm : .vector
        switch name {
        case "model.embed_tokens.weight": return .some(FolderTensorName(name: "token_embd.weight", treatment: .matrix))
        case "model.norm.weight": return .some(FolderTensorName(name: "output_norm.weight", treatment: norm))
        case "lm_head.weight": return .some(FolderTensorName(name: "output.weight", treatment: .matrix))
        default: break
        }
        guard let (index, rest) = layer(name, "model.layers.") else { return nil }
        if rest.hasSuffix("rotary_emb.inv_freq") { return .some(nil) }
        let norms = ["input_layernorm": "attn_norm", "self_attn.q_norm": "attn_q_norm", "self_attn.k_norm": "attn_k_norm",
                     "post_attention_layernorm": gemma ? "post_attention_norm" : "ffn_norm",
                     "pre_feedforward_layernorm": "ffn_norm", "post_feedforward_layernorm": "post_ffw_norm"]
        let linears = ["self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
                       "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
                       "mlp.down_proj": "ffn_down"]
        for (stem, target) in norms where rest == stem + ".weight" {
            if !gemma && ["pre_feedforward_layernorm", "post_feedforward_layernorm"].contains(stem) { return nil }
            return .some(FolderTensorName(name: "blk.\(index).\(target).weight", treatment: norm))
        }
        for (stem, target) in linears {
            guard let suffix = part(rest, stem) else { continue }
            return .some(FolderTensorName(name: "blk.\(index).\(target).\(suffix)", treatment: suffix == "weight" ? .matrix : .vector))
        }
        return nil
    }

    /// GPT-2 (with or without the `transformer.` prefix): Conv1D weights are transposed.
    private static func gpt2(_ full: String) -> FolderTensorName?? {
        let name = full.hasPrefix("transformer.") ? String(full.dropFirst("transformer.".count)) : full
        switch name {
        case "wte.weight": return .some(FolderTensorName(name: "token_embd.weight", treatment: .matrix))
        case "wpe.weight": return .some(FolderTensorName(name: "position_embd.weight", treatment: .matrix))
        case "lm_head.weight": return .some(FolderTensorName(name: "output.weight", treatment: .matrix))
        default: break
        }
        if let suffix = part(name, "ln_f") { return .some(FolderTensorName(name: "output_norm.\(suffix)", treatment: .vector)) }
        guard let (index, rest) = layer(name, "h.") else { return nil }
        if rest == "attn.bias" || rest == "attn.masked_bias" { return .some(nil) }
        let stems = ["ln_1": "attn_norm", "ln_2": "ffn_norm", "attn.c_attn": "attn_qkv", "attn.c_proj": "attn_output",
                     "mlp.c_fc": "ffn_up", "mlp.c_proj": "ffn_down"]
        for (stem, target) in stems {
            guard let suffix = part(rest, stem) else { continue }
            let treatment: Treatment = suffix == "bias" || stem.hasPrefix("ln_") ? .vector : .transposed
            return .some(FolderTensorName(name: "blk.\(index).\(target).\(suffix)", treatment: treatment))
        }
        return nil
    }

    /// GPT-NeoX (Pythia): `gpt_neox.…` and `embed_out`; the fused QKV is regrouped.
    private static func gptNeoX(_ full: String) -> FolderTensorName?? {
        if full == "embed_out.weight" { return .some(FolderTensorName(name: "output.weight", treatment: .matrix)) }
        guard full.hasPrefix("gpt_neox.") else { return nil }
        let name = String(full.dropFirst("gpt_neox.".count))
        if name == "embed_in.weight" { return .some(FolderTensorName(name: "token_embd.weight", treatment: .matrix)) }
        if let suffix = part(name, "final_layer_norm") { return .some(FolderTensorName(name: "output_norm.\(suffix)", treatment: .vector)) }
        guard let (index, rest) = layer(name, "layers.") else { return nil }
        if ["attention.bias", "attention.masked_bias", "attention.rotary_emb.inv_freq"].contains(rest) { return .some(nil) }
        let stems = ["input_layernorm": "attn_norm", "post_attention_layernorm": "ffn_norm",
                     "attention.query_key_value": "attn_qkv", "attention.dense": "attn_output",
                     "mlp.dense_h_to_4h": "ffn_up", "mlp.dense_4h_to_h": "ffn_down"]
        for (stem, target) in stems {
            guard let suffix = part(rest, stem) else { continue }
            let treatment: Treatment = stem == "attention.query_key_value" ? .regroupedHeads
                : suffix == "bias" || stem.hasSuffix("layernorm") ? .vector : .matrix
            return .some(FolderTensorName(name: "blk.\(index).\(target).\(suffix)", treatment: treatment))
        }
        return nil
    }
}
