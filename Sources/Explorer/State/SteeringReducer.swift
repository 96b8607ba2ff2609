import Foundation
import SAEKit
import TermKit

/// The steering pane's part of the reducer: edits, prompt, generation runs and presets.
enum SteeringReducer {
    /// The temperature the sampling toggle switches to.
    static let samplingTemperature: Float = 0.8

    /// Applies a steering action to `state`; returns the effects to run.
    static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .steeringFeatureAdded:
            add(&state)
        case .steeringStrengthChanged(let steps):
            guard let row = state.steering.selectedEdit else { return [] }
            var edit = state.steering.edits[row]
            edit.strength = max(0, edit.strength + Float(steps) * edit.mode.step)
            state.steering.edits[row] = edit
        case .steeringModeCycled:
            guard let row = state.steering.selectedEdit else { return [] }
            let modes = SteeringMode.allCases
            let next = modes[(modes.firstIndex(of: state.steering.edits[row].mode)! + 1) % modes.count]
            state.steering.edits[row] = SteeringEdit(feature: state.steering.edits[row].feature, mode: next)
        case .steeringEditRemoved:
            guard let row = state.steering.selectedEdit else { return [] }
            state.steering.edits.remove(at: row)
            state.steering.list.select(row, count: state.steering.edits.count)
        case .steeringPromptEditStarted:
            state.focus = .steering
            state.steering.isEditingPrompt = true
        case .steeringPromptEditFinished:
            state.steering.isEditingPrompt = false
        case .steeringChatToggled:
            guard state.steering.chatAvailable else {
                state.message = "this model has no chat template: prompts are plain text"
                return []
            }
            state.steering.chat.toggle()
        case .steeringSpanCycled:
            let spans = SteeringState.spans
            let index = spans.firstIndex(of: state.steering.span) ?? -1
            state.steering.span = spans[(index + 1) % spans.count]
        case .steeringSamplingToggled:
            state.steering.temperature = state.steering.temperature == 0 ? samplingTemperature : 0
        case .generationStarted:
            return start(&state)
        case .generationCancelled:
            guard state.steering.isGenerating else { return [] }
            state.steering.isGenerating = false
            state.message = "generation stopped"
            return [.cancelGeneration(run: state.steering.run)]
        case .generationPiece(let run, let steered, let text):
            guard run == state.steering.run, state.steering.isGenerating else { return [] }
            if steered { state.steering.steered += text } else { state.steering.unsteered += text }
        case .generationFinished(let run):
            guard run == state.steering.run else { return [] }
            state.steering.isGenerating = false
        case .generationFailed(let run, let reason):
            guard run == state.steering.run else { return [] }
            state.steering.isGenerating = false
            state.steering.failure = reason
        case .presetNamingStarted:
            guard !state.steering.edits.isEmpty else {
                state.message = "no edits to save: a adds the selected feature"
                return []
            }
            state.steering.presetDraft = TextField(state.steering.presetName.map { String($0.dropLast(".json".count)) } ?? "")
        case .presetNamingCancelled:
            state.steering.presetDraft = nil
        case .presetSaveRequested:
            return save(&state)
        case .presetLoadRequested:
            return [.loadPreset(after: state.steering.presetCursor ?? state.steering.presetName)]
        case .presetSaved(let name):
            state.steering.presetName = name
            state.message = "saved preset \(name)"
        case .presetLoaded(let name, let preset):
            load(preset, name: name, into: &state)
        case .presetFailed(let reason, let file):
            if let file { state.steering.presetCursor = file }
            state.message = reason
        default:
            break
        }
        return []
    }

    /// Adds the selected feature (or neighbour) as a clamp edit, or selects its edit when it is there already.
    private static func add(_ state: inout AppState) {
        let neighbour = state.focus == .neighbours ? state.neighbours.list.selected.flatMap { row in
            row < state.neighbours.items.count ? state.neighbours.items[row].feature : nil
        } : nil
        guard let feature = neighbour ?? state.selectedFeature else { return }
        if let row = state.steering.edits.firstIndex(where: { $0.feature == feature }) {
            state.steering.list.select(row, count: state.steering.edits.count)
            state.message = "#\(feature) is already steered (5 shows the edits)"
            return
        }
        let edit = SteeringEdit(feature: feature)
        state.steering.edits.append(edit)
        state.steering.list.select(state.steering.edits.count - 1, count: state.steering.edits.count)
        state.message = "steering #\(feature): \(edit.summary) (5 shows the edits)"
    }

    /// Starts a run: the edits resolved to activation values, both sides from the same seed.
    private static func start(_ state: inout AppState) -> [Effect] {
        state.steering.isEditingPrompt = false
        guard state.modelName != nil else {
            state.message = "steering needs the model: " + state.noModelReason
            return []
        }
        let prompt = state.steering.prompt.text
        guard !prompt.trimmingCharacters(in: .whitespaces).isEmpty else {
            state.message = "the prompt is empty: p edits it"
            return []
        }
        guard let edits = engineEdits(&state, forPreset: false) else { return [] }
        var cancel: [Effect] = []
        if state.steering.isGenerating { cancel.append(.cancelGeneration(run: state.steering.run)) }
        state.steering.run += 1
        state.steering.isGenerating = true
        state.steering.steered = ""
        state.steering.unsteered = ""
        state.steering.failure = nil
        state.message = edits.isEmpty ? "no edits: both sides are the unsteered model" : nil
        let request = GenerationRequest(run: state.steering.run, prompt: prompt, chat: state.steering.chat, edits: edits,
                                        maxTokens: state.steering.maxTokens, temperature: state.steering.temperature,
                                        seed: state.steering.seed)
        if state.steering.temperature > 0 { state.steering.seed += 1 }
        return cancel + [.generate(request)]
    }

    /// Saves the edits under the typed name (letters, digits, - and _).
    private static func save(_ state: inout AppState) -> [Effect] {
        guard let draft = state.steering.presetDraft else { return [] }
        let name = draft.text.trimmingCharacters(in: .whitespaces)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(allowed.contains) else {
            state.message = "a preset name is letters, digits, - and _"
            return []
        }
        guard let edits = engineEdits(&state, forPreset: true) else { return [] }
        state.steering.presetDraft = nil
        let additive = state.steering.edits.allSatisfy { $0.mode == .add }
        guard let preset = try? SteeringPreset(mode: additive ? .additive : .splice, edits: edits, span: state.steering.span) else {
            return []
        }
        return [.savePreset(name: name + ".json", preset)]
    }

    /// The edits in the engine's form, for a run (activation values) or a preset (clamps relative to the maximum);
    /// nil, with a message, when an edit needs a feature's maximum and there is none.
    private static func engineEdits(_ state: inout AppState, forPreset: Bool) -> [FeatureEdit]? {
        var edits: [FeatureEdit] = []
        for edit in state.steering.edits {
            let maximum = maximum(of: edit.feature, in: state)
            let converted = forPreset ? edit.forPreset(span: state.steering.span, maximum: maximum)
                : edit.resolved(span: state.steering.span, maximum: maximum)
            guard let converted else {
                state.message = "#\(edit.feature) has no recorded maximum: build the index (saescope index build) or use scale"
                return nil
            }
            edits.append(converted)
        }
        return edits
    }

    /// Replaces the edits with a preset's.
    private static func load(_ preset: SteeringPreset, name: String, into state: inout AppState) {
        state.steering.presetCursor = name
        var edits: [SteeringEdit] = []
        for edit in preset.edits {
            guard edit.feature < state.dictionary.featureCount,
                  let converted = SteeringEdit(edit, maximum: maximum(of: edit.feature, in: state)) else {
                state.message = "\(name) edits #\(edit.feature), which this dictionary cannot steer as saved"
                return
            }
            edits.append(converted)
        }
        state.steering.edits = edits
        state.steering.span = preset.span
        state.steering.presetName = name
        state.steering.list.select(0, count: edits.count)
        state.message = "loaded preset \(name)" + (preset.description.map { ": \($0)" } ?? "")
    }

    /// The feature's recorded maximum activation, when there is one above zero.
    private static func maximum(of feature: Int, in state: AppState) -> Float? {
        state.dictionary.maxActivation.flatMap { feature < $0.count && $0[feature] > 0 ? $0[feature] : nil }
    }
}
