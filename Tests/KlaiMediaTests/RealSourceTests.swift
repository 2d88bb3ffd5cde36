import Foundation
import Synchronization
import Testing

@testable import KlaiMedia

/// What real sources carry: phone rotation, variable frame rate, surround sound, other containers,
/// and how a running transcode reports progress and stops when cancelled.
@Suite struct RealSourceTests {
    @Test func rotatedPhoneVideoComesOutUpright() throws {
        let folder = TemporaryFolder()
        let source = folder.file("phone.mp4")
        try SyntheticClip(width: 320, height: 180, rotation: 90, duration: 3).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        let tree = try HLSExpectations.check(result.folder, sourceDuration: 3, video: true, audio: true)
        #expect(Set(tree.variants.compactMap { $0.attributes["RESOLUTION"] }) == ["132x234", "180x320"])
        #expect(result.videoFilters == "transpose=clock")
    }

    @Test func variableFrameRateBecomesConstant() throws {
        let folder = TemporaryFolder()
        let source = folder.file("vfr.mkv")
        try SyntheticClip(container: "matroska", width: 320, height: 180, variableFrameRate: true, duration: 7).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        let tree = try HLSExpectations.check(result.folder, sourceDuration: 7, video: true, audio: true)
        #expect(tree.variants.filter { !$0.isAudioOnly }.allSatisfy { $0.attributes["FRAME-RATE"] == "25.000" })
        #expect(result.variants.allSatisfy { !$0.copied }, "variable-rate video cannot be copied")
        // Constant rate: every output frame of the 234p rung lasts 1/25 s, 25 frames per second of playlist.
        let playlist = try tree.playlist(try #require(tree.variants.first?.uri))
        var frames = 0
        for segment in playlist.segments {
            frames += try HLSTree.firstPacket(initFile: try #require(playlist.initFile), segment: segment.file).packets
        }
        #expect(abs(Double(frames) - playlist.duration * 25) <= 2)
    }

    @Test func surroundAC3IsDownmixedToStereoAAC() throws {
        let folder = TemporaryFolder()
        let source = folder.file("surround.mkv")
        // 360p: the 360p rung plays with the stereo rendition (a 180p source would have only the thin one).
        try SyntheticClip(
            container: "matroska", audioCodec: .ac3, width: 640, height: 360, audioChannels: 6,
            duration: 3
        ).write(to: source)
        let result = try Transcoder(input: source, destination: folder.file("out")).run()
        let tree = try HLSExpectations.check(result.folder, sourceDuration: 3, video: true, audio: true)
        let stereo = try #require(tree.media.first { $0.attributes["GROUP-ID"] == "audio" })
        #expect(stereo.attributes["CHANNELS"] == "2")
        let audio = try tree.playlist(stereo.uri)
        let joined = folder.file("audio-init-and-first.mp4")
        var data = try Data(contentsOf: URL(fileURLWithPath: try #require(audio.initFile)))
        data.append(try Data(contentsOf: URL(fileURLWithPath: audio.segments[0].file)))
        try data.write(to: URL(fileURLWithPath: joined))
        let info = try MediaProbe.probe(joined).audio
        #expect(info?.codec == "aac")
        #expect(info?.profile == "LC")
        #expect(info?.channels == 2)
        #expect(info?.sampleRate == 48_000)
    }

    @Test func progressRisesFromDecodedTimestampsAndEndsAtOneHundred() throws {
        let folder = TemporaryFolder()
        let source = folder.file("lesson.mp4")
        try SyntheticClip(width: 320, height: 180, duration: 4).write(to: source)
        let seen = Reports()
        var options = TranscodeOptions()
        options.progress = { seen.add($0.percent) }
        _ = try Transcoder(input: source, destination: folder.file("out"), options: options).run()
        let percents = seen.values
        #expect(percents.last == 100)
        #expect(percents == percents.sorted())
    }

    @Test func cancellingStopsTheTranscodeAndLeavesNothingBehind() throws {
        let folder = TemporaryFolder()
        let source = folder.file("long.mp4")
        try SyntheticClip(width: 320, height: 180, duration: 6).write(to: source)
        let seen = Reports()
        var options = TranscodeOptions()
        options.isCancelled = {
            seen.add(0); return seen.values.count > 20
        }
        #expect { try Transcoder(input: source, destination: folder.file("hls/out"), options: options).run() } throws: { error in
            (error as? MediaError)?.kind == .cancelled
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("hls/out")))
        #expect(HLSExpectations.leftovers(in: folder.file("hls")).isEmpty)
    }

    @Test func detachedRunWorksFromSwiftConcurrency() async throws {
        let folder = TemporaryFolder()
        let source = folder.file("clip.avi")
        try SyntheticClip(container: "avi", videoCodec: .mpeg4, audioCodec: .mp2, width: 320, height: 180, duration: 2)
            .write(to: source)
        let result = try await Transcoder(input: source, destination: folder.file("out")).runDetached()
        try HLSExpectations.check(result.folder, sourceDuration: 2, video: true, audio: true)
    }

    @Test func leftoverTemporaryFoldersAreRemovedOnStartUp() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file(".asset.partial-1234abcd/540p"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.file("asset"), withIntermediateDirectories: true)
        let removed = Transcoder.removeLeftovers(in: folder.path)
        #expect(removed.count == 1)
        #expect(folder.entries() == ["asset"])
    }
}

/// Values reported from the transcoding thread, read by the test afterwards.
final class Reports: Sendable {
    private let storage = Mutex<[Double]>([])
    func add(_ value: Double) { storage.withLock { $0.append(value) } }
    var values: [Double] { storage.withLock { $0 } }
}
