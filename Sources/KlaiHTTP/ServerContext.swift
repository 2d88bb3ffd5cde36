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
        Self.hex(requestCounter.add(1, ordering: .relaxed).newValue)
    }

    /// Lowercase hexadecimal without leading zeros, as `String(value, radix: 16)` writes it, at a
    /// fraction of its cost (16 digits at most: a small string, no allocation).
    static func hex(_ value: UInt64) -> String {
        var digits: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = value
            var index = buffer.count
            repeat {
                index -= 1
                let digit = UInt8(rest & 0xF)
                buffer[index] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
                rest >>= 4
            } while rest > 0
            return String(decoding: buffer[index...], as: UTF8.self)
        }
    }
}
