import Foundation

/// Reads a Hugging Face `tokenizer.json` (with `tokenizer_config.json` and `generation_config.json` beside it) into a
/// `Tokenizer` whose ids equal the `tokenizers` library's (docs/FORMATS.md §9). Implemented: the BPE model (merges as
/// strings or pairs, byte fallback, `ignore_merges`, an unknown token); normalizers Replace (literal), NFC, NFD, NFKC,
/// NFKD, Lowercase and Sequence; pre-tokenizers Split (a regex or string, any behaviour), ByteLevel, Metaspace, Digits
/// and Sequence; post-processors TemplateProcessing (a BOS before the text), ByteLevel and Sequence; decoders
/// ByteLevel, Metaspace, and Sequences of Replace ▁→space, ByteFallback and Fuse; added tokens. Anything else is
/// refused by name, never approximated.
struct TokenizerJSON {
    /// Token texts by id, padded to the model's rows.
    private(set) var tokens: [String] = []
    /// Token types by id (1 normal, 3 control, 4 user-defined, 5 unused padding, 6 byte).
    private(set) var types: [Int] = []
    /// The pipeline between added tokens.
    private(set) var pipeline: TokenizerPipeline
    /// The token the post-processor puts before every text, if any.
    private(set) var leadingSpecial: Int?

    /// Reads `path`, padding the vocabulary to `vocabularySize` (the embedding's rows) as llama.cpp's converter does.
    init(path: String, vocabularySize: Int?) throws {
        let json = try JSONConfig(path: path, maxBytes: 256 << 20)
        guard let model = try json.object("model") else { throw InputError(path, "has no model") }
        let modelType = try model.string("type") ?? "BPE"
        guard modelType == "BPE" else { throw InputError(path, "tokenizer model '\(modelType)' is not supported (saescope reads BPE)") }
        for key in ["dropout", "continuing_subword_prefix", "end_of_word_suffix"] where model.has(key) {
            throw InputError(path, "BPE option '\(key)' is not supported")
        }
        guard let vocab = try model.object("vocab") else { throw InputError(path, "has no model.vocab") }
        var byID: [Int: String] = [:]
        for (text, value) in vocab.fields {
            guard let id = (value as? NSNumber)?.intValue, id >= 0, id < 1 << 24 else { throw InputError(path, "vocab entry '\(text)' has no valid id") }
            byID[id] = text
        }
        var specialByID: [Int: Bool] = [:]
        for case let entry as [String: Any] in try json.array("added_tokens") ?? [] {
            let token = JSONConfig(path: path, fields: entry)
            guard let id = try token.int("id"), id >= 0, id < 1 << 24, let content = try token.string("content") else {
                throw InputError(path, "an added token has no id or content")
            }
            for flag in ["single_word", "lstrip", "rstrip"] where try token.bool(flag) == true {
                throw InputError(path, "added token '\(content)' sets \(flag), which is not supported")
            }
            byID[id] = content
            specialByID[id] = try token.bool("special") ?? false
        }
        let count = max(vocabularySize ?? 0, (byID.keys.max() ?? -1) + 1)
        if let vocabularySize, count > vocabularySize {
            throw InputError(path, "has token ids up to \(count - 1), beyond the model's \(vocabularySize) embedding rows")
        }
        tokens = (0..<count).map { byID[$0] ?? "[PAD\($0)]" }
        types = (0..<count).map { id in
            if let special = specialByID[id] { return special ? 3 : 4 }
            guard let text = byID[id] else { return 5 }
            return text.count == 6 && text.hasPrefix("<0x") && text.hasSuffix(">") ? 6 : 1
        }
        let idOf = Dictionary(byID.map { ($1, $0) }, uniquingKeysWith: min)
        pipeline = TokenizerPipeline(
            normalization: try Self.normalization(json.object("normalizer"), path),
            splits: try Self.splits(json.object("pre_tokenizer"), path),
            mergeRank: try Self.mergeRanks(model, path),
            ignoresMerges: try model.bool("ignore_merges") ?? false,
            byteFallback: try model.bool("byte_fallback") ?? false,
            unknownID: try model.string("unk_token").flatMap { idOf[$0] },
            fusesUnknown: try model.bool("fuse_unk") ?? false,
            decoding: try Self.decoding(json.object("decoder"), path))
        leadingSpecial = try Self.leadingSpecial(json.object("post_processor"), idOf: idOf, path)
    }

    /// Merges in rank order, as `"a b"` strings or `["a", "b"]` pairs.
    private static func mergeRanks(_ model: JSONConfig, _ path: String) throws -> [TokenizerPipeline.Pair: Int] {
        let merges = try model.array("merges") ?? []
        var ranks: [TokenizerPipeline.Pair: Int] = [:]
        ranks.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            let pair: TokenizerPipeline.Pair
            if let text = merge as? String {
                let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw InputError(path, "merge \(rank) '\(text)' is not two tokens") }
                pair = .init(left: String(parts[0]), right: String(parts[1]))
            } else if let parts = merge as? [String], parts.count == 2 {
                pair = .init(left: parts[0], right: parts[1])
            } else {
                throw InputError(path, "merge \(rank) is neither \"a b\" nor [a, b]")
            }
            if ranks[pair] == nil { ranks[pair] = rank }
        }
        return ranks
    }

    /// The steps of `normalizer` (nil: none).
    private static func normalization(_ step: JSONConfig?, _ path: String) throws -> [TokenizerPipeline.Normalization] {
        guard let step else { return [] }
        let type = try step.string("type") ?? ""
        switch type {
        case "Sequence":
            return try (step.array("normalizers") ?? []).flatMap { item -> [TokenizerPipeline.Normalization] in
                guard let fields = item as? [String: Any] else { throw InputError(path, "a normalizer is not an object") }
                return try normalization(JSONConfig(path: path, fields: fields), path)
            }
        case "Replace":
            guard let pattern = try step.object("pattern"), let literal = try pattern.string("String") else {
                throw InputError(path, "normalizer Replace with a regex pattern is not supported")
            }
            return [.replace(literal, with: try step.string("content") ?? "")]
        case "NFC": return [.nfc]
        case "NFD": return [.nfd]
        case "NFKC": return [.nfkc]
        case "NFKD": return [.nfkd]
        case "Lowercase": return [.lowercase]
        case "Prepend": return [.prepend(try step.string("prepend") ?? "")]
        default: throw InputError(path, "normalizer '\(type)' is not supported")
        }
    }

    /// The steps of `pre_tokenizer` (nil: none).
    private static func splits(_ step: JSONConfig?, _ path: String) throws -> [TokenizerPipeline.Split] {
        guard let step else { return [] }
        let type = try step.string("type") ?? ""
        switch type {
        case "Sequence":
            return try (step.array("pretokenizers") ?? []).flatMap { item -> [TokenizerPipeline.Split] in
                guard let fields = item as? [String: Any] else { throw InputError(path, "a pre-tokenizer is not an object") }
                return try splits(JSONConfig(path: path, fields: fields), path)
            }
        case "Split":
            guard try step.bool("invert") != true else { throw InputError(path, "pre-tokenizer Split with invert is not supported") }
            let name = try step.string("behavior") ?? "Isolated"
            guard let behavior = TokenizerPipeline.SplitBehavior(rawValue: name) else {
                throw InputError(path, "Split behavior '\(name)' is not supported")
            }
            guard let pattern = try step.object("pattern") else { throw InputError(path, "pre-tokenizer Split has no pattern") }
            if let literal = try pattern.string("String") { return [.pattern(.literal(literal), behavior)] }
            guard let regex = try pattern.string("Regex") else { throw InputError(path, "pre-tokenizer Split's pattern is neither String nor Regex") }
            return [.pattern(try SplitPattern.regex(regex, source: path), behavior)]
        case "ByteLevel":
            return [.byteLevel(addsPrefixSpace: try step.bool("add_prefix_space") ?? false, splits: try step.bool("use_regex") ?? true)]
        case "Digits":
            let individual = try step.bool("individual_digits") ?? false
            return [.pattern(.matcher(PreTokenizer.matchDigit), individual ? .isolated : .contiguous)]
        case "Metaspace":
            let replacement = try step.string("replacement") ?? "\u{2581}"
            guard replacement.count == 1, let mark = replacement.first else { throw InputError(path, "Metaspace replacement '\(replacement)' is not one character") }
            let schemeName = try step.string("prepend_scheme") ?? ((try step.bool("add_prefix_space") ?? true) ? "always" : "never")
            guard let scheme = TokenizerPipeline.MetaspacePrepend(rawValue: schemeName) else {
                throw InputError(path, "Metaspace prepend_scheme '\(schemeName)' is not supported")
            }
            return [.metaspace(mark: mark, prepend: scheme, splits: try step.bool("split") ?? true)]
        default: throw InputError(path, "pre-tokenizer '\(type)' is not supported")
        }
    }

    /// How tokens decode, from `decoder`.
    private static func decoding(_ step: JSONConfig?, _ path: String) throws -> TokenizerPipeline.Decoding {
        guard let step else { return .pieces(spaceMark: nil, strippedSpaces: 0) }
        let type = try step.string("type") ?? ""
        switch type {
        case "ByteLevel": return .byteLevel
        case "Metaspace": return .pieces(spaceMark: (try step.string("replacement") ?? "\u{2581}").first, strippedSpaces: 0)
        case "Sequence":
            var mark: Character?
            var fused = false, stripped = 0
            for item in try step.array("decoders") ?? [] {
                guard let fields = item as? [String: Any] else { throw InputError(path, "a decoder is not an object") }
                let inner = JSONConfig(path: path, fields: fields)
                let innerType = try inner.string("type") ?? ""
                guard stripped == 0 else { throw InputError(path, "a decoder after Strip is not supported") }
                switch innerType {
                case "ByteFallback": continue
                case "Fuse": fused = true
                case "Strip":
                    // After Fuse, the one fused text loses up to `start` leading spaces: Llama 2's leading space.
                    guard fused, try inner.string("content") == " ", try inner.int("stop") == 0, let start = try inner.int("start"), start > 0 else {
                        throw InputError(path, "decoder Strip other than leading spaces after Fuse is not supported")
                    }
                    stripped = start
                case "ByteLevel": return .byteLevel
                case "Replace":
                    guard let from = try inner.object("pattern")?.string("String"), from.count == 1,
                          try inner.string("content") == " " else {
                        throw InputError(path, "decoder Replace other than one character with a space is not supported")
                    }
                    mark = from.first
                default: throw InputError(path, "decoder '\(innerType)' is not supported")
                }
            }
            return .pieces(spaceMark: mark, strippedSpaces: stripped)
        default: throw InputError(path, "decoder '\(type)' is not supported")
        }
    }

    /// The special token `post_processor` puts before a single text (TemplateProcessing `[special, $A]`), if any.
    private static func leadingSpecial(_ step: JSONConfig?, idOf: [String: Int], _ path: String) throws -> Int? {
        guard let step else { return nil }
        let type = try step.string("type") ?? ""
        switch type {
        case "ByteLevel": return nil
        case "Sequence":
            var lead: Int?
            for item in try step.array("processors") ?? [] {
                guard let fields = item as? [String: Any] else { throw InputError(path, "a post-processor is not an object") }
                if let id = try leadingSpecial(JSONConfig(path: path, fields: fields), idOf: idOf, path) { lead = id }
            }
            return lead
        case "TemplateProcessing":
            let items = (try step.array("single") ?? []).compactMap { $0 as? [String: Any] }
            let specials = items.compactMap { ($0["SpecialToken"] as? [String: Any])?["id"] as? String }
            let sequences = items.filter { $0["Sequence"] != nil }
            guard sequences.count == 1, items.count - sequences.count == specials.count else {
                throw InputError(path, "TemplateProcessing 'single' is not special tokens around one sequence")
            }
            guard items.last?["Sequence"] != nil else {
                throw InputError(path, "TemplateProcessing appends tokens after the text, which is not supported")
            }
            guard specials.count <= 1 else { throw InputError(path, "TemplateProcessing puts \(specials.count) tokens before the text, which is not supported") }
            guard let name = specials.first else { return nil }
            guard let id = idOf[name] else { throw InputError(path, "TemplateProcessing names '\(name)', which is not a token") }
            return id
        default: throw InputError(path, "post-processor '\(type)' is not supported")
        }
    }
}
