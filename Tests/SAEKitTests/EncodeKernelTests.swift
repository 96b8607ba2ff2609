import Testing
import SAEKit

/// The batched BLAS encode/decode held to the plain-loop reference, for every architecture and normalisation.
@Suite struct EncodeKernelTests {
    struct Case: CustomStringConvertible, Sendable {
        var architecture: Architecture
        var k: Int?
        var normalization: InputNormalization = .none
        var rescale = false
        var description: String { "\(architecture) k=\(k.map(String.init) ?? "-") \(normalization) rescale=\(rescale)" }
    }

    static let cases: [Case] = [
        Case(architecture: .standard), Case(architecture: .jumprelu), Case(architecture: .gated),
        Case(architecture: .topk, k: 16), Case(architecture: .topk, k: 16, rescale: true), Case(architecture: .groupmax, k: 10),
        Case(architecture: .standard, normalization: .layerNorm), Case(architecture: .topk, k: 8, normalization: .constantNormRescale),
    ]

    @Test(arguments: cases)
    func fastPathMatchesReference(_ c: Case) {
        let dictionary = SyntheticDictionary.make(architecture: c.architecture, dIn: 48, dSAE: 300, k: c.k, seed: 7,
                                                  normalization: c.normalization, rescaleActsByDecoderNorm: c.rescale)
        // 300 rows crosses the 256-row batch boundary.
        let x = SyntheticDictionary.gaussianMatrix(rows: 300, cols: 48, seed: 11, scale: 0.3)
        let codes = dictionary.encode(x)
        let reference = ReferenceCodec.encode(dictionary, x)
        #expect(maxRelativeDifference(codes.dense(featureCount: 300), reference) < 1e-4)
        #expect(codes.meanL0 > 0)
        let xHat = dictionary.decode(codes)
        #expect(maxRelativeDifference(xHat, ReferenceCodec.decode(dictionary, reference, inputs: x)) < 1e-4)
        for r in 0..<codes.rowCount {
            let values = codes.row(r).map(\.value)
            #expect(values == values.sorted(by: >), "row \(r) is not in descending order")
            if let k = c.k, c.architecture == .topk { #expect(values.count <= k) }
        }
    }

    @Test func sgemmMatchesTripleLoop() {
        let a = SyntheticDictionary.gaussianMatrix(rows: 37, cols: 53, seed: 1)
        let b = SyntheticDictionary.gaussianMatrix(rows: 53, cols: 29, seed: 2)
        let c = Matrix(rows: 37, cols: 29)
        BLAS.multiply(a, b, into: c)
        #expect(maxRelativeDifference(c, BLAS.multiplyReference(a, b)) < 1e-5)
        let bt = b.transposed()
        BLAS.multiply(a, bt, transposeB: true, into: c)
        #expect(maxRelativeDifference(c, BLAS.multiplyReference(a, bt, transposeB: true)) < 1e-5)
    }

    @Test func sgemvOfTheTransposeMatchesTripleLoop() {
        let m = SyntheticDictionary.gaussianMatrix(rows: 53, cols: 29, seed: 3)
        let x = SyntheticDictionary.gaussianMatrix(rows: 1, cols: 53, seed: 4)
        let y = Matrix(rows: 1, cols: 29)
        BLAS.multiplyTransposed(m, vector: x.base, into: y.base)
        #expect(maxRelativeDifference(y, BLAS.multiplyReference(x, m)) < 1e-5)
    }

    @Test func oneRowEncodesAsItDoesInABatch() throws {
        // A single row takes the matrix-vector path (a decoding step); it must give what the batch path gives.
        for (architecture, featureMajor) in [(Architecture.topk, false), (.jumprelu, false), (.standard, true)] {
            let dictionary = SyntheticDictionary.make(architecture: architecture, dIn: 24, dSAE: 300, k: 12, seed: 5)
            let encoder = featureMajor ? dictionary.encoder.transposed() : dictionary.encoder
            let d = SparseDictionary(config: dictionary.config, encoder: encoder, encoderIsFeatureMajor: featureMajor,
                                     decoder: dictionary.decoder, encoderBias: dictionary.encoderBias,
                                     decoderBias: dictionary.decoderBias, threshold: dictionary.threshold)
            let x = SyntheticDictionary.gaussianMatrix(rows: 5, cols: 24, seed: 6)
            let batch = d.encode(x)
            for r in 0..<x.rows {
                let row = Matrix(rows: 1, cols: 24, values: Array(x.row(r)))
                let single = d.encode(row).row(0)
                let expected = batch.row(r)
                #expect(single.map(\.feature) == expected.map(\.feature), "\(architecture) row \(r)")
                #expect(zip(single, expected).allSatisfy { abs($0.value - $1.value) <= 1e-4 * max(1, abs($1.value)) })
            }
        }
    }

    @Test func topKSelectionKeepsTheLargest() {
        var rng = SeededGenerator(seed: 5)
        let values = (0..<1000).map { _ in rng.nextGaussian() }
        var selection = TopKSelection(k: 25)
        values.withUnsafeBufferPointer { selection.offer($0) }
        let expected = values.enumerated().sorted { $0.element > $1.element }.prefix(25).map { Int32($0.offset) }
        #expect(selection.sorted().map(\.index) == expected)
    }

    /// Offering a buffer keeps what offering each value in turn keeps and what sorting keeps, ties included, for k from
    /// nothing (which once read past an empty heap) to beyond the length.
    @Test func offeringABufferKeepsWhatOneByOneKeeps() {
        var rng = SeededGenerator(seed: 6)
        for count in [0, 1, 7, 8, 9, 63, 1000, 16_389] {
            // Few distinct values, so that ties with the floor are common.
            let values = (0..<count).map { _ in Float(rng.next() % 50) - 10 }
            for k in [0, 1, 8, 64, count, count + 3] {
                var whole = TopKSelection(k: k), single = TopKSelection(k: k)
                values.withUnsafeBufferPointer { whole.offer($0) }
                for (i, v) in values.enumerated() { single.offer(v, Int32(i)) }
                let kept = whole.sorted()
                #expect(kept.map(\.index) == single.sorted().map(\.index), "\(count) values, k \(k)")
                let expected = values.enumerated().sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
                    .prefix(k).map { Int32($0.offset) }
                #expect(kept.map(\.index) == expected, "\(count) values, k \(k)")
            }
        }
    }

    @Test func reconstructionMetricsOnAPerfectAndAZeroReconstruction() {
        let x = SyntheticDictionary.gaussianMatrix(rows: 20, cols: 10, seed: 3)
        let row: [(feature: Int32, value: Float)] = [(1, 1), (2, 0.5)]
        let codes = SparseCodes(rows: Array(repeating: row, count: 20))
        let perfect = ReconstructionMetrics(x: x, xHat: x, codes: codes)
        #expect(perfect.mse == 0)
        #expect(perfect.fractionOfVarianceExplained == 1)
        #expect(perfect.l0 == 2)
        let zero = ReconstructionMetrics(x: x, xHat: Matrix(rows: 20, cols: 10), codes: codes)
        #expect(zero.fractionOfVarianceExplained < 0.5)
    }
}
