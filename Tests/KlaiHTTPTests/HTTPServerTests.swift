import Foundation
import Glibc
import Testing

@testable import KlaiHTTP

extension LiveSocketTests {
    @Suite struct HTTPServerTests {
        static func router() -> Router {
            var router = Router()
            router.get("/hello") { _ in .text("hello") }
            router.get("/lessons/:id") { request in .text("lesson \(request.parameters["id"] ?? "?")") }
            router.post("/echo", maxBodySize: 1 << 20) { request in
                HTTPResponse(headers: ["Content-Type": "application/octet-stream"], body: .bytes(try request.body.collect()))
            }
            router.post("/small", maxBodySize: 10) { _ in .text("fits") }
            router.get("/stream") { _ in
                HTTPResponse(
                    headers: ["Content-Type": "text/plain"],
                    body: .stream { writer in
                        for i in 0..<3 { try await writer.write("part \(i)\n") }
                    })
            }
            router.get("/slow") { _ in
                await DispatchSleep.sleep(for: .milliseconds(300))
                return .text("slow done")
            }
            return router
        }

        @Test func servesKeepAliveRequestsOnOneConnection() async throws {
            let live = try LiveServer(router: Self.router())
            let client = try live.connect()
            for i in 0..<3 {
                client.send("GET /lessons/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try #require(client.readResponse())
                #expect(response.status == 200)
                #expect(response.text == "lesson \(i)")
                #expect(response.headers["Connection"] == nil)
            }
            await live.stop()
        }

        @Test func answersPipelinedRequestsInOrder() async throws {
            let live = try LiveServer(router: Self.router())
            let client = try live.connect()
            client.send(
                "GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /lessons/2 HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nabcd")
            #expect(client.readResponse()?.text == "slow done")
            #expect(client.readResponse()?.text == "lesson 2")
            #expect(client.readResponse()?.text == "abcd")
            await live.stop()
        }

        @Test func honoursConnectionCloseAndHTTP10() async throws {
            let live = try LiveServer(router: Self.router())
            let client = try live.connect()
            client.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.headers["Connection"] == "close")
            #expect(client.isClosedByPeer())

            let old = try live.connect()
            old.send("GET /hello HTTP/1.0\r\n\r\n")
            #expect(old.readResponse()?.text == "hello")
            #expect(old.isClosedByPeer())
            await live.stop()
        }

        @Test func answersHeadWithoutContent() async throws {
            let live = try LiveServer(router: Self.router())
            let client = try live.connect()
            client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try #require(client.readResponse(headRequest: true))
            #expect(head.status == 200)
            #expect(head.headers["Content-Length"] == "5")
            // The next bytes on the wire must be the second response, not a stray body.
            #expect(client.readResponse()?.text == "hello")
            await live.stop()
        }

        @Test func receivesChunkedRequestBodies() async throws {
            let live = try LiveServer(router: Self.router())
            let client = try live.connect()
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            client.send("3\r\nabc\r\n")
            client.send("4;x=1\r\ndefg\r\n0\r\n\r\n")
            #expect(client.readResponse()?.text == "abcdefg")
            await live.stop()
        }

        @Test func streamsChunkedResponses() async throws {
            let live = try LiveServer(router: Self.router())
            let client = try live.connect()
            client.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.headers["Transfer-Encoding"] == "chunked")
            #expect(response.text == "part 0\npart 1\npart 2\n")
            #expect(client.readResponse()?.text == "hello")
            await live.stop()
        }

        @Test func sendsContinueBeforeTheBodyAndRefusesTooLargeUnread() async throws {
            let live = try LiveServer(router: Self.router())
            let client = try live.connect()
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try #require(client.readResponse())
            #expect(interim.status == 100)
            client.send("hello")
            #expect(client.readResponse()?.text == "hello")

            let refused = try live.connect()
            refused.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n")
            let response = try #require(refused.readResponse())
            #expect(response.status == 413)
            #expect(refused.isClosedByPeer())
            await live.stop()
        }

        @Test func answers404And405WithAllow() async throws {
            let live = try LiveServer(router: Self.router())
            #expect(fetch(live.port, "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 404)
            let response = try #require(fetch(live.port, "DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n"))
            #expect(response.status == 405)
            #expect(response.headers["Allow"] == "GET, HEAD")
            await live.stop()
        }

        @Test func answersUnknownPathsWith404WithoutReadingTheBody() async throws {
            let live = try LiveServer(router: HTTPServerTests.router())
            let client = try live.connect()
            client.send("POST /nope HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\nExpect: 100-continue\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 404)
            #expect(response.headers["Connection"] == "close")
            #expect(client.isClosedByPeer())
            await live.stop()
        }

        @Test func answersMalformedRequestsWith400AndCloses() async throws {
            let live = try LiveServer(router: Self.router())
            let client = try live.connect()
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 400)
            #expect(response.headers["Connection"] == "close")
            #expect(client.isClosedByPeer())
            await live.stop()
        }

        @Test func answersAClientThatHalfClosedAfterItsRequest() async throws {
            let live = try LiveServer(router: HTTPServerTests.router())
            let client = try live.connect()
            client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            Glibc.shutdown(client.fd, Int32(SHUT_WR))
            let response = try #require(client.readResponse())
            #expect(response.text == "slow done")
            #expect(client.isClosedByPeer())
            await live.stop()
        }

        @Test func spreadsABurstOfConnectionsOverTheLoops() async throws {
            let live = try LiveServer(router: HTTPServerTests.router())
            let clients = try (0..<8).map { _ in try live.connect() }
            for client in clients {
                client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(client.readResponse()?.status == 200)
            }
            let loads = live.server.state.withLock { $0.loops.map { $0.load.load(ordering: .relaxed) } }
            #expect(loads == [4, 4])
            await live.stop()
        }

        @Test func servesIPv6() async throws {
            let live = try LiveServer(router: Self.router()) { $0.host = "::1" }
            let client = try RawClient(port: live.port, host: "::1")
            client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(client.readResponse()?.text == "hello")
            await live.stop()
        }
    }
}

extension LiveSocketTests {
    @Suite struct UploadTests {
        @Test func streamsLargeBodiesToAFileAndRefusesOverTheRouteLimit() async throws {
            var router = Router()
            router.post("/upload", maxBodySize: 4 << 20) { request in
                guard case .file(let file) = request.body else { return .text("in memory") }
                return .text("file \(file.size) \(try file.readAll().reduce(0) { $0 &+ Int($1) })")
            }
            let live = try LiveServer(router: router)
            let payload = (0..<(1 << 20)).map { UInt8($0 % 253) }
            let client = try live.connect()
            client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            for start in stride(from: 0, to: payload.count, by: 100_000) {
                let piece = Array(payload[start..<min(payload.count, start + 100_000)])
                client.send(Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + [13, 10])
            }
            client.send("0\r\n\r\n")
            #expect(client.readResponse()?.text == "file \(payload.count) \(payload.reduce(0) { $0 &+ Int($1) })")

            let big = try live.connect()
            big.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = [UInt8](repeating: 65, count: 1 << 20)
            for _ in 0..<5 { big.send(Array("100000\r\n".utf8) + chunk + [13, 10]) }
            let refused = try #require(big.readResponse())
            #expect(refused.status == 413)
            await live.stop()
        }
    }
}

extension LiveSocketTests {
    @Suite struct BackPressureTests {
        @Test func answersThousandsOfPipelinedRequestsWithoutLosingAny() async throws {
            let live = try LiveServer(router: HTTPServerTests.router())
            let client = try live.connect()
            let count = 20_000
            let fd = client.fd
            let writer = Task.detached {
                // ~740 KB of requests: far more than the server buffers before it stops reading.
                // The slow first request makes the rest pile up in the server while it is busy.
                let bytes = Array(
                    ("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"
                        + String(repeating: "GET /lessons/7 HTTP/1.1\r\nHost: t\r\n\r\n", count: count)).utf8)
                var done = 0
                while done < bytes.count {
                    let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + done, $0.count - done, Int32(MSG_NOSIGNAL)) }
                    if n <= 0 { return }
                    done += n
                }
            }
            #expect(client.readResponse()?.text == "slow done")
            var answered = 0
            for _ in 0..<count {
                guard let response = client.readResponse(), response.text == "lesson 7" else { break }
                answered += 1
            }
            await writer.value
            #expect(answered == count)
            await live.stop()
        }

        @Test func answersTwentyThousandPipelinedRequestsThatAreAnsweredAtOnceWithoutOverflowingItsStack() async throws {
            // Answers made on the spot (an open-file cache hit, the router's own 404) finish their exchange
            // while the connection is still pulling requests: each must not start the next one a level
            // deeper, or a client's pipelined burst overflows the loop thread's stack and kills the server.
            var router = Router()
            router.get("/now/:name", Router.Endpoint(immediate: { _ in .text("now") }, handler: { _ in .text("later") }))
            let live = try LiveServer(router: router) { $0.allowedHosts = ["school.example"] }
            let client = try live.connect()
            let count = 21_000
            let fd = client.fd
            let writer = Task.detached {
                // A file answered from the cache, the router's 404, and a 421 for a name the server does not
                // answer to (DNS rebinding), in turn.
                let three =
                    "GET /now/a HTTP/1.1\r\nHost: school.example\r\n\r\nGET /missing HTTP/1.1\r\nHost: school.example\r\n\r\n"
                    + "GET /now/a HTTP/1.1\r\nHost: evil.example\r\n\r\n"
                let bytes = Array(String(repeating: three, count: count / 3).utf8)
                var done = 0
                while done < bytes.count {
                    let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + done, $0.count - done, Int32(MSG_NOSIGNAL)) }
                    if n <= 0 { return }
                    done += n
                }
            }
            var answered = 0
            for index in 0..<count {
                guard let response = client.readResponse() else { break }
                guard response.status == [200, 404, 421][index % 3] else { break }
                answered += 1
            }
            await writer.value
            #expect(answered == count)
            #expect(fetch(live.port, "GET /now/b HTTP/1.1\r\nHost: school.example\r\n\r\n")?.text == "now")
            await live.stop()
        }
    }
}
