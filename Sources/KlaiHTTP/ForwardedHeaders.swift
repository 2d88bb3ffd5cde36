import Glibc

/// What a trusted reverse proxy says about the client: `X-Forwarded-For` and `X-Forwarded-Proto`.
///
/// These fields are de-facto standards (RFC 7239 §1 describes them before defining `Forwarded`); any
/// client can send them, so the server believes them only when the TCP peer is the configured
/// `trustedProxy`. A proxy appends the address it accepted the connection from to the end of
/// `X-Forwarded-For`, so the last entry is the one the trusted proxy vouches for; entries before it
/// were written by the client and are never used.
public enum ForwardedHeaders {
    /// The client address the proxy appended: the last entry of the last `X-Forwarded-For` field,
    /// as a numeric IPv4 or IPv6 host in canonical form; `nil` when it is missing or not an address.
    public static func clientHost(_ headers: HTTPHeaders) -> String? {
        guard let field = headers.values(for: "X-Forwarded-For").last,
            let last = field.split(separator: ",", omittingEmptySubsequences: false).last
        else { return nil }
        return numericHost(last.trimmingOWS())
    }

    /// Whether the proxy says the client spoke HTTPS: the last `X-Forwarded-Proto` value is `https`.
    public static func isHTTPS(_ headers: HTTPHeaders) -> Bool {
        guard let field = headers.values(for: "X-Forwarded-Proto").last,
            let last = field.split(separator: ",", omittingEmptySubsequences: false).last
        else { return false }
        return last.trimmingOWS().equalsASCIICaseInsensitive("https")
    }

    /// A numeric address in the form `inet_ntop` writes, or `nil`. Accepts `1.2.3.4`, `1.2.3.4:5678`,
    /// `::1`, `[::1]` and `[::1]:5678` (some proxies add the port); IPv4-mapped IPv6 becomes IPv4,
    /// as `SocketAddress` shows it.
    public static func numericHost<S: StringProtocol>(_ text: S) -> String? {
        var host = Substring(text)
        guard !host.isEmpty, host.utf8.count <= 64 else { return nil }
        if host.first == "[" {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let after = host[host.index(after: close)...]
            guard after.isEmpty || (after.first == ":" && isPort(after.dropFirst())) else { return nil }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.firstIndex(of: ":"), host.lastIndex(of: ":") == colon {
            // One colon: IPv4 with a port (an IPv6 address has at least two).
            guard isPort(host[host.index(after: colon)...]) else { return nil }
            host = host[..<colon]
        }
        return canonical(String(host))
    }

    /// Parses and prints an address back, so equal addresses compare equal as text.
    static func canonical(_ host: String) -> String? {
        // inet_pton(3) reads a C string: a NUL would hide whatever follows it.
        guard !host.utf8.contains(0) else { return nil }
        var v4 = in_addr()
        var v6 = in6_addr()
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        if inet_pton(AF_INET, host, &v4) == 1 {
            guard inet_ntop(AF_INET, &v4, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        } else {
            return nil
        }
        var text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("::ffff:"), text.contains(".") { text.removeFirst(7) }
        return text
    }

    static func isPort<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.utf8.count <= 5 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
