import Testing
@testable import KlaiHTTP

@Suite struct KlaiHTTPModuleTests {
    @Test func moduleIsLinked() {
        #expect(KlaiHTTPModule.name == "KlaiHTTP")
    }
}
