import ArgumentParser
import Foundation
import SAEKit

/// `saescope generate`: stream a continuation of a prompt to stdout.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Generate text from a prompt.")

    @OptionGroup var modelOption: ModelOption
    @Option(help: "The prompt.") var prompt: String
    @Flag(help: "Wrap the prompt as a user turn in the model's chat template.") var chat = false
    @Option(help: "Most tokens to generate.") var maxTokens = 128
    @Option(help: "Sampling temperature (0 = greedy).") var temperature: Float = 0
    @Option(help: "Sample only among the k most likely tokens (0 = all).") var topK = 0
    @Option(help: "Sample only among the most likely tokens whose probability reaches p.") var topP: Float = 1
    @Option(help: "Random seed; the same seed repeats a run.") var seed: UInt64 = 0
    @OptionGroup var arithmeticOption: ArithmeticOption

    func run() throws {
        guard maxTokens >= 0 else { throw InputError("--max-tokens", "must be ≥ 0") }
        let sampler = try Sampler(temperature: temperature, topK: topK, topP: topP, seed: seed)
        let model = try modelOption.load()
        let tokenizer = model.tokenizer
        let ids = try tokenizer.promptIDs(prompt, chat: chat)
        let arithmetic = arithmeticOption.arithmetic
        let session = ModelSession(model: model, cache: arithmetic.cachePrecision)
        var decoder = StreamingDecoder(tokenizer: tokenizer)
        let output = FileHandle.standardOutput
        try Generator.run(session: session, prompt: ids, maxTokens: maxTokens, sampler: sampler,
                          arithmetic: arithmetic) { id in
            output.write(Data(decoder.push(id).utf8))
            return true
        }
        output.write(Data((decoder.finish() + "\n").utf8))
    }
}
