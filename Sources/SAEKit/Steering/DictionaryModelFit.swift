/// Where a dictionary meets a model: the hook it reads and the hook its reconstruction stands in for — the same one for
/// an autoencoder; for a transcoder, its output (the MLP's, for Gemma Scope 2's), which a forward pass reaches later.
public struct DictionarySite: Hashable, Sendable, CustomStringConvertible {
    /// Where the dictionary reads (and encodes).
    public let read: HookPoint
    /// Where its reconstruction goes, and so where steering edits land.
    public let write: HookPoint

    /// A site that reads at `read` and writes at `write`.
    public init(read: HookPoint, write: HookPoint) {
        self.read = read
        self.write = write
    }

    /// An autoencoder's site: it reads and writes at `point`.
    public init(_ point: HookPoint) { self.init(read: point, write: point) }

    /// `blocks.6.hook_resid_post`, or `blocks.6.ln2.hook_normalized → blocks.6.hook_mlp_out` for a transcoder.
    public var description: String { read == write ? read.description : "\(read) → \(write)" }
}

extension SparseDictionary {
    /// The hook point where this dictionary reads `model`, after checking that it fits (see `site(in:)`).
    public func hookPoint(in model: LanguageModel, source: String, override: String? = nil) throws -> HookPoint {
        try site(in: model, source: source, override: override).read
    }

    /// Where this dictionary reads and writes `model`, after checking that it fits: the hook names are known and in
    /// range, d_in equals the width where it reads (the model's width, or heads × head width at `attn.hook_z`), and a
    /// transcoder's d_out the width where it writes, which a forward pass must reach no earlier. `source` names the
    /// dictionary in errors; `override` replaces the read hook.
    public func site(in model: LanguageModel, source: String, override: String? = nil) throws -> DictionarySite {
        guard let name = override ?? config.hookName else {
            throw InputError(source, "names no hook point; give one with --hook")
        }
        let read = try point(name, width: dIn, named: "d_in", in: model, source: source)
        guard config.isTranscoder else { return DictionarySite(read) }
        guard let outputName = config.outputHookName else {
            throw InputError(source, "is a transcoder but names no output hook (hook_name_out)")
        }
        let write = try point(outputName, width: dOut, named: "d_out", in: model, source: source)
        guard read.comesNoLaterThan(write) else {
            throw InputError(source, "writes \(write), which the model reaches before the hook it reads, \(read)")
        }
        return DictionarySite(read: read, write: write)
    }

    /// The hook point `name` of `model`, checked to have width `width` (the dictionary's `field`).
    private func point(_ name: String, width: Int, named field: String, in model: LanguageModel, source: String) throws -> HookPoint {
        let point: HookPoint
        do {
            point = try HookPoint(name: name, layerCount: model.config.layerCount)
        } catch let error as InputError {
            throw InputError(source, error.message)
        }
        let actual = point.width(in: model.config)
        guard width == actual else {
            let place = point.kind == .attentionZ ? "the width of \(point) (heads × head width)" : "the model's width"
            throw InputError(source, "\(field) \(width) does not fit \(place) \(actual)")
        }
        return point
    }
}
