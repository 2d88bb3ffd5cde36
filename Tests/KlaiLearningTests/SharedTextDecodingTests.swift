import Foundation
import KlaiCatalog
import Testing

@testable import KlaiLearning

/// A roster and a lesson manifest are read by one rule: the same bytes are never accepted by one
/// command and refused, or read differently, by the other.
@Suite struct SharedTextDecodingTests {
    static let samples: [(String, [UInt8])] = [
        ("plain ASCII", Array("key,title\nx-1,Fractions\n".utf8)),
        ("Thai UTF-8", Array("ชื่อ,นามสกุล\nสมชาย,ใจดี\n".utf8)),
        ("Thai UTF-8 with BOM", [0xEF, 0xBB, 0xBF] + Array("ชื่อ\nมาลี\n".utf8)),
        ("Windows-874", windows874Bytes("ชื่อ,นามสกุล\nสมชาย,ใจดี\n")),
        // Valid UTF-8 ("café") with no Thai, whose bytes read as Windows-874 are Thai (รฉ): ambiguous.
        ("ambiguous", Array("title\ncafé\n".utf8)),
        ("broken BOM", [0xEF, 0xBB, 0xBF, 0xFF, 0x41]),
        ("undefined byte", Array("ok\n".utf8) + [0xDB, 0x0A])
    ]

    @Test(arguments: samples.indices)
    func theSameBytesDecodeTheSameWayAsAManifestAndAsARoster(_ index: Int) {
        let (name, bytes) = Self.samples[index]
        let manifest = Result { () throws(CatalogError) in try TextDecoding.decode(Data(bytes)) }
        let roster = Result { () throws(RosterImportError) in try RosterText.decode(bytes) }
        switch (manifest, roster) {
        case (.success(let m), .success(let r)):
            #expect(m.text == r.text, "\(name)")
            #expect((m.encoding == .windows874) == (r.encoding == .windows874), "\(name)")
        case (.failure(let m), .failure(let r)):
            #expect(r.problems.map(\.message) == [m.sentence], "\(name)")
        default:
            Issue.record("\(name): accepted by one reader and refused by the other (manifest \(manifest), roster \(roster))")
        }
    }

    @Test func ambiguousBytesAreRefusedByBothWithAdvice() {
        #expect(throws: CatalogError.self) { try TextDecoding.decode(Data("title\ncafé\n".utf8)) }
        do {
            _ = try TextDecoding.decode(Data("title\ncafé\n".utf8))
        } catch {
            #expect(error.sentence.contains("CSV UTF-8"))
        }
    }
}
