import Synchronization

/// State shared by every loop of one server.
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let openConnections = Atomic<Int>(0)
    let shuttingDown = Atomic<Bool>(false)
    let requestCounter = Atomic<UInt64>(0)
    let connectionCounter = Atomic<UInt64>(0)
    /// Loops that have stopped accepting; the listener is closed once all have.
    let loopsDoneAccepting = Atomic<Int>(0)

    init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    func nextRequestID() -> String {
        String(requestCounter.add(1, ordering: .relaxed).newValue, radix: 16)
    }
}
