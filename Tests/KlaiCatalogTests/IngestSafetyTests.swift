import Foundation
import KlaiCrypto
import KlaiStore
import Testing

@testable import KlaiCatalog

/// A power cut or a kill during `klai ingest` must never lose the only good copy of a recording.
@Suite struct IngestSafetyTests {
    /// Files in `Media/sources/`, hidden temporary copies included.
    static func sources(_ library: TemporaryLibrary) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: library.media.sources.path).sorted()
    }

    @Test func aTruncatedCopyLeftByAPowerCutIsReplacedNeverTrustedAndTheOriginalGoesOnlyAfterTheCommit() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let original = try library.clip("DLTV4_2026-06-15_0830.mp4", seconds: 3)
        let bytes = try Data(contentsOf: original)
        let hash = try SHA256.hashFile(original)
        // What the cut left: half the bytes at the final name, and a hidden temporary copy.
        let final = library.media.sourceDestination(hash: hash, originalName: original.lastPathComponent)
        try bytes.prefix(bytes.count / 2).write(to: final)
        let temporary = library.media.sources.appendingPathComponent(".\(final.lastPathComponent).partial-42")
        try bytes.prefix(100).write(to: temporary)

        let ingestor = Ingestor(store: library.store, media: library.media, pipeline: TemporaryLibrary.testPipeline)
        _ = try ingestor.ingest(original)

        #expect(try SHA256.hashFile(final) == hash, "the kept copy is the whole recording")
        #expect(try Self.sources(library) == [final.lastPathComponent], "the leftover temporary copy was removed")
        #expect(!FileManager.default.fileExists(atPath: original.path), "moved: the original goes after the commit")
        let kept = try library.store.readSync { db in try SourceFile.find(hash: hash, in: db) }
        #expect(kept?.path == "sources/" + final.lastPathComponent)
    }

    @Test func whenTheCatalogRefusesTheCommitTheOriginalStaysAndNoCopyIsLeft() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let original = try library.clip("lesson.mp4", seconds: 2)
        let hash = try SHA256.hashFile(original)
        // A real SQLite refusal at the commit (as a full disk or a kill would leave it: nothing committed).
        try library.store.writeSync { db in
            try db.execute("CREATE TRIGGER refuse BEFORE INSERT ON source_file BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let ingestor = Ingestor(store: library.store, media: library.media, pipeline: TemporaryLibrary.testPipeline)
        #expect(throws: (any Error).self) { try ingestor.ingest(original) }
        #expect(try SHA256.hashFile(original) == hash, "the original is untouched")
        #expect(try Self.sources(library).isEmpty, "no copy is left behind")

        try library.store.writeSync { db in try db.execute("DROP TRIGGER refuse") }
        _ = try ingestor.ingest(original)
        #expect(!FileManager.default.fileExists(atPath: original.path))
        let kept = try #require(try library.store.readSync { db in try SourceFile.find(hash: hash, in: db) })
        #expect(try SHA256.hashFile(library.media.url(kept.path)) == hash)
    }

    @Test func aCopyFromAnotherFolderIsWrittenUnderATemporaryNameAndVerifiedBeforeItHasItsName() throws {
        let library = try TemporaryLibrary()
        let original = try library.clip("lesson.mp4", seconds: 2)
        let hash = try SHA256.hashFile(original)
        let kept = try library.media.keepOriginal(original, hash: hash, link: false)
        #expect(kept.placedNow)
        #expect(try SHA256.hashFile(library.media.url(kept.path)) == hash)
        #expect(FileManager.default.fileExists(atPath: original.path), "keeping never touches the original")
        // A wrong expected hash (the bytes changed on the way): refused, and nothing named or hidden is left.
        let other = try library.clip("other.mp4", seconds: 1)
        #expect(throws: CatalogError.self) { try library.media.keepOriginal(other, hash: hash, link: false) }
        #expect(try Self.sources(library) == [URL(fileURLWithPath: kept.path).lastPathComponent])
    }

    @Test func aDuplicateReplacesADamagedKeptCopyBeforeTheInboxDeletesIt() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let original = try library.clip("lesson.mp4", seconds: 2)
        let spare = library.media.inbox.appendingPathComponent("lesson.mp4")
        try FileManager.default.copyItem(at: original, to: spare)
        let ingestor = Ingestor(store: library.store, media: library.media, pipeline: TemporaryLibrary.testPipeline)
        _ = try ingestor.ingest(original)
        let kept = try #require(try library.store.readSync { db in try SourceFile.find(hash: SHA256.hashFile(spare), in: db) })
        try Data("damaged".utf8).write(to: library.media.url(kept.path))

        let watcher = InboxWatcher(ingestor: ingestor, settleTime: 0, report: { _ in })
        watcher.scan()
        watcher.scan()
        #expect(!FileManager.default.fileExists(atPath: spare.path), "the duplicate was taken from the inbox")
        let now = try #require(try library.store.readSync { db in try SourceFile.find(kept.id, in: db) })
        #expect(try SHA256.hashFile(library.media.url(now.path)) == kept.contentHash, "the library holds a good copy again")
    }

    @Test func aRefusedManifestLeavesNoCopiedFilesBehind() throws {
        let library = try TemporaryLibrary.withReferenceData()
        _ = try library.clip("intro.mp4", seconds: 1)
        let file = try library.file(
            "bad.json",
            """
            [
              {"key": "with-media", "title": "มีไฟล์", "grade": "P4", "learningArea": "ค", "media": "intro.mp4"},
              {"key": "bad-grade", "title": "ชั้นผิด", "grade": "ป.9"}
            ]
            """)
        #expect(throws: ManifestError.self) { try ManifestImporter(media: library.media).importFile(file, into: library.store) }
        #expect(try Self.sources(library).isEmpty)
        #expect(FileManager.default.fileExists(atPath: library.folder.appendingPathComponent("intro.mp4").path))
    }

    @Test(arguments: [Double.nan, -5, 1e300, Double.infinity])
    func aCraftedDurationBecomesAnUnmatchedFileNotACrash(duration: Double) throws {
        let library = try TemporaryLibrary.withReferenceData()
        let plan = Ingestor.MatchPlan(
            channel: "DLTV4", date: LocalDate(year: 2026, month: 6, day: 15),
            start: TimeOfDay(hour: 8, minute: 30), duration: duration, problem: nil)
        let result = try library.store.writeSync { db in
            let source = try SourceFile.insert(path: "sources/x.ts", originalName: "x.ts", hash: "ab", size: 1, duration: nil, in: db)
            return try Ingestor.place(sourceID: source, file: "x.ts", match: plan, split: RecordingSplit(), in: db)
        }
        guard case .unmatched(_, let reason) = result.outcome else {
            Issue.record("expected unmatched: \(result)")
            return
        }
        #expect(reason.contains("not a plausible recording length"))
    }
}
