import KlaiRuntime
import Synchronization

/// Lets at most `limit` requests be worked on at once; the others wait, in arrival order, before any of
/// their work (session look-up, queries, rendering) starts. Nothing is refused: a waiting request is
/// only later, never answered with an error.
///
/// Why: on a 2-core school server, 32 pages worked on together all share the CPU and the SQLite readers, so
/// each takes ~16 times its own CPU time and every one of them holds its half-built page in memory; worked on
/// a few at a time, each is done in about its own time and the rest wait their turn at the door, which
/// costs the same total and makes a page's answer no later on average.
///
/// Put it before `TimingMiddleware`: `Server-Timing: app;dur=` then covers the work from admission to the
/// answer, and this adds `Server-Timing: wait;dur=` with the time spent at the door, so both are visible.
/// Requests `bypass` names (segments, static files, password checks on their own lane, uploads) go straight on.
public struct AdmissionMiddleware: HTTPMiddleware {
    public let gate: AdmissionGate
    let bypass: @Sendable (HTTPRequest) -> Bool

    public init(limit: Int, bypass: @escaping @Sendable (HTTPRequest) -> Bool = { _ in false }) {
        gate = AdmissionGate(limit: limit)
        self.bypass = bypass
    }

    public func respond(
        to request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        if bypass(request) { return try await next(request) }
        let start = Monotonic.now()
        await gate.enter()
        let waited = (Monotonic.now() - start) / 1000
        // Leave on every path out, thrown errors included, so a failing page never keeps its slot.
        defer { gate.leave() }
        var response = try await next(request)
        response.headers.add("Server-Timing", "wait;dur=\(waited / 1000).\(Self.format3(waited % 1000))")
        return response
    }

    private static func format3(_ n: UInt64) -> String {
        n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)"
    }
}

/// A first-come, first-served counting gate for async code: `enter()` suspends (holding no thread) while
/// `limit` holders are inside; `leave()` hands the slot straight to the longest waiter.
public final class AdmissionGate: Sendable {
    private struct State: ~Copyable {
        var inside = 0
        var waiting = FIFOQueue<CheckedContinuation<Void, Never>>()
        /// The most holders seen inside at once (for tests and diagnostics).
        var peak = 0
    }

    public let limit: Int
    private let state = Mutex(State())

    public init(limit: Int) { self.limit = max(1, limit) }

    /// Holders inside now, waiters at the door now, and the most holders ever inside at once.
    public var counts: (inside: Int, waiting: Int, peak: Int) {
        state.withLock { ($0.inside, $0.waiting.count, $0.peak) }
    }

    /// Waits for a slot; returns once the caller holds it. Every `enter()` must be matched by one `leave()`.
    public func enter() async {
        let admitted = state.withLock { state -> Bool in
            guard state.inside < limit else { return false }
            state.inside += 1
            state.peak = max(state.peak, state.inside)
            return true
        }
        if admitted { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // A slot may have been given back between the check above and now: take it instead of queueing.
            let now = state.withLock { state -> Bool in
                if state.inside < limit {
                    state.inside += 1
                    state.peak = max(state.peak, state.inside)
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Gives the slot back: to the longest waiter if there is one (it stays counted inside), else to nobody.
    public func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let next = state.waiting.popFirst() else {
                state.inside = max(0, state.inside - 1)
                return nil
            }
            return next
        }
        next?.resume()
    }
}
