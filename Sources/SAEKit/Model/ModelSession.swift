import Dispatch
import Foundation

/// One running sequence of a `LanguageModel`: KV cache, reusable buffers, hooks, and the forward pass.
public final class ModelSession {
    /// Which positions' logits a forward call returns.
    public enum Logits { case none, last, all }

    /// The model.
    public let model: LanguageModel
    /// Threads for the quantized kernels and dequantization.
    public let threads: Int
    /// Hooks by hook point; each may read and rewrite the residual stream.
    public var hooks: [HookPoint: ResidualHook] = [:]
    /// Number of positions already in the KV cache.
    public private(set) var position = 0
    /// When set, `forward` runs only blocks 0…this layer and returns no logits (harvesting one hook point).
    public var stopAfterLayer: Int?
    /// When set, the time of each stage of the forward pass is added to it.
    public var profile: ForwardProfile?

    private let cache: KVCache
    private var buffers = Buffers(rows: 0, config: nil)
    private let scratchElements = 1 << 21
    private let scratch: UnsafeMutablePointer<Float>

    /// A fresh session; `threads` defaults to the processor count.
    public init(model: LanguageModel, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.model = model
        self.threads = max(1, threads)
        let c = model.config
        cache = KVCache(layerCount: c.layerCount, width: c.kvDim, limit: c.contextLength)
        scratch = .allocate(capacity: max(scratchElements, c.ffnDim * c.modelDim, c.queryDim * c.modelDim))
    }

    deinit { scratch.deallocate() }

    /// Forgets every position (the KV cache is kept allocated).
    public func reset() { position = 0 }

    /// Takes over `other`'s positions (a session of the same model): its KV cache is copied, so both continue from the
    /// same prefix without running it twice.
    public func continueFrom(_ other: ModelSession) {
        precondition(other.model === model, "sessions of different models")
        cache.copy(other.position, from: other.cache)
        position = other.position
    }

    /// Forgets the positions from `position` on, keeping the cache before it (to try several continuations of a prefix).
    public func rewind(to position: Int) {
        precondition(position >= 0 && position <= self.position, "can only rewind to an earlier position")
        self.position = position
    }

    /// Runs `tokens` at the next positions, filling the KV cache; returns logits [rows, vocabulary] as asked.
    public func forward(_ tokens: [Int], logits: Logits = .last) throws -> Matrix? {
        let c = model.config, design = c.design
        let n = tokens.count
        guard n > 0 else { return nil }
        guard position + n <= c.contextLength else {
            throw InputError("prompt", "\(position + n) tokens do not fit the model's context of \(c.contextLength)")
        }
        if let bad = tokens.first(where: { $0 < 0 || $0 >= c.vocabularySize }) {
            throw InputError("tokens", "token id \(bad) is outside the vocabulary of \(c.vocabularySize)")
        }
        if buffers.rows < n { buffers = Buffers(rows: n, config: c) }
        cache.reserve(position + n, used: position)
        let b = buffers
        let h = b.view(b.residual, n, c.modelDim)
        timed(.embedding) {
            for (i, token) in tokens.enumerated() { model.embedding.tensor.dequantizeRow(token, into: h.base + i * c.modelDim) }
            if design.embeddingScale != 1 { BlockKernels.scale(h.base, by: design.embeddingScale, count: n * c.modelDim) }
            if let positions = model.positionEmbedding {
                for i in 0..<n {
                    positions.dequantizeRow(position + i, into: b.normed)
                    BlockKernels.add(b.normed, to: h.base + i * c.modelDim, count: c.modelDim)
                }
            }
            b.rotations.prepare(positions: position, rows: n)
        }

        for (l, block) in model.blocks.enumerated() {
            if let stop = stopAfterLayer, l > stop { break }
            hook(.residPre, l, h)
            normalize(h.base, rows: n, block.attentionNorm, into: b.normed)
            timed(.attentionInputs) {
                linear([(block.query, b.normed, b.query), (block.key, b.normed, b.key), (block.value, b.normed, b.value)], rows: n)
            }
            timed(.rotary) {
                if let queryNorm = block.queryNorm, let keyNorm = block.keyNorm {
                    BlockKernels.rmsNorm(b.query, rows: n * c.headCount, width: c.headDim, weight: queryNorm, epsilon: c.normEpsilon, into: b.query)
                    BlockKernels.rmsNorm(b.key, rows: n * c.kvHeadCount, width: c.headDim, weight: keyNorm, epsilon: c.normEpsilon, into: b.key)
                }
                if design.positions == .rotary {
                    let (cosines, sines) = b.rotations.table(local: design.isLocal(l))
                    BlockKernels.rotate(b.query, rows: n, heads: c.headCount, headDim: c.headDim, pairs: c.ropeDim / 2,
                                        style: design.rotaryPairs, cosines: cosines, sines: sines)
                    BlockKernels.rotate(b.key, rows: n, heads: c.kvHeadCount, headDim: c.headDim, pairs: c.ropeDim / 2,
                                        style: design.rotaryPairs, cosines: cosines, sines: sines)
                }
            }
            timed(.attention) {
                let keys = cache.keys[l] + position * c.kvDim, values = cache.values[l] + position * c.kvDim
                keys.update(from: b.key, count: n * c.kvDim)
                values.update(from: b.value, count: n * c.kvDim)
                attention(layer: l, rows: n)
            }
            hook(.attentionZ, l, b.view(b.attended, n, c.queryDim))
            timed(.attentionOutput) { linear([(block.output, b.attended, b.attentionOutput)], rows: n) }
            if let norm = block.postAttentionNorm { normalize(b.attentionOutput, rows: n, norm, into: b.attentionOutput) }
            // In a parallel block the MLP reads the block's input, so attention joins the stream with the MLP.
            if !design.parallelResidual { BlockKernels.add(b.attentionOutput, to: h.base, count: n * c.modelDim) }
            normalize(h.base, rows: n, block.ffnNorm, into: b.normed)
            hook(.mlpInput, l, b.view(b.normed, n, c.modelDim))
            if let gate = block.gate {
                timed(.mlp) { linear([(gate, b.normed, b.gate), (block.up, b.normed, b.up)], rows: n) }
                timed(.activation) { activate(rows: n) { ActivationKernels.applyGated(design.activation, b.gate + $0, b.up + $0, count: $1) } }
            } else {
                timed(.mlp) { linear([(block.up, b.normed, b.gate)], rows: n) }
                timed(.activation) { activate(rows: n) { ActivationKernels.apply(design.activation, b.gate + $0, count: $1) } }
            }
            timed(.mlp) { linear([(block.down, b.gate, b.projected)], rows: n) }
            if let norm = block.postFFNNorm { normalize(b.projected, rows: n, norm, into: b.projected) }
            hook(.mlpOut, l, b.view(b.projected, n, c.modelDim))
            if design.parallelResidual { BlockKernels.add(b.attentionOutput, to: h.base, count: n * c.modelDim) }
            BlockKernels.add(b.projected, to: h.base, count: n * c.modelDim)
            hook(.residPost, l, h)
        }
        position += n
        if stopAfterLayer != nil { return nil }

        let first: Int
        switch logits {
        case .none: return nil
        case .last: first = n - 1
        case .all: first = 0
        }
        let count = n - first
        normalize(h.base + first * c.modelDim, rows: count, model.outputNorm, into: b.normed)
        let result = Matrix(rows: count, cols: c.vocabularySize)
        timed(.outputHead) {
            linear([(model.outputHead, b.normed, result.base)], rows: count)
            if let cap = design.outputSoftCap { BlockKernels.softCap(result.base, 0..<(count * c.vocabularySize), cap: cap) }
        }
        return result
    }

    /// Runs `body(offset, count)` on each of `rows` rows of the MLP's hidden values, the rows shared among the workers
    /// (row by row, so that a row's arithmetic does not depend on how the rows were split).
    private func activate(rows n: Int, _ body: (_ offset: Int, _ count: Int) -> Void) {
        let width = model.config.ffnDim
        let parts = min(threads, n)
        WorkerPool.shared.run(parts: parts) { part in
            for row in (n * part / parts)..<(n * (part + 1) / parts) { body(row * width, width) }
        }
    }

    /// Runs `body`, timed as `stage` when the session keeps a profile.
    @inline(__always)
    private func timed(_ stage: ForwardProfile.Stage, _ body: () -> Void) {
        if let profile { profile.measure(stage, body) } else { body() }
    }

    /// Calls the hook at `kind` of `layer`, if one is set, with `activations` of this call's rows.
    @inline(__always)
    private func hook(_ kind: HookPoint.Kind, _ layer: Int, _ activations: @autoclosure () -> Matrix) {
        guard let hook = hooks[HookPoint(layer: layer, kind: kind)] else { return }
        timed(.hooks) { hook(activations(), position) }
    }

    /// The design's norm (RMS or LayerNorm) of each of `rows` rows of the residual width.
    private func normalize(_ x: UnsafePointer<Float>, rows: Int, _ norm: LanguageModel.Norm, into out: UnsafeMutablePointer<Float>) {
        let c = model.config
        timed(.norms) {
            switch c.design.normalization {
            case .rms: BlockKernels.rmsNorm(x, rows: rows, width: c.modelDim, weight: norm.weight, epsilon: c.normEpsilon, into: out)
            case .layer:
                BlockKernels.layerNorm(x, rows: rows, width: c.modelDim, weight: norm.weight, bias: norm.bias, epsilon: c.normEpsilon, into: out)
            }
        }
    }

    /// Y = X·Wᵀ for each job: few rows go through the quantized-block kernels on all threads, many through BLAS.
    private func linear(_ jobs: [(LinearWeight, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)], rows n: Int) {
        if n >= 8 {
            for (weight, x, y) in jobs {
                let chunk = max(1, scratchElements / weight.inputs)
                weight.multiplyBatch(x, rows: n, into: y, scratch: scratch, chunkRows: chunk, threads: threads)
                weight.addBias(to: y, rows: n)
            }
            return
        }
        let sums = buffers.sums, permuted = buffers.permuted
        for row in 0..<n {
            var sumOffsets: [Int] = [], permutedOffsets: [Int] = []
            var offset = 0, permutedOffset = 0
            for (weight, x, _) in jobs {
                sumOffsets.append(offset)
                permutedOffsets.append(permutedOffset)
                QuantizedDot.blockSums(x + row * weight.inputs, count: weight.inputs, into: sums + offset)
                QuantizedDot.permute(x + row * weight.inputs, count: weight.inputs, into: permuted + permutedOffset)
                offset += weight.inputs / 32 + 1
                permutedOffset += weight.inputs
            }
            let parts = threads
            WorkerPool.shared.run(parts: parts) { part in
                for (j, (weight, x, y)) in jobs.enumerated() {
                    let total = weight.outputs
                    let range = (total * part / parts)..<(total * (part + 1) / parts)
                    weight.multiplyRows(range, x: x + row * weight.inputs, xp: permuted + permutedOffsets[j], sums: sums + sumOffsets[j],
                                        into: y + row * total)
                }
            }
        }
        for (weight, _, y) in jobs { weight.addBias(to: y, rows: n) }
    }

    /// Causal grouped-query attention of the new rows over the cached positions each may see (all of them, or the
    /// layer's sliding window), into `buffers.attended`. The heads are shared among our threads once there is enough
    /// work to repay the hand-off, each thread with one score row of its own. (Per-head BLAS products were 4× slower
    /// in prefill: OpenBLAS threads each small product, and that hand-off cost more than the arithmetic.)
    private func attention(layer: Int, rows n: Int) {
        let c = model.config, b = buffers
        let total = position + n, start = position
        let group = c.headCount / c.kvHeadCount, scale = c.design.attentionScale
        let window = c.design.window(layer) ?? total
        let keys = cache.keys[layer], values = cache.values[layer]
        let parts = n * total < 64 ? 1 : min(threads, c.headCount)
        let scoreBase = b.scores(count: parts * total)
        let path = KernelPath.best   // read once, outside the loops over keys
        WorkerPool.shared.run(parts: parts) { part in
            let scores = scoreBase + part * total
            for head in (c.headCount * part / parts)..<(c.headCount * (part + 1) / parts) {
                let kvOffset = (head / group) * c.headDim
                for row in 0..<n {
                    let q = b.query + row * c.queryDim + head * c.headDim
                    let earliest = max(0, start + row + 1 - window), end = start + row + 1
                    // scores[i] is position earliest + i: the row's own positions only, nothing to zero outside them.
                    let seen = end - earliest
                    for i in 0..<seen {
                        scores[i] = scale * QuantizedDot.f32(q, keys + (earliest + i) * c.kvDim + kvOffset, count: c.headDim, path: path)
                    }
                    if let cap = c.design.attentionSoftCap { BlockKernels.softCap(scores, 0..<seen, cap: cap) }
                    BlockKernels.softmax(scores, from: 0, to: seen, width: seen)
                    AttentionKernels.weightedSum(values + earliest * c.kvDim + kvOffset, stride: c.kvDim, weights: scores, count: seen,
                                                 width: c.headDim, into: b.attended + row * c.queryDim + head * c.headDim, path: path)
                }
            }
        }
    }
}

/// The per-row working buffers of a session, sized for a number of rows and reallocated only to grow.
private final class Buffers {
    let rows: Int
    let residual, normed, query, key, value, attended, attentionOutput, projected, gate, up, sums, permuted: UnsafeMutablePointer<Float>
    let rotations: RotaryTables
    private var scoreBuffer: UnsafeMutablePointer<Float>
    private var scoreCapacity = 0
    private var all: [UnsafeMutablePointer<Float>] = []

    init(rows: Int, config c: ModelConfig?) {
        self.rows = rows
        func make(_ width: Int) -> UnsafeMutablePointer<Float> { .allocate(capacity: max(1, rows * width)) }
        let d = c?.modelDim ?? 0, f = c?.ffnDim ?? 0, q = c?.queryDim ?? 0, kv = c?.kvDim ?? 0
        residual = make(d); normed = make(d); query = make(q); key = make(kv); value = make(kv)
        attended = make(q); attentionOutput = make(d); projected = make(d); gate = make(f); up = make(f)
        sums = .allocate(capacity: 4 * (max(d, f, q) / 32 + 1))
        permuted = .allocate(capacity: 4 * max(d, f, q, 1))
        rotations = RotaryTables(rows: rows, config: c)
        scoreBuffer = .allocate(capacity: 1)
        all = [residual, normed, query, key, value, attended, attentionOutput, projected, gate, up, sums, permuted]
    }

    deinit {
        for p in all { p.deallocate() }
        scoreBuffer.deallocate()
    }

    /// A borrowed matrix view of `rows`×`cols` at `pointer`.
    func view(_ pointer: UnsafeMutablePointer<Float>, _ rows: Int, _ cols: Int) -> Matrix {
        Matrix(rows: rows, cols: cols, borrowing: pointer, owner: self)
    }

    /// Room for `count` attention scores, grown as needed.
    func scores(count: Int) -> UnsafeMutablePointer<Float> {
        if count > scoreCapacity {
            scoreBuffer.deallocate()
            scoreCapacity = max(count, 2 * scoreCapacity)
            scoreBuffer = .allocate(capacity: scoreCapacity)
        }
        return scoreBuffer
    }
}
