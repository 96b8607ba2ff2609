extension SparseDictionary {
    /// The hook point where this dictionary reads `model`, after checking that it fits: the hook name is known and
    /// in range, and d_in equals the model's width. `source` names the dictionary in errors.
    public func hookPoint(in model: LanguageModel, source: String, override: String? = nil) throws -> HookPoint {
        guard dIn == model.config.modelDim else {
            throw InputError(source, "d_in \(dIn) does not fit the model's width \(model.config.modelDim)")
        }
        guard let name = override ?? config.hookName else {
            throw InputError(source, "names no hook point; give one with --hook")
        }
        do {
            return try HookPoint(name: name, layerCount: model.config.layerCount)
        } catch let error as InputError {
            throw InputError(source, error.message)
        }
    }
}
