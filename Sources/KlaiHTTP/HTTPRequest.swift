/// A complete request as a handler sees it: head, route parameters, and the content already received.
public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    /// The path part of the target, still percent-encoded, without the query (`/lessons/42`).
    public var path: String
    /// The query string after `?`, still encoded, or `nil`.
    public var query: String?
    /// Parameters captured by the route pattern (`:id`), percent-decoded.
    public var parameters: [String: String]
    /// The content: nothing, bytes in memory, or a temporary file for large uploads.
    public var body: HTTPRequestBody
    /// The client's address and port, as the traffic log records them.
    public var remoteAddress: SocketAddress
    /// A server-unique id for this request (logs, `X-Request-ID`).
    public var id: String
    /// The signed-in account, set by `AuthenticationMiddleware`.
    public var account: String?
    /// Values middleware attached for later handlers (the signed-in person, the page language).
    public var storage = RequestStorage()
    /// Whether the client reached the server over HTTPS: only through a trusted reverse proxy that
    /// says so (`HTTPServerConfiguration.trustedProxy`), since Klai itself speaks plain HTTP. A
    /// session cookie should then be `Secure`.
    public var isHTTPS = false

    /// The request method (`GET`, `POST`, …).
    public var method: String { head.method }
    public var headers: HTTPHeaders { head.headers }

    /// Creates a request; the server does this, tests may too.
    public init(
        head: HTTPRequestHead, parameters: [String: String] = [:], body: HTTPRequestBody = .none,
        remoteAddress: SocketAddress = SocketAddress(host: "127.0.0.1", port: 0), id: String = "0"
    ) {
        self.init(
            head: head, splitTarget: HTTPRequest.split(target: head.target), parameters: parameters, body: body,
            remoteAddress: remoteAddress, id: id)
    }

    /// A request whose target the router has already split.
    init(
        head: HTTPRequestHead, splitTarget: (path: String, query: String?), parameters: [String: String],
        body: HTTPRequestBody, remoteAddress: SocketAddress, id: String
    ) {
        self.head = head
        path = splitTarget.path
        query = splitTarget.query
        self.parameters = parameters
        self.body = body
        self.remoteAddress = remoteAddress
        self.id = id
    }

    /// Splits a request-target into path and query; an absolute-form target loses its scheme and
    /// authority (RFC 9112 §3.2.2).
    static func split(target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        // Origin-form (the usual case) starts with "/": no scheme to look for.
        if rest.utf8.first != UInt8(ascii: "/"), let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        if let mark = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            return (String(rest[..<mark]), String(rest[rest.utf8.index(after: mark)...]))
        }
        return (String(rest), nil)
    }
}

/// A request's content.
public enum HTTPRequestBody: Sendable {
    case none
    case bytes([UInt8])
    /// Content larger than the in-memory threshold, streamed to a temporary file as it arrived.
    case file(TemporaryFile)

    /// The content in memory (reads the file for large bodies; prefer streaming those).
    public func collect() throws -> [UInt8] {
        switch self {
        case .none: []
        case .bytes(let bytes): bytes
        case .file(let file): try file.readAll()
        }
    }
}
