import Foundation
import Glibc
import Testing

@testable import KlaiHTTP

extension LiveSocketTests {
    @Suite struct FileServerTests {
        let segment = (0..<10_000).map { UInt8($0 % 251) }

        /// Serves a small tree as `klai files` does: the endpoint, so a repeated request is answered at once
        /// from the open-file cache (`asynchronousOnly` serves everything through the handler instead).
        func serve(
            onLoop: Bool = false, asynchronousOnly: Bool = false, _ body: (TemporaryDirectory, Int) async throws -> Void
        ) async throws {
            let outside = try TemporaryDirectory()
            try outside.write("secret.txt", "outside secret")
            let folder = try TemporaryDirectory()
            try folder.write("hls/a/720p/seg1.m4s", segment)
            try folder.write("hls/a/master.m3u8", "#EXTM3U\n")
            try folder.write("docs/lesson plan.pdf", "%PDF-1.4")
            try folder.write(".env", "SECRET=1")
            try folder.write("hls/.hidden.m4s", "hidden")
            symlink(outside.path + "/secret.txt", folder.path + "/escape.txt")
            symlink(folder.path + "/hls/a/master.m3u8", folder.path + "/inside.m3u8")
            var router = Router()
            var files = try FileServer(root: folder.path)
            files.opensOffLoop = !onLoop
            if asynchronousOnly {
                router.get("/*path", files.handler(parameter: "path"))
            } else {
                router.get("/*path", files.endpoint(parameter: "path"))
            }
            let live = try LiveServer(router: router)
            try await body(folder, live.port)
            await live.stop()
            folder.remove()
            outside.remove()
        }

        @Test func servesSegmentsAndPlaylistsWithTypesAndCaching() async throws {
            try await serve { _, port in
                let seg = try #require(fetch(port, "GET /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\n\r\n"))
                #expect(seg.status == 200)
                #expect(seg.body == segment)
                #expect(seg.headers["Content-Type"] == "video/iso.segment")
                #expect(seg.headers["Cache-Control"]?.contains("immutable") == true)
                #expect(seg.headers["Accept-Ranges"] == "bytes")
                let playlist = try #require(fetch(port, "GET /hls/a/master.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n"))
                #expect(playlist.headers["Content-Type"] == "application/vnd.apple.mpegurl")
                #expect(playlist.headers["Cache-Control"] == "public, max-age=5")
                let pdf = try #require(fetch(port, "GET /docs/lesson%20plan.pdf HTTP/1.1\r\nHost: t\r\n\r\n"))
                #expect(pdf.headers["Content-Type"] == "application/pdf")
                #expect(pdf.text == "%PDF-1.4")
            }
        }

        @Test func refusesTraversalHiddenFilesAndSymlinkEscape() async throws {
            try await serve { _, port in
                for target in [
                    "/../etc/passwd", "/hls/%2e%2e/%2e%2e/etc/passwd", "/hls/..%2f..%2fetc/passwd", "/.env",
                    "/hls/.hidden.m4s", "/escape.txt", "/hls/%00x", "/hls/%2", "/hls/%252e%252e/a"
                ] {
                    let status = fetch(port, "GET \(target) HTTP/1.1\r\nHost: t\r\n\r\n")?.status
                    #expect(status == 404 || status == 400, "\(target) gave \(String(describing: status))")
                }
                #expect(fetch(port, "GET /inside.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n")?.text == "#EXTM3U\n")
            }
        }

        @Test func answersTheSameFromTheCacheAsFromTheDisk() async throws {
            // The first request of a path opens the file (off the loop); the next ones are answered at
            // once from the open-file cache. Both answers must be the same, byte for byte.
            for asynchronousOnly in [false, true] {
                try await serve(asynchronousOnly: asynchronousOnly) { _, port in
                    for target in ["/hls/a/master.m3u8", "/hls/a/720p/seg1.m4s", "/hls/a/missing.m4s", "/.env"] {
                        let request = "GET \(target) HTTP/1.1\r\nHost: t\r\nRange: bytes=2-5\r\n\r\n"
                        let first = try #require(fetch(port, request))
                        let again = try #require(fetch(port, request))
                        #expect(first.status == again.status && first.body == again.body, "\(target)")
                        #expect(first.headers["ETag"] == again.headers["ETag"], "\(target)")
                        #expect(first.headers["Content-Range"] == again.headers["Content-Range"], "\(target)")
                    }
                    #expect(fetch(port, "GET /hls/a/master.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n")?.text == "#EXTM3U\n")
                    #expect(fetch(port, "GET /hls/a/missing.m4s HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 404)
                }
            }
        }

        @Test func servesTheSameWhenFilesAreOpenedOnTheLoop() async throws {
            try await serve(onLoop: true) { _, port in
                let part = fetch(port, "GET /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=0-9\r\n\r\n")
                #expect(part?.body == Array(segment[0..<10]))
                #expect(fetch(port, "GET /escape.txt HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 404)
                #expect(fetch(port, "GET /.env HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 404)
            }
        }

        @Test func seesNewAndChangedFilesOnceTheOpenFileCacheEntryExpires() async throws {
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            try folder.write("a/master.m3u8", "#EXTM3U\n")
            var files = try FileServer(root: folder.path)
            files.openFileCacheLifetime = .milliseconds(300)
            var router = Router()
            router.get("/*path", files.endpoint(parameter: "path"))
            let live = try LiveServer(router: router)
            #expect(fetch(live.port, "GET /a/new.m4s HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 404)
            try folder.write("a/new.m4s", "segment")
            // The miss is remembered briefly (a 404 flood never reaches the disk)...
            #expect(fetch(live.port, "GET /a/new.m4s HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 404)
            await DispatchSleep.sleep(for: .milliseconds(400))
            // ...and the new file is served once it expires.
            #expect(fetch(live.port, "GET /a/new.m4s HTTP/1.1\r\nHost: t\r\n\r\n")?.text == "segment")
            await live.stop()
        }

        @Test func aFileCutShortAfterItWasOpenedIsNeverAnsweredWithFewerBytesThanPromised() async throws {
            // A small file is read whole when opened, so it is answered as it was then (the bytes its ETag
            // names); a large one goes out by sendfile, which notices the cut and ends the connection.
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let small = [UInt8](repeating: UInt8(ascii: "a"), count: 300)
            let large = (0..<100_000).map { UInt8($0 % 251) }
            try folder.write("small.m3u8", small)
            try folder.write("large.m4s", large)
            try folder.write("held.m3u8", small)
            var files = try FileServer(root: folder.path)
            files.openFileCacheLifetime = .seconds(60)
            // A file a handler opened itself (no copy read at open) goes out with its header in one send too.
            let held = try OpenFile(path: folder.path + "/held.m3u8")
            var router = Router()
            router.get("/held") { _ in HTTPResponse(status: .ok, body: .file(held, range: 0..<held.size)) }
            router.get("/*path", files.endpoint(parameter: "path"))
            let live = try LiveServer(router: router)
            let first = try #require(fetch(live.port, "GET /small.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n"))
            #expect(first.body == small)
            #expect(fetch(live.port, "GET /large.m4s HTTP/1.1\r\nHost: t\r\n\r\n")?.body == large)
            #expect(fetch(live.port, "GET /held HTTP/1.1\r\nHost: t\r\n\r\n")?.body == small)
            // Cut in place while the open-file cache still holds all of them.
            for name in ["small.m3u8", "held.m3u8"] { #expect(truncate(folder.path + "/" + name, 100) == 0) }
            #expect(truncate(folder.path + "/large.m4s", 1000) == 0)
            let again = try #require(fetch(live.port, "GET /small.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n"))
            #expect(again.body == small && again.headers["ETag"] == first.headers["ETag"])
            #expect(fetch(live.port, "GET /large.m4s HTTP/1.1\r\nHost: t\r\n\r\n") == nil)
            #expect(fetch(live.port, "GET /held HTTP/1.1\r\nHost: t\r\n\r\n") == nil)
            #expect(fetch(live.port, "GET /missing.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 404)
            await live.stop()
        }

        @Test func answersConditionalRequestsWith304() async throws {
            try await serve { _, port in
                let first = try #require(fetch(port, "GET /hls/a/master.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n"))
                let etag = try #require(first.headers["ETag"])
                let modified = try #require(first.headers["Last-Modified"])
                #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))
                let byTag = try #require(fetch(port, "GET /hls/a/master.m3u8 HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"x\", \(etag)\r\n\r\n"))
                #expect(byTag.status == 304)
                #expect(byTag.body.isEmpty && byTag.headers["ETag"] == etag)
                let byDate = fetch(port, "GET /hls/a/master.m3u8 HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: \(modified)\r\n\r\n")
                #expect(byDate?.status == 304)
                let stale = fetch(port, "GET /hls/a/master.m3u8 HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"old\"\r\n\r\n")
                #expect(stale?.status == 200)
            }
        }

        @Test func answersSingleRangesWith206And416() async throws {
            try await serve { _, port in
                let part = try #require(fetch(port, "GET /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=100-199\r\n\r\n"))
                #expect(part.status == 206)
                #expect(part.headers["Content-Range"] == "bytes 100-199/10000")
                #expect(part.body == Array(segment[100..<200]))
                let suffix = try #require(fetch(port, "GET /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=-10\r\n\r\n"))
                #expect(suffix.body == Array(segment[9990...]))
                let open = try #require(fetch(port, "GET /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=9995-\r\n\r\n"))
                #expect(open.headers["Content-Range"] == "bytes 9995-9999/10000")
                let beyond = try #require(fetch(port, "GET /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=20000-\r\n\r\n"))
                #expect(beyond.status == 416)
                #expect(beyond.headers["Content-Range"] == "bytes */10000")
                let multi = fetch(port, "GET /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=0-1,5-6\r\n\r\n")
                #expect(multi?.status == 200)
            }
        }

        @Test func ignoresRangeWhenIfRangeNoLongerMatches() async throws {
            try await serve { _, port in
                let etag = try #require(fetch(port, "HEAD /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\n\r\n")?.headers["ETag"])
                let same = fetch(port, "GET /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=0-9\r\nIf-Range: \(etag)\r\n\r\n")
                #expect(same?.status == 206)
                let changed = fetch(port, "GET /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=0-9\r\nIf-Range: \"other\"\r\n\r\n")
                #expect(changed?.status == 200)
                #expect(changed?.body.count == 10_000)
            }
        }

        @Test func headGivesTheLengthWithoutTheFile() async throws {
            try await serve { _, port in
                let client = try RawClient(port: port)
                client.send("HEAD /hls/a/720p/seg1.m4s HTTP/1.1\r\nHost: t\r\n\r\nGET /hls/a/master.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n")
                let head = try #require(client.readResponse(headRequest: true))
                #expect(head.headers["Content-Length"] == "10000")
                #expect(client.readResponse()?.text == "#EXTM3U\n")
            }
        }
    }
}
