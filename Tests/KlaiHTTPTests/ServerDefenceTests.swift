import Foundation
import Glibc
import Synchronization
import Testing

@testable import KlaiHTTP

extension LiveSocketTests {
    @Suite struct ServerDefenceTests {
        @Test func cutsASlowlorisClientAtTheHeaderTimeoutWhileOthersAreServed() async throws {
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let log = try TrafficLog(directory: folder.path)
            let live = try LiveServer(router: HTTPServerTests.router()) { $0.trafficLog = log }
            let slow = try live.connect()
            let started = Monotonic.now()
            let trickle = Array("GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8)
            var cutAfter: Double?
            for byte in trickle {
                slow.send([byte])
                // Another client is served normally while the slow one dribbles.
                #expect(fetch(live.port, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")?.text == "hello")
                await DispatchSleep.sleep(for: .milliseconds(100))
                var probe: UInt8 = 0
                let n = recv(slow.fd, &probe, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
                if n >= 0 {  // the 408 arrived (or EOF): the slow client was cut
                    cutAfter = Double(Monotonic.now() - started) / 1e9
                    break
                }
            }
            let response = try #require(slow.readResponse())
            #expect(response.status == 408)
            #expect(slow.isClosedByPeer())
            let elapsed = try #require(cutAfter)
            // Lower bound exact; upper bound loose because the probe loop also serves another client.
            #expect(elapsed >= 0.55 && elapsed < 2.5, "cut after \(elapsed) s with a 0.6 s header timeout")
            await live.stop()
            log.flush()
            let text = try String(contentsOfFile: folder.path + "/" + log.days()[0] + ".log", encoding: .utf8)
            #expect(text.contains("\t408\t"))
            log.close()
        }

        @Test func answers503FastAtTheConnectionCap() async throws {
            let live = try LiveServer(router: HTTPServerTests.router()) { $0.maxConnections = 3 }
            let held = try (0..<3).map { _ in try live.connect() }
            for client in held {
                client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(client.readResponse()?.status == 200)
            }
            let started = Monotonic.now()
            let extra = try live.connect()
            let refused = try #require(extra.readResponse())
            #expect(refused.status == 503)
            #expect(Double(Monotonic.now() - started) / 1e9 < 0.5)
            #expect(extra.isClosedByPeer())
            // A held connection still works, and a freed slot is usable again.
            held[0].send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(held[0].readResponse()?.status == 200)
            #expect(held[0].isClosedByPeer())
            await DispatchSleep.sleep(for: .milliseconds(50))
            #expect(fetch(live.port, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 200)
            await live.stop()
        }

        @Test func finishesAnInFlightRequestOnShutdownThenRefusesNewOnes() async throws {
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let log = try TrafficLog(directory: folder.path)
            let started = Flag()
            let holder = ServerHolder()
            var router = HTTPServerTests.router()
            router.get("/until-shutdown") { _ in
                started.set()
                // Answer only once shutdown has begun, so the response is truly in flight during it.
                while holder.server?.isShuttingDown != true { await DispatchSleep.sleep(for: .milliseconds(5)) }
                await DispatchSleep.sleep(for: .milliseconds(100))
                return .text("slow done")
            }
            let live = try LiveServer(router: router) { $0.trafficLog = log }
            holder.server = live.server
            let idle = try live.connect()
            let busy = try live.connect()
            busy.send("GET /until-shutdown HTTP/1.1\r\nHost: t\r\nUser-Agent: shutdown-test\r\n\r\n")
            while !started.isSet { await DispatchSleep.sleep(for: .milliseconds(5)) }
            let stopping = Task { await live.stop() }
            let response = try #require(busy.readResponse())
            #expect(response.status == 200)
            #expect(response.text == "slow done")
            #expect(response.headers["Connection"] == "close")
            #expect(idle.isClosedByPeer())
            await stopping.value
            #expect((try? RawClient(port: live.port)) == nil)
            // The traffic log was flushed by shutdown, before anyone called flush().
            let text = try String(contentsOfFile: folder.path + "/" + log.days()[0] + ".log", encoding: .utf8)
            #expect(text.contains("\tGET\t/until-shutdown\t200\t"))
            #expect(text.contains("shutdown-test"))
            log.close()
        }

        @Test func recordsEveryExchangeAndVerifyCatchesAnEditedLine() async throws {
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let log = try TrafficLog(directory: folder.path)
            var router = HTTPServerTests.router()
            router.use(AuthenticationMiddleware { request in request.headers["X-Test-Account"] })
            let live = try LiveServer(router: router) { $0.trafficLog = log }
            let client = try live.connect()
            client.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Test-Account: teacher01\r\nUser-Agent: UA-1\r\n\r\n")
            _ = client.readResponse()
            client.send("GET /missing HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = client.readResponse()
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
            _ = client.readResponse()
            _ = fetch(live.port, "GET / HTTP/1.1\r\nHost: t\r\nHost: u\r\n\r\n")
            await live.stop()
            let day = try #require(log.days().first)
            let lines = try String(contentsOfFile: folder.path + "/\(day).log", encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 4)
            let first = lines[0].split(separator: "\t").map(String.init)
            #expect(first[1] == "127.0.0.1")
            #expect(Int(first[2]) ?? 0 > 0)
            #expect(first[3] == "teacher01")
            #expect(first[4...6] == ["GET", "/hello", "200"])
            #expect(Int(first[7]) ?? 0 > 5)
            #expect(first[9] == "UA-1")
            // Lines from different connections are in the order they finished, not started.
            #expect(lines[1].contains("\t/missing\t404\t"))
            #expect(lines.contains { $0.contains("\tPOST\t/echo\t200\t") })
            #expect(lines.contains { $0.contains("\t-\t-\t400\t") })
            #expect(log.verify(day: day).isIntact)

            let path = folder.path + "/\(day).log"
            let edited = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "teacher01", with: "nobody")
            try edited.write(toFile: path, atomically: true, encoding: .utf8)
            let result = log.verify(day: day)
            #expect(!result.isIntact)
            #expect(result.problem?.contains("line 1") == true)
            log.close()
        }
    }
}

/// A one-way boolean shared between a test and a handler.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// Lets a handler see the server it runs in.
final class ServerHolder: Sendable {
    private let value = Mutex<HTTPServer?>(nil)
    var server: HTTPServer? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

extension LiveSocketTests {
    @Suite struct WriteTimeoutTests {
        @Test func closesAStalledReaderAfterTheWriteTimeoutAndKeepsServingOthers() async throws {
            var router = HTTPServerTests.router()
            let big = [UInt8](repeating: 66, count: 32 << 20)
            router.get("/big") { _ in HTTPResponse(body: .bytes(big)) }
            let live = try LiveServer(router: router) { $0.timeouts.write = .milliseconds(300) }
            let stalled = try live.connect()
            var small: Int32 = 4096
            setsockopt(stalled.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            let sent = Monotonic.now()
            stalled.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            await DispatchSleep.sleep(for: .milliseconds(50))
            // The stalled reader never reads; the server gives up on it instead of holding 32 MB forever,
            // and keeps serving others meanwhile.
            for _ in 0..<500 where live.server.context.openConnections.load(ordering: .relaxed) > 0 {
                #expect(fetch(live.port, "GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")?.text == "hello")
                await DispatchSleep.sleep(for: .milliseconds(10))
            }
            let elapsed = Double(Monotonic.now() - sent) / 1e9
            #expect(live.server.context.openConnections.load(ordering: .relaxed) == 0)
            #expect(elapsed >= 0.3, "closed after \(elapsed) s; the write timeout is 0.3 s")
            // What the stalled client can still read is a fraction of the response, then the connection ends.
            var received = 0
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(stalled.fd, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                received += n
            }
            #expect(received < 32 << 20)
            await live.stop()
        }
    }
}
