import Foundation
import KlaiCatalog
import KlaiStore
import Testing

@testable import KlaiWeb

/// The live page and the live files, on a real server over a `Media/live/` folder written the way a relay
/// writes it (`index.m3u8`, `init<n>.mp4`, `seg<n>.m4s`, `status.json`).
@Suite struct LiveWebTests {
    /// DLTV4 relayed (its folder written, its relay `live`); DLTV5 has a folder but is not configured.
    static func relayedChannel(_ web: WebServer, state: String = "live") throws {
        try web.store.writeSync { db in try LiveChannel.save(LiveChannel(channel: "DLTV4", sourceURL: "udp://239.1.1.4:5000"), in: db) }
        let media = web.folder.appendingPathComponent("Media")
        for channel in ["DLTV4", "DLTV5"] {
            let folder = media.appendingPathComponent("live/\(channel)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Self.playlist(first: 0).write(to: folder.appendingPathComponent("index.m3u8"), atomically: true, encoding: .utf8)
            try Data([0, 0, 0, 8, 0x66, 0x74, 0x79, 0x70]).write(to: folder.appendingPathComponent("init1.mp4"))
            try Data(repeating: 7, count: 1000).write(to: folder.appendingPathComponent("seg00000000.m4s"))
            try Data(#"{"state":"\#(state)","connections":1,"gaps":0,"segments":1,"bytesReceived":1000,"since":"2026-06-15T02:00:00Z"}"#.utf8)
                .write(to: folder.appendingPathComponent("status.json"))
        }
        try FileManager.default.createDirectory(at: media.appendingPathComponent("recording"), withIntermediateDirectories: true)
        try Data(repeating: 1, count: 100).write(to: media.appendingPathComponent("recording/DLTV4-2026-06-15-p1.mp4"))
    }

    static func playlist(first: Int) -> String {
        "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:\(first)\n#EXT-X-MAP:URI=\"init1.mp4\"\n"
            + "#EXTINF:4.0,\n" + String(format: "seg%08d.m4s", first) + "\n"
    }

    static func signIn(_ web: WebServer) throws -> String {
        try web.send(
            "POST", "/api/sign-in", headers: ["Content-Type": "application/json"],
            body: #"{"username":"pupil","password":"pupil-password"}"#
        ).cookies
    }

    @Test func liveFilesNeedASessionOrAGenuineSignedLink() async throws {
        let web = try WebServer()
        try Self.relayedChannel(web)
        #expect(try web.send("GET", "/live/DLTV4/index.m3u8").status == 401)
        #expect(try web.send("GET", "/live/DLTV4/seg00000000.m4s").status == 401)
        let cookies = try Self.signIn(web)
        #expect(try web.send("GET", "/live/DLTV4/index.m3u8", headers: ["Cookie": cookies]).status == 200)

        let link = VideoLink(secret: ServerSecret(key: Array(repeating: 7, count: 32))).liveURL(channel: "DLTV4")
        let signed = try web.send("GET", link)
        #expect(signed.status == 200 && signed.body.contains("seg00000000.m4s"))
        // The playlist's relative segment names resolve beside it, under the same signature.
        #expect(try web.send("GET", link.replacingOccurrences(of: "index.m3u8", with: "seg00000000.m4s")).status == 200)
        #expect(try web.send("GET", link.replacingOccurrences(of: "/DLTV4/", with: "/DLTV5/")).status == 403)
        // A lesson's signature does not open a channel of the same name.
        let lesson = VideoLink(secret: ServerSecret(key: Array(repeating: 7, count: 32))).url(folder: "DLTV4")
        #expect(try web.send("GET", lesson.replacingOccurrences(of: "/hls/", with: "/live/")).status == 403)
        await web.stop()
    }

    @Test func onlyTheStreamOfAConfiguredChannelIsServedNeverItsStatusOrRecordings() async throws {
        let web = try WebServer()
        try Self.relayedChannel(web)
        let cookies = try Self.signIn(web)
        func status(_ path: String) throws -> Int { try web.send("GET", path, headers: ["Cookie": cookies]).status }
        #expect(try status("/live/DLTV4/init1.mp4") == 200)
        #expect(try status("/live/DLTV4/seg00000000.m4s") == 200)
        #expect(try status("/live/DLTV4/status.json") == 404)
        #expect(try status("/live/DLTV5/index.m3u8") == 404, "DLTV5 has a folder but is not a live channel")
        #expect(try status("/live/DLTV4/..%2F..%2Frecording%2FDLTV4-2026-06-15-p1.mp4") == 404)
        #expect(try status("/live/..%2Frecording/DLTV4-2026-06-15-p1.mp4") == 404)
        #expect(try status("/live/DLTV4/seg1.m4s.tmp") == 404)
        #expect(try status("/live/DLTV4/segx.m4s") == 404)
        #expect(try status("/live/DLTV4/init.mp4") == 404)
        await web.stop()
    }

    @Test func thePlaylistIsNeverCachedAndSegmentsOnlyBriefly() async throws {
        let web = try WebServer()
        try Self.relayedChannel(web)
        let cookies = try Self.signIn(web)
        let first = try web.send("GET", "/live/DLTV4/index.m3u8", headers: ["Cookie": cookies])
        #expect(first.field("Cache-Control") == "no-cache")
        #expect(first.body.contains("seg00000000.m4s"))
        // The relay publishes the next window: the very next request sees it (no open-file cache in between).
        let folder = web.folder.appendingPathComponent("Media/live/DLTV4")
        try Data(repeating: 8, count: 1000).write(to: folder.appendingPathComponent("seg00000001.m4s"))
        try Self.playlist(first: 1).write(to: folder.appendingPathComponent("index.m3u8"), atomically: true, encoding: .utf8)
        let next = try web.send("GET", "/live/DLTV4/index.m3u8", headers: ["Cookie": cookies])
        #expect(next.body.contains("seg00000001.m4s") && !next.body.contains("seg00000000.m4s"))
        // A browser revalidates the playlist; the answer is still not to be cached.
        let etag = try #require(next.field("ETag"))
        let again = try web.send("GET", "/live/DLTV4/index.m3u8", headers: ["Cookie": cookies, "If-None-Match": etag])
        #expect(again.status == 304 && again.field("Cache-Control") == "no-cache")
        let segment = try web.send("GET", "/live/DLTV4/seg00000001.m4s", headers: ["Cookie": cookies])
        #expect(segment.field("Cache-Control") == LiveMediaRoutes.pieceCacheControl)
        #expect(segment.field("Content-Type") == "video/iso.segment")
        await web.stop()
    }

    @Test func theLivePageListsRelayedChannelsWithTheirStateAndPlaysTheStream() async throws {
        let web = try WebServer()
        try Self.relayedChannel(web, state: "waiting")
        let stranger = try web.send("GET", "/live")
        #expect(stranger.status == 303 && stranger.field("Location")?.hasPrefix("/sign-in") == true)
        let cookies = try Self.signIn(web)
        let list = try web.send("GET", "/live", headers: ["Cookie": cookies])
        #expect(list.status == 200)
        #expect(list.body.contains("href=\"/live/DLTV4\"") && !list.body.contains("/live/DLTV5"))
        #expect(list.body.contains("กำลังเชื่อมต่อสัญญาณใหม่"), "a relay waiting to reconnect reads as reconnecting")
        let page = try web.send("GET", "/live/DLTV4", headers: ["Cookie": cookies])
        #expect(page.status == 200)
        #expect(page.body.contains(#"data-live="true""#))
        #expect(page.body.contains(#"data-master="/live/s/"#) && page.body.contains("/DLTV4/index.m3u8"))
        #expect(try web.send("GET", "/live/DLTV5", headers: ["Cookie": cookies]).status == 404)
        #expect(try web.send("GET", "/live/NOPE", headers: ["Cookie": cookies]).status == 404)
        await web.stop()
    }

    @Test func theLivePagesLinkPlaysWhenTheServerPretendsItIsAnotherDay() async throws {
        // `klai serve --pretend-time` (the browser tests, a trainer showing the morning's timetable in the
        // evening) moves what pages show; the link is checked on the real clock, so it must be signed on it.
        let web = try WebServer(web: { $0.clock = WebClock(pretending: Date().addingTimeInterval(-2 * 86_400)) })
        try Self.relayedChannel(web)
        let cookies = try Self.signIn(web)
        let page = try web.send("GET", "/live/DLTV4", headers: ["Cookie": cookies])
        let master = try #require(
            page.body.firstRange(of: #"data-master=""#).map { start in
                page.body[start.upperBound...].prefix { $0 != "\"" }
            })
        #expect(master.hasPrefix("/live/s/"))
        let playlist = try web.send("GET", String(master))
        #expect(playlist.status == 200, "the page's own live link was refused: \(playlist.status)")
        await web.stop()
    }
}
