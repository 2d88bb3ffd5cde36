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

    /// Creates a configuration; every parameter has a default fit for one school box.
    public init(host: String = "127.0.0.1", port: Int = 8080, eventLoopCount: Int = HTTPServerConfiguration.coreCount,
                maxConnections: Int = 4096, limits: HTTPParserLimits = HTTPParserLimits(),
                timeouts: ConnectionStateMachine.Timeouts = .init(), maxInMemoryBodySize: Int = 64 * 1024,
                temporaryDirectory: String = "/tmp", shutdownGracePeriod: Duration = .seconds(10),
                trafficLog: TrafficLog? = nil, serverName: String = "klai") {
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

    /// Online processors.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The tick that checks timeouts: a quarter of the shortest timeout, at most 250 ms.
    var tickMilliseconds: Int32 {
        let shortest = [timeouts.header, timeouts.idle, timeouts.body, timeouts.write].min() ?? .seconds(1)
        let quarter = Int64(shortest.nanoseconds / 4_000_000)
        return Int32(max(10, min(250, quarter)))
    }
}
