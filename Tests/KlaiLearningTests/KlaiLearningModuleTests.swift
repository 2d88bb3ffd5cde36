import Testing
@testable import KlaiLearning

@Suite struct KlaiLearningModuleTests {
    @Test func moduleIsLinked() {
        #expect(KlaiLearningModule.name == "KlaiLearning")
    }
}
