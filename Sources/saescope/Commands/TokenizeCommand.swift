import ArgumentParser
import Foundation
import SAEKit

/// `saescope tokenize`: the token ids of a text and their texts.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tokenize", abstract: "Show the tokens of a text.")

    @OptionGroup var modelOption: ModelOption
    @Argument(help: "The text to tokenize.") var text: String
    @Flag(help: "Turn literal special tokens such as <|im_start|> into their ids.") var special = false
    @Flag(help: "Print JSON: {\"tokens\": [{\"id\": …, \"text\": …}]}.") var json = false

    func run() throws {
        let path = try ModelStore.resolve(modelOption.model)
        let tokenizer = try Tokenizer(modelAt: path)
        let ids = tokenizer.encode(text, special: special)
        if json {
            let entries = ids.map { ["id": $0 as Any, "text": tokenizer.text(of: $0)] }
            let data = try JSONSerialization.data(withJSONObject: ["tokens": entries], options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for id in ids { print("\(id)\t\(String(reflecting: tokenizer.text(of: id)))") }
        }
    }
}
