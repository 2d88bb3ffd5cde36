/// One exchange as the traffic log keeps it (Computer Crime Act B.E. 2550 s.26: origin, destination,
/// time, volume, duration, type of service, and the account).
public struct TrafficRecord: Sendable, Hashable {
    /// Wall-clock start of the exchange (UTC, since 1970).
    public var seconds: Int
    public var nanoseconds: Int
    public var clientHost: String
    public var clientPort: Int
    /// The signed-in account, if any.
    public var account: String?
    public var method: String
    /// The request-target as received.
    public var target: String
    public var status: Int
    /// Bytes written to the socket, header included.
    public var bytesSent: Int
    public var durationMicroseconds: Int
    public var userAgent: String?

    /// Creates a record; the server does this for every exchange.
    public init(
        seconds: Int, nanoseconds: Int, clientHost: String, clientPort: Int, account: String?, method: String,
        target: String, status: Int, bytesSent: Int, durationMicroseconds: Int, userAgent: String?
    ) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.clientHost = clientHost
        self.clientPort = clientPort
        self.account = account
        self.method = method
        self.target = target
        self.status = status
        self.bytesSent = bytesSent
        self.durationMicroseconds = durationMicroseconds
        self.userAgent = userAgent
    }
}
