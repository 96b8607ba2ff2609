import SAEKit
import TermKit

/// How a steering edit changes its feature.
package enum SteeringMode: String, CaseIterable, Equatable, Sendable {
    /// Set the activation to strength × the feature's maximum.
    case clamp
    /// Multiply the activation by the strength.
    case scale
    /// Set the activation to zero.
    case ablate
    /// Add strength × max × the decoder direction to the residual (no dictionary pass).
    case add

    /// The strength a new edit in this mode starts with.
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
    package var mode: SteeringMode
    package var strength: Float

    /// An edit of `feature` in `mode` at `strength` (the mode's default when not given).
    package init(feature: Int, mode: SteeringMode = .clamp, strength: Float? = nil) {
        self.feature = feature
        self.mode = mode
        self.strength = strength ?? mode.defaultStrength
    }

    /// The edit as the engine applies it, strengths relative to the maximum turned into activation values; nil when
    /// the mode needs the feature's maximum and `maximum` is nil.
    package func resolved(span: EditSpan, maximum: Float?) -> FeatureEdit? {
        edit(span: span, maximum: maximum, clampRelative: false)
    }

    /// The edit as a preset keeps it: a clamp stays relative ("3x"), so the preset follows the index's maxima.
    package func forPreset(span: EditSpan, maximum: Float?) -> FeatureEdit? {
        edit(span: span, maximum: maximum, clampRelative: true)
    }

    private func edit(span: EditSpan, maximum: Float?, clampRelative: Bool) -> FeatureEdit? {
        let operation: EditOperation
        switch mode {
        case .clamp where clampRelative: operation = .clampToMultipleOfMax(strength)
        case .clamp:
            guard let maximum else { return nil }
            operation = .clamp(strength * maximum)
        case .scale: operation = .scale(strength)
        case .ablate: operation = .ablate
        case .add:
            guard let maximum else { return nil }
            operation = .add(strength * maximum)
        }
        return FeatureEdit(feature: feature, operation: operation, span: span)
    }

    /// The edit read back from the engine's form (additive strengths relative to `maximum`); nil for an absolute
    /// clamp, which the pane does not show.
    package init?(_ edit: FeatureEdit, maximum: Float?) {
        switch edit.operation {
        case .clampToMultipleOfMax(let n): self.init(feature: edit.feature, mode: .clamp, strength: n)
        case .clamp(let value):
            guard let maximum, maximum > 0 else { return nil }
            self.init(feature: edit.feature, mode: .clamp, strength: value / maximum)
        case .scale(let f): self.init(feature: edit.feature, mode: .scale, strength: f)
        case .ablate: self.init(feature: edit.feature, mode: .ablate)
        case .add(let c):
            guard let maximum, maximum > 0 else { return nil }
            self.init(feature: edit.feature, mode: .add, strength: c / maximum)
        }
    }

    /// "clamp 3× max", "scale ×2", "ablate", "add 3× max".
    package var summary: String {
        switch mode {
        case .clamp: return "clamp \(Format.strength(strength))× max"
        case .scale: return "scale ×\(Format.strength(strength))"
        case .ablate: return "ablate"
        case .add: return "add \(Format.strength(strength))× max"
        }
    }
}
