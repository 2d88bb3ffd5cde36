import Foundation
import Testing

@testable import KlaiMedia

@Suite struct MediaProbeTests {
    @Test func probesAnH264AACMP4WithAThaiNameWithSpaces() throws {
        let folder = TemporaryFolder()
        let path = folder.file("บทเรียน คณิตศาสตร์ ป.4.mp4")
        try SyntheticClip(width: 320, height: 180, frameRate: (25, 1), duration: 2).write(to: path)
        let info = try MediaProbe.probe(path)
        #expect(info.container.contains("mp4"))
        #expect(abs((info.duration ?? 0) - 2) < 0.2)
        let video = try #require(info.video)
        #expect(video.codec == "h264")
        #expect(video.profile == "High")
        #expect(video.width == 320 && video.height == 180)
        #expect(abs((video.frameRate ?? 0) - 25) < 0.01)
        #expect(video.pixelFormat == "yuv420p")
        #expect(video.isInterlaced == false)
        let audio = try #require(info.audio)
        #expect(audio.codec == "aac")
        #expect(audio.channels == 2)
        #expect(audio.channelLayout == "stereo")
        #expect(audio.sampleRate == 48_000)
    }

    @Test func reportsInterlacedMPEG2InTransportStream() throws {
        let folder = TemporaryFolder()
        let path = folder.file("dltv.ts")
        let clip = SyntheticClip(
            container: "mpegts", videoCodec: .mpeg2video, audioCodec: .mp2,
            width: 720, height: 576, interlaced: true, sampleAspect: (64, 45), duration: 1)
        try clip.write(to: path)
        let info = try MediaProbe.probe(path)
        #expect(info.container == "mpegts")
        let video = try #require(info.video)
        #expect(video.codec == "mpeg2video")
        #expect(video.isInterlaced)
        #expect(video.sampleAspectRatio == "64:45")
        #expect(video.displayWidth == 1024 && video.displayHeight == 576)
        #expect(info.audio?.codec == "mp2")
    }

    @Test func readsRotationAndSurroundAudio() throws {
        let folder = TemporaryFolder()
        let path = folder.file("phone.mkv")
        let clip = SyntheticClip(
            container: "mp4", audioCodec: .ac3, width: 320, height: 180, rotation: 90,
            audioChannels: 6, duration: 1)
        try clip.write(to: path.replacingOccurrences(of: ".mkv", with: ".mp4"))
        let info = try MediaProbe.probe(path.replacingOccurrences(of: ".mkv", with: ".mp4"))
        let video = try #require(info.video)
        #expect(video.rotation == 90)
        #expect(video.displayWidth == 180 && video.displayHeight == 320)
        #expect(info.audio?.channels == 6)
        #expect(info.audio?.channelLayout == "5.1(side)" || info.audio?.channelLayout == "5.1")
    }

    @Test func missingFileNamesTheProblem() {
        #expect { try MediaProbe.probe("/nonexistent/ไม่มี.mp4") } throws: { error in
            (error as? MediaError)?.kind == .fileNotFound
        }
    }
}
