/// A ChatML conversation renderer (the template SmolLM2 ships), with the default system turn read from the file's template.
public struct ChatTemplate: Sendable {
    /// One turn of a conversation.
    public struct Message: Sendable {
        /// "system", "user" or "assistant".
        public let role: String
        /// The turn's text.
        public let content: String
        /// A message with a role and content.
        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    /// The system text inserted when a conversation does not start with a system turn, if the template has one.
    public let defaultSystem: String?

    /// A ChatML renderer whose default system turn is taken from the Jinja `template` text when it holds one.
    public init(template: String?) {
        let marker = "<|im_start|>system\n"
        if let template, let start = template.range(of: marker),
           let end = template.range(of: "<|im_end|>", range: start.upperBound..<template.endIndex) {
            let text = String(template[start.upperBound..<end.lowerBound])
            defaultSystem = text.contains("{") || text.contains("'") ? nil : text
        } else {
            defaultSystem = nil
        }
    }

    /// The rendered conversation; `addGenerationPrompt` appends the opening of an assistant turn.
    public func render(_ messages: [Message], addGenerationPrompt: Bool = true) -> String {
        var text = ""
        for (index, message) in messages.enumerated() {
            if index == 0 && message.role != "system", let defaultSystem {
                text += "<|im_start|>system\n\(defaultSystem)<|im_end|>\n"
            }
            text += "<|im_start|>\(message.role)\n\(message.content)<|im_end|>\n"
        }
        if addGenerationPrompt { text += "<|im_start|>assistant\n" }
        return text
    }
}
