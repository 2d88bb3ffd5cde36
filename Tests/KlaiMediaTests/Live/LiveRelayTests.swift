import Foundation
import KlaiHTTP
import KlaiMedia
import Testing

/// The live relay against a real source on loopback: one upstream stream, many players on the LAN.
@Suite(.serialized) struct LiveRelayTests {
    static func configuration() -> LiveRelay.Configuration {
        var configuration = LiveRelay.Configuration()
        configuration.segmentDuration = 2
        configuration.windowSize = 5
        configuration.stallTimeout = 3
        configuration.firstRetryDelay = 0.5
        configuration.longestRetryDelay = 2
        return configuration
    }

    /// Serves `folder` as the relay's LAN side would (no open-file cache: the playlist is replaced in place).
    static func lanServer(_ folder: String) throws -> HTTPServer {
        var files = try FileServer(root: folder)
        files.openFileCacheLifetime = .zero
        var router = Router()
        router.get("/live/*", files.handler())
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1),
            router: router)
        try server.start()
        return server
    }

    @Test func twentyPlayersCostTheSchoolOneUpstreamStream() async throws {
        let source = try LiveTestSource(seconds: 40)
        let output = TemporaryFolder("klai-live-relay")
        let relay = LiveRelay(
            source: try LiveSource(url: source.url), folder: output.path,
            configuration: LiveRelayTests.configuration())
        relay.start()
        let lan = try LiveRelayTests.lanServer(output.path)
        let port = lan.localAddress?.port ?? 0
        // Wait for the first playlist, as a teacher opening the live page after the relay started would.
        let ready = Date().addingTimeInterval(15)
        while !FileManager.default.fileExists(atPath: output.file("index.m3u8")) && Date() < ready {
            try await Task.sleep(for: .milliseconds(200))
        }
        let results = await withTaskGroup(of: LivePlayer.Result.self) { group in
            for _ in 0..<20 {
                group.addTask { await LivePlayer(playlistURL: "http://127.0.0.1:\(port)/live/index.m3u8").play(seconds: 10) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        relay.stop()
        await lan.shutdown()
        let upstream = source.snapshot
        await source.stop()

        #expect(relay.status.connections == 1, "\(relay.status)")
        #expect(relay.status.gaps == 0)
        for result in results {
            #expect(result.segments.count >= 3, "each player got live segments")
            #expect(result.failures == 0)
        }
        // Every upstream segment was fetched once, however many players watched.
        let segmentRequests = upstream.requests.filter { $0.key.hasSuffix(".ts") }
        #expect(!segmentRequests.isEmpty)
        #expect(segmentRequests.values.allSatisfy { $0 == 1 }, "\(segmentRequests)")
        // libavformat's HLS reader opens the playlist once to start, then keeps one connection alive for
        // playlist reloads and one for segments: three at most, never one per player.
        #expect(upstream.connections.count <= 3, "upstream TCP connections: \(upstream.connections.count)")
        let aired = source.segments.prefix(source.airedCount()).reduce(0) { $0 + $1.size }
        #expect(upstream.bytes <= aired + 64 * 1024, "upstream bytes \(upstream.bytes) vs aired \(aired)")
    }
}
