import Foundation
import SAEKit
import TermKit

/// The steering pane's reducer, over its slice and the shared state.
package enum SteeringReducer {
    /// The temperature the sampling toggle switches to.
    static let samplingTemperature: Float = 0.8

    /// Applies `action` to the pane's slice; returns the effects to run.
    package static func reduce(_ state: inout SteeringState, _ action: SteeringAction, _ shared: inout SharedState) -> [Effect] {
        switch action {
        case .featureAdded(let feature):
            add(feature, &state, &shared)
        case .moved(let move):
            state.list.move(by: move.delta(pageRows: shared.geometry.featureRows), count: state.edits.count)
        case .strengthChanged(let steps):
            guard let row = state.selectedEdit else { return [] }
            var edit = state.edits[row]
            edit.strength = max(0, edit.strength + Float(steps) * edit.operation.step)
            state.edits[row] = edit
        case .operationCycled:
            guard let row = state.selectedEdit else { return [] }
            let operations = EditOperation.Kind.allCases
            let next = operations[((operations.firstIndex(of: state.edits[row].operation) ?? 0) + 1) % operations.count]
            state.edits[row] = SteeringEdit(feature: state.edits[row].feature, operation: next)
        case .editRemoved:
            guard let row = state.selectedEdit else { return [] }
            state.edits.remove(at: row)
            state.list.select(row, count: state.edits.count)
        case .promptEditStarted:
            shared.focus = .steering
            state.isEditingPrompt = true
        case .promptEditFinished:
            state.isEditingPrompt = false
        case .promptKeyTyped(let key):
            _ = TextEditing.apply(key, to: &state.prompt)
        case .chatToggled:
            guard state.chatAvailable else {
                shared.message = "this model has no chat template: prompts are plain text"
                return []
            }
            state.chat.toggle()
        case .spanCycled:
            let spans = SteeringState.spans
            let index = spans.firstIndex(of: state.span) ?? -1
            state.span = spans[(index + 1) % spans.count]
        case .samplingToggled:
            state.temperature = state.temperature == 0 ? samplingTemperature : 0
        case .generationStarted:
            return start(&state, &shared, sweep: false)
        case .sweepStarted:
            return start(&state, &shared, sweep: true)
        case .generationCancelled:
            guard state.isGenerating else { return [] }
            state.isGenerating = false
            shared.message = "generation stopped"
            return [.cancel(.generation)]
        case .generationPiece(let run, let side, let text):
            guard run == state.run, state.isGenerating, side >= 0, side < state.columns.count else { return [] }
            state.columns[side].text += text
        case .generationFinished(let run):
            guard run == state.run else { return [] }
            state.isGenerating = false
        case .generationFailed(let run, let reason):
            guard run == state.run else { return [] }
            state.isGenerating = false
            state.failure = reason
        case .presetNamingStarted:
            guard !state.edits.isEmpty else {
                shared.message = "no edits to save: \(KeyHint.steer.key) adds the selected feature"
                return []
            }
            state.presetDraft = TextField(state.presetName.map { String($0.dropLast(".json".count)) } ?? "")
        case .presetNameKeyTyped(let key):
            if var draft = state.presetDraft, TextEditing.apply(key, to: &draft) { state.presetDraft = draft }
        case .presetNamingCancelled:
            state.presetDraft = nil
        case .presetSaveRequested:
            return save(&state, &shared)
        case .presetLoadRequested:
            return [.loadPreset(after: state.presetCursor ?? state.presetName)]
        case .presetSaved(let name):
            state.presetName = name
            shared.message = "saved preset \(name)"
        case .presetLoaded(let name, let preset):
            load(preset, name: name, into: &state, &shared)
        case .presetFailed(let reason, let file):
            if let file { state.presetCursor = file }
            shared.message = reason
        case .noPresets:
            shared.message = "no presets yet: \(KeyHint.savePreset.key) saves the edits as one"
        }
        return []
    }

    /// Steers `feature` with a clamp edit, or selects its edit when it is there already.
    private static func add(_ feature: Int, _ state: inout SteeringState, _ shared: inout SharedState) {
        let shows = "(\(KeyHint.showSteering.key) shows the edits)"
        if let row = state.edits.firstIndex(where: { $0.feature == feature }) {
            state.list.select(row, count: state.edits.count)
            shared.message = "#\(feature) is already steered \(shows)"
            return
        }
        let edit = SteeringEdit(feature: feature)
        state.edits.append(edit)
        state.list.select(state.edits.count - 1, count: state.edits.count)
        shared.message = "steering #\(feature): \(edit.summary) \(shows)"
    }

    /// Starts a run from one seed: the edits resolved to activation values beside the unsteered model, or (`sweep`)
    /// the unsteered model beside the selected edit at each of `SteeringState.sweepMultiples` of its strength, the
    /// other edits as they are.
    private static func start(_ state: inout SteeringState, _ shared: inout SharedState, sweep: Bool) -> [Effect] {
        state.isEditingPrompt = false
        guard shared.modelName != nil else {
            shared.message = "steering needs the model: " + shared.noModelReason
            return []
        }
        let prompt = state.prompt.text
        guard !prompt.trimmingCharacters(in: .whitespaces).isEmpty else {
            shared.message = "the prompt is empty: \(KeyHint.editPrompt.key) edits it"
            return []
        }
        let sides: [SteeringRun.Side], columns: [SteeringColumn]
        if sweep {
            guard let row = state.selectedEdit else {
                shared.message = "no edit to sweep: \(KeyHint.steer.key) adds the selected feature"
                return []
            }
            guard state.edits[row].operation != .ablate else {
                shared.message = "an ablation has no strength to sweep: \(KeyHint.nextOperation.key) picks clamp, scale or add"
                return []
            }
            var swept: [[FeatureEdit]] = []
            for multiple in SteeringState.sweepMultiples {
                var variant = state
                variant.edits[row].strength *= multiple
                guard let edits = engineEdits(variant, &shared, forPreset: false) else { return [] }
                swept.append(edits)
            }
            sides = [.unsteered] + swept.map { .steered($0) }
            columns = [SteeringColumn(heading: "unsteered")] + SteeringState.sweepMultiples.map { multiple in
                var variant = state.edits[row]
                variant.strength *= multiple
                return SteeringColumn(heading: "#\(variant.feature) " + variant.summary)
            }
            shared.message = nil
        } else {
            guard let edits = engineEdits(state, &shared, forPreset: false) else { return [] }
            sides = [.steered(edits), .unsteered]
            columns = [SteeringColumn(heading: edits.isEmpty ? "steered (no edits)" : "steered"), SteeringColumn(heading: "unsteered")]
            shared.message = edits.isEmpty ? "no edits: both sides are the unsteered model" : nil
        }
        state.run += 1
        state.isGenerating = true
        state.columns = columns
        state.failure = nil
        let request = GenerationRequest(run: state.run, prompt: prompt, chat: state.chat, sides: sides,
                                        maxTokens: state.maxTokens, temperature: state.temperature, seed: state.seed)
        if state.temperature > 0 { state.seed += 1 }
        // A run still under way is stopped by this one.
        return [.generate(request).cancellable(id: .generation, cancelInFlight: true)]
    }

    /// Saves the edits under the typed name (letters, digits, - and _).
    private static func save(_ state: inout SteeringState, _ shared: inout SharedState) -> [Effect] {
        guard let draft = state.presetDraft else { return [] }
        let name = draft.text.trimmingCharacters(in: .whitespaces)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(allowed.contains) else {
            shared.message = "a preset name is letters, digits, - and _"
            return []
        }
        guard let edits = engineEdits(state, &shared, forPreset: true) else { return [] }
        state.presetDraft = nil
        let additive = state.edits.allSatisfy { $0.operation == .add }
        // Every edit is additive when the preset is, so this cannot fail.
        guard let preset = try? SteeringPreset(mode: additive ? .additive : .splice, edits: edits, span: state.span) else {
            return []
        }
        return [.savePreset(name: name + ".json", preset)]
    }

    /// The edits in the engine's form, for a run (activation values) or a preset (clamps relative to the maximum);
    /// nil, with a message, when an edit needs a feature's maximum and there is none.
    private static func engineEdits(_ state: SteeringState, _ shared: inout SharedState, forPreset: Bool) -> [FeatureEdit]? {
        var edits: [FeatureEdit] = []
        for edit in state.edits {
            let maximum = shared.maximum(of: edit.feature)
            let converted = forPreset ? edit.forPreset(span: state.span, maximum: maximum)
                : edit.resolved(span: state.span, maximum: maximum)
            guard let converted else {
                shared.message = "#\(edit.feature) has no recorded maximum: build the index (saescope index build) or use scale"
                return nil
            }
            edits.append(converted)
        }
        return edits
    }

    /// Replaces the edits with a preset's.
    private static func load(_ preset: SteeringPreset, name: String, into state: inout SteeringState, _ shared: inout SharedState) {
        state.presetCursor = name
        var edits: [SteeringEdit] = []
        for edit in preset.edits {
            guard edit.feature < shared.dictionary.featureCount,
                  let converted = SteeringEdit(edit, maximum: shared.maximum(of: edit.feature)) else {
                shared.message = "\(name) edits #\(edit.feature), which this dictionary cannot steer as saved"
                return
            }
            edits.append(converted)
        }
        state.edits = edits
        state.span = preset.span
        state.presetName = name
        state.list.select(0, count: edits.count)
        shared.message = "loaded preset \(name)" + (preset.description.map { ": \($0)" } ?? "")
    }
}
