import Foundation
import KlaiMedia
import KlaiStore
import Testing

@testable import KlaiCatalog

/// The timetable recorder against a live channel on loopback (MPEG-TS over UDP), with short periods.
@Suite(.serialized) struct LiveRecorderTests {
    /// Periods of `length` seconds starting at `first`, numbered from 1.
    static func periods(from first: Date, length: Double, count: Int) -> LivePeriod.Source {
        { channel, date, _ in
            (0..<count).map { index in
                let start = first.addingTimeInterval(Double(index) * length)
                return LivePeriod(
                    channel: channel, date: LocalDate(first), period: index + 1, subject: "คณิตศาสตร์",
                    start: start, end: start.addingTimeInterval(length))
            }
        }
    }

    /// A library whose DLTV4 records, fed over UDP on `port`, and 40 s of synthetic MPEG-TS at `stream` to send.
    static func recordingChannel() throws -> (library: TemporaryLibrary, stream: String, port: Int) {
        let library = try TemporaryLibrary.withReferenceData()
        let clip = SyntheticClip(container: "mpegts", keyframeInterval: 1, videoBitRate: 300_000, duration: 40)
        let stream = library.folder.appendingPathComponent("channel.ts").path
        try clip.write(to: stream)
        let port = UDPTestSender.freePort()
        try library.store.writeSync { db in
            try LiveChannel.save(
                LiveChannel(
                    channel: "DLTV4", sourceURL: "udp://127.0.0.1:\(port)", records: true,
                    preRoll: 0, postRoll: 0), in: db)
        }
        return (library, stream, port)
    }

    static func configuration() -> LiveRecorder.Configuration {
        var configuration = LiveRecorder.Configuration()
        configuration.relay.segmentDuration = 2
        configuration.relay.stallTimeout = 3
        configuration.relay.firstRetryDelay = 0.5
        configuration.relay.longestRetryDelay = 2
        configuration.pollInterval = 0.5
        configuration.completeTolerance = 2
        return configuration
    }

    @Test func eachPeriodBecomesOneCatalogRecordingAndIsNeverRecordedTwice() async throws {
        let (library, stream, port) = try Self.recordingChannel()
        let first = Date().addingTimeInterval(6)
        let periods = LiveRecorderTests.periods(from: first, length: 12, count: 2)
        let recorder = LiveRecorder(
            store: library.store, media: library.media, configuration: LiveRecorderTests.configuration(),
            periods: periods)
        try recorder.recover()
        recorder.start()
        try await Task.sleep(for: .milliseconds(500))
        let sender = UDPTestSender(file: stream, duration: 40, port: port)
        let deadline = Date().addingTimeInterval(45)
        while try library.count("SELECT count(*) FROM live_recording WHERE state != 'recording'") < 2 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(500))
        }
        recorder.stop()
        sender.stop()

        let rows = try library.store.readSync { db in
            try db.fetchAll("SELECT period, state, recorded_seconds, catalog_item_id FROM live_recording ORDER BY period")
        }
        try #require(rows.count == 2)
        for row in rows {
            let state: String = try row.get("state")
            let period: Int = try row.get("period")
            let seconds: Double = try row.get("recorded_seconds")
            #expect(state == "complete", "period \(period): \(state)")
            #expect(abs(seconds - 12) <= 1.05, "period \(period): \(seconds) s")
        }
        #expect(try library.count("SELECT count(*) FROM catalog_item WHERE stable_key LIKE 'dltv:DLTV4:%' AND asset_id IS NOT NULL") == 2)
        #expect(try library.count("SELECT count(*) FROM transcode_job") == 2)

        // Another recorder on the same library (a restart) does not record those periods again.
        let again = LiveRecorder(
            store: library.store, media: library.media, configuration: LiveRecorderTests.configuration(),
            periods: periods)
        again.pass(now: first.addingTimeInterval(1))
        again.stop()
        #expect(try library.count("SELECT count(*) FROM live_recording") == 2)
        #expect(try library.count("SELECT count(*) FROM catalog_item WHERE stable_key LIKE 'dltv:DLTV4:%'") == 2)
    }

    /// The segments' names in a live folder (`seg<n>.m4s`).
    static func segments(in folder: URL) -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("seg") })
    }

    /// A finished period is hashed and put in the catalog off the relay's thread: while that waits (here for the
    /// database, held by another writer; on a school box for a second of hashing), the channel's viewers still get
    /// new segments, and the recording is kept once the database is free.
    @Test func aFinishedRecordingWaitingToBeKeptRefusesToHoldUpTheLiveSegments() async throws {
        let (library, stream, port) = try Self.recordingChannel()
        var configuration = LiveRecorderTests.configuration()
        configuration.relay.segmentDuration = 1
        let first = Date().addingTimeInterval(5)
        let recorder = LiveRecorder(
            store: library.store, media: library.media, configuration: configuration,
            periods: LiveRecorderTests.periods(from: first, length: 6, count: 1))
        try recorder.recover()
        recorder.start()
        try await Task.sleep(for: .milliseconds(500))
        let sender = UDPTestSender(file: stream, duration: 40, port: port)
        let live = recorder.liveFolder("DLTV4")

        // Another writer holds the database from before the period's end (first + 6 s) until first + 10.5 s, less
        // than the store's 5-second busy wait counted from when the recording asks to be kept (~first + 7 s).
        try await Task.sleep(for: .seconds(max(0, first.addingTimeInterval(4).timeIntervalSinceNow)))
        let blocker = try Database(path: library.databasePath)
        try blocker.execute("BEGIN IMMEDIATE")
        try await Task.sleep(for: .seconds(max(0, first.addingTimeInterval(7.5).timeIntervalSinceNow)))
        let before = Self.segments(in: live)
        try await Task.sleep(for: .seconds(max(0, first.addingTimeInterval(10.3).timeIntervalSinceNow)))
        let during = Self.segments(in: live)
        let kept = try library.count("SELECT count(*) FROM live_recording WHERE state != 'recording'")
        try blocker.execute("ROLLBACK")
        #expect(kept == 0, "the recording could not be kept while the database was held")
        #expect(!during.subtracting(before).isEmpty, "new live segments while the recording waited: \(before) → \(during)")

        let deadline = Date().addingTimeInterval(20)
        while try library.count("SELECT count(*) FROM live_recording WHERE state != 'recording'") < 1 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(250))
        }
        recorder.stop()
        sender.stop()
        let state: String? = try library.store.readSync { db in try db.scalar("SELECT state FROM live_recording WHERE period = 1") }
        #expect(state == "complete", "kept once the database was free")
        #expect(try library.count("SELECT count(*) FROM catalog_item WHERE stable_key LIKE 'dltv:DLTV4:%' AND asset_id IS NOT NULL") == 1)
    }
}
