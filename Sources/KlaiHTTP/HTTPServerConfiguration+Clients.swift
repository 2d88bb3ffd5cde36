extension HTTPServerConfiguration {
    /// Whether the `Host` field names this server (see `allowedHosts`). A request without one
    /// (HTTP/1.0; the parser requires it on HTTP/1.1) is accepted: browsers always send it.
    func admitsHost(_ value: String?) -> Bool {
        guard let allowedHosts, let value else { return true }
        guard let host = HostHeader(value) else { return false }
        // An IP literal is the browser's own origin: rebinding needs a name it controls.
        if ForwardedHeaders.canonical(host.name) != nil { return true }
        if host.name == "localhost" || host.name.hasSuffix(".localhost") { return true }
        if let bound = HostHeader(self.host), bound.name == host.name { return true }
        return allowedHosts.contains { HostHeader($0)?.name == host.name }
    }

    /// The client as the server should see it: the TCP peer, or, when the peer is the trusted proxy,
    /// the address the proxy put last in `X-Forwarded-For` (port 0: proxies do not pass the
    /// client's port; the proxy's own log has it) and whether it spoke HTTPS.
    func client(of peer: SocketAddress, headers: HTTPHeaders) -> (address: SocketAddress, isHTTPS: Bool) {
        guard let trustedProxyHost, peer.host == trustedProxyHost else { return (peer, false) }
        let address = ForwardedHeaders.clientHost(headers).map { SocketAddress(host: $0, port: 0) } ?? peer
        return (address, ForwardedHeaders.isHTTPS(headers))
    }

    /// Whether connections from `peer` count against `maxConnectionsPerAddress`.
    func capsConnections(from peer: SocketAddress) -> Bool { peer.host != trustedProxyHost }
}
