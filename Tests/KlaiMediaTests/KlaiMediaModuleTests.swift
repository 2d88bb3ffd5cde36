import Testing
@testable import KlaiMedia

@Suite struct KlaiMediaModuleTests {
    @Test func moduleIsLinked() {
        #expect(KlaiMediaModule.name == "KlaiMedia")
    }
}
