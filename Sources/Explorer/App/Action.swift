import SAEKit
import TermKit

/// Something that happened: a key the keymap understood, or a result coming back from the engine. The app-wide
/// actions are handled by `AppReducer` itself; each pane's own actions are wrapped in its case and go to its reducer.
package enum Action: Equatable, Sendable {
    case quitRequested
    /// A warning for the status line from outside the app (an index used with --force-index).
    case warningShown(String)
    /// The render layer measured the screen (on opening, which also asks for the first feature's neighbours, and on
    /// every resize).
    case geometryChanged(ViewGeometry)
    case focusMovedForward
    case focusMovedBackward
    case paneFocused(Pane)
    /// The selection in the focused pane's list moved.
    case selectionMoved(ListMove)
    /// A key typed into the text being edited (characters, pastes, editing and cursor keys).
    case textKeyTyped(Key)
    /// Enter on a neighbour: open it as the selected feature.
    case neighbourOpened
    /// Star or unstar the selected feature (kept in the user's annotation store).
    case starToggled
    /// Start typing the selected feature's name or notes.
    case annotationEditStarted(AnnotationDraft.Field)
    /// Add the selected feature (or, in the neighbours pane, the selected neighbour) to the steering edits.
    case steeringFeatureAdded
    /// Lead with the other dictionary, on the nearest counterpart of the selected feature.
    case dictionariesSwapped
    /// Attribute the heatmap's next token after the token at its cursor.
    case attributionRequested
    /// Enter on an attribution row: open its feature.
    case attributedFeatureOpened
    /// Put the prompt and the steered continuation into the heatmap (to look at its tokens and attribute them).
    case continuationToHeatmap

    case help(HelpAction)
    case features(FeaturesAction)
    case detail(DetailAction)
    case neighbours(NeighboursAction)
    case heatmap(HeatmapAction)
    case steering(SteeringAction)
    case overview(OverviewAction)
    case attribution(AttributionAction)
}
