import Foundation
import Testing

@testable import KlaiLearning

@Suite struct CryptoTests {
    @Test func storedHashUsesTheRealDefaultAndVerifies() throws {
        let hash = PasswordHash(password: "ครูสมศรี-2569")
        #expect(hash.iterations == PasswordHash.defaultIterations)
        #expect(PasswordHash.defaultIterations >= 210_000)
        #expect(hash.description.hasPrefix("pbkdf2-sha256$210000$"))
        let parsed = try #require(PasswordHash(stored: hash.description))
        #expect(parsed == hash)
        // One derivation at the real work factor (slow in debug builds); wrong passwords are tested cheaply below.
        #expect(parsed.verify("ครูสมศรี-2569"))
    }

    @Test func saltsAndTokensDifferEveryTime() {
        let a = PasswordHash(password: "same password", iterations: 10)
        let b = PasswordHash(password: "same password", iterations: 10)
        #expect(a.salt != b.salt && a.hash != b.hash)
        #expect(a.verify("same password") && !a.verify("same passwore") && !a.verify(""))
        let tokens = Set((0..<100).map { _ in SessionToken.generate().text })
        #expect(tokens.count == 100)
        #expect(tokens.allSatisfy { $0.count == 43 && !$0.contains("+") && !$0.contains("/") })
        #expect(PasswordHash.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordHash.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordHash.constantTimeEqual([1, 2], [1, 2, 3]))
    }
}
