import Dispatch
import Glibc

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
