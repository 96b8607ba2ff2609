/// Which positions an edit applies to.
public enum EditSpan: Equatable, Sendable, Codable {
    /// Every position.
    case all
    /// The prompt's positions only.
    case prompt
    /// Generated positions only.
    case generated
    /// Positions `start..<end` (0 is the first prompt token).
    case range(Int, Int)

    /// Parses `all`, `prompt`, `generated` or `A:B`.
    public init(parsing text: String) throws {
        switch text {
        case "all": self = .all
        case "prompt": self = .prompt
        case "generated": self = .generated
        default:
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0, b > a else {
                throw InputError("--span", "'\(text)' is not all, prompt, generated or A:B with A < B")
            }
            self = .range(a, b)
        }
    }

    /// The span written back in the form `init(parsing:)` reads.
    public var text: String {
        switch self {
        case .all: return "all"
        case .prompt: return "prompt"
        case .generated: return "generated"
        case .range(let a, let b): return "\(a):\(b)"
        }
    }

    /// Whether position `p` is covered, given the prompt's length.
    public func contains(_ p: Int, promptLength: Int) -> Bool {
        switch self {
        case .all: return true
        case .prompt: return p < promptLength
        case .generated: return p >= promptLength
        case .range(let a, let b): return p >= a && p < b
        }
    }
}

/// What an edit does to one feature.
public enum EditOperation: Equatable, Sendable {
    /// Set the activation to a value.
    case clamp(Float)
    /// Set the activation to a multiple of the feature's maximum activation ("10x").
    case clampToMultipleOfMax(Float)
    /// Multiply the activation.
    case scale(Float)
    /// Set the activation to zero.
    case ablate
    /// Additive steering: x + c · W_dec[i], without the dictionary pass.
    case add(Float)

    /// What an operation does, without its value: the four the explorer's `m` cycles through and a preset writes.
    public enum Kind: String, CaseIterable, Equatable, Sendable {
        /// Set the activation (to a value, or a multiple of the feature's maximum).
        case clamp
        /// Multiply the activation.
        case scale
        /// Set the activation to zero.
        case ablate
        /// Add a multiple of the decoder direction to the residual (no dictionary pass).
        case add
    }
}

/// One edit of one feature's activation, over a span of positions.
public struct FeatureEdit: Equatable, Sendable {
    /// The feature id.
    public var feature: Int
    /// What to do.
    public var operation: EditOperation
    /// Where.
    public var span: EditSpan

    /// An edit of `feature`.
    public init(feature: Int, operation: EditOperation, span: EditSpan = .all) {
        self.feature = feature
        self.operation = operation
        self.span = span
    }

    /// Parses `ID=clamp:V`, `ID=clamp:Nx`, `ID=scale:F`, `ID=ablate` or `ID=add:C`.
    public init(parsing text: String, span: EditSpan = .all) throws {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let feature = Int(parts[0]), feature >= 0 else {
            throw InputError("--edit", "'\(text)' is not ID=OPERATION (clamp:V, clamp:Nx, scale:F, ablate, add:C)")
        }
        let op = parts[1].split(separator: ":", maxSplits: 1).map(String.init)
        func number(_ s: String) throws -> Float {
            guard let v = Float(s), v.isFinite else { throw InputError("--edit", "'\(text)': '\(s)' is not a number") }
            return v
        }
        let operation: EditOperation
        switch (op[0], op.count) {
        case ("ablate", 1): operation = .ablate
        case ("clamp", 2) where op[1].hasSuffix("x"): operation = .clampToMultipleOfMax(try number(String(op[1].dropLast())))
        case ("clamp", 2): operation = .clamp(try number(op[1]))
        case ("scale", 2): operation = .scale(try number(op[1]))
        case ("add", 2): operation = .add(try number(op[1]))
        default: throw InputError("--edit", "'\(text)': unknown operation '\(parts[1])' (clamp:V, clamp:Nx, scale:F, ablate, add:C)")
        }
        self.init(feature: feature, operation: operation, span: span)
    }

    /// The edit written back in `ID=OPERATION` form.
    public var text: String {
        switch operation {
        case .clamp(let v): return "\(feature)=clamp:\(Self.compact(v))"
        case .clampToMultipleOfMax(let n): return "\(feature)=clamp:\(Self.compact(n))x"
        case .scale(let f): return "\(feature)=scale:\(Self.compact(f))"
        case .ablate: return "\(feature)=ablate"
        case .add(let c): return "\(feature)=add:\(Self.compact(c))"
        }
    }

    /// A number as short as it reads back exactly: "3" rather than "3.0", "2.5" as it is.
    private static func compact(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : "\(value)"
    }

    /// Whether this edit is additive (needs no dictionary pass).
    public var isAdditive: Bool {
        if case .add = operation { return true }
        return false
    }
}
