import Foundation
import KlaiHTTP
import KlaiMedia
import Synchronization

/// A live channel made in-process on loopback: Klai's synthetic clip cut into 1 s MPEG-TS segments
/// and published by a KlaiHTTP server as a live HLS playlist that grows in real time.
///
/// It counts what the relay asks of it (TCP connections, requests per file, bytes), and can be paused
/// (every request answers 503 and the playlist stops growing, as when a satellite receiver loses its
/// signal) and resumed (the playlist jumps to the present: what aired meanwhile is gone).
final class LiveTestSource: Sendable {
    struct Counters {
        var connections = Set<Int>()
        var requests: [String: Int] = [:]
        var bytes = 0
        var paused = false
    }

    /// Where the source's segments are (removed with the source).
    let directory: String
    let segments: [MediaPlaylist.Segment]
    let segmentDuration: Double
    let startedAt = Date()
    private let counters = Mutex(Counters())
    private let server: HTTPServer
    let port: Int

    /// Encodes `seconds` of clip (GOPs of `keyframeInterval` seconds) and starts serving it; `broadcast`
    /// makes it what a DVB satellite receiver sends (interlaced MPEG-2 video with MP2 sound) instead
    /// of H.264/AAC.
    init(seconds: Double = 60, keyframeInterval: Double = 1, videoBitRate: Int = 300_000, broadcast: Bool = false) throws {
        let folder = NSTemporaryDirectory() + "klai-live-source-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var clip =
            broadcast
            ? LiveTestSource.broadcastClip(seconds: seconds, keyframeInterval: keyframeInterval)
            : SyntheticClip(keyframeInterval: keyframeInterval, videoBitRate: videoBitRate, duration: seconds)
        clip.container = "hls"
        clip.muxerOptions = [
            ("hls_time", "\(keyframeInterval)"), ("hls_list_size", "0"), ("hls_playlist_type", "vod"),
            ("hls_segment_filename", folder + "/src%04d.ts")
        ]
        try clip.write(to: folder + "/source.m3u8")
        let playlist = try MediaPlaylist(contentsOf: folder + "/source.m3u8")
        directory = folder
        segments = playlist.segments
        segmentDuration = keyframeInterval
        var router = Router()
        let box = SourceBox()
        router.get("/live/:name") { request in
            guard let source = box.source else { return .error(.serviceUnavailable) }
            return source.respond(to: request)
        }
        server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1),
            router: router)
        try server.start()
        port = server.localAddress?.port ?? 0
        box.source = self
    }

    /// A small DVB-like clip: interlaced MPEG-2 video (top field first) with MPEG-1 Layer II sound.
    static func broadcastClip(seconds: Double, keyframeInterval: Double = 1) -> SyntheticClip {
        SyntheticClip(
            container: "mpegts", videoCodec: .mpeg2video, audioCodec: .mp2, width: 352, height: 288,
            interlaced: true, keyframeInterval: keyframeInterval, videoBitRate: 1_000_000, duration: seconds)
    }

    /// The playlist address a relay is given.
    var url: String { "http://127.0.0.1:\(port)/live/index.m3u8" }

    var snapshot: Counters { counters.withLock { $0 } }

    func pause() { counters.withLock { $0.paused = true } }
    func resume() { counters.withLock { $0.paused = false } }

    /// Segments aired by now: three at once (a player's start-up buffer), then one per segment duration.
    func airedCount(at now: Date = Date()) -> Int {
        let elapsed = now.timeIntervalSince(startedAt)
        return min(segments.count, 3 + Int(max(0, elapsed / segmentDuration)))
    }

    private func respond(to request: HTTPRequest) -> HTTPResponse {
        let name = request.parameters["name"] ?? ""
        let paused = counters.withLock { state -> Bool in
            state.connections.insert(request.remoteAddress.port)
            state.requests[name, default: 0] += 1
            return state.paused
        }
        if paused { return .error(.serviceUnavailable) }
        let bytes: [UInt8]
        if name == "index.m3u8" {
            bytes = Array(playlist().utf8)
        } else if name.hasPrefix("src"), name.hasSuffix(".ts"), !name.contains("/"),
            let data = FileManager.default.contents(atPath: directory + "/" + name)
        {
            bytes = Array(data)
        } else {
            return .error(.notFound)
        }
        counters.withLock { $0.bytes += bytes.count }
        let type = name.hasSuffix(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t"
        return HTTPResponse(status: .ok, headers: ["Content-Type": type], body: .bytes(bytes))
    }

    /// A live playlist of the last five aired segments (RFC 8216 §6.2.2).
    private func playlist() -> String {
        let aired = airedCount()
        let first = max(0, aired - 5)
        var text =
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:\(Int(segmentDuration.rounded(.up)))\n"
            + "#EXT-X-MEDIA-SEQUENCE:\(first)\n"
        for index in first..<aired {
            text += String(format: "#EXTINF:%.6f,\n", segments[index].duration) + segments[index].uri + "\n"
        }
        if aired == segments.count { text += "#EXT-X-ENDLIST\n" }
        return text
    }

    func stop() async {
        await server.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Lets the router's handler reach the source once it exists (the server starts inside its init).
private final class SourceBox: Sendable {
    private let value = Mutex<LiveTestSource?>(nil)
    var source: LiveTestSource? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
