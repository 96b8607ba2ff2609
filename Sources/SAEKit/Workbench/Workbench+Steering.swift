/// Steering: the prompt continued with the dictionary's features edited, beside the plain model.
extension Workbench {
    /// A run of `sides` on `prompt` (`chat`: as a user turn in the chat template) for at most `maxTokens` tokens each,
    /// sampled by `sampler` and decoded in `arithmetic`; a clamp to a multiple of a feature's maximum reads the maximum as `maxActivation()` gives
    /// it (the index's, else the file's), only when an edit asks for one. The prompt runs here.
    public func steering(prompt: String, chat: Bool, sides: [SteeringRun.Side], maxTokens: Int, sampler: Sampler,
                         arithmetic: Arithmetic = .float) throws -> SteeringRun {
        let (model, site) = try requireModel()
        return try SteeringRun(model: model, dictionary: dictionary, site: site, prompt: prompt, chat: chat, sides: sides,
                               maxTokens: maxTokens, sampler: sampler, arithmetic: arithmetic,
                               maxActivation: { feature in try self.maxActivation().flatMap { feature < $0.count ? $0[feature] : nil } })
    }
}
