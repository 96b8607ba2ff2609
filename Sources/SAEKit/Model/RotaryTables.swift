import Foundation

/// RoPE's cosines and sines for the rows of one forward call, for the global layers and, when the design has local
/// layers with a base of their own, for theirs: angle = position · base^(−2i/ropeDim), in double precision. The global
/// layers' angles also carry the design's scaling (each frequency divided by its factor, then times the angle scale).
final class RotaryTables {
    private let pairs: Int
    private let globalBase: Double, localBase: Double?
    private let globalFactors: [Double], globalScale: Double
    private let cosines, sines: UnsafeMutablePointer<Float>
    private let localCosines, localSines: UnsafeMutablePointer<Float>?

    /// Room for `rows` positions of `config`'s heads (none when `config` is nil).
    init(rows: Int, config: ModelConfig?) {
        pairs = max(1, (config?.ropeDim ?? 0) / 2)
        let design = config?.design
        globalBase = Double(design?.ropeBase ?? 10_000)
        localBase = design.flatMap { d in d.localRopeBase.map(Double.init) }
        globalFactors = design?.ropeFrequencyFactors?.map(Double.init) ?? []
        globalScale = Double(design?.ropeAngleScale ?? 1)
        let capacity = max(1, rows) * pairs
        cosines = .allocate(capacity: capacity)
        sines = .allocate(capacity: capacity)
        localCosines = localBase == nil ? nil : .allocate(capacity: capacity)
        localSines = localBase == nil ? nil : .allocate(capacity: capacity)
    }

    deinit {
        for table in [cosines, sines, localCosines, localSines] { table?.deallocate() }
    }

    /// Fills the tables' rows for `positions` (row i for position `positions[i]`).
    func prepare(positions: [Int]) {
        Self.fill(cosines, sines, base: globalBase, factors: globalFactors, scale: globalScale, pairs: pairs, positions: positions)
        if let localBase, let localCosines, let localSines {
            Self.fill(localCosines, localSines, base: localBase, factors: [], scale: 1, pairs: pairs, positions: positions)
        }
    }

    /// The cosines and sines [rows, pairs] for a local or a global layer.
    func table(local: Bool) -> (UnsafePointer<Float>, UnsafePointer<Float>) {
        if local, let localCosines, let localSines { return (UnsafePointer(localCosines), UnsafePointer(localSines)) }
        return (UnsafePointer(cosines), UnsafePointer(sines))
    }

    private static func fill(_ cosines: UnsafeMutablePointer<Float>, _ sines: UnsafeMutablePointer<Float>, base: Double,
                             factors: [Double], scale: Double, pairs: Int, positions: [Int]) {
        for i in 0..<pairs {
            let frequency = pow(base, -Double(i) / Double(pairs)) / (i < factors.count ? factors[i] : 1) * scale
            for (row, position) in positions.enumerated() {
                let angle = Double(position) * frequency
                cosines[row * pairs + i] = Float(cos(angle))
                sines[row * pairs + i] = Float(sin(angle))
            }
        }
    }
}
