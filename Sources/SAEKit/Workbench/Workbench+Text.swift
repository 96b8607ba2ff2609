/// Text into the model: one rule for every command and pane that reads a text's activations.
extension Workbench {
    /// The ids of `text` as the model reads it (`Tokenizer.textIDs`: special tokens parsed, BOS first where the model
    /// wants it), cut to the model's context; `fullLength` is the uncut count when the text was longer.
    public func tokenIDs(of text: String) throws -> (ids: [Int], fullLength: Int?) {
        let (model, _) = try requireModel()
        let all = model.tokenizer.textIDs(text)
        let ids = Array(all.prefix(model.config.contextLength))
        return (ids, all.count > ids.count ? all.count : nil)
    }

    /// The tokens of `text` (as `tokenIDs` reads it) and the activations at the dictionary's hook point, one row per
    /// token; the model runs only as deep as the hook. A text longer than the context is run as far as it goes
    /// (`fullLength` says how long it was).
    public func activations(of text: String) throws -> TokenActivations {
        let (model, site) = try requireModel()
        let (ids, fullLength) = try tokenIDs(of: text)
        let rows = try withTextSession(model) { try $0.residuals(of: ids, at: site.read) }
        let tokenizer = model.tokenizer
        return TokenActivations(ids: ids, tokens: ids.map { tokenizer.bytes(of: $0, special: true) }, activations: rows,
                                fullLength: fullLength)
    }

    /// The tokens of `text` with the dictionary's features active on each, strongest first, and the uncut length
    /// when the text was longer than the context.
    public func encode(_ text: String) throws -> (tokens: [EncodedToken], fullLength: Int?) {
        let read = try activations(of: text)
        return (read.encoded(through: dictionary), read.fullLength)
    }
}
