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
}
