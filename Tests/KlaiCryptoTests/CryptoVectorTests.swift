import Foundation
import Testing

@testable import KlaiCrypto

/// Test vectors from FIPS 180-4, NIST's examples, RFC 4231 (HMAC) and the PBKDF2-HMAC-SHA256 vectors.
@Suite struct CryptoVectorTests {
    private func hex(_ bytes: [UInt8]) -> String { SHA256.hex(bytes) }

    @Test func sha256MatchesFIPS180Examples() {
        #expect(hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // 56 bytes forces the length into a second padding block (FIPS 180-4 §5.1.1).
        #expect(
            hex(SHA256.hash(Array(repeating: UInt8(ascii: "a"), count: 56)))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }

    @Test func sha256OfAMillionAsMatchesFIPS180AndEveryWayOfFeedingIt() throws {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        // From memory in one piece (whole blocks on the SHA extensions where the CPU has them) …
        #expect(hex(SHA256.hash(message)) == expected)
        // … byte by byte (a sequence with no contiguous storage takes the buffered path) …
        #expect(hex(SHA256.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000))) == expected)
        // … in pieces that leave partial blocks between calls …
        for size in [1, 63, 64, 65, 1000, 4097] {
            var hasher = SHA256()
            var start = 0
            while start < message.count {
                hasher.update(message[start..<min(message.count, start + size)])
                start += size
            }
            #expect(hex(hasher.finalize()) == expected, "pieces of \(size) bytes")
        }
        // … and from a file, as media files are hashed.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("klai-sha-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(message).write(to: file)
        #expect(try SHA256.hashFile(file) == expected)
    }

    @Test func hmacMatchesRFC4231TestCases() {
        #expect(
            hex(HMACSHA256.authenticate(Array("Hi There".utf8), key: Array(repeating: 0x0b, count: 20)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            hex(HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block is hashed first (RFC 2104 §2).
        #expect(
            hex(
                HMACSHA256.authenticate(
                    Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                    key: Array(repeating: 0xaa, count: 131)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func pbkdf2MatchesSHA256Vectors() {
        // RFC 6070's inputs with HMAC-SHA-256 (the published SHA-256 counterparts) and RFC 7914 §11.
        func derive(_ password: String, _ salt: String, _ c: Int, _ length: Int) -> String {
            hex(PBKDF2.sha256(password: Array(password.utf8), salt: Array(salt.utf8), iterations: c, length: length))
        }
        #expect(derive("password", "salt", 1, 32) == "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b")
        #expect(derive("password", "salt", 2, 32) == "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43")
        #expect(derive("password", "salt", 4096, 32) == "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")
        #expect(
            derive("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 40)
                == "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9")
        #expect(derive("pass\0word", "sa\0lt", 4096, 16) == "89b69d0516f829893c696226650a8687")
        #expect(
            derive("passwd", "salt", 1, 64) == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    }

    @Test func matchesNISTTestVectors() {
        #expect(
            SHA256.hex(SHA256.hash(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(SHA256.hash([UInt8]()))
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hashesTheSameInPiecesAsAtOnce() {
        let message = Array("The quick brown fox jumps over the lazy dog".utf8)
        var hasher = SHA256()
        hasher.update(message[0..<10])
        hasher.update(message[10...])
        #expect(SHA256.hex(hasher.finalize()) == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
    }
    @Test func hashesPiecesThatStraddleBlockBoundariesLikeTheWhole() {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let whole = SHA256.hash(message)
        for split in [1, 55, 56, 63, 64, 65, 127, 128, 200] {
            var hasher = SHA256()
            hasher.update(message[0..<split])
            hasher.update(message[split...].lazy.map { $0 })  // a non-contiguous sequence too
            #expect(hasher.finalize() == whole, "split at \(split)")
        }
    }
}

@Suite struct FileHashTests {
    @Test func hashesAFileInPiecesLikeTheWholeContent() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("klai-hash-\(UUID()).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        let content = (0..<(3 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(content).write(to: url)
        #expect(try SHA256.hashFile(url) == SHA256.hex(SHA256.hash(content)))
        #expect(
            SHA256.hex(SHA256.hash(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct PBKDF2HardwareTests {
    /// Passwords hashed on a machine with the SHA extensions must verify on one without, and back.
    @Test func theHardwareAndSwiftInnerLoopsDeriveTheSameKeys() throws {
        try #require(PBKDF2.usesSHAExtensions, "this CPU has no SHA extensions: only the Swift loop runs here")
        for (password, salt, iterations) in [
            ("klai-kru", "salt", 1), ("ครูสมศรี", "0123456789abcdef", 2),
            (String(repeating: "long password ", count: 9), "x", 4096)
        ] {
            let hardware = PBKDF2.sha256(
                password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations,
                length: 40, useSHAExtensions: true)
            let software = PBKDF2.sha256(
                password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations,
                length: 40, useSHAExtensions: false)
            #expect(hardware == software)
        }
    }
}
