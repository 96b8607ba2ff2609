import SAEKit
import TermKit

/// A feature's label as every pane draws it: a star when the user starred it, then the user's name in full colour,
/// or else an imported explanation (Neuronpedia's), or else the index's label dimmed; nothing when it has none.
enum FeatureLabelSpans {
    /// The spans for `feature` of `dictionary`, with `annotations` (the user's, for that dictionary).
    static func of(_ feature: Int, in dictionary: DictionarySummary, annotations: [Int: Annotation]?,
                   palette: Palette) -> [Span] {
        let note = annotations?[feature]
        let star = note?.starred == true ? palette.glyphs.star + " " : ""
        let name = note.flatMap { $0.name.isEmpty ? nil : $0.name }
        let explained = name ?? dictionary.imported(feature)?.text
        let label = explained ?? dictionary.labels.flatMap { feature >= 0 && feature < $0.count ? $0[feature] : nil } ?? ""
        var spans: [Span] = []
        if !star.isEmpty { spans.append(Span(star, palette.style(.accent))) }
        if !label.isEmpty { spans.append(Span(palette.glyphs.text(label), palette.style(explained == nil ? .dim : .normal))) }
        return spans
    }
}
