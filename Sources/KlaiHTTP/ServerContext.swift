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
    /// Open connections per peer address (shared: one client's connections land on every loop).
    let connectionsPerHost = Mutex<[String: Int]>([:])

    init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    /// Counts a new connection from `peer`; `false` (and nothing counted) when it is over the cap.
    func openConnection(from peer: SocketAddress) -> Bool {
        guard configuration.capsConnections(from: peer) else { return true }
        let cap = configuration.maxConnectionsPerAddress
        return connectionsPerHost.withLock { counts in
            let open = counts[peer.host, default: 0]
            guard open < cap else { return false }
            counts[peer.host] = open + 1
            return true
        }
    }

    /// Forgets a connection counted by `openConnection`.
    func closeConnection(from peer: SocketAddress) {
        guard configuration.capsConnections(from: peer) else { return }
        connectionsPerHost.withLock { counts in
            let open = counts[peer.host, default: 0] - 1
            counts[peer.host] = open > 0 ? open : nil
        }
    }

    func nextRequestID() -> String {
        // As String(n, radix: 16) writes it, at a fraction of its cost (a small string: no allocation).
        withDigits(of: requestCounter.add(1, ordering: .relaxed).newValue, radix: 16) {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
