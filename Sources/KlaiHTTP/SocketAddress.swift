import CKlaiHTTP
import Glibc

/// An IPv4 or IPv6 socket address, as bound or as seen from a peer.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The numeric host (`127.0.0.1`, `::1`); IPv4-mapped IPv6 addresses are shown as IPv4.
    public var host: String
    public var port: Int

    /// Creates an address from a numeric host and a port.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Reads a kernel `sockaddr_storage`.
    init(_ storage: sockaddr_storage) {
        var storage = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            let (addr, port) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ($0.pointee.sin_addr, $0.pointee.sin_port) }
            }
            var a = addr
            inet_ntop(AF_INET, &a, &buffer, socklen_t(buffer.count))
            host = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            self.port = Int(UInt16(bigEndian: port))
        case AF_INET6:
            let (addr, port) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ($0.pointee.sin6_addr, $0.pointee.sin6_port) }
            }
            var a = addr
            inet_ntop(AF_INET6, &a, &buffer, socklen_t(buffer.count))
            var text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            if text.hasPrefix("::ffff:"), text.contains(".") { text.removeFirst(7) }
            host = text
            self.port = Int(UInt16(bigEndian: port))
        default:
            host = "unknown"
            self.port = 0
        }
    }
}
