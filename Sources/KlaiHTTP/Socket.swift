import CKlaiHTTP
import Glibc

/// Listening and accepting on non-blocking sockets.
enum Socket {
    /// `bind(2)` with a `sockaddr_in` or `sockaddr_in6`, passed as the `sockaddr` it starts like.
    private static func bindSocket<Address>(_ fd: Int32, to address: inout Address) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
    }

    /// Creates a non-blocking listening socket; `::` listens on IPv6 and IPv4 at once.
    static func listen(host: String, port: Int, backlog: Int32) throws -> (fd: Int32, address: SocketAddress) {
        let name = host == "localhost" ? "127.0.0.1" : host
        let isIPv6 = name.contains(":")
        let fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError(operation: "socket", code: errno) }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let result: Int32
        if isIPv6 {
            var off: Int32 = 0
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &off, socklen_t(MemoryLayout<Int32>.size))
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            addr.sin6_port = UInt16(port).bigEndian
            guard inet_pton(AF_INET6, name, &addr.sin6_addr) == 1 else {
                close(fd)
                throw HTTPServerError(operation: "bind address \(host)", code: EINVAL)
            }
            result = bindSocket(fd, to: &addr)
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = UInt16(port).bigEndian
            guard inet_pton(AF_INET, name, &addr.sin_addr) == 1 else {
                close(fd)
                throw HTTPServerError(operation: "bind address \(host)", code: EINVAL)
            }
            result = bindSocket(fd, to: &addr)
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw HTTPServerError(operation: "bind \(host):\(port)", code: code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw HTTPServerError(operation: "listen", code: code)
        }
        return (fd, localAddress(fd))
    }

    static func localAddress(_ fd: Int32) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return SocketAddress(storage)
    }

    /// Accepts one pending connection (non-blocking, close-on-exec), or `nil` when none is pending.
    static func accept(_ listener: Int32) -> (fd: Int32, peer: SocketAddress)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                klai_accept_nonblocking(listener, $0, &length)
            }
        }
        guard fd >= 0 else { return nil }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        return (fd, SocketAddress(storage))
    }
}
