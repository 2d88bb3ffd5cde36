import Foundation
import KlaiMedia
import Synchronization
import Testing

/// Recordings cut from a relay's packets: keyframe cuts near their times, and gaps kept and counted.
@Suite(.serialized) struct LiveRecordingTests {
    /// Collects what the relay reports.
    final class Results: Sendable {
        private let items = Mutex<[LiveRecordingResult]>([])
        func add(_ result: LiveRecordingResult) { items.withLock { $0.append(result) } }
        var all: [LiveRecordingResult] { items.withLock { $0 } }
    }

    @Test func backToBackCutsEachStartWithinOneGOPOfTheirTimes() async throws {
        let source = try LiveTestSource(seconds: 40, keyframeInterval: 1)
        let folder = TemporaryFolder("klai-live-cuts")
        let relay = LiveRelay(
            source: try LiveSource(url: source.url), folder: folder.file("live"),
            configuration: LiveRelayTests.configuration())
        let results = Results()
        relay.onRecording { results.add($0) }
        relay.start()
        let first = Date().addingTimeInterval(4)
        relay.schedule(LiveCut(id: "p1", path: folder.file("p1.mp4"), start: first, end: first.addingTimeInterval(6)))
        relay.schedule(
            LiveCut(
                id: "p2", path: folder.file("p2.mp4"), start: first.addingTimeInterval(6),
                end: first.addingTimeInterval(12)))
        let deadline = Date().addingTimeInterval(30)
        while results.all.count < 2 && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        relay.stop()
        await source.stop()

        let done = results.all.sorted { $0.cut.id < $1.cut.id }
        try #require(done.count == 2)
        for result in done {
            // A cut starts and ends on keyframes (1 s apart here): its length is within one GOP of the period's.
            #expect(abs(result.recordedSeconds - 6) <= 1.05, "\(result)")
            #expect(result.gaps == 0)
            #expect(result.error == nil)
            let info = try MediaProbe.probe(result.cut.path)
            #expect(info.video?.codec == "h264")
            #expect(info.audio?.codec == "aac")
            #expect(abs((info.duration ?? 0) - result.recordedSeconds) <= 0.5, "\(info.duration ?? 0)")
        }
    }

    @Test func aSourceThatStopsMidPeriodGivesOnePlayableRecordingWithItsGapCounted() async throws {
        let source = try LiveTestSource(seconds: 50, keyframeInterval: 1)
        let folder = TemporaryFolder("klai-live-gap")
        let relay = LiveRelay(
            source: try LiveSource(url: source.url), folder: folder.file("live"),
            configuration: LiveRelayTests.configuration())
        let results = Results()
        relay.onRecording { results.add($0) }
        relay.start()
        let start = Date().addingTimeInterval(3)
        relay.schedule(LiveCut(id: "p", path: folder.file("p.mp4"), start: start, end: start.addingTimeInterval(20)))
        try await Task.sleep(for: .seconds(8))
        source.pause()
        try await Task.sleep(for: .seconds(6))
        source.resume()
        let deadline = Date().addingTimeInterval(30)
        while results.all.isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        relay.stop()
        await source.stop()

        let result = try #require(results.all.first)
        #expect(result.gaps == 1, "\(result)")
        #expect(result.missingSeconds >= 3, "\(result)")
        #expect(result.recordedSeconds >= 8, "\(result)")
        #expect(result.error == nil)
        let info = try MediaProbe.probe(result.cut.path)
        #expect(info.video?.codec == "h264")
        #expect(abs((info.duration ?? 0) - result.recordedSeconds) <= 1, "\(info.duration ?? 0) vs \(result)")
    }
}

extension LiveRecordingTests {
    @Test func aRecordingCutOffMidWriteStillMeasuresWhatPlays() throws {
        let folder = TemporaryFolder("klai-live-cutoff")
        var clip = SyntheticClip(container: "mp4", keyframeInterval: 1, duration: 10)
        clip.muxerOptions = [("movflags", "+frag_keyframe+empty_moov+default_base_moof")]
        try clip.write(to: folder.file("whole.mp4"))
        let whole = try Data(contentsOf: URL(fileURLWithPath: folder.file("whole.mp4")))
        // What a SIGKILL leaves: the file up to some byte in the middle of a fragment.
        try whole.prefix(whole.count * 6 / 10).write(to: URL(fileURLWithPath: folder.file("cut.mp4")))
        let seconds = try LiveRecordingCheck.playableSeconds(folder.file("cut.mp4"))
        #expect(seconds > 4 && seconds < 7, "\(seconds)")
        #expect(abs(try LiveRecordingCheck.playableSeconds(folder.file("whole.mp4")) - 10) < 0.2)
    }
}
