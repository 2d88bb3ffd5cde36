import Foundation
import Glibc
import Testing

@testable import KlaiHTTP

extension LiveSocketTests {
    @Suite struct TrafficLogLiveTests {
        @Test func recordsALineForEveryKindOfExchange() async throws {
            let logFolder = try TemporaryDirectory()
            let files = try TemporaryDirectory()
            defer { logFolder.remove(); files.remove() }
            try files.write("hls/seg1.m4s", [UInt8](repeating: 7, count: 5000))
            let log = try TrafficLog(directory: logFolder.path)
            var router = HTTPServerTests.router()
            router.get("/hls/*path", try FileServer(root: files.path + "/hls").handler(parameter: "path"))
            let live = try LiveServer(router: router) {
                $0.trafficLog = log; $0.maxConnections = 2
            }

            let client = try live.connect()
            func ask(_ request: String, head: Bool = false) -> WireResponse? {
                client.send(request)
                return client.readResponse(headRequest: head)
            }
            let full = try #require(ask("GET /hls/seg1.m4s HTTP/1.1\r\nHost: t\r\nUser-Agent: Player/1 (Thai school)\r\n\r\n"))
            let etag = try #require(full.headers["ETag"])
            #expect(ask("GET /hls/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=0-99\r\n\r\n")?.status == 206)
            #expect(ask("GET /hls/seg1.m4s HTTP/1.1\r\nHost: t\r\nIf-None-Match: \(etag)\r\n\r\n")?.status == 304)
            #expect(ask("GET /hls/seg1.m4s HTTP/1.1\r\nHost: t\r\nRange: bytes=9000-\r\n\r\n")?.status == 416)
            #expect(ask("HEAD /hls/seg1.m4s HTTP/1.1\r\nHost: t\r\n\r\n", head: true)?.status == 200)
            client.send("GET /lessons/1 HTTP/1.1\r\nHost: t\r\n\r\nGET /lessons/2 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(client.readResponse()?.text == "lesson 1")
            #expect(client.readResponse()?.text == "lesson 2")
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
            #expect(client.readResponse()?.status == 100)
            client.send("hi")
            #expect(client.readResponse()?.text == "hi")
            #expect(ask("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n")?.headers["Transfer-Encoding"] == "chunked")
            let second = try live.connect()
            second.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = second.readResponse()
            #expect(fetch(live.port, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 503)
            await live.stop()

            let day = try #require(log.days().first)
            let lines = try String(contentsOfFile: logFolder.path + "/\(day).log", encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            func line(_ method: String, _ target: String, _ status: Int) -> [String]? {
                lines.first { $0[4] == method && $0[5] == target && $0[6] == String(status) }
            }
            let segment = try #require(line("GET", "/hls/seg1.m4s", 200))
            #expect(Int(segment[7])! > 5000)
            #expect(segment[9] == "Player/1 (Thai school)")
            #expect(Int(try #require(line("GET", "/hls/seg1.m4s", 206))[7])! < 1000)
            #expect(line("GET", "/hls/seg1.m4s", 304) != nil)
            #expect(line("GET", "/hls/seg1.m4s", 416) != nil)
            #expect(Int(try #require(line("HEAD", "/hls/seg1.m4s", 200))[7])! < 1000)
            #expect(line("GET", "/lessons/1", 200) != nil && line("GET", "/lessons/2", 200) != nil)
            #expect(line("POST", "/echo", 200) != nil)
            #expect(line("GET", "/stream", 200) != nil)
            #expect(line("-", "-", 503) != nil)
            #expect(lines.allSatisfy { $0.count == 11 && $0[1] == "127.0.0.1" })
            #expect(log.verify(day: day).isIntact)
            log.close()
        }

        @Test func aFloodOfEightKilobyteTargetsFromOneAddressAddsBoundedLinesAndAccountsForEveryRequest() async throws {
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let log = try TrafficLog(directory: folder.path, linesPerSecondPerAddress: 20)
            let live = try LiveServer(router: HTTPServerTests.router()) { $0.trafficLog = log }
            let client = try live.connect()
            let request = "GET /" + String(repeating: "a", count: 8000) + " HTTP/1.1\r\nHost: t\r\n\r\n"
            let started = Monotonic.now()
            var answered = 0
            for _ in 0..<20 {
                client.send(String(repeating: request, count: 50))
                for _ in 0..<50 where client.readResponse()?.status == 404 { answered += 1 }
            }
            let seconds = Int((Monotonic.now() - started) / 1_000_000_000) + 1
            #expect(answered == 1000)
            await live.stop()
            log.close()
            let lines = try String(contentsOfFile: folder.path + "/\(try #require(log.days().first)).log", encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
            let full = lines.filter { $0[4] == "GET" }
            let summaries = lines.filter { $0[4] == "(suppressed)" }
            // At most 20 a second in full (the flood may straddle one more second boundary).
            #expect(full.count <= 20 * (seconds + 1), "\(full.count) full lines in \(seconds) s")
            #expect(full.allSatisfy { $0[5].utf8.count < 320 })
            let counted = summaries.compactMap { $0[5].split(separator: " ").first.flatMap { Int($0) } }.reduce(0, +)
            #expect(full.count + counted == 1000)
            #expect(log.verify(day: try #require(log.days().first)).isIntact)
        }
    }
}
