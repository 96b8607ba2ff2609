import SAEKit
import TermKit

/// Something that happened: a key the keymap understood, an edit, or a result coming back from the engine.
public enum Action: Equatable, Sendable {
    /// The explorer opened.
    case started
    case quitRequested
    case helpToggled
    /// The help overlay scrolled by this many lines.
    case helpScrolled(by: Int)
    case focusMovedForward
    case focusMovedBackward
    case paneFocused(Pane)
    /// The selection in the focused list moved by this many rows.
    case selectionMoved(by: Int)
    /// The selection in the focused list moved a page (+1 down, -1 up).
    case pageMoved(by: Int)
    case selectionMovedToFirst
    case selectionMovedToLast
    case searchStarted
    /// Star or unstar the selected feature (kept in the user's annotation store).
    case starToggled
    /// A key typed into the text being edited, the search or the heatmap's (characters, editing and cursor keys).
    case textKeyTyped(Key)
    /// The heatmap text `text` was encoded.
    case heatmapEncoded(text: String, [EncodedToken])
    case heatmapFailed(text: String, String)
    case searchFinished
    /// List the features that fire most on the heatmap text (once it is encoded).
    case textSearchRequested
    case searchCancelled
    /// Enter on a neighbour: open it as the selected feature.
    case neighbourOpened
    /// Go back to the feature before the last jump.
    case wentBack
    case neighboursArrived(feature: Int, [NeighbourItem])
    /// The norm of `feature`'s decoder direction arrived.
    case decoderNormArrived(feature: Int, Float)
    case neighboursFailed(feature: Int, String)
    /// The nearest features to `feature` in the other dictionary arrived.
    case otherNeighboursArrived(feature: Int, [NeighbourItem])
    case terminalResized(width: Int, height: Int)
    /// Saving a name, notes or a star failed (the message says why).
    case annotationFailed(String)
    /// Start typing the selected feature's name or notes.
    case annotationEditStarted(AnnotationDraft.Field)
    /// Save the name or notes typed.
    case annotationEditFinished
    case annotationEditCancelled
    /// A feature's record arrived from the feature index.
    case recordArrived(FeatureRecord)

    // Steering.
    /// Add the selected feature (or, in the neighbours pane, the selected neighbour) to the steering edits.
    case steeringFeatureAdded
    /// The selected edit's strength moved by this many steps.
    case steeringStrengthChanged(by: Int)
    /// The selected edit's mode moved to the next one (clamp, scale, ablate, add).
    case steeringModeCycled
    case steeringEditRemoved
    case steeringPromptEditStarted
    case steeringPromptEditFinished
    /// Chat template on or off.
    case steeringChatToggled
    /// The edits' span moved to the next one (generated, all, prompt).
    case steeringSpanCycled
    /// Greedy decoding or sampling.
    case steeringSamplingToggled
    /// Generate steered and unsteered continuations of the prompt.
    case generationStarted
    case generationCancelled
    /// A piece of text of run `run`, steered or not.
    case generationPiece(run: Int, steered: Bool, text: String)
    /// Both sides of run `run` are complete.
    case generationFinished(run: Int)
    case generationFailed(run: Int, String)
    /// Start typing a name to save the edits as a preset.
    case presetNamingStarted
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
}
