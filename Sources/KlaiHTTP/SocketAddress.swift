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

extension SocketAddress {
    /// Whether the host is on a local network: loopback (127/8, ::1), the private IPv4 ranges of RFC 1918
    /// (10/8, 172.16/12, 192.168/16), IPv6 unique-local (fc00::/7, RFC 4193) or link-local (fe80::/10).
    /// Everything else, including carrier-grade NAT (100.64/10) and names that are not numeric, is not.
    public var isLocalNetwork: Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            let a = UInt32(bigEndian: v4.s_addr)
            return a >> 24 == 127 || a >> 24 == 10 || a >> 20 == 0xAC1 || a >> 16 == 0xC0A8
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        guard bytes.count == 16 else { return false }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }  // ::1
        return bytes[0] & 0xFE == 0xFC || (bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80)
    }
}
