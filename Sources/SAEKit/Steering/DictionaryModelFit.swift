extension SparseDictionary {
    /// The hook point where this dictionary reads `model`, after checking that it fits: the hook name is known and
    /// in range, and d_in equals the width there (the model's width, or heads × head width at `attn.hook_z`).
    /// `source` names the dictionary in errors.
    public func hookPoint(in model: LanguageModel, source: String, override: String? = nil) throws -> HookPoint {
        guard let name = override ?? config.hookName else {
            throw InputError(source, "names no hook point; give one with --hook")
        }
        let point: HookPoint
        do {
            point = try HookPoint(name: name, layerCount: model.config.layerCount)
        } catch let error as InputError {
            throw InputError(source, error.message)
        }
        let width = point.width(in: model.config)
        guard dIn == width else {
            let place = point.kind == .attentionZ ? "the width of \(point) (heads × head width)" : "the model's width"
            throw InputError(source, "d_in \(dIn) does not fit \(place) \(width)")
        }
        return point
    }
}
