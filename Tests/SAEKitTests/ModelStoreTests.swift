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
        #expect(try ModelStore.resolve("/some/model.gguf") == "/some/model.gguf")
    }

    @Test func aWheelThatIsNotAZipIsAnInputError() throws {
        let path = testScratchDirectory + "/\(UUID().uuidString).whl"
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: InputError.self) { try ModelStore.install(wheel: path) }
    }
}
