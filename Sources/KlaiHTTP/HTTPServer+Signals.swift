import Dispatch
import Glibc
import Synchronization

extension HTTPServer {
    /// Runs until SIGTERM or SIGINT, then shuts down gracefully: stop accepting, finish in-flight
    /// requests within the grace period, flush and close the traffic log. SIGPIPE is ignored.
    /// This is what `klai serve` and `klai files` call; when it returns the process may exit 0.
    public func runUntilTerminated() async throws {
        signal(SIGPIPE, SIG_IGN)
        let sources = [SIGTERM, SIGINT].map { number in
            // Dispatch delivers the signal on a queue, so no work happens in a signal handler.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in Task { await shutdown() } }
            source.resume()
            return source
        }
        try await run()
        for source in sources { source.cancel() }
        configuration.trafficLog?.close()
    }
}

extension HTTPServer {
    /// `runUntilTerminated()` for synchronous callers (a CLI command's `run`): blocks the calling
    /// thread, never a cooperative-pool thread, until SIGTERM/SIGINT has shut the server down.
    public func runBlockingUntilTerminated() throws {
        let outcome = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await runUntilTerminated() } catch { outcome.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLock({ $0 }) { throw error }
    }
}
