import Foundation
import KlaiHTTP
import KlaiMedia
import Testing

extension LiveRelayTests {
    @Test func anUpstreamDropBecomesADiscontinuityNotADeadPlayer() async throws {
        let source = try LiveTestSource(seconds: 50)
        let output = TemporaryFolder("klai-live-drop")
        let relay = LiveRelay(
            source: try LiveSource(url: source.url), folder: output.path,
            configuration: LiveRelayTests.configuration())
        relay.start()
        let lan = try LiveRelayTests.lanServer(output.path)
        let port = lan.localAddress?.port ?? 0
        let player = Task { await LivePlayer(playlistURL: "http://127.0.0.1:\(port)/live/index.m3u8").play(seconds: 24) }
        try await Task.sleep(for: .seconds(7))
        source.pause()
        try await Task.sleep(for: .seconds(6))
        source.resume()
        let result = await player.value
        let status = relay.status
        let playlist = (try? String(contentsOfFile: output.file("index.m3u8"), encoding: .utf8)) ?? ""
        relay.stop()
        await lan.shutdown()
        await source.stop()

        #expect(status.state == .live, "\(status)")
        #expect(status.gaps == 1, "\(status)")
        #expect(status.connections >= 2)
        #expect(result.sawDiscontinuity)
        #expect(result.failures == 0)
        #expect(result.segments.count >= 6)
        // The new run has its own init segment, and the sequence numbers carried on.
        #expect(playlist.contains("init2.mp4") || playlist.contains("#EXT-X-DISCONTINUITY-SEQUENCE:1"), "\(playlist)")
    }

    @Test func aSatelliteReceiverSendingMPEGTSOverUDPIsRelayed() async throws {
        let folder = TemporaryFolder("klai-live-udp")
        let clip = SyntheticClip(container: "mpegts", keyframeInterval: 1, videoBitRate: 300_000, duration: 20)
        try clip.write(to: folder.file("channel.ts"))
        let port = UDPTestSender.freePort()
        let relay = LiveRelay(
            source: try LiveSource(url: "udp://127.0.0.1:\(port)"), folder: folder.file("live"),
            configuration: LiveRelayTests.configuration())
        relay.start()
        try await Task.sleep(for: .milliseconds(300))
        let sender = UDPTestSender(file: folder.file("channel.ts"), duration: 20, port: port)
        try await Task.sleep(for: .seconds(12))
        let playlist = try MediaPlaylist(contentsOf: folder.file("live/index.m3u8"))
        let status = relay.status
        sender.stop()
        relay.stop()

        #expect(status.state == .live, "\(status)")
        #expect(status.connections == 1)
        #expect(playlist.segments.count >= 3)
        #expect(playlist.segments.allSatisfy { $0.size > 0 && $0.duration >= 1.5 && $0.duration <= 3.5 })
        #expect(!playlist.hasEndList)
        // The init segment and a media segment together are a playable fMP4 with the source's streams.
        var joined = try Data(contentsOf: URL(fileURLWithPath: folder.file("live/init1.mp4")))
        joined += try Data(contentsOf: URL(fileURLWithPath: folder.file("live/" + (playlist.segments.last?.uri ?? ""))))
        try joined.write(to: URL(fileURLWithPath: folder.file("joined.mp4")))
        let info = try MediaProbe.probe(folder.file("joined.mp4"))
        #expect(info.video?.codec == "h264")
        #expect(info.audio?.codec == "aac")
    }

    @Test func aUDPSourceThatFallsSilentAndComesBackIsRelayedAgainAfterADiscontinuity() async throws {
        let folder = TemporaryFolder("klai-live-udp-gap")
        try SyntheticClip(container: "mpegts", keyframeInterval: 1, videoBitRate: 300_000, duration: 40).write(to: folder.file("channel.ts"))
        let port = UDPTestSender.freePort()
        let relay = LiveRelay(
            source: try LiveSource(url: "udp://127.0.0.1:\(port)"), folder: folder.file("live"),
            configuration: LiveRelayTests.configuration())
        relay.start()
        try await Task.sleep(for: .milliseconds(300))
        let first = UDPTestSender(file: folder.file("channel.ts"), duration: 40, port: port)
        try await Task.sleep(for: .seconds(8))
        first.stop()
        // The receiver lost its signal: the relay notices the silence, closes the connection, waits.
        let silent = Date().addingTimeInterval(30)
        while relay.status.state == .live && Date() < silent { try await Task.sleep(for: .milliseconds(200)) }
        #expect(relay.status.state != .live, "\(relay.status)")
        // The signal returns on the same port: the next connection must be able to bind it again.
        let second = UDPTestSender(file: folder.file("channel.ts"), duration: 40, port: port)
        let back = Date().addingTimeInterval(30)
        var playlist = ""
        while Date() < back {
            try await Task.sleep(for: .milliseconds(500))
            playlist = (try? String(contentsOfFile: folder.file("live/index.m3u8"), encoding: .utf8)) ?? ""
            if playlist.contains("init2.mp4"), relay.status.state == .live { break }
        }
        let status = relay.status
        second.stop()
        relay.stop()
        #expect(status.state == .live && status.connections >= 2 && status.gaps == 1, "\(status)")
        #expect(playlist.contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init2.mp4\""), "\(playlist)")
    }
}
