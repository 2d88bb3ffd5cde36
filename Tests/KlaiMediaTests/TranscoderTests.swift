import Foundation
import Testing

@testable import KlaiMedia

@Suite struct TranscoderTests {
    @Test func h264AACMP4BecomesAnAlignedLadderWithAudioShared() throws {
        let folder = TemporaryFolder()
        let source = folder.file("บทเรียน 1.mp4")
        try SyntheticClip(width: 640, height: 360, duration: 8).write(to: source)
        var options = TranscodeOptions()
        options.allowCopy = false
        let result = try Transcoder(input: source, destination: folder.file("hls/asset 1"), options: options).run()
        let tree = try HLSExpectations.check(result.folder, sourceDuration: 8, video: true, audio: true)
        #expect(
            tree.variants.map { $0.attributes["RESOLUTION"] } == ["640x360", "416x234", nil],
            "360p first, then the rest from the lowest, then the sound alone")
        #expect(tree.variants.map { $0.attributes["AUDIO"] } == ["audio", "audio-low", nil])
        #expect(result.variants.allSatisfy { !$0.copied })
        #expect(!result.audioCopied)
        #expect(FileManager.default.fileExists(atPath: folder.file("hls/asset 1/poster.jpg")))
        #expect(HLSExpectations.leftovers(in: folder.file("hls")).isEmpty)
    }

    @Test func interlacedMPEG2WithMP2InTransportStreamIsDeinterlacedAndShownAtDisplayAspect() throws {
        let folder = TemporaryFolder()
        let source = folder.file("dltv 04.ts")
        // MPEG-2 stores the display aspect (16:9), so 384×288 anamorphic shows as 512×288, like a
        // 720×576 PAL broadcast shows as 1024×576.
        let clip = SyntheticClip(
            container: "mpegts", videoCodec: .mpeg2video, audioCodec: .mp2, width: 384, height: 288,
            interlaced: true, sampleAspect: (64, 45), videoBitRate: 1_500_000, duration: 7)
        try clip.write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        let tree = try HLSExpectations.check(result.folder, sourceDuration: 7, video: true, audio: true)
        let sizes = tree.variants.compactMap { $0.attributes["RESOLUTION"] }
        #expect(Set(sizes) == ["416x234", "512x288"])
        #expect(result.videoFilters?.hasPrefix("bwdif") == true)
        #expect(result.variants.allSatisfy { !$0.copied })
    }

    @Test func interlacedH264InTransportStreamIsDeinterlaced() throws {
        let folder = TemporaryFolder()
        let source = folder.file("dltv-hd.ts")
        try SyntheticClip(
            container: "mpegts", videoCodec: .h264, audioCodec: .ac3, width: 416, height: 240,
            interlaced: true, duration: 3
        ).write(to: source)
        #expect(try MediaProbe.probe(source).video?.isInterlaced == true)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        try HLSExpectations.check(result.folder, sourceDuration: 3, video: true, audio: true)
        #expect(result.videoFilters?.hasPrefix("bwdif") == true)
        #expect(result.variants.allSatisfy { !$0.copied }, "interlaced video is never copied")
    }

    @Test func progressiveSourceIsNotFiltered() throws {
        let folder = TemporaryFolder()
        let source = folder.file("p.mp4")
        try SyntheticClip(width: 416, height: 234, duration: 1).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        #expect(result.videoFilters == nil)
    }

    @Test func smallSourceIsNeverUpscaled() throws {
        let folder = TemporaryFolder()
        let source = folder.file("480p.mp4")
        try SyntheticClip(width: 854, height: 480, duration: 3).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        try HLSExpectations.check(result.folder, sourceDuration: 3, video: true, audio: true)
        #expect(result.variants.compactMap(\.height).sorted() == [234, 360, 480])
        #expect(result.variants.first?.height == 480, "the rung nearest 540p is listed first")
    }

    @Test func audioOnlySourceGivesAudioOnlyHLS() throws {
        let folder = TemporaryFolder()
        let source = folder.file("radio.m4a")
        try SyntheticClip(container: "ipod", videoCodec: nil, audioCodec: .aac, audioChannels: 1, duration: 7).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        let tree = try HLSExpectations.check(result.folder, sourceDuration: 7, video: false, audio: true)
        #expect(
            tree.variants.map(\.uri) == ["audio/index.m3u8", "audio-low/index.m3u8"],
            "the stereo sound first, the thin-link sound last")
        #expect(tree.variants.allSatisfy { $0.attributes["CODECS"] == "mp4a.40.2" })
        #expect(result.poster == nil)
    }

    @Test func mp3RadioLessonGivesAudioOnlyHLS() throws {
        let folder = TemporaryFolder()
        let source = folder.file("วิทยุ บทที่ 3.mp3")
        try SyntheticClip(container: "mp3", videoCodec: nil, audioCodec: .mp3, duration: 4).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        try HLSExpectations.check(result.folder, sourceDuration: 4, video: false, audio: true)
    }

    @Test func videoOnlySourceGivesVideoOnlyHLS() throws {
        let folder = TemporaryFolder()
        let source = folder.file("silent.mkv")
        try SyntheticClip(container: "matroska", audioCodec: nil, width: 416, height: 234, duration: 4).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        let tree = try HLSExpectations.check(result.folder, sourceDuration: 4, video: true, audio: false)
        #expect(tree.media.isEmpty)
        #expect(!result.hasAudio)
    }

    @Test func copyPathRemuxesASourceThatAlreadyFitsARung() throws {
        let folder = TemporaryFolder()
        let source = folder.file("dlit.mp4")
        try SyntheticClip(width: 640, height: 360, videoBitRate: 300_000, duration: 8).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        try HLSExpectations.check(result.folder, sourceDuration: 8, video: true, audio: true)
        let copied = result.variants.filter(\.copied).map(\.name)
        #expect(copied == ["360p"])
        #expect(result.audioCopied, "stereo 48 kHz AAC-LC in MP4 is copied, not re-encoded")
    }

    @Test func ladderOfOnlyTheSourceRungIsARemuxWithAPoster() throws {
        let folder = TemporaryFolder()
        let source = folder.file("dlit 720.mp4")
        try SyntheticClip(width: 640, height: 360, videoBitRate: 300_000, duration: 8).write(to: source)
        var options = TranscodeOptions()
        options.ladder = try #require(Ladder(parsing: "360:400"))
        let result = try Transcoder(input: source, destination: folder.file("out"), options: options).run()
        try HLSExpectations.check(result.folder, sourceDuration: 8, video: true, audio: true)
        #expect(result.variants.filter { $0.width != nil }.map(\.copied) == [true])
        #expect(FileManager.default.fileExists(atPath: folder.file("out/poster.jpg")))
    }

    @Test func transcodingAgainReplacesThePublishedTreeWithoutLeftovers() throws {
        let folder = TemporaryFolder()
        let source = folder.file("again.mp4")
        try SyntheticClip(width: 416, height: 234, duration: 2).write(to: source)
        let destination = folder.file("hls/asset")
        _ = try Transcoder(input: source, destination: destination).run()
        try "stale".write(toFile: destination + "/stale.txt", atomically: true, encoding: .utf8)
        let result = try Transcoder(input: source, destination: destination).run()
        try HLSExpectations.check(result.folder, sourceDuration: 2, video: true, audio: true)
        #expect(!FileManager.default.fileExists(atPath: destination + "/stale.txt"))
        #expect(HLSExpectations.leftovers(in: folder.file("hls")).isEmpty)
    }

    @Test func cutPointsTranscodeOnlyThePeriod() throws {
        let folder = TemporaryFolder()
        let source = folder.file("day.ts")
        try SyntheticClip(container: "mpegts", width: 320, height: 180, duration: 10).write(to: source)
        var options = TranscodeOptions()
        options.start = 2
        options.end = 8.5
        let result = try Transcoder(input: source, destination: folder.file("period 2"), options: options).run()
        try HLSExpectations.check(result.folder, sourceDuration: 6.5, video: true, audio: true)
    }
}
