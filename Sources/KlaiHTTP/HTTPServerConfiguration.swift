import Glibc

/// Everything an `HTTPServer` can be told; the defaults suit one school box.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind: `127.0.0.1` (default), `0.0.0.0` for a school LAN, `::` for IPv6 and IPv4.
    public var host: String
    /// TCP port; 0 picks a free one (tests), read it back from `HTTPServer.localAddress`.
    public var port: Int
    /// Event-loop threads; about one per core.
    public var eventLoopCount: Int
    /// Open connections allowed; beyond it a client gets a fast 503 and is closed.
    public var maxConnections: Int
    public var limits: HTTPParserLimits
    public var timeouts: ConnectionStateMachine.Timeouts
    /// Request content up to this size stays in memory; larger content streams to a temporary file.
    public var maxInMemoryBodySize: Int
    /// Where large request bodies are written while they arrive.
    public var temporaryDirectory: String
    /// How long shutdown waits for in-flight requests before closing them.
    public var shutdownGracePeriod: Duration
    /// Where each exchange is recorded; `nil` records nothing (tests of other things).
    public var trafficLog: TrafficLog?
    /// Sent as the `Server` field.
    public var serverName: String
    /// Open connections allowed from one client address (a school NAT puts a whole school behind
    /// one, so not few); beyond it a client gets a fast 429 and is closed. The trusted proxy is exempt.
    public var maxConnectionsPerAddress: Int = 64
    /// Names the server answers to in the `Host` field; another name gets 421 Misdirected Request,
    /// so a page elsewhere that points its own name at the school box (DNS rebinding) reads nothing.
    /// Loopback names (`localhost`, `*.localhost`), IP literals and `host` are always accepted;
    /// an empty list accepts just those. `nil` (the default) checks nothing.
    public var allowedHosts: [String]?
    /// The reverse proxy (a numeric address) whose `X-Forwarded-For` and `X-Forwarded-Proto` are
    /// believed; from any other peer they are ignored. `nil` believes no one.
    public var trustedProxy: String? {
        didSet { trustedProxyHost = trustedProxy.flatMap { ForwardedHeaders.numericHost($0) } }
    }
    /// `trustedProxy` in the form peers are compared in.
    private(set) var trustedProxyHost: String?
    /// Where a handler's unexpected error (a 500) is reported, one line with the request id, method,
    /// path and error, never the content or the query. Standard error by default.
    public var errorLog: @Sendable (String) -> Void = HTTPServerConfiguration.standardError

    /// Creates a configuration; every parameter has a default fit for one school box.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, eventLoopCount: Int = HTTPServerConfiguration.coreCount,
        maxConnections: Int = 4096, limits: HTTPParserLimits = HTTPParserLimits(),
        timeouts: ConnectionStateMachine.Timeouts = .init(), maxInMemoryBodySize: Int = 64 * 1024,
        temporaryDirectory: String = "/tmp", shutdownGracePeriod: Duration = .seconds(10),
        trafficLog: TrafficLog? = nil, serverName: String = "klai"
    ) {
        self.host = host
        self.port = port
        self.eventLoopCount = max(1, eventLoopCount)
        self.maxConnections = maxConnections
        self.limits = limits
        self.timeouts = timeouts
        self.maxInMemoryBodySize = maxInMemoryBodySize
        self.temporaryDirectory = temporaryDirectory
        self.shutdownGracePeriod = shutdownGracePeriod
        self.trafficLog = trafficLog
        self.serverName = serverName
    }

    /// Writes a line to standard error (file descriptor 2, unbuffered, whole lines).
    public static let standardError: @Sendable (String) -> Void = { line in
        let text = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
        _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// Online processors.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The tick that checks timeouts: a quarter of the shortest timeout, at most 250 ms.
    var tickMilliseconds: Int32 {
        let shortest = [timeouts.header, timeouts.idle, timeouts.body, timeouts.write].min() ?? .seconds(1)
        let quarter = Int64(shortest.nanoseconds / 4_000_000)
        return Int32(max(10, min(250, quarter)))
    }
}
