/// A place in the forward pass where a hook can read and replace the residual stream, named as in TransformerLens.
public struct HookPoint: Hashable, Sendable, CustomStringConvertible {
    /// Before or after a block.
    public enum Kind: String, Sendable { case residPre = "hook_resid_pre", residPost = "hook_resid_post" }
    /// The block index.
    public let layer: Int
    /// Which side of the block.
    public let kind: Kind

    /// A hook point at `layer`.
    public init(layer: Int, kind: Kind) {
        self.layer = layer
        self.kind = kind
    }

    /// Parses `blocks.{L}.hook_resid_pre` / `blocks.{L}.hook_resid_post`, checking L against `layerCount`.
    public init(name: String, layerCount: Int) throws {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "blocks", let layer = Int(parts[1]), let kind = Kind(rawValue: String(parts[2])) else {
            throw InputError("--hook", "'\(name)' is not a hook name (blocks.{L}.hook_resid_pre or blocks.{L}.hook_resid_post)")
        }
        guard (0..<layerCount).contains(layer) else {
            throw InputError("--hook", "layer \(layer) of '\(name)' is out of range (the model has layers 0 to \(layerCount - 1))")
        }
        self.init(layer: layer, kind: kind)
    }

    public var description: String { "blocks.\(layer).\(kind.rawValue)" }
}

/// A hook: it gets the residual stream [n_tokens, d_model] of one forward call (positions from `firstPosition` on)
/// and may change it in place.
public typealias ResidualHook = (_ residual: Matrix, _ firstPosition: Int) -> Void
