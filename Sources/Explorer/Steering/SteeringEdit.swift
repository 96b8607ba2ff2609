import SAEKit
import TermKit

extension EditOperation.Kind {
    /// The strength a new edit of this kind starts with (for a clamp and an addition, a multiple of the maximum).
    package var defaultStrength: Float {
        switch self {
        case .clamp: return 3
        case .scale: return 2
        case .ablate: return 0
        case .add: return 3
        }
    }

    /// The step of + and -.
    package var step: Float { self == .ablate ? 0 : 0.5 }
}

/// One edit in force in the steering pane.
package struct SteeringEdit: Equatable, Sendable {
    package var feature: Int
    package var operation: EditOperation.Kind
    package var strength: Float

    /// An edit of `feature` by `operation` at `strength` (the operation's default when not given).
    package init(feature: Int, operation: EditOperation.Kind = .clamp, strength: Float? = nil) {
        self.feature = feature
        self.operation = operation
        self.strength = strength ?? operation.defaultStrength
    }

    /// The edit as the engine applies it, strengths relative to the maximum turned into activation values; nil when
    /// the operation needs the feature's maximum and `maximum` is nil.
    package func resolved(span: EditSpan, maximum: Float?) -> FeatureEdit? {
        edit(span: span, maximum: maximum, clampRelative: false)
    }

    /// The edit as a preset keeps it: a clamp stays relative ("3x"), so the preset follows the index's maxima.
    package func forPreset(span: EditSpan, maximum: Float?) -> FeatureEdit? {
        edit(span: span, maximum: maximum, clampRelative: true)
    }

    private func edit(span: EditSpan, maximum: Float?, clampRelative: Bool) -> FeatureEdit? {
        let resolved: EditOperation
        switch operation {
        case .clamp where clampRelative: resolved = .clampToMultipleOfMax(strength)
        case .clamp:
            guard let maximum else { return nil }
            resolved = .clamp(strength * maximum)
        case .scale: resolved = .scale(strength)
        case .ablate: resolved = .ablate
        case .add:
            guard let maximum else { return nil }
            resolved = .add(strength * maximum)
        }
        return FeatureEdit(feature: feature, operation: resolved, span: span)
    }

    /// The edit read back from the engine's form (additive strengths relative to `maximum`); nil for an absolute
    /// clamp, which the pane does not show.
    package init?(_ edit: FeatureEdit, maximum: Float?) {
        switch edit.operation {
        case .clampToMultipleOfMax(let n): self.init(feature: edit.feature, operation: .clamp, strength: n)
        case .clamp(let value):
            guard let maximum, maximum > 0 else { return nil }
            self.init(feature: edit.feature, operation: .clamp, strength: value / maximum)
        case .scale(let f): self.init(feature: edit.feature, operation: .scale, strength: f)
        case .ablate: self.init(feature: edit.feature, operation: .ablate)
        case .add(let c):
            guard let maximum, maximum > 0 else { return nil }
            self.init(feature: edit.feature, operation: .add, strength: c / maximum)
        }
    }

    /// "clamp 3× max", "scale ×2", "ablate", "add 3× max".
    package var summary: String {
        switch operation {
        case .clamp: return "clamp \(Format.strength(strength))× max"
        case .scale: return "scale ×\(Format.strength(strength))"
        case .ablate: return "ablate"
        case .add: return "add \(Format.strength(strength))× max"
        }
    }
}
