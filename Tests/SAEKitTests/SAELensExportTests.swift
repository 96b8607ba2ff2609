import Foundation
import SAEKit
import Testing

/// `saescope export --format saelens`: every source format written as a SAELens folder that SAELens itself reads back
/// with the same encodings. `Tests/check_saelens_export.py` wrote the folders in `Fixtures/exported/` with this code
/// and recorded what SAELens's `SAE.load_from_disk` computes from them; these tests hold today's writer to those
/// folders byte for byte, and saescope's encodings of the source dictionaries to SAELens's.
@Suite struct SAELensExportTests {
    static let exported = Fixtures.path("exported")

    /// The exported folders and their sources, as the script's manifest lists them.
    static func folders() throws -> [(name: String, source: String)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: exported + "/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let folders = try #require(manifest["folders"] as? [String: [String: Any]])
        return try folders.keys.sorted().map { ($0, try #require(folders[$0]?["source"] as? String)) }
    }

    /// The largest difference of two matrices of one shape, relative to the larger of 1 and the reference's largest value.
    static func difference(_ a: Matrix, _ reference: Matrix) -> Float {
        guard a.rows == reference.rows, a.cols == reference.cols else { return .infinity }
        let scale = max(1, reference.buffer.map(abs).max() ?? 0)
        return zip(a.buffer, reference.buffer).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    @Test func everyFormatIsWrittenAsTheCheckedFolder() throws {
        let folders = try Self.folders()
        #expect(folders.count == 10)
        for (name, source) in folders {
            let dictionary = try DictionaryLoader.load(Fixtures.path(source))
            let directory = Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try SAELensExport.write(dictionary, to: directory)
            for file in ["cfg.json", "sae_weights.safetensors", "sparsity.safetensors"] {
                let written = FileManager.default.contents(atPath: directory + "/" + file)
                let checked = FileManager.default.contents(atPath: Self.exported + "/\(name)/" + file)
                #expect(written == checked, "\(name)/\(file) is not what SAELens was checked on: run Tests/check_saelens_export.py")
            }
        }
    }

    @Test func saelensEncodesTheExportAsSaescopeEncodesTheSource() throws {
        for (name, source) in try Self.folders() {
            let dictionary = try DictionaryLoader.load(Fixtures.path(source))
            let x = try NPYFile.readMatrix(Fixtures.path(source) + "/x.npy")
            let codes = dictionary.encode(x)
            let saelensF = try NPYFile.readMatrix(Self.exported + "/\(name)/saelens_f.npy")
            let saelensXhat = try NPYFile.readMatrix(Self.exported + "/\(name)/saelens_xhat.npy")
            #expect(Self.difference(codes.dense(featureCount: dictionary.featureCount), saelensF) < 1e-4, "\(name): features")
            #expect(Self.difference(dictionary.decode(codes), saelensXhat) < 1e-4, "\(name): reconstruction")
            // And saescope reads its own export back to the same features.
            let reread = try DictionaryLoader.load(Self.exported + "/" + name)
            #expect(Self.difference(reread.encode(x).dense(featureCount: reread.featureCount), saelensF) < 1e-4, "\(name): re-read")
            #expect(reread.config.format == .saelens && reread.config.hookName == dictionary.config.hookName, "\(name)")
        }
    }

    @Test func aGroupmaxDictionaryIsRefusedWithTheFolderNamed() throws {
        let dictionary = SyntheticDictionary.make(architecture: .groupmax, dIn: 4, dSAE: 8, k: 2, seed: 1)
        let directory = Fixtures.temporaryDirectory() + "/out"
        #expect(throws: InputError.self) { try SAELensExport.write(dictionary, to: directory) }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
