/// A place in the forward pass where a hook can read and replace activations, named as in TransformerLens.
public struct HookPoint: Hashable, Sendable, CustomStringConvertible {
    /// Where in the block: the residual stream before or after it, the MLP's output before it joins the stream
    /// (after the post-MLP norm in families that have one), the MLP's normalised input (what transcoders read), or the
    /// attention heads' outputs before the output projection, [heads · headDim] per token (TransformerLens's `hook_z`,
    /// flattened as SAELens reads it). Cases are listed in the order a block reaches them.
    public enum Kind: String, Sendable, CaseIterable {
        case residPre = "hook_resid_pre", attentionZ = "attn.hook_z", mlpInput = "ln2.hook_normalized",
             mlpOut = "hook_mlp_out", residPost = "hook_resid_post"
    }
    /// The block index.
    public let layer: Int
    /// Which side of the block.
    public let kind: Kind

    /// A hook point at `layer`.
    public init(layer: Int, kind: Kind) {
        self.layer = layer
        self.kind = kind
    }

    /// Parses `blocks.{L}.hook_resid_pre`, `….hook_resid_post`, `….hook_mlp_out`, `….ln2.hook_normalized` or
    /// `….attn.hook_z`, checking L against `layerCount`.
    public init(name: String, layerCount: Int) throws {
        let parts = name.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "blocks", let layer = Int(parts[1]), let kind = Kind(rawValue: String(parts[2])) else {
            throw InputError("--hook", "'\(name)' is not a hook name saescope runs (blocks.{L}.hook_resid_pre, hook_resid_post, hook_mlp_out, ln2.hook_normalized or attn.hook_z)")
        }
        guard (0..<layerCount).contains(layer) else {
            throw InputError("--hook", "layer \(layer) of '\(name)' is out of range (the model has layers 0 to \(layerCount - 1))")
        }
        self.init(layer: layer, kind: kind)
    }

    /// The width of the activations at this point in a model of `config`.
    public func width(in config: ModelConfig) -> Int { kind == .attentionZ ? config.queryDim : config.modelDim }

    /// Whether a forward pass reaches this point before `other` (or at the same time).
    public func comesNoLaterThan(_ other: HookPoint) -> Bool {
        let order = Kind.allCases
        return (layer, order.firstIndex(of: kind)!) <= (other.layer, order.firstIndex(of: other.kind)!)
    }

    /// The output of the MLP whose normalised input `name` is (`blocks.L.ln2.hook_normalized` → `blocks.L.hook_mlp_out`),
    /// where a transcoder reading there writes; nil for any other name.
    public static func mlpOutput(forInput name: String) -> String? {
        let input = "." + Kind.mlpInput.rawValue
        guard name.hasSuffix(input) else { return nil }
        return name.dropLast(input.count) + "." + Kind.mlpOut.rawValue
    }

    /// The hook name, as in TransformerLens.
    public var description: String { "blocks.\(layer).\(kind.rawValue)" }
}

/// A hook: it gets the activations [n_tokens, width] of one sequence in a forward call (positions from
/// `firstPosition` on; a batched call calls it once per segment, in order) and may change them in place.
public typealias ResidualHook = (_ residual: Matrix, _ firstPosition: Int) -> Void
