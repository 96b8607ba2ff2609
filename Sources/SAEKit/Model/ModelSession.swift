import Dispatch
import Foundation

/// Running sequences of a `LanguageModel` (one by default, or several *lanes* decoded together): a KV cache per lane,
/// reusable buffers, hooks, and the forward pass.
public final class ModelSession {
    /// Which positions' logits a forward call returns: each segment's last token, or every token.
    public enum Logits: Sendable { case last, all }

    /// Tokens for one lane in a batched forward call.
    public struct Segment: Sendable {
        /// The lane (sequence) these tokens continue.
        public var lane: Int
        /// The tokens, run at the lane's next positions.
        public var tokens: [Int]

        /// `tokens` continuing `lane`.
        public init(lane: Int, tokens: [Int]) {
            self.lane = lane
            self.tokens = tokens
        }
    }

    /// The model.
    public let model: LanguageModel
    /// Threads for the quantized kernels and dequantization.
    public let threads: Int
    /// Hooks by hook point, each point's in the order they were added; each may read and rewrite the activations.
    private var hooks: [HookPoint: [(id: Int, hook: ResidualHook)]] = [:]
    private var nextHookID = 0
    /// Number of positions already in each lane's KV cache.
    public private(set) var positions: [Int]
    /// Number of positions already in the first lane's KV cache (the one sequence of a single-lane session).
    public var position: Int { positions[0] }
    /// When set, the time of each stage of the forward pass is added to it.
    public var profile: ForwardProfile?
    /// How a few rows meet the quantized weights: float unless a generating caller asks for 8-bit (`Arithmetic`).
    public var arithmetic: Arithmetic = .float

    private let caches: [KVCache]
    private var buffers = Buffers(rows: 0, config: nil)
    private let scratchElements = 1 << 21
    private let scratch: UnsafeMutablePointer<Float>

    /// A fresh session of `lanes` sequences; `threads` defaults to the processor count; `cache` is how the KV caches
    /// keep positions (half for generation, whose later calls may read them rounded).
    public init(model: LanguageModel, threads: Int = ProcessInfo.processInfo.activeProcessorCount, lanes: Int = 1,
                cache: KVCache.Precision = .float) {
        precondition(lanes >= 1, "a session needs at least one lane")
        self.model = model
        self.threads = max(1, threads)
        let c = model.config
        caches = (0..<lanes).map { _ in KVCache(layerCount: c.layerCount, width: c.kvDim, limit: c.contextLength, precision: cache) }
        positions = Array(repeating: 0, count: lanes)
        scratch = .allocate(capacity: max(scratchElements, c.ffnDim * c.modelDim, c.queryDim * c.modelDim))
    }

    deinit { scratch.deallocate() }

    /// Number of lanes.
    public var laneCount: Int { caches.count }

    /// Forgets every position of every lane (the KV caches are kept allocated).
    public func reset() { positions = Array(repeating: 0, count: caches.count) }

    /// Forgets every position of `lane`, to start a new sequence there.
    public func reset(lane: Int) { positions[lane] = 0 }

    /// Takes over `other`'s positions (the first lane of a session of the same model): its KV cache is copied, so both
    /// continue from the same prefix without running it twice.
    public func continueFrom(_ other: ModelSession) {
        precondition(other.model === model, "sessions of different models")
        caches[0].copy(other.position, from: other.caches[0])
        positions[0] = other.position
    }

    /// Forgets the first lane's positions from `position` on, keeping the cache before it (to try several
    /// continuations of a prefix).
    public func rewind(to position: Int) {
        precondition(position >= 0 && position <= self.position, "can only rewind to an earlier position")
        positions[0] = position
    }

    /// Runs `tokens` at the first lane's next positions, filling its KV cache, and returns their logits
    /// [1 or tokens.count, vocabulary] (`logits`); throws when there are no tokens.
    public func forward(_ tokens: [Int], logits: Logits = .last) throws -> Matrix {
        try forward(batch: [Segment(lane: 0, tokens: tokens)], logits: logits)
    }

    /// Runs each segment's tokens at its lane's next positions, all in one pass (each lane attends to its own cache
    /// only), and returns logits for every row (`.all`) or for each segment's last token (`.last`, one row per segment
    /// in order); throws when no segment has tokens.
    public func forward(batch segments: [Segment], logits: Logits = .last) throws -> Matrix {
        let segments = segments.filter { !$0.tokens.isEmpty }
        guard !segments.isEmpty else { throw InputError("tokens", "there are none to run") }
        let h = try runBlocks(segments, through: model.config.layerCount - 1)
        advance(segments)
        return outputLogits(h, segments: segments, logits)
    }

    /// Runs `tokens` at the first lane's next positions, filling its KV cache, without computing logits (a prompt's
    /// prefix before its last token).
    public func prefill(_ tokens: [Int]) throws {
        try prefill(batch: [Segment(lane: 0, tokens: tokens)])
    }

    /// Runs each segment's tokens at its lane's next positions, filling the KV caches, without computing logits.
    public func prefill(batch segments: [Segment]) throws {
        let segments = segments.filter { !$0.tokens.isEmpty }
        guard !segments.isEmpty else { return }
        _ = try runBlocks(segments, through: model.config.layerCount - 1)
        advance(segments)
    }

    /// Runs each segment's tokens at its lane's next positions through blocks 0…`layer` only, for the hooks up to
    /// there (harvesting one hook point). The lanes' positions stay where they were: what this call cached beyond them
    /// is not part of any sequence, and the next call writes over it.
    public func runPartially(batch segments: [Segment], through layer: Int) throws {
        precondition(layer >= 0 && layer < model.config.layerCount, "layer \(layer) is outside the model")
        let segments = segments.filter { !$0.tokens.isEmpty }
        guard !segments.isEmpty else { return }
        _ = try runBlocks(segments, through: layer)
    }

    /// Adds `hook` at `point`, after any already there, and returns the handle that removes it.
    @discardableResult
    public func addHook(at point: HookPoint, _ hook: @escaping ResidualHook) -> HookHandle {
        nextHookID += 1
        hooks[point, default: []].append((nextHookID, hook))
        return HookHandle(point: point, id: nextHookID)
    }

    /// Removes the hook `handle` added (nothing when it is gone already).
    public func removeHook(_ handle: HookHandle) {
        hooks[handle.point]?.removeAll { $0.id == handle.id }
        if hooks[handle.point]?.isEmpty == true { hooks[handle.point] = nil }
    }

    /// Removes every hook.
    public func removeAllHooks() { hooks = [:] }

    /// Moves each segment's lane past its tokens.
    private func advance(_ segments: [Segment]) {
        for segment in segments { positions[segment.lane] += segment.tokens.count }
    }

    /// Runs the segments' tokens (none empty) through the embedding and blocks 0…`lastLayer`, writing their keys and
    /// values into the lanes' caches after each lane's position, and returns the residual stream h [rows, d_model]
    /// (a view of the session's buffers, valid until the next call). Positions are not advanced here.
    private func runBlocks(_ segments: [Segment], through lastLayer: Int) throws -> Matrix {
        let c = model.config, design = c.design
        var seenLanes = Set<Int>()
        for segment in segments {
            precondition(segment.lane >= 0 && segment.lane < caches.count && seenLanes.insert(segment.lane).inserted,
                         "each segment needs a lane of its own")
            guard positions[segment.lane] + segment.tokens.count <= c.contextLength else {
                throw InputError("prompt", "\(positions[segment.lane] + segment.tokens.count) tokens do not fit the model's context of \(c.contextLength)")
            }
            if let bad = segment.tokens.first(where: { $0 < 0 || $0 >= c.vocabularySize }) {
                throw InputError("tokens", "token id \(bad) is outside the vocabulary of \(c.vocabularySize)")
            }
        }
        let tokens = segments.flatMap(\.tokens)
        let n = tokens.count
        let rowLanes = segments.flatMap { Array(repeating: $0.lane, count: $0.tokens.count) }
        let rowPositions = segments.flatMap { positions[$0.lane]..<(positions[$0.lane] + $0.tokens.count) }
        // Each row's segment's first row (whose position is where the call starts in that lane).
        var rowFirstRows: [Int] = [], firstRow = 0
        for segment in segments {
            rowFirstRows += Array(repeating: firstRow, count: segment.tokens.count)
            firstRow += segment.tokens.count
        }
        // Where each segment's rows start, for hooks (none to work out when no hook is set, as in plain decoding).
        var parts: [HookedRows] = [], offset = 0
        if !hooks.isEmpty {
            for segment in segments {
                parts.append(HookedRows(offset: offset, count: segment.tokens.count, firstPosition: positions[segment.lane]))
                offset += segment.tokens.count
            }
        }
        if buffers.rows < n { buffers = Buffers(rows: n, config: c) }
        for segment in segments {
            let used = positions[segment.lane]
            caches[segment.lane].reserve(used + segment.tokens.count, used: used)
        }
        // Shapes: n rows (every segment's tokens, in order); d = d_model, q = heads × head_dim, kv = kv_heads × head_dim,
        // f = ffn_dim. The buffers: h [n, d] the residual stream; normed [n, d]; query [n, q]; key, value [n, kv];
        // attended [n, q]; attentionOutput, projected [n, d]; gate, up [n, f].
        let b = buffers
        let h = b.view(b.residual, n, c.modelDim)
        // h = embedding[token] · scale (+ position embedding)
        timed(.embedding) {
            for (i, token) in tokens.enumerated() { model.embedding.tensor.dequantizeRow(token, into: h.base + i * c.modelDim) }
            if design.embeddingScale != 1 { BlockKernels.scale(h.base, by: design.embeddingScale, count: n * c.modelDim) }
            if let positionTable = model.positionEmbedding {
                for i in 0..<n {
                    positionTable.dequantizeRow(rowPositions[i], into: b.normed)
                    BlockKernels.add(b.normed, to: h.base + i * c.modelDim, count: c.modelDim)
                }
            }
            b.rotations.prepare(positions: rowPositions)
        }

        for (l, block) in model.blocks.enumerated() where l <= lastLayer {
            hook(.residPre, l, parts, h)
            // Attention: normed = norm(h); query, key, value = normed · W_qᵀ, W_kᵀ, W_vᵀ (+ bias); per-head norms and
            // rotary positions on query and key.
            normalize(h.base, rows: n, block.attentionNorm, into: b.normed)
            timed(.attentionInputs) {
                linear([(block.query, b.normed, b.query), (block.key, b.normed, b.key), (block.value, b.normed, b.value)], rows: n)
            }
            timed(.rotary) {
                let (cosines, sines) = b.rotations.table(local: design.isLocal(l))
                let pairs = c.ropeDim / 2
                byRows(n) { rows in
                    let query = b.query + rows.lowerBound * c.queryDim, key = b.key + rows.lowerBound * c.kvDim
                    if let queryNorm = block.queryNorm, let keyNorm = block.keyNorm {
                        BlockKernels.rmsNorm(query, rows: rows.count * c.headCount, width: c.headDim, weight: queryNorm, epsilon: c.normEpsilon, into: query)
                        BlockKernels.rmsNorm(key, rows: rows.count * c.kvHeadCount, width: c.headDim, weight: keyNorm, epsilon: c.normEpsilon, into: key)
                    }
                    if design.positions == .rotary {
                        let angles = rows.lowerBound * pairs
                        BlockKernels.rotate(query, rows: rows.count, heads: c.headCount, headDim: c.headDim, pairs: pairs,
                                            style: design.rotaryPairs, cosines: cosines + angles, sines: sines + angles)
                        BlockKernels.rotate(key, rows: rows.count, heads: c.kvHeadCount, headDim: c.headDim, pairs: pairs,
                                            style: design.rotaryPairs, cosines: cosines + angles, sines: sines + angles)
                    }
                }
            }
            // The new keys and values go into each lane's cache after its position; attended [n, q] is each head's
            // softmax(q·kᵀ·scale) · v over the positions a row may see.
            timed(.attention) {
                var row = 0
                for segment in segments {
                    caches[segment.lane].write(layer: l, at: positions[segment.lane], keys: b.key + row * c.kvDim, values: b.value + row * c.kvDim,
                                               count: segment.tokens.count)
                    row += segment.tokens.count
                }
                attention(layer: l, rowLanes: rowLanes, rowPositions: rowPositions, rowFirstRows: rowFirstRows)
            }
            hook(.attentionZ, l, parts, b.view(b.attended, n, c.queryDim))
            // attentionOutput [n, d] = attended · W_oᵀ (+ post-attention norm), added to h.
            timed(.attentionOutput) { linear([(block.output, b.attended, b.attentionOutput)], rows: n) }
            if let norm = block.postAttentionNorm { normalize(b.attentionOutput, rows: n, norm, into: b.attentionOutput) }
            // In a parallel block the MLP reads the block's input, so attention joins the stream with the MLP.
            if !design.parallelResidual { addToStream(b.attentionOutput, h.base, rows: n) }
            // MLP: normed = norm(h); gate [n, f] = act(normed · W_gateᵀ) ⊙ (normed · W_upᵀ) (or act(normed · W_upᵀ));
            // projected [n, d] = gate · W_downᵀ (+ post-MLP norm), added to h.
            normalize(h.base, rows: n, block.ffnNorm, into: b.normed)
            hook(.mlpInput, l, parts, b.view(b.normed, n, c.modelDim))
            if let gate = block.gate {
                timed(.mlp) { linear([(gate, b.normed, b.gate), (block.up, b.normed, b.up)], rows: n) }
                timed(.activation) { activate(rows: n) { ActivationKernels.applyGated(design.activation, b.gate + $0, b.up + $0, count: $1) } }
            } else {
                timed(.mlp) { linear([(block.up, b.normed, b.gate)], rows: n) }
                timed(.activation) { activate(rows: n) { ActivationKernels.apply(design.activation, b.gate + $0, count: $1) } }
            }
            timed(.mlp) { linear([(block.down, b.gate, b.projected)], rows: n) }
            if let norm = block.postFFNNorm { normalize(b.projected, rows: n, norm, into: b.projected) }
            hook(.mlpOut, l, parts, b.view(b.projected, n, c.modelDim))
            if design.parallelResidual { addToStream(b.attentionOutput, h.base, rows: n) }
            addToStream(b.projected, h.base, rows: n)
            hook(.residPost, l, parts, h)
        }
        return h
    }

    /// The logits [rows, vocabulary] of the residual stream `h` [n, d_model] after the last block: every row
    /// (`.all`), or each segment's last row (`.last`).
    private func outputLogits(_ h: Matrix, segments: [Segment], _ logits: Logits) -> Matrix {
        let c = model.config, design = c.design, b = buffers, n = h.rows
        let count: Int
        switch logits {
        case .all:
            count = n
            normalize(h.base, rows: n, model.outputNorm, into: b.normed)
        case .last:
            // Each segment's last row, gathered into consecutive rows of `normed`.
            count = segments.count
            var end = 0
            for (i, segment) in segments.enumerated() {
                end += segment.tokens.count
                normalize(h.base + (end - 1) * c.modelDim, rows: 1, model.outputNorm, into: b.normed + i * c.modelDim)
            }
        }
        // logits [count, vocabulary] = norm(h) · W_outᵀ (soft-capped where the family does).
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

    /// One segment's rows within a forward call's rows, and the position of its first row.
    private struct HookedRows {
        var offset: Int, count: Int, firstPosition: Int
    }

    /// Calls the hooks at `kind` of `layer`, in the order they were added, each once for each of `parts` (the call's segments, in order)
    /// with that segment's rows of `activations`.
    @inline(__always)
    private func hook(_ kind: HookPoint.Kind, _ layer: Int, _ parts: [HookedRows], _ activations: @autoclosure () -> Matrix) {
        guard let installed = hooks[HookPoint(layer: layer, kind: kind)] else { return }
        timed(.hooks) {
            let all = activations()
            for (_, hook) in installed {
                if parts.count == 1 {
                    hook(all, parts[0].firstPosition)
                    continue
                }
                for part in parts {
                    hook(Matrix(rows: part.count, cols: all.cols, borrowing: all.base + part.offset * all.cols, owner: all), part.firstPosition)
                }
            }
        }
    }

    /// The design's norm (RMS or LayerNorm) of each of `rows` rows of the residual width.
    private func normalize(_ x: UnsafePointer<Float>, rows: Int, _ norm: LanguageModel.Norm, into out: UnsafeMutablePointer<Float>) {
        let c = model.config
        timed(.norms) {
            byRows(rows) { part in
                let x = x + part.lowerBound * c.modelDim, out = out + part.lowerBound * c.modelDim
                switch c.design.normalization {
                case .rms: BlockKernels.rmsNorm(x, rows: part.count, width: c.modelDim, weight: norm.weight, epsilon: c.normEpsilon, into: out)
                case .layer:
                    BlockKernels.layerNorm(x, rows: part.count, width: c.modelDim, weight: norm.weight, bias: norm.bias, epsilon: c.normEpsilon,
                                           into: out)
                }
            }
        }
    }

    /// Adds `x` [n, d_model] into `h`, row by row.
    private func addToStream(_ x: UnsafePointer<Float>, _ h: UnsafeMutablePointer<Float>, rows n: Int) {
        let d = model.config.modelDim
        byRows(n) { rows in BlockKernels.add(x + rows.lowerBound * d, to: h + rows.lowerBound * d, count: rows.count * d) }
    }

    /// Runs `body` on consecutive runs of `rows` rows, shared among the workers when there are enough rows to repay the
    /// hand-off (a prefill), else on this thread; a row's arithmetic is the same either way.
    private func byRows(_ rows: Int, _ body: (Range<Int>) -> Void) {
        let parts = rows >= 16 ? threads : 1
        WorkerPool.shared.run(parts: parts) { part in body((rows * part / parts)..<(rows * (part + 1) / parts)) }
    }

    /// Y = X·Wᵀ for each job: few rows go through the quantized-block kernels on all threads (in the session's
    /// arithmetic), many through BLAS.
    private func linear(_ jobs: [(LinearWeight, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)], rows n: Int) {
        if n >= 8 {
            for (weight, x, y) in jobs {
                let chunk = max(1, scratchElements / weight.inputs)
                weight.multiplyBatch(x, rows: n, into: y, scratch: scratch, chunkRows: chunk, threads: threads)
                weight.addBias(to: y, rows: n)
            }
            return
        }
        precondition(jobs.count <= buffers.rounded.count, "at most three products share a call")
        // 8-bit only where the AVX2 kernels run (their naive twin is a reference, far too slow for a model).
        let int8 = arithmetic == .int8 && KernelPath.best == .avx2
        for row in 0..<n {
            // Each distinct input prepared once per way it is read (q, k and v read the same normed row).
            var inputs: [PreparedInput] = []
            var floatAt = 0, sumAt = 0
            for (j, (weight, x, _)) in jobs.enumerated() {
                let rounded = int8 && weight.hasInt8Kernels
                if let earlier = jobs[..<j].indices.first(where: {
                    jobs[$0].1 == x && jobs[$0].0.inputs == weight.inputs && inputs[$0].isRounded == rounded
                }) {
                    inputs.append(inputs[earlier])
                    continue
                }
                let input = x + row * weight.inputs
                if rounded {
                    let activations = buffers.rounded[j]
                    activations.quantize(input, count: weight.inputs)
                    inputs.append(.rounded(activations))
                } else {
                    let xp = buffers.permuted + floatAt, sums = buffers.sums + sumAt
                    QuantizedDot.blockSums(input, count: weight.inputs, into: sums)
                    QuantizedDot.permute(input, count: weight.inputs, into: xp)
                    inputs.append(.permuted(xp: xp, sums: sums))
                    floatAt += weight.inputs
                    sumAt += weight.inputs / 32 + 1
                }
            }
            // A large matrix (an output head) in eight parts per thread, claimed as the threads come free, so that one
            // slowed by the machine's other work does not hold the other waiting; small ones in one part per thread.
            let parts = threads * (jobs.contains { $0.0.outputs >= 16384 } ? 8 : 1)
            WorkerPool.shared.run(parts: parts) { part in
                for (j, (weight, x, y)) in jobs.enumerated() {
                    let total = weight.outputs
                    let range = (total * part / parts)..<(total * (part + 1) / parts)
                    switch inputs[j] {
                    case .rounded(let activations):
                        weight.multiplyRows(range, rounded: activations, into: y + row * total)
                    case .permuted(let xp, let sums):
                        weight.multiplyRows(range, x: x + row * weight.inputs, xp: xp, sums: sums, into: y + row * total)
                    }
                }
            }
        }
        for (weight, _, y) in jobs { weight.addBias(to: y, rows: n) }
    }

    /// Causal grouped-query attention of the new rows (row i of lane `rowLanes[i]` at `rowPositions[i]`), each over the cached positions of its lane that it may see
    /// (all of them up to its own, or the layer's sliding window), into `buffers.attended`. Once there is enough work
    /// to repay the hand-off it is shared among our threads, each with one score row of its own: by rows when there
    /// are many (each row's heads together, so that a lane's keys are still in cache for its next head; by heads, 64
    /// decoding lanes' caches streamed from memory once per head made attention half of a batched step), else by
    /// heads. (Per-head BLAS products were 4× slower in prefill: OpenBLAS threads each small product, and that hand-off
    /// cost more than the arithmetic.)
    private func attention(layer: Int, rowLanes: [Int], rowPositions: [Int], rowFirstRows: [Int]) {
        let c = model.config, b = buffers, n = rowPositions.count
        let group = c.headCount / c.kvHeadCount, scale = c.design.attentionScale
        let window = c.design.window(layer)
        let longest = rowPositions.max()! + 1
        let seenCounts = rowPositions.map { position in window.map { min($0, position + 1) } ?? position + 1 }
        let work = seenCounts.reduce(0, +)
        let parts = work < 64 ? 1 : min(threads, c.headCount)
        let splitByRows = n >= 4 * parts
        let rowStarts = splitByRows ? Self.balancedStarts(seenCounts, parts: parts) : []
        let scoreBase = b.scores(count: parts * group * longest)
        let rowKeys = rowLanes.map { UnsafeRawPointer(caches[$0].keys[layer]) }, rowValues = rowLanes.map { UnsafeRawPointer(caches[$0].values[layer]) }
        let precision = caches[0].precision
        let path = KernelPath.best   // read once, outside the loops over keys

        /// Query heads `heads` (all reading one key/value head) of one row: their scores over the positions the row
        /// sees, their softmax, and the weighted sums of values.
        func attendGroup(row: Int, heads: Range<Int>, scores: UnsafeMutablePointer<Float>) {
            let kvOffset = (heads.lowerBound / group) * c.headDim
            let seen = seenCounts[row], position = rowPositions[row], earliest = position + 1 - seen
            // scores[h·seen + i] is head h's score of position earliest + i: the row's own positions only, nothing to
            // zero outside them. A float cache holds every one of them; a half one is read only before this call's
            // first position, the call's own positions coming from its float buffers (so one call is exact float).
            let first = rowFirstRows[row], callStart = rowPositions[first]
            let inCache = precision == .float ? seen : max(0, min(callStart, position + 1) - earliest)
            let fromCall = seen - inCache, callRow = first + (earliest + inCache - callStart)
            let q = b.query + row * c.queryDim + heads.lowerBound * c.headDim
            let cached = (earliest * c.kvDim + kvOffset) * precision.bytes
            let attended = b.attended + row * c.queryDim + heads.lowerBound * c.headDim
            if inCache > 0 {
                AttentionKernels.scores(q, heads: heads.count, keys: rowKeys[row] + cached, precision: precision, stride: c.kvDim, count: inCache,
                                        dim: c.headDim, scale: scale, into: scores, scoresStride: seen, path: path)
            }
            if fromCall > 0 {
                AttentionKernels.scores(q, heads: heads.count, keys: b.key + callRow * c.kvDim + kvOffset, stride: c.kvDim, count: fromCall,
                                        dim: c.headDim, scale: scale, into: scores + inCache, scoresStride: seen, path: path)
            }
            for h in 0..<heads.count {
                let headScores = scores + h * seen
                if let cap = c.design.attentionSoftCap { BlockKernels.softCap(headScores, 0..<seen, cap: cap) }
                AttentionKernels.softmax(headScores, count: seen, path: path)
            }
            if inCache > 0 {
                AttentionKernels.sums(rowValues[row] + cached, precision: precision, stride: c.kvDim, weights: scores, weightsStride: seen,
                                      heads: heads.count, count: inCache, width: c.headDim, into: attended, outStride: c.headDim, path: path)
            }
            if fromCall > 0 {
                AttentionKernels.sums(b.value + callRow * c.kvDim + kvOffset, stride: c.kvDim, weights: scores + inCache, weightsStride: seen,
                                      heads: heads.count, count: fromCall, width: c.headDim, into: attended, outStride: c.headDim,
                                      accumulate: inCache > 0, path: path)
            }
        }
        /// Heads `heads` of one row, in runs that share a key/value head.
        func attend(row: Int, heads: Range<Int>, scores: UnsafeMutablePointer<Float>) {
            var head = heads.lowerBound
            while head < heads.upperBound {
                let end = min(heads.upperBound, (head / group + 1) * group)
                attendGroup(row: row, heads: head..<end, scores: scores)
                head = end
            }
        }

        WorkerPool.shared.run(parts: parts) { part in
            let scores = scoreBase + part * group * longest
            if splitByRows {
                for row in rowStarts[part]..<rowStarts[part + 1] { attend(row: row, heads: 0..<c.headCount, scores: scores) }
            } else {
                let heads = (c.headCount * part / parts)..<(c.headCount * (part + 1) / parts)
                for row in 0..<n { attend(row: row, heads: heads, scores: scores) }
            }
        }
    }

    /// Where each of `parts` consecutive runs of rows starts (and, last, where the final one ends), so that the runs
    /// hold about equal shares of `costs`.
    static func balancedStarts(_ costs: [Int], parts: Int) -> [Int] {
        let total = costs.reduce(0, +)
        var starts = [0], running = 0
        for (row, cost) in costs.enumerated() {
            running += cost
            while starts.count < parts && running * parts >= total * starts.count { starts.append(row + 1) }
        }
        while starts.count < parts { starts.append(costs.count) }
        return starts + [costs.count]
    }
}

/// The per-row working buffers of a session, sized for a number of rows and reallocated only to grow.
private final class Buffers {
    let rows: Int
    let residual, normed, query, key, value, attended, attentionOutput, projected, gate, up, sums, permuted: UnsafeMutablePointer<Float>
    /// Room for the inputs of one `linear` call rounded to 8 bits, one per job.
    let rounded: [QuantizedActivations]
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
        rounded = (0..<3).map { _ in QuantizedActivations(capacity: max(d, f, q)) }
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

/// A row of a `linear` call's input as the kernels read it: rounded to 8 bits, or permuted with its block sums.
private enum PreparedInput {
    case rounded(QuantizedActivations)
    case permuted(xp: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Float>)

    var isRounded: Bool { if case .rounded = self { true } else { false } }
}

/// What `ModelSession.addHook` returns: the one hook it added, to remove it again.
public struct HookHandle: Hashable, Sendable {
    /// Where the hook is.
    public let point: HookPoint
    fileprivate let id: Int
}
