import Testing
@testable import KlaiHTTP

@Suite struct SHA256Tests {
    // NIST FIPS 180-4 examples (csrc.nist.gov "SHA256.pdf", "SHA2_Additional.pdf").
    @Test func matchesNISTTestVectors() {
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(SHA256.hash([UInt8]()))
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
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
