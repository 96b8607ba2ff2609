/// What a language model is read from: metadata under GGUF's keys and tensors under GGUF's names in ggml's layout. A
/// GGUF file is one as it is; a Hugging Face model folder (`ModelFolder`) is translated into one when opened.
public protocol ModelSource: AnyObject, Sendable {
    /// The file or folder the model was opened from.
    var path: String { get }
    /// Metadata by GGUF key (`general.architecture`, `llama.block_count`, …).
    var metadata: [String: GGUFValue] { get }
    /// Every tensor, in a stable order.
    var tensors: [ModelTensor] { get }
    /// The named tensor (a GGUF name such as `blk.0.attn_q.weight`), or nil.
    func tensorIfPresent(_ name: String) -> ModelTensor?
    /// The RoPE pairing the query and key rows are laid out for, when the source fixes it rather than the family (a
    /// Hugging Face folder keeps rotate-half rows that llama.cpp's converter would have permuted).
    var rotaryPairs: BlockDesign.RotaryPairs? { get }
}

extension ModelSource {
    /// The named tensor, or an error naming the source and the tensor.
    public func tensor(_ name: String) throws -> ModelTensor {
        guard let tensor = tensorIfPresent(name) else { throw InputError(path, "has no tensor '\(name)'") }
        return tensor
    }
}

extension GGUFFile: ModelSource {
    /// A GGUF's rows are laid out for its family's pairing.
    public var rotaryPairs: BlockDesign.RotaryPairs? { nil }
}
