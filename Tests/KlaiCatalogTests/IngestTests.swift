import Foundation
import KlaiMedia
import KlaiStore
import Testing

@testable import KlaiCatalog

@Suite(.serialized) struct IngestTests {
    @Test func readsTheDocumentedDLTVFileNamePatterns() {
        let expected = DLTVFileName("DLTV04_2026-06-12_0830.ts")
        #expect(expected?.channel == "DLTV4")
        #expect(expected?.date == LocalDate(year: 2026, month: 6, day: 12))
        #expect(expected?.start == TimeOfDay(hour: 8, minute: 30))
        #expect(DLTVFileName("dltv4_2569-06-12_08-30.mp4") == expected)
        #expect(DLTVFileName("DLTV04_20260612_083000.ts") == expected)
        #expect(DLTVFileName("DLTV12_2026-06-12.ts")?.start == nil)
        #expect(DLTVFileName("DLTV12_2026-06-12.ts")?.channel == "DLTV12")
        #expect(DLTVFileName("lesson-video.mp4") == nil)
        #expect(DLTVFileName("DLTV04_2026-13-12_0830.ts") == nil)
    }

    @Test func aThreeHourCaptureIsSplitIntoOneValidHLSRecordingPerPeriod() throws {
        let library = try TemporaryLibrary.withReferenceData()
        // Monday 15 June 2026, DLTV4 (ป.4), recording 08:20–11:20: periods 1–3 (08:30, 09:30, 10:30, 50 min each).
        var clip = SyntheticClip(container: "mpegts", audioCodec: nil, width: 64, height: 36, frameRate: (2, 1), duration: 3 * 3600)
        clip.videoBitRate = 20_000
        let file = library.media.inbox.appendingPathComponent("DLTV04_2026-06-15_0820.ts")
        try clip.write(to: file.path)
        var ingestor = Ingestor(store: library.store, media: library.media, pipeline: TemporaryLibrary.testPipeline)
        ingestor.split.preRoll = 30
        ingestor.split.postRoll = 30
        let result = try ingestor.ingest(file)
        guard case .recordings(let ids) = result.outcome else {
            Issue.record("not split: \(result)")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: file.path), "the original moves to Media/sources")
        let items = try library.store.readSync { db in try ids.map { try Catalog.item(id: $0, in: db)! } }
        #expect(items.map(\.period) == [1, 2, 3])
        #expect(items.allSatisfy { $0.grade == "P4" && $0.channel == "DLTV4" && $0.airDate == LocalDate(year: 2026, month: 6, day: 15) })
        let expectedCuts: [(Double, Double)] = [(570, 3630), (4170, 7230), (7770, 10800)]
        let assets = try library.store.readSync { db in try items.map { try MediaAsset.find($0.assetID!, in: db)! } }
        for (asset, cut) in zip(assets, expectedCuts) {
            #expect(abs((asset.cutStart ?? -9) - cut.0) <= 1 && abs((asset.cutEnd ?? -9) - cut.1) <= 1, "\(asset)")
        }
        #expect(items[0].captureStart == TimeOfDay(hour: 8, minute: 29, second: 30))

        #expect(library.runner().runUntilIdle() == 3)
        for (item, cut) in zip(items, expectedCuts) {
            let asset = try library.store.readSync { db in try MediaAsset.find(item.assetID!, in: db)! }
            #expect(asset.status == .ready, "\(asset.error ?? "")")
            #expect(abs((asset.durationSeconds ?? 0) - (cut.1 - cut.0)) <= 1, "\(asset)")
            try Self.expectPlayableHLS(try #require(library.media.hlsFolder(of: asset)))
        }
        #expect(try library.hlsEntries().allSatisfy { !$0.hasPrefix(".") })
    }

    /// The master playlist names media playlists that exist, and every segment they list exists.
    static func expectPlayableHLS(_ folder: URL) throws {
        let master = try String(contentsOf: folder.appendingPathComponent("master.m3u8"), encoding: .utf8)
        let variants = master.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(!variants.isEmpty)
        for variant in variants {
            let playlistURL = folder.appendingPathComponent(String(variant))
            let playlist = try String(contentsOf: playlistURL, encoding: .utf8)
            #expect(playlist.contains("#EXT-X-ENDLIST"))
            let segments = playlist.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
            #expect(!segments.isEmpty)
            for segment in segments {
                let path = playlistURL.deletingLastPathComponent().appendingPathComponent(String(segment)).path
                #expect(FileManager.default.fileExists(atPath: path), "\(segment)")
            }
        }
    }

    @Test func theSameContentTwiceIsRecognisedAndAnUnnamedFileWaitsAsUnmatched() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let clip = try library.clip("lesson-video.mp4", seconds: 3)
        let copy = library.folder.appendingPathComponent("copy-of-lesson.mp4")
        try FileManager.default.copyItem(at: clip, to: copy)
        let ingestor = Ingestor(store: library.store, media: library.media, pipeline: TemporaryLibrary.testPipeline)

        let first = try ingestor.ingest(clip)
        guard case .unmatched(let unmatchedID, let reason) = first.outcome else {
            Issue.record("expected unmatched: \(first)")
            return
        }
        #expect(reason.contains("DLTV pattern"))
        let waiting = try library.store.readSync { db in try Ingestor.unmatchedFiles(in: db) }
        #expect(waiting.map(\.originalName) == ["lesson-video.mp4"])
        #expect(FileManager.default.fileExists(atPath: library.media.url(waiting[0].path).path))

        let second = try ingestor.ingest(copy)
        guard case .duplicate = second.outcome else {
            Issue.record("expected duplicate: \(second)")
            return
        }
        #expect(try library.count("SELECT count(*) FROM source_file") == 1)
        #expect(try library.count("SELECT count(*) FROM unmatched_file") == 1)

        // A person assigns it: Monday 15 June 2026, DLTV4, 08:30 → period 1 (a 3 s clip covers too little).
        let assigned = try ingestor.assign(
            unmatchedID: unmatchedID,
            hint: .init(channel: "DLTV4", date: LocalDate(year: 2026, month: 6, day: 15), start: TimeOfDay(hour: 8, minute: 30)))
        guard case .unmatched = assigned.outcome else {
            Issue.record("a 3-second file cannot cover a 50-minute period: \(assigned)")
            return
        }
        #expect(try library.count("SELECT count(*) FROM unmatched_file WHERE resolved_at IS NULL") == 1)
    }

    @Test func aMissingFileIsRefusedWithASentenceAndChangesNothing() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let ingestor = Ingestor(store: library.store, media: library.media, pipeline: TemporaryLibrary.testPipeline)
        let error = #expect(throws: CatalogError.self) { try ingestor.ingest(library.folder.appendingPathComponent("gone.ts")) }
        #expect(error?.sentence.contains("does not exist") == true)
        #expect(try library.count("SELECT count(*) FROM source_file") == 0)
    }
}

@Suite struct InboxWatcherTests {
    @Test func aFileStillBeingCopiedIsLeftUntilItStopsGrowing() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let ingestor = Ingestor(store: library.store, media: library.media, pipeline: TemporaryLibrary.testPipeline)
        let watcher = InboxWatcher(ingestor: ingestor, settleTime: 10, report: { _ in })
        let file = library.media.inbox.appendingPathComponent("DLTV04_2026-06-15_0830.ts")
        try Data(repeating: 0x47, count: 1000).write(to: file)
        try Data().write(to: library.media.inbox.appendingPathComponent(".hidden.part"))
        let start = Date()
        #expect(watcher.scan(now: start).isEmpty)
        // Still growing: more bytes arrive.
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x47, count: 1000))
        try handle.close()
        #expect(watcher.scan(now: start.addingTimeInterval(11)).isEmpty)
        #expect(watcher.scan(now: start.addingTimeInterval(15)).isEmpty, "unchanged for only 4 s")
        let lines = watcher.scan(now: start.addingTimeInterval(22))
        #expect(lines.count == 1)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        // 2,000 bytes of nothing are not media: kept and listed as unmatched, not dropped.
        let waiting = try library.store.readSync { db in try Ingestor.unmatchedFiles(in: db) }
        #expect(waiting.count == 1)
        #expect(waiting.first?.reason.contains("not a playable media file") == true)
    }
}
