import SAEKit
import TermKit

/// What happens in the steering pane: edits, the prompt, generation runs and presets.
package enum SteeringAction: Equatable, Sendable {
    /// Steer `feature` (a clamp edit), or select its edit when it is there already.
    case featureAdded(Int)
    /// The selection in the edits list moved.
    case moved(ListMove)
    /// The selected edit's strength moved by this many steps.
    case strengthChanged(by: Int)
    /// The selected edit's operation moved to the next one (clamp, scale, ablate, add).
    case operationCycled
    case editRemoved
    case promptEditStarted
    case promptEditFinished
    /// A key typed into the prompt.
    case promptKeyTyped(Key)
    /// Chat template on or off.
    case chatToggled
    /// The edits' span moved to the next one (generated, all, prompt).
    case spanCycled
    /// Greedy decoding or sampling.
    case samplingToggled
    /// Generate steered and unsteered continuations of the prompt.
    case generationStarted
    /// Generate the unsteered model beside the selected edit at several strengths.
    case sweepStarted
    case generationCancelled
    /// A piece of text of run `run`, for its side `side` (in the order of the pane's columns).
    case generationPiece(run: Int, side: Int, text: String)
    /// Every side of run `run` is complete.
    case generationFinished(run: Int)
    case generationFailed(run: Int, String)
    /// Start typing a name to save the edits as a preset.
    case presetNamingStarted
    /// A key typed into the preset's name.
    case presetNameKeyTyped(Key)
    case presetNamingCancelled
    /// Save the edits under the name typed.
    case presetSaveRequested
    /// Load the next preset (they are taken in turn).
    case presetLoadRequested
    /// The preset saved or loaded, by file name.
    case presetSaved(name: String)
    case presetLoaded(name: String, SteeringPreset)
    /// Saving or loading a preset failed; `file` names a preset file that could not be loaded (the next load moves
    /// past it).
    case presetFailed(String, file: String?)
    /// There is no preset to load.
    case noPresets
}
