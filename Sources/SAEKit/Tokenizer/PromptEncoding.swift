extension Tokenizer {
    /// Whether the file carries a chat template saescope can render (ChatML, as SmolLM2's); Gemma 3 270M has none.
    public var hasChatTemplate: Bool { chatTemplate?.contains("<|im_start|>") == true }

    /// A prompt's ids as the model should see them: with `chat`, the text as a user turn in the chat template
    /// (an `InputError` when the model has none); otherwise plain text as `textIDs` reads it.
    public func promptIDs(_ text: String, chat: Bool) throws -> [Int] {
        guard chat else { return textIDs(text) }
        guard hasChatTemplate else {
            throw InputError("--chat", "this model has no chat template; steer and generate from plain text instead")
        }
        return encode(ChatTemplate(template: chatTemplate).render([.init(role: "user", content: text)]), special: true)
    }
}
