/// A parsed request line and header section.
public struct HTTPRequestHead: Sendable {
    /// The method token, case-sensitive (RFC 9110 §9.1).
    public var method: String
    /// The request-target exactly as received (RFC 9112 §3.2).
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// How the content that follows is delimited.
    public var framing: HTTPBodyFraming

    /// Creates a head; the parser does this, tests may too.
    public init(
        method: String, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:], framing: HTTPBodyFraming = .none
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
    }

    /// Whether the connection may stay open after this exchange (RFC 9112 §9.3).
    public var keepAlive: Bool {
        if headers.listContains("Connection", token: "close") { return false }
        if version.minor >= 1 { return true }
        return headers.listContains("Connection", token: "keep-alive")
    }

    /// Whether the client waits for `100 Continue` before sending content (RFC 9110 §10.1.1).
    public var expectsContinue: Bool {
        version.minor >= 1 && (headers["Expect"]?.trimmingOWS().equalsASCIICaseInsensitive("100-continue") ?? false)
    }

    /// Whether an `Expect` field holds something other than `100-continue` (→ 417).
    public var hasUnsupportedExpectation: Bool {
        guard let expect = headers["Expect"] else { return false }
        return !expect.trimmingOWS().equalsASCIICaseInsensitive("100-continue")
    }
}
