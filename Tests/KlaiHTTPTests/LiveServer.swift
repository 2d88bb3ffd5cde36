import Foundation
import Glibc
import Testing

@testable import KlaiHTTP

/// A real server on 127.0.0.1, port 0, with short timeouts so the tests stay fast.
struct LiveServer {
    let server: HTTPServer
    let port: Int

    init(router: Router, configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws {
        var configuration = HTTPServerConfiguration(
            host: "127.0.0.1", port: 0, eventLoopCount: 2,
            timeouts: .init(header: .milliseconds(600), idle: .seconds(5), body: .seconds(2), write: .seconds(2)),
            shutdownGracePeriod: .seconds(3))
        configure(&configuration)
        server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
        port = server.localAddress!.port
    }

    func connect(from source: String? = nil) throws -> RawClient { try RawClient(port: port, source: source) }

    func stop() async { await server.shutdown() }
}

/// A response as read off the wire.
struct WireResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking TCP client that sends raw bytes and reads raw responses.
final class RawClient {
    let fd: Int32
    var pending: [UInt8] = []

    /// - Parameter source: an IPv4 loopback address to connect from (`127.0.0.2`), to act as another client.
    init(port: Int, host: String = "127.0.0.1", source: String? = nil, timeout: Int = 5) throws {
        let isIPv6 = host.contains(":")
        fd = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound != 0 { Glibc.close(fd); throw HTTPServerError(operation: "bind \(source)", code: errno) }
        }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var result: Int32
        if isIPv6 {
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            addr.sin6_port = UInt16(port).bigEndian
            inet_pton(AF_INET6, host, &addr.sin6_addr)
            result = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = UInt16(port).bigEndian
            inet_pton(AF_INET, host, &addr.sin_addr)
            result = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        if result != 0 { Glibc.close(fd); throw HTTPServerError(operation: "connect", code: errno) }
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + done, $0.count - done, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            done += n
        }
    }

    /// Reads more bytes; `false` on EOF, error or timeout.
    func fill() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return false }
        pending += buffer[0..<n]
        return true
    }

    /// Whether the server closed the connection (EOF) within the receive timeout.
    func isClosedByPeer() -> Bool {
        while fill() {}
        var probe: UInt8 = 0
        return recv(fd, &probe, 1, Int32(MSG_DONTWAIT)) == 0
    }

    func readLine() -> String? {
        while true {
            if let index = pending.firstIndex(of: .lf), index > 0, pending[index - 1] == .cr {
                let line = String(decoding: pending[0..<(index - 1)], as: UTF8.self)
                pending.removeFirst(index + 1)
                return line
            }
            if !fill() { return nil }
        }
    }

    func readBytes(_ count: Int) -> [UInt8]? {
        while pending.count < count { if !fill() { return nil } }
        let bytes = Array(pending[0..<count])
        pending.removeFirst(count)
        return bytes
    }

    /// Reads one response; `headRequest` means no content follows whatever the fields say.
    func readResponse(headRequest: Bool = false) -> WireResponse? {
        guard let statusLine = readLine() else { return nil }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        var headers = HTTPHeaders()
        while let line = readLine(), !line.isEmpty {
            let pair = line.split(separator: ":", maxSplits: 1)
            headers.add(String(pair[0]), String(pair.count > 1 ? pair[1].trimmingOWS() : ""))
        }
        if headRequest || status < 200 || status == 204 || status == 304 {
            return WireResponse(status: status, headers: headers, body: [])
        }
        if let length = headers["Content-Length"].flatMap(Int.init) {
            guard let body = readBytes(length) else { return nil }
            return WireResponse(status: status, headers: headers, body: body)
        }
        if headers["Transfer-Encoding"] == "chunked" {
            var body: [UInt8] = []
            while let sizeLine = readLine(), let size = Int(sizeLine, radix: 16) {
                if size == 0 { _ = readLine(); break }
                guard let chunk = readBytes(size) else { return nil }
                body += chunk
                _ = readLine()
            }
            return WireResponse(status: status, headers: headers, body: body)
        }
        while fill() {}
        let body = pending
        pending = []
        return WireResponse(status: status, headers: headers, body: body)
    }
}

/// One request on a fresh connection.
func fetch(_ port: Int, _ request: String) -> WireResponse? {
    guard let client = try? RawClient(port: port) else { return nil }
    client.send(request)
    return client.readResponse(headRequest: request.hasPrefix("HEAD "))
}

/// Every test that runs a live server over real sockets, one at a time: their clients use blocking
/// sockets, and running many at once on a 2-core box starves the cooperative pool and the timing
/// assertions (slowloris, write timeout, shutdown) become flaky.
@Suite(.serialized) enum LiveSocketTests {}
