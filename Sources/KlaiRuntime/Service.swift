import Dispatch
import Foundation
import Synchronization

/// A long-lived part of `klai serve`: the HTTP server, the transcode job runner, the inbox watcher, the
/// housekeeping timer, the live recorder and its relays all have this one shape (docs/ARCHITECTURE.md).
///
/// `start()` returns once the service is running (its threads started, its socket bound) or throws
/// if it cannot run. `shutdown()` stops it and returns only when it is *joined*: its threads have ended and
/// its work is left in a state the next start picks up (a running transcode is queued again, a recording
/// is closed and kept). `shutdown()` is safe to call more than once and on a service never started.
public protocol Service: AnyObject, Sendable {
    /// A short name for the log ("http", "transcode jobs").
    var serviceName: String { get }
    func start() throws
    func shutdown() async
}

/// Services started in order and shut down in the reverse order, each joined before the next is stopped.
///
/// `klai serve` lists what the web depends on first and the HTTP server last, so the first request
/// arrives when everything behind it runs, and on SIGTERM the server stops taking requests before the
/// work those requests feed is stopped.
public final class ServiceGroup: Sendable {
    public let services: [any Service]
    private let state = Mutex(GroupState())
    private let stopped = DispatchSemaphore(value: 0)

    private struct GroupState {
        var started: [any Service] = []
        var shuttingDown = false
    }

    public init(_ services: [any Service]) { self.services = services }

    /// Starts each service in order. When one fails, those already started are shut down (in reverse)
    /// and the error is rethrown.
    public func start() async throws {
        for service in services {
            // A SIGTERM while starting: start nothing more (shutdown() stops what has started).
            guard !state.withLock({ $0.shuttingDown }) else { return }
            do {
                try service.start()
            } catch {
                await shutdown()
                throw error
            }
            let late = state.withLock { state -> Bool in
                state.started.append(service)
                return state.shuttingDown
            }
            // Shutdown began while this one was starting and did not see it: stop it here.
            if late { await service.shutdown() }
        }
    }

    /// Shuts the started services down in reverse order, joining each; later calls wait for the first.
    /// - Parameter report: hears one line per service stopped (for the log).
    public func shutdown(report: @Sendable (String) -> Void = { _ in }) async {
        let first = state.withLock { state -> Bool in
            defer { state.shuttingDown = true }
            return !state.shuttingDown
        }
        guard first else {
            await BlockingWork.run { [stopped] in
                stopped.wait()
                stopped.signal()
            }
            return
        }
        let started = state.withLock { $0.started }
        for service in started.reversed() {
            let began = ContinuousClock.now
            await service.shutdown()
            let (seconds, attoseconds) = (ContinuousClock.now - began).components
            report("stopped \(service.serviceName) in \(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms")
        }
        stopped.signal()
    }

    /// Starts the services, then blocks the calling thread (a CLI command's `run`, never a cooperative one)
    /// until SIGTERM or SIGINT has shut them all down.
    ///
    /// The signal handlers are installed before the first service starts, so a signal sent the moment the
    /// server announces its address is never lost.
    public func runBlockingUntilTerminated(
        report: @escaping @Sendable (String) -> Void = { _ in },
        onStarted: @escaping @Sendable () -> Void = {}
    ) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        TerminationSignals.install { [self] _ in
            Task { await shutdown(report: report) }
        }
        Task {
            do {
                try await start()
                onStarted()
            } catch {
                failure.withLock { $0 = error }
                done.signal()
                return
            }
            await BlockingWork.run { [stopped] in
                stopped.wait()
                stopped.signal()
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
