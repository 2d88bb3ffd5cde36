import Foundation
import Glibc
import Synchronization
import Testing

@testable import KlaiHTTP

extension LiveSocketTests {
    /// The connection-slot attacks over real sockets: many connections from one address, silent
    /// connections, bodies trickled in, and large posts from clients that are not signed in.
    @Suite struct ConnectionSlotLiveTests {
        @Test func refusesConnectionsFromOneAddressBeyondItsCapWith429WhileOtherAddressesAreServed() async throws {
            let live = try LiveServer(router: HTTPServerTests.router()) { $0.maxConnectionsPerAddress = 4 }
            let held = try (0..<4).map { _ in try live.connect() }
            for client in held {
                client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(client.readResponse()?.status == 200)
            }
            let extra = try live.connect()
            let refused = try #require(extra.readResponse())
            #expect(refused.status == 429)
            #expect(extra.isClosedByPeer())
            // Another pupil's address is not held back by this one.
            let other = try live.connect(from: "127.0.0.2")
            other.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(other.readResponse()?.status == 200)
            // A slot given back is usable again by the first address.
            held[0].send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(held[0].readResponse()?.status == 200)
            #expect(held[0].isClosedByPeer())
            await DispatchSleep.sleep(for: .milliseconds(50))
            #expect(fetch(live.port, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 200)
            await live.stop()
        }

        @Test func closesASilentConnectionAtTheHeaderTimeoutCountedFromAccept() async throws {
            // Header 600 ms, keep-alive idle 5 s (LiveServer): a silent new connection gets the 600 ms.
            let live = try LiveServer(router: HTTPServerTests.router())
            let started = Monotonic.now()
            let silent = try live.connect()
            #expect(silent.isClosedByPeer())
            let elapsed = Double(Monotonic.now() - started) / 1e9
            #expect(elapsed >= 0.55 && elapsed < 2, "closed after \(elapsed) s")
            #expect(silent.pending.isEmpty, "no response to a connection that asked nothing")
            await live.stop()
        }

        @Test func cutsABodyTrickledBelowTheMinimumRate() async throws {
            let live = try LiveServer(router: HTTPServerTests.router()) {
                $0.timeouts.minimumBodyRate = 1000
                $0.timeouts.bodyRateWindow = .milliseconds(400)
            }
            let slow = try live.connect()
            slow.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n")
            let started = Monotonic.now()
            var response: WireResponse?
            // One byte every 100 ms (10 B/s) never trips the 2 s body timeout.
            for _ in 0..<30 {
                slow.send("x")
                await DispatchSleep.sleep(for: .milliseconds(100))
                var probe: UInt8 = 0
                if recv(slow.fd, &probe, 1, Int32(MSG_DONTWAIT | MSG_PEEK)) > 0 { response = slow.readResponse(); break }
            }
            let elapsed = Double(Monotonic.now() - started) / 1e9
            #expect(response?.status == 408)
            #expect(elapsed < 1.5, "cut after \(elapsed) s")
            #expect(slow.isClosedByPeer())
            await live.stop()
        }

        @Test func refusesAnUnsignedEventsPostFromItsHeadBeforeReadingTheBody() async throws {
            let handled = Atomic<Int>(0)
            var router = Router()
            let signedIn: Router.Admission = { request in
                request.cookies["session"] == "good" ? nil : .error(.unauthorized, "Sign in first.")
            }
            router.post("/api/events", maxBodySize: 512 * 1024, admit: signedIn) { request in
                handled.add(1, ordering: .relaxed)
                return .text("stored \(try request.body.collect().count)")
            }
            let live = try LiveServer(router: router)
            // The head announces 512 KiB and not one byte of it is sent: the answer comes anyway.
            let intruder = try live.connect()
            intruder.send("POST /api/events HTTP/1.1\r\nHost: t\r\nContent-Length: 524288\r\n\r\n")
            let refused = try #require(intruder.readResponse())
            #expect(refused.status == 401)
            #expect(refused.headers["Connection"] == "close")
            #expect(intruder.isClosedByPeer())
            // A signed-in pupil's post goes through, on a connection that stays open.
            let pupil = try live.connect()
            let body = String(repeating: "e", count: 100_000)
            let post = "POST /api/events HTTP/1.1\r\nHost: t\r\nCookie: session=good\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
            pupil.send(post + body)
            #expect(pupil.readResponse()?.text == "stored 100000")
            pupil.send(post + body)
            #expect(pupil.readResponse()?.text == "stored 100000")
            #expect(handled.load(ordering: .relaxed) == 2)
            await live.stop()
        }

        @Test func runsARouterWideAdmissionCheckBeforeTheRoutesOwn() async throws {
            let order = Mutex<[String]>([])
            var router = Router()
            router.admitAll { request in
                order.withLock { $0.append("router") }
                return request.headers["X-Blocked"] != nil ? .error(.forbidden) : nil
            }
            let routeAdmission: Router.Admission = { _ in
                order.withLock { $0.append("route") }
                return nil
            }
            router.post("/upload", admit: routeAdmission) { _ in .text("ok") }
            router.get("/open") { _ in .text("open") }
            let live = try LiveServer(router: router)
            #expect(fetch(live.port, "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi")?.text == "ok")
            #expect(fetch(live.port, "POST /upload HTTP/1.1\r\nHost: t\r\nX-Blocked: 1\r\nContent-Length: 2\r\n\r\n")?.status == 403)
            #expect(fetch(live.port, "GET /open HTTP/1.1\r\nHost: t\r\nX-Blocked: 1\r\n\r\n")?.status == 403)
            #expect(fetch(live.port, "GET /missing HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 404)
            #expect(order.withLock { $0 } == ["router", "route", "router", "router"])
            await live.stop()
        }
    }
}
