/// How a family's transformer block differs from the Llama block (pre-norm attention and SwiGLU MLP, RMSNorm,
/// RoPE on adjacent pairs, every layer attending to the whole context). Each family states only its differences.
public struct BlockDesign: Sendable, Equatable {
    /// The MLP's activation (of its gate, in a gated MLP).
    public enum Activation: Sendable, Equatable {
        /// SiLU, z·σ(z) (Llama).
        case silu
        /// GELU in its tanh form (Gemma, GPT-2's `gelu_new`).
        case geluTanh
        /// GELU with the error function (GPT-NeoX's `gelu`).
        case geluErf
    }

    /// How the residual stream is normalised before each sublayer and the output head.
    public enum Normalization: Sendable, Equatable {
        /// x / rms(x) · weight.
        case rms
        /// (x − mean) / std(x) · weight + bias (GPT-2, GPT-NeoX).
        case layer
    }

    /// How a token learns its position.
    public enum Positions: Sendable, Equatable {
        /// RoPE on queries and keys.
        case rotary
        /// A learned position embedding added to the token embedding (`position_embd`, GPT-2).
        case learned
    }

    /// Which values of a head RoPE rotates together.
    public enum RotaryPairs: Sendable, Equatable {
        /// (2i, 2i+1): llama.cpp's "normal" RoPE; its converter permutes Llama's q/k rows to fit it.
        case adjacent
        /// (i, i + ropeDim/2): llama.cpp's "neox" RoPE, Hugging Face's rotate_half on unpermuted weights.
        case halves
    }

    /// The MLP's activation.
    public var activation = Activation.silu
    /// Whether the MLP is gated (act(gate·x) ⊙ up·x, then down) rather than plain (act(up·x), then down).
    public var gatedMLP = true
    /// The norm before each sublayer and the output head.
    public var normalization = Normalization.rms
    /// Where positions come from.
    public var positions = Positions.rotary
    /// Whether attention and MLP both read the block's input and add to it together (GPT-NeoX), rather than the MLP
    /// reading the stream after attention has joined it.
    public var parallelResidual = false
    /// RoPE's pairing.
    public var rotaryPairs = RotaryPairs.adjacent
    /// RoPE frequency base of the layers that see the whole context.
    public var ropeBase: Float = 10_000
    /// Each RoPE frequency of the global layers is divided by its factor (Llama 3's scaling, `rope_freqs.weight`).
    public var ropeFrequencyFactors: [Float]?
    /// The global layers' RoPE angles are multiplied by this (linear scaling: 1 / `rope.scaling.factor`).
    public var ropeAngleScale: Float = 1
    /// Attention scores s become c·tanh(s / c) before the softmax (Gemma 2).
    public var attentionSoftCap: Float?
    /// Logits z become c·tanh(z / c) (Gemma 2).
    public var outputSoftCap: Float?
    /// The token embedding is multiplied by this before the first block (Gemma: √modelDim).
    public var embeddingScale: Float = 1
    /// Attention scores are q·k times this.
    public var attentionScale: Float
    /// Each head's queries and keys are RMS-normalised (weights `attn_q_norm`, `attn_k_norm`) before RoPE.
    public var normalizesQueriesAndKeys = false
    /// The attention and MLP outputs are RMS-normalised (`post_attention_norm`, `post_ffw_norm`) before they join
    /// the residual stream.
    public var normalizesSublayerOutputs = false
    /// Local layers attend to this many positions (the current one included); nil when every layer is global.
    public var slidingWindow: Int?
    /// Every `globalLayerPeriod`-th layer (the last of each period) is global, the others local; nil when all are
    /// local once `slidingWindow` is set.
    public var globalLayerPeriod: Int?
    /// RoPE frequency base of local layers.
    public var localRopeBase: Float?

    /// The Llama block for heads of `headDim`.
    public init(headDim: Int) {
        attentionScale = 1 / Float(headDim).squareRoot()
    }

    /// Whether `layer` attends to a sliding window rather than the whole context.
    public func isLocal(_ layer: Int) -> Bool {
        guard slidingWindow != nil else { return false }
        guard let period = globalLayerPeriod else { return true }
        return (layer + 1) % period != 0
    }

    /// How many positions `layer` attends to (the current one included), or nil for all of them.
    public func window(_ layer: Int) -> Int? { isLocal(layer) ? slidingWindow : nil }

    /// The RoPE frequency base of `layer`.
    public func ropeBase(_ layer: Int) -> Float { isLocal(layer) ? localRopeBase ?? ropeBase : ropeBase }
}
