import Dispatch
import Glibc
import KlaiRuntime
import Synchronization

extension HTTPServer {
    /// Runs until SIGTERM or SIGINT, then shuts down gracefully: stop accepting, finish in-flight
    /// requests within the grace period, flush and close the traffic log. SIGPIPE is ignored.
    /// This is what `klai serve` and `klai files` call; when it returns the process may exit 0.
    public func runUntilTerminated() async throws {
        stopOnTerminationSignals()
        try await run()
        configuration.trafficLog?.close()
    }
}

extension HTTPServer {
    /// `runUntilTerminated()` for synchronous callers (a CLI command's `run`): blocks the calling
    /// thread, never a cooperative-pool thread, until SIGTERM/SIGINT has shut the server down.
    ///
    /// The signal handlers are installed before this returns control to the loop, synchronously
    /// (`TerminationSignals`); call `stopOnTerminationSignals()` earlier, before announcing the address,
    /// so that a signal sent the moment the address is known is not lost either.
    public func runBlockingUntilTerminated() throws {
        stopOnTerminationSignals()
        let outcome = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await run() } catch { outcome.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        configuration.trafficLog?.close()
        if let error = outcome.withLock({ $0 }) { throw error }
    }

    /// Makes SIGTERM and SIGINT shut this server down gracefully; idempotent per server.
    public func stopOnTerminationSignals() {
        signal(SIGPIPE, SIG_IGN)
        guard !terminationHandlersInstalled.exchange(true, ordering: .relaxed) else { return }
        TerminationSignals.install { [self] _ in Task { await shutdown() } }
    }
}
