import Foundation

/// How `klai serve` listens, resolved from flags, then environment, then the configuration file, then defaults.
struct ServeSettings: Equatable {
    static let options = [
        OptionSpec("port", value: "PORT", help: "TCP port (0 picks a free one).", environment: "KLAI_PORT", default: "8080"),
        OptionSpec("bind", value: "ADDRESS", help: "Address to listen on (IPv4 or IPv6).", environment: "KLAI_BIND",
                   default: "127.0.0.1"),
        OptionSpec("trusted-proxy", value: "ADDRESS",
                   help: "The TLS front (e.g. 127.0.0.1) whose forwarded client addresses are believed.",
                   environment: "KLAI_TRUSTED_PROXY", default: "none: every client address is the socket's"),
    ]

    var port: Int
    var bind: String
    /// The one address whose `X-Forwarded-For` Klai may believe (the nginx front `klai install --tls` sets
    /// up); nil when Klai faces clients directly. Connect it to the HTTP server's configuration.
    var trustedProxy: String?

    /// Reads the settings from `invocation` (after `applyingConfigurationFile()`).
    /// - Throws: `UsageError` for a port out of range or a trusted proxy that is not an IP address.
    init(_ invocation: Invocation) throws(UsageError) {
        port = try invocation.integer("port", in: 0...65535) ?? 8080
        bind = invocation.value("bind") ?? "127.0.0.1"
        trustedProxy = invocation.value("trusted-proxy")
        if let proxy = trustedProxy, !Self.isAddressLiteral(proxy) {
            throw UsageError(spec: invocation.spec,
                             problem: "--trusted-proxy must be one IP address such as 127.0.0.1, not '\(proxy)'")
        }
    }

    /// The address to print for people: a wildcard bind is reached through loopback on this machine.
    func reachableURL(port actualPort: Int, description: String) -> String {
        "http://\(bind == "0.0.0.0" || bind == "::" ? "127.0.0.1:\(actualPort)" : description)/"
    }

    /// Whether `text` is an IPv4 or IPv6 address literal (not a name, which would need DNS to mean anything).
    static func isAddressLiteral(_ text: String) -> Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        return inet_pton(AF_INET, text, &ipv4) == 1 || inet_pton(AF_INET6, text, &ipv6) == 1
    }
}
