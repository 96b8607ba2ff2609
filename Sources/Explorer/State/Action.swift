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
    /// Saving a star failed (the message says why).
    case starFailed(String)
    /// A feature's record arrived from the feature index.
    case recordArrived(FeatureRecord)
}
