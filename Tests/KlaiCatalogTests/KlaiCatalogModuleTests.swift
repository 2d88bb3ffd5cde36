import Testing
@testable import KlaiCatalog

@Suite struct KlaiCatalogModuleTests {
    @Test func moduleIsLinked() {
        #expect(KlaiCatalogModule.name == "KlaiCatalog")
    }
}
