import Foundation
import Testing

@testable import KlaiMedia

/// The ladder on thin links: the lowest video variant of a lesson fits a 150–200 kb/s link with its
/// sound, the sound alone is there for thinner links still, and the master's BANDWIDTH is the honest
/// peak (not inflated by a short last segment, never below what a segment needs).
@Suite struct ThinLinkTests {
    /// Length of the lesson clip: 33 s (five full segments and a 3 s tail, a new slide every 8 s), or
    /// `KLAI_LESSON_SECONDS` (13–3600) for longer measurements (`Benchmarks/ladder.sh` uses 300).
    static let lessonSeconds: Double = {
        let asked = Double(ProcessInfo.processInfo.environment["KLAI_LESSON_SECONDS"] ?? "") ?? 33
        return asked.isFinite ? min(max(asked, 13), 3600) : 33
    }()

    @Test func aPupilOnA200KbLinkCanPlayTheLowestVariantOfALessonWithItsSound() throws {
        let folder = TemporaryFolder()
        let source = folder.file("ป.4 คณิต เศษส่วน.mp4")
        let seconds = Self.lessonSeconds
        try SyntheticClip(width: 640, height: 360, videoBitRate: 1_000_000, duration: seconds, scene: .lesson).write(to: source)
        var options = TranscodeOptions()
        options.allowCopy = false
        let result = try Transcoder(input: source, destination: folder.file("out"), options: options).run()
        let tree = try HLSExpectations.check(result.folder, sourceDuration: seconds, video: true, audio: true)
        for variant in result.variants {
            print(
                String(
                    format: "lesson %.0f s: %@ AVERAGE-BANDWIDTH %d b/s, BANDWIDTH %d b/s, audio %@", seconds,
                    variant.name, variant.averageBandwidth, variant.bandwidth, variant.audio ?? "-"))
        }

        let lowest = try #require(
            tree.variants.filter { !$0.isAudioOnly }.min {
                (Int($0.attributes["BANDWIDTH"] ?? "") ?? 0) < (Int($1.attributes["BANDWIDTH"] ?? "") ?? 0)
            })
        let average = Int(lowest.attributes["AVERAGE-BANDWIDTH"] ?? "") ?? .max
        let peak = Int(lowest.attributes["BANDWIDTH"] ?? "") ?? .max
        #expect(lowest.attributes["RESOLUTION"] == "416x234")
        #expect(lowest.attributes["AUDIO"] == "audio-low")
        #expect(average <= 160_000, "AVERAGE-BANDWIDTH \(average) b/s, audio included")
        #expect(peak <= 200_000, "BANDWIDTH \(peak) b/s, audio included")
        #expect(tree.variants.first?.attributes["RESOLUTION"] == "640x360", "the larger picture is still where a player starts")
        #expect(tree.variants.first?.attributes["AUDIO"] == "audio")

        // The thin sound is AAC-LC mono at 48 kHz, and so is the audio-only variant that plays it.
        let thin = try #require(tree.media.first { $0.attributes["GROUP-ID"] == "audio-low" })
        #expect(thin.attributes["CHANNELS"] == "1")
        let playlist = try tree.playlist(thin.uri)
        let joined = folder.file("thin.mp4")
        var data = try Data(contentsOf: URL(fileURLWithPath: try #require(playlist.initFile)))
        data.append(try Data(contentsOf: URL(fileURLWithPath: playlist.segments[0].file)))
        try data.write(to: URL(fileURLWithPath: joined))
        let info = try #require(try MediaProbe.probe(joined).audio)
        #expect(info.codec == "aac" && info.profile == "LC" && info.channels == 1 && info.sampleRate == 48_000)
    }

    @Test func aLessonOfWholeSegmentsEndsWithoutATinyAudioSegment() throws {
        let folder = TemporaryFolder()
        let source = folder.file("12s.mp4")
        // 12 s is two whole segments; the AAC frames run ~21 ms past the last picture.
        try SyntheticClip(width: 320, height: 180, duration: 12).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        let tree = try HLSExpectations.check(result.folder, sourceDuration: 12, video: true, audio: true)
        let video = try tree.playlist(try #require(tree.variants.first { !$0.isAudioOnly }).uri)
        let sound = try tree.playlist(try #require(tree.media.first).uri)
        #expect(sound.segments.count == video.segments.count, "\(sound.segments.map(\.duration))")
        #expect(sound.segments.allSatisfy { $0.duration >= 5.5 })
        // The last audio segment holds both fragments, and every AAC frame of its 6 s can be read.
        let last = try #require(sound.segments.last)
        let packets = try HLSTree.firstPacket(initFile: try #require(sound.initFile), segment: last.file).packets
        #expect(Double(packets) >= (last.duration * 48_000 / 1024).rounded(.down), "\(packets) AAC frames")
    }

    @Test func aShortLastSegmentDoesNotInflateThePeak() throws {
        let folder = TemporaryFolder()
        // 6 s segments of 80 and 40 kb/s and a 0.5 s tail of 10 kB: 160 kb/s over its own half second,
        // but it arrives within one target duration at 80 kb/s.
        let playlist = try Self.playlist(in: folder, [(6, 60_000), (6, 30_000), (0.5, 10_000)])
        #expect(playlist.peakBitRate == 80_000)
        // A tail whose bytes need more than one target duration at that rate does raise it.
        let heavy = try Self.playlist(in: folder, [(6, 60_000), (6, 60_000), (6, 60_000), (0.5, 90_000)])
        #expect(heavy.peakBitRate == 120_000)
        // So does a tail dense enough to lift the average over every full segment.
        let dense = try Self.playlist(in: folder, [(6, 60_000), (6, 60_000), (0.5, 10_000)])
        #expect(dense.peakBitRate == dense.averageBitRate && dense.averageBitRate > 80_000)
    }

    @Test func aDenseSegmentInTheMiddleSetsThePeakOverItsOwnDuration() throws {
        let folder = TemporaryFolder()
        let playlist = try Self.playlist(in: folder, [(6, 60_000), (2, 40_000), (6, 60_000)])
        #expect(playlist.peakBitRate == 160_000, "only the last segment is rated over the target duration")
        #expect(playlist.averageBitRate == Int((160_000.0 * 8 / 14).rounded()), "all the bytes over all the time")
    }

    @Test func aPlaylistClaimingAbsurdDurationsIsRatedWithoutTrapping() throws {
        let folder = TemporaryFolder()
        // 50 kB in 1e-300 s is 4e305 b/s, far past Int: the rate is capped, not converted blindly.
        let tiny = try Self.playlist(in: folder, [(6, 50_000), (6, 60_000)], durations: ["1e-300", "6"])
        #expect(tiny.peakBitRate == 1_000_000_000_000_000)
        let notANumber = try Self.playlist(in: folder, [(6, 50_000)], durations: ["nan"])
        #expect(notANumber.peakBitRate == 0 && notANumber.averageBitRate == 0)
    }

    /// Writes segment files of the given sizes and a VOD playlist listing them, and parses it back.
    static func playlist(
        in folder: TemporaryFolder, _ segments: [(duration: Double, bytes: Int)],
        durations: [String]? = nil
    ) throws -> MediaPlaylist {
        let target = Int(segments.map(\.duration).max()?.rounded() ?? 6)
        var text = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:\(target)\n#EXT-X-PLAYLIST-TYPE:VOD\n"
        let name = UUID().uuidString.prefix(8)
        for (index, segment) in segments.enumerated() {
            let file = "\(name)-\(index).m4s"
            try Data(repeating: 0x55, count: segment.bytes).write(to: URL(fileURLWithPath: folder.file(file)))
            text += "#EXTINF:\(durations?[index] ?? String(format: "%.6f", segment.duration)),\n\(file)\n"
        }
        text += "#EXT-X-ENDLIST\n"
        let path = folder.file("\(name).m3u8")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try MediaPlaylist(contentsOf: path)
    }
}
