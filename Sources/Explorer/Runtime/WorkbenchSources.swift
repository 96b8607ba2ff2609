import Foundation
import SAEKit

extension OpenedDictionary {
    /// `workbench` as the explorer opens it: its index, identity and last evaluation, and, when it has a model, the
    /// heatmap, steering and attribution sources, which are thin adapters over the workbench's own questions.
    package init(_ workbench: Workbench) throws {
        self.init(workbench.dictionary, name: workbench.name, index: workbench.index, noModelReason: workbench.noModelReason)
        identity = workbench.identity
        evaluation = try workbench.lastEvaluation()
        guard workbench.model != nil else { return }
        activations = WorkbenchActivationSource(workbench)
        steering = WorkbenchSteeringSource(workbench)
        attribution = WorkbenchAttributionSource(workbench)
    }
}

/// The heatmap's text read as `Workbench.activations(of:)` reads it.
final class WorkbenchActivationSource: ActivationSource {
    let name: String
    private let workbench: Workbench

    /// A source reading through `workbench` (which has a model), named after its model's file.
    init(_ workbench: Workbench) {
        self.workbench = workbench
        let file = workbench.model?.fileName ?? ""
        name = file.hasSuffix(".gguf") ? String(file.dropLast(".gguf".count)) : file
    }

    func activations(of text: String) throws -> TokenActivations { try workbench.activations(of: text) }
}

/// The steering pane's runs, as `Workbench.steering` makes them.
final class WorkbenchSteeringSource: SteeringSource {
    private let workbench: Workbench

    /// A source steering through `workbench` (which has a model).
    init(_ workbench: Workbench) { self.workbench = workbench }

    var hasChatTemplate: Bool { workbench.model?.tokenizer.hasChatTemplate == true }

    func generate(_ request: GenerationRequest, onPiece: (_ side: Int, _ text: String) -> Bool) throws {
        let run = try workbench.steering(prompt: request.prompt, chat: request.chat, sides: request.sides, maxTokens: request.maxTokens,
                                         sampler: try Sampler(temperature: request.temperature, seed: request.seed),
                                         arithmetic: .generation())
        try run.run(onPiece: onPiece)
    }
}

/// The attribution pane's answers, as `Workbench.attribute` gives them for the heatmap text up to a token.
final class WorkbenchAttributionSource: AttributionSource {
    private let workbench: Workbench

    /// A source attributing through `workbench` (which has a model).
    init(_ workbench: Workbench) { self.workbench = workbench }

    /// Attributes the target after `request`'s position of the text (read as the heatmap reads it): the text's next
    /// token unless one was typed, the model's prediction at the end of the text.
    func attribute(_ request: AttributionRequest, shouldContinue: (Int, Int) -> Bool) throws -> AttributionResult {
        let ids = try workbench.tokenIDs(of: request.text).ids
        guard request.position > 0, request.position < ids.count else {
            throw InputError("position", "pick a token after the first (the first is the attention sink)")
        }
        let answer = try workbench.attribute(ids, at: request.position, target: request.target.map { .typed($0) } ?? .following,
                                             argument: "target", shouldContinue: shouldContinue)
        let features = answer.features
        return AttributionResult(after: answer.after, target: answer.target, targetSource: answer.targetSource,
                                 targetLogit: features.targetLogit, rankAgreement: features.rankAgreement,
                                 entries: features.entries.map {
                                     AttributionResult.Entry(feature: $0.feature, activation: $0.activation, exact: $0.exact, linear: $0.linear)
                                 })
    }
}
