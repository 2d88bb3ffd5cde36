import Foundation
import Glibc
import Synchronization
import Testing

@testable import KlaiHTTP

extension LiveSocketTests {
    /// The admission gate in front of pages, over real sockets: a burst is served in full, never more than
    /// the limit worked on at once, and a page that fails gives its slot back.
    @Suite struct AdmissionLiveTests {
        /// A router whose `/work` handler takes 20 ms and counts how many run at once.
        static func router(limit: Int, running: InFlight, bypassPath: String? = nil) -> (Router, AdmissionGate) {
            var router = Router()
            let admission = AdmissionMiddleware(limit: limit, bypass: { $0.path == bypassPath })
            router.use(admission)
            router.use(TimingMiddleware())
            router.get("/work") { _ in
                running.enter()
                await DispatchSleep.sleep(for: .milliseconds(20))
                running.leave()
                return .text("done")
            }
            router.get("/fail") { _ in throw HTTPError(.notFound) }
            router.get("/free") { _ in .text("free") }
            return (router, admission.gate)
        }

        @Test func servesAWholeBurstWithoutRefusingAnyAndWorksOnAtMostTheLimitAtOnce() async throws {
            let running = InFlight()
            let (router, gate) = Self.router(limit: 2, running: running)
            let live = try LiveServer(router: router)
            // 40 clients at once, each on its own connection, 2 requests each.
            let statuses = Mutex<[Int]>([])
            let timings = Mutex<[String]>([])
            let port = live.port
            let threads = (0..<40).map { _ in
                Thread {
                    guard let client = try? RawClient(port: port, timeout: 20) else {
                        statuses.withLock { $0.append(-1) }
                        return
                    }
                    for _ in 0..<2 {
                        client.send("GET /work HTTP/1.1\r\nHost: t\r\n\r\n")
                        let response = client.readResponse()
                        statuses.withLock { $0.append(response?.status ?? -1) }
                        let timing = response?.headers.values(for: "Server-Timing").joined(separator: ", ") ?? ""
                        timings.withLock { $0.append(timing) }
                    }
                }
            }
            for thread in threads { thread.start() }
            let deadline = Monotonic.now() + 30_000_000_000
            while statuses.withLock({ $0.count }) < 80, Monotonic.now() < deadline {
                await DispatchSleep.sleep(for: .milliseconds(20))
            }
            let answered = statuses.withLock { $0 }
            #expect(answered.count == 80)
            #expect(answered.allSatisfy { $0 == 200 }, "every request of the burst is answered 200, none refused")
            #expect(running.peak == 2, "two at once: the limit, and the limit was reached")
            #expect(gate.counts.peak == 2)
            #expect(gate.counts.inside == 0 && gate.counts.waiting == 0)
            // 80 requests of 20 ms, two at a time, take ≥ 0.8 s in all: most waited at the door, and say so.
            let waits = timings.withLock { $0 }.compactMap { timing -> Double? in
                guard let range = timing.range(of: "wait;dur=") else { return nil }
                return Double(timing[range.upperBound...].prefix { $0 == "." || $0.isNumber })
            }
            #expect(waits.count == 80)
            #expect(waits.contains { $0 > 100 })
            #expect(timings.withLock { $0 }.allSatisfy { $0.contains("app;dur=") })
            await live.stop()
        }

        @Test func aFailingPageGivesItsSlotBackAndBypassedRequestsNeverWait() async throws {
            let running = InFlight()
            let (router, gate) = Self.router(limit: 1, running: running, bypassPath: "/free")
            let live = try LiveServer(router: router)
            for _ in 0..<5 {
                #expect(fetch(live.port, "GET /fail HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 404)
            }
            // Had a failure kept the only slot, this would wait forever (the client gives up after 5 s).
            #expect(fetch(live.port, "GET /work HTTP/1.1\r\nHost: t\r\n\r\n")?.status == 200)
            #expect(gate.counts.inside == 0)
            // A bypassed request is answered without a wait entry even while the gate is full.
            await gate.enter()
            let free = fetch(live.port, "GET /free HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(free?.status == 200)
            #expect(free?.headers.values(for: "Server-Timing").contains { $0.contains("wait;") } == false)
            gate.leave()
            await live.stop()
        }
    }
}

/// Counts holders inside a section and remembers the most at once.
final class InFlight: Sendable {
    private let state = Mutex((now: 0, peak: 0))
    func enter() {
        state.withLock {
            $0.now += 1; $0.peak = max($0.peak, $0.now)
        }
    }
    func leave() { state.withLock { $0.now -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}
