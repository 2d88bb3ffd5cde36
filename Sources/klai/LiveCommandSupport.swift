import Foundation
import KlaiCatalog
import KlaiStore

/// The live service under `klai serve`, a `Service` like the job runner: recovered here, started and
/// joined by `klai serve`'s `ServiceGroup`.
enum LiveCommandSupport {
    /// Recovers recordings a crash interrupted; returns the recorder (of relays and recordings), not yet started.
    ///
    /// `KLAI_LIVE_TEST_PERIOD_SECONDS=N` replaces the timetable with back-to-back periods of N seconds
    /// (numbered from midnight, Thai time) so tests can watch several periods pass in a minute.
    static func recorder(store: Store, library: LibraryLocation) throws -> LiveRecorder {
        let media = MediaLibrary(root: library.mediaFolder)
        var periods = LivePeriod.timetable
        if let text = ProcessInfo.processInfo.environment["KLAI_LIVE_TEST_PERIOD_SECONDS"], let length = Int(text),
            (5...3600).contains(length)
        {
            periods = testPeriods(length: length)
        }
        let recorder = LiveRecorder(store: store, media: media, periods: periods)
        let recovered = try recorder.recover()
        if recovered > 0 { print("live: \(recovered) recording(s) interrupted by a stop were kept and marked incomplete") }
        return recorder
    }

    /// Periods of `length` seconds covering the day.
    static func testPeriods(length: Int) -> LivePeriod.Source {
        { channel, date, _ in
            let midnight = date.startInstant
            return (0..<(86_400 / length)).map { index in
                let start = midnight.addingTimeInterval(Double(index * length))
                return LivePeriod(
                    channel: channel, date: date, period: index + 1, subject: "ทดสอบ", start: start,
                    end: start.addingTimeInterval(Double(length)))
            }
        }
    }
}
