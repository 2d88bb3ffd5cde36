import CFFmpeg
import Foundation
import KlaiHTTP
import Testing

@testable import KlaiMedia

/// Live sources that are not H.264/AAC, as satellite-to-IP receivers send DVB: interlaced MPEG-2
/// video with MP2 sound. The relay encodes them in-process and serves H.264/AAC live HLS.
@Suite(.serialized) struct LiveTranscodeTests {
    @Test func anMPEG2ChannelWithMP2SoundOverUDPIsServedAsProgressiveH264AndAAC() async throws {
        let folder = TemporaryFolder("klai-live-mpeg2")
        let seconds = 24.0
        try LiveTestSource.broadcastClip(seconds: seconds).write(to: folder.file("channel.ts"))
        let port = UDPTestSender.freePort()
        let relay = LiveRelay(
            source: try LiveSource(url: "udp://127.0.0.1:\(port)"), folder: folder.file("live"),
            configuration: LiveRelayTests.configuration())
        relay.start()
        try await Task.sleep(for: .milliseconds(300))
        let sender = UDPTestSender(file: folder.file("channel.ts"), duration: seconds, port: port)
        let started = Date()
        try await Task.sleep(for: .seconds(16))
        let playlist = try MediaPlaylist(contentsOf: folder.file("live/index.m3u8"))
        let status = relay.status
        let elapsed = Date().timeIntervalSince(started)
        sender.stop()
        relay.stop()

        #expect(status.state == .live, "\(status)")
        #expect(status.connections == 1)
        #expect(status.transcoding == "MPEG-2 video (deinterlaced) → H.264 352×288, MP2 audio → AAC", "\(status)")
        // A keyframe is forced at each segment's start, so segments are as long as asked (2 s), not a source GOP.
        let segments = playlist.segments
        #expect(segments.count >= 3, "\(segments)")
        #expect(segments.allSatisfy { abs($0.duration - 2) < 0.05 }, "\(segments.map(\.duration))")
        // Keeping up in real time: the relay has published the stream up to a few seconds before now
        // (one segment being filled, the encoder's lookahead, the source's start-up burst).
        let published = Double(status.segments) * 2
        #expect(published >= elapsed - 8, "published \(published) s of \(elapsed) s")
        #expect(!playlist.hasEndList)

        // Init segment + the last media segment: what a player fetches at the live edge.
        var joined = try Data(contentsOf: URL(fileURLWithPath: folder.file("live/init1.mp4")))
        joined += try Data(contentsOf: URL(fileURLWithPath: folder.file("live/" + (segments.last?.uri ?? ""))))
        try joined.write(to: URL(fileURLWithPath: folder.file("joined.mp4")))
        let info = try MediaProbe.probe(folder.file("joined.mp4"))
        #expect(info.video?.codec == "h264")
        #expect(info.video?.isInterlaced == false, "\(info.video?.fieldOrder ?? "")")
        #expect(info.audio?.codec == "aac")
        let decoded = try LiveTranscodeTests.decode(folder.file("joined.mp4"))
        #expect(decoded.errors == 0)
        #expect(decoded.keyframeFirst)
        // 2 s at 25 fps, and 2 s of 48 kHz sound.
        #expect((49...51).contains(decoded.pictures), "\(decoded)")
        #expect(abs(decoded.soundSeconds - 2) < 0.15, "\(decoded)")
    }

    @Test func aRecordingOfAnMPEG2ChannelThroughADropIsOnePlayableH264File() async throws {
        let source = try LiveTestSource(seconds: 50, keyframeInterval: 1, broadcast: true)
        let folder = TemporaryFolder("klai-live-mpeg2-cut")
        let relay = LiveRelay(
            source: try LiveSource(url: source.url), folder: folder.file("live"),
            configuration: LiveRelayTests.configuration())
        let results = LiveRecordingTests.Results()
        relay.onRecording { results.add($0) }
        relay.start()
        try FileManager.default.createDirectory(atPath: folder.file("live"), withIntermediateDirectories: true)
        let lan = try LiveRelayTests.lanServer(folder.file("live"))
        let lanPort = lan.localAddress?.port ?? 0
        let player = Task { await LivePlayer(playlistURL: "http://127.0.0.1:\(lanPort)/live/index.m3u8").play(seconds: 26) }
        let start = Date().addingTimeInterval(4)
        relay.schedule(LiveCut(id: "p", path: folder.file("p.mp4"), start: start, end: start.addingTimeInterval(18)))
        try await Task.sleep(for: .seconds(9))
        source.pause()
        try await Task.sleep(for: .seconds(5))
        source.resume()
        let watched = await player.value
        let deadline = Date().addingTimeInterval(20)
        while results.all.isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        let status = relay.status
        relay.stop()
        await lan.shutdown()
        await source.stop()

        // The drop is what it is on the copy path: one gap, a discontinuity for the player, no dead player.
        #expect(status.gaps == 1, "\(status)")
        #expect(watched.sawDiscontinuity)
        #expect(watched.failures == 0)
        #expect(watched.segments.count >= 6, "\(watched)")
        let result = try #require(results.all.first)
        #expect(result.gaps == 1, "\(result)")
        #expect(result.error == nil)
        #expect(result.missingSeconds >= 3, "\(result)")
        #expect(result.recordedSeconds >= 8, "\(result)")
        let info = try MediaProbe.probe(result.cut.path)
        #expect(info.video?.codec == "h264")
        #expect(info.audio?.codec == "aac")
        let playable = try LiveRecordingCheck.playableSeconds(result.cut.path)
        #expect(abs(playable - result.recordedSeconds) <= 1, "\(playable) vs \(result)")
        let decoded = try LiveTranscodeTests.decode(result.cut.path)
        #expect(decoded.errors == 0)
        #expect(decoded.keyframeFirst)
        #expect(Double(decoded.pictures) >= result.recordedSeconds * 25 - 30, "\(decoded) for \(result)")
        #expect(decoded.soundSeconds >= result.recordedSeconds - 1.5, "\(decoded) for \(result)")
    }

    /// What decoding every packet of a file gives: pictures, seconds of sound, decoder errors, and
    /// whether the first video packet is a keyframe (a segment or recording must start on one).
    struct Decoded: CustomStringConvertible {
        var pictures = 0
        var soundSeconds = 0.0
        var errors = 0
        var keyframeFirst = false
        var description: String { "\(pictures) pictures, \(soundSeconds) s of sound, \(errors) errors" }
    }

    static func decode(_ path: String) throws -> Decoded {
        let input = try InputFile(path: path)
        var result = Decoded()
        let videoStream = input.bestStream(AVMEDIA_TYPE_VIDEO)
        let audioStream = input.bestStream(AVMEDIA_TYPE_AUDIO)
        let video = try videoStream.map { try Decoder(stream: $0, file: path) }
        let audio = try audioStream.map { try Decoder(stream: $0, file: path) }
        let packet = Packet()
        var sawVideo = false
        while av_read_frame(input.context, packet.pointer) >= 0 {
            defer { packet.unref() }
            let index = packet.pointer.pointee.stream_index
            if let video, index == video.stream.pointee.index {
                if !sawVideo { result.keyframeFirst = (packet.pointer.pointee.flags & AV_PKT_FLAG_KEY) != 0 }
                sawVideo = true
                try video.decode(packet.pointer) { _ in result.pictures += 1 }
            } else if let audio, index == audio.stream.pointee.index {
                try audio.decode(packet.pointer) { frame in
                    result.soundSeconds += Double(frame.pointer.pointee.nb_samples) / Double(frame.pointer.pointee.sample_rate)
                }
            }
        }
        try video?.decode(nil) { _ in result.pictures += 1 }
        try audio?.decode(nil) { frame in
            result.soundSeconds += Double(frame.pointer.pointee.nb_samples) / Double(frame.pointer.pointee.sample_rate)
        }
        result.errors = (video?.errors ?? 0) + (audio?.errors ?? 0)
        return result
    }
}
