import Explorer
import Testing

@Suite struct FeatureSearchTests {
    @Test func prefixesOfIdsInOrder() {
        #expect(FeatureSearch.matches("12", count: 1300) == [12] + Array(120...129) + Array(1200...1299))
        #expect(FeatureSearch.matches("12", count: 125) == [12, 120, 121, 122, 123, 124])
        #expect(FeatureSearch.matches("7", count: 5) == [])
        #expect(FeatureSearch.matches(" 3 ", count: 4) == [3])
    }

    @Test func blankZeroAndNonNumbers() {
        #expect(FeatureSearch.matches("", count: 3) == [0, 1, 2])
        #expect(FeatureSearch.matches("0", count: 3) == [0])
        #expect(FeatureSearch.matches("01", count: 30) == [])
        #expect(FeatureSearch.matches("cat", count: 30) == [])
        #expect(FeatureSearch.matches("١٢", count: 30) == [])   // Arabic-Indic digits are not ids
        #expect(FeatureSearch.isLabelQuery("cat"))
        #expect(!FeatureSearch.isLabelQuery("42"))
        #expect(!FeatureSearch.isLabelQuery(""))
    }

    @Test func largeDictionariesStayCheap() {
        let ids = FeatureSearch.matches("9", count: 1_048_576)
        #expect(ids.count == 1 + 10 + 100 + 1000 + 10000 + 100000)
        #expect(ids.first == 9 && ids.last == 999_999)
    }
}
