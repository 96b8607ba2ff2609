import CBLAS
import Dispatch

/// A weight matrix [outputs, inputs] left in its GGUF encoding inside the mapped file, with its bias when it has one; it
/// multiplies by dequantizing nothing (one vector, quantized-block kernels) or chunk by chunk (a batch, through BLAS).
// @unchecked Sendable: a view of read-only tensor bytes.
public struct LinearWeight: @unchecked Sendable {
    /// The tensor in the file.
    public let tensor: ModelTensor
    /// Number of output features (rows).
    public var outputs: Int { tensor.rowCount }
    /// Number of input features (row length).
    public var inputs: Int { tensor.rowLength }
    /// The bias [outputs] added to every product, when the layer has one.
    public let bias: UnsafePointer<Float>?

    /// Wraps `tensor` and its F32 `bias` tensor, checking they are [inputs, outputs] and [outputs] in ggml order.
    public init(_ tensor: ModelTensor, bias: ModelTensor? = nil, inputs: Int, outputs: Int, source: String) throws {
        guard tensor.dimensions.count == 2, tensor.dimensions[0] == inputs, tensor.dimensions[1] == outputs else {
            throw InputError(source, "tensor '\(tensor.name)' has shape \(tensor.dimensions), expected [\(inputs), \(outputs)]")
        }
        if let bias {
            guard bias.type == .f32, bias.dimensions == [outputs] else {
                throw InputError(source, "tensor '\(bias.name)' is \(bias.type) \(bias.dimensions), expected F32 [\(outputs)]")
            }
        }
        self.tensor = tensor
        self.bias = bias.map { $0.bytes.baseAddress!.assumingMemoryBound(to: Float.self) }
    }

    /// Rows `range` of this weight, with their part of the bias, as a weight of their own (a fused projection's parts).
    func rows(_ range: Range<Int>, named part: String) -> LinearWeight {
        LinearWeight(part: tensor.rows(range, named: part), bias: bias.map { $0 + range.lowerBound })
    }

    private init(part: ModelTensor, bias: UnsafePointer<Float>?) {
        tensor = part
        self.bias = bias
    }

    /// Adds the bias, when there is one, to each of `rows` outputs [rows, outputs].
    func addBias(to y: UnsafeMutablePointer<Float>, rows: Int) {
        guard let bias else { return }
        for row in 0..<rows { BlockKernels.add(bias, to: y + row * outputs, count: outputs) }
    }

    /// y[r] = row r · x for rows in `range`; `xp` is x after `QuantizedDot.permute`, `sums` its 32-element block sums;
    /// `path` picks the kernels (tests run each).
    public func multiplyRows(_ range: Range<Int>, x: UnsafePointer<Float>, xp: UnsafePointer<Float>, sums: UnsafePointer<Float>,
                             into y: UnsafeMutablePointer<Float>, path: KernelPath = .best) {
        let n = inputs, stride = tensor.rowBytes
        let base = tensor.bytes.baseAddress!
        #if arch(x86_64)
        if path == .avx2, AVX2Kernels.rows(tensor.type, base, stride: stride, range, x: x, xp, sums, count: n, into: y) { return }
        #endif
        switch tensor.type {
        case .q4_1:
            QuantizedDot.q4_1Rows(base, stride: stride, range, xp, sums, count: n, into: y)
        case .q8_0:
            QuantizedDot.q8_0Rows(base, stride: stride, range, xp, count: n, into: y)
        case .q4_0:
            QuantizedDot.q4_0Rows(base, stride: stride, range, xp, sums, count: n, into: y)
        case .q5_0:
            QuantizedDot.q5_0Rows(base, stride: stride, range, xp, sums, count: n, into: y)
        case .q5_1:
            QuantizedDot.q5_1Rows(base, stride: stride, range, xp, sums, count: n, into: y)
        case .q4_K:
            QuantizedDot.q4_KRows(base, stride: stride, range, xp, sums, count: n, into: y)
        case .q6_K:
            QuantizedDot.q6_KRows(base, stride: stride, range, xp, count: n, into: y)
        case .f16:
            QuantizedDot.f16Rows(base, stride: stride, range, x, count: n, into: y)
        case .bf16:
            QuantizedDot.bf16Rows(base, stride: stride, range, x, count: n, into: y)
        case .f32:
            for r in range { y[r] = QuantizedDot.f32(base.assumingMemoryBound(to: Float.self) + r * n, x, count: n, path: path) }
        default:
            let row = UnsafeMutablePointer<Float>.allocate(capacity: n)
            defer { row.deallocate() }
            for r in range {
                tensor.type.dequantize(base + r * stride, count: n, into: row)
                y[r] = QuantizedDot.f32(row, x, count: n, path: path)
            }
        }
    }

    /// Whether this weight's type has 8-bit kernels (`Int8Dot`).
    public var hasInt8Kernels: Bool { Int8Dot.supports(tensor.type) }

    /// y[r] = row r · x for rows in `range`, x (`inputs` elements) rounded to 8 bits (`hasInt8Kernels` must hold);
    /// `path` picks the AVX2 kernels or their naive twin.
    public func multiplyRows(_ range: Range<Int>, rounded x: QuantizedActivations, into y: UnsafeMutablePointer<Float>,
                             path: KernelPath = .best) {
        precondition(x.count == inputs && hasInt8Kernels, "8-bit activations of the weight's width, for a type with 8-bit kernels")
        let base = tensor.bytes.baseAddress!, stride = tensor.rowBytes
        #if arch(x86_64)
        if path == .avx2, Int8Dot.rows(tensor.type, base, stride: stride, range, x, count: inputs, into: y) { return }
        #endif
        for r in range { y[r] = Int8Dot.reference(tensor.type, base + r * stride, x, count: inputs) }
    }

    /// The naive twin of `multiplyRows` over all rows: dequantize each row, then a float64 dot product.
    package func multiplyReference(x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        for r in 0..<outputs {
            y[r] = QuantizedDot.reference(tensor.type, tensor.bytes.baseAddress! + r * tensor.rowBytes, x, count: inputs)
        }
    }

    /// Y [n, outputs] = X [n, inputs] · Wᵀ, dequantizing at most `chunkRows` rows at a time into `scratch`
    /// (which holds chunkRows·inputs floats) and multiplying each chunk with BLAS; `threads` share the dequantization.
    public func multiplyBatch(_ x: UnsafePointer<Float>, rows n: Int, into y: UnsafeMutablePointer<Float>,
                              scratch: UnsafeMutablePointer<Float>, chunkRows: Int, threads: Int) {
        let k = inputs, out = outputs
        var start = 0
        while start < out {
            let count = min(chunkRows, out - start)
            if tensor.type == .f32 {
                let w = tensor.bytes.baseAddress!.assumingMemoryBound(to: Float.self) + start * k
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(count), Int32(k), 1, x, Int32(k),
                            w, Int32(k), 0, y + start, Int32(out))
            } else {
                dequantizeRows(start..<(start + count), into: scratch, threads: threads)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(count), Int32(k), 1, x, Int32(k),
                            scratch, Int32(k), 0, y + start, Int32(out))
            }
            start += count
        }
    }

    /// Dequantizes rows `range` into consecutive rows of `destination`, split across `threads`; `path` picks the
    /// decoders (AVX2 where the type has one; tests run each).
    public func dequantizeRows(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>, threads: Int,
                               path: KernelPath = .best) {
        let parts = max(1, min(threads, range.count / 64))
        // The parts write disjoint rows, and concurrentPerform returns only when all are done.
        nonisolated(unsafe) let base = tensor.bytes.baseAddress!, destination = destination
        let stride = tensor.rowBytes, k = inputs, type = tensor.type
        let lower = range.lowerBound, total = range.count
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let from = total * part / parts, to = total * (part + 1) / parts
            for r in from..<to {
                let row = base + (lower + r) * stride, out = destination + r * k
                #if arch(x86_64)
                if path == .avx2, AVX2Kernels.dequantize(type, row, count: k, into: out) { continue }
                #endif
                type.dequantize(row, count: k, into: out)
            }
        }
    }
}
