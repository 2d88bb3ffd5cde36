/// A response a handler returns: status, header fields and content.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: HTTPResponseBody
    /// The signed-in account this exchange belongs to; the traffic log records it (Computer Crime Act s.26).
    public var account: String?
    /// Asks the server to close the connection after this response.
    public var closeConnection: Bool

    /// Creates a response; the server adds Date, Server, Content-Length or chunked coding, and Connection.
    public init(
        status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: HTTPResponseBody = .empty,
        account: String? = nil, closeConnection: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.account = account
        self.closeConnection = closeConnection
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .bytes(Array(text.utf8)))
    }

    /// A `text/html; charset=utf-8` response.
    public static func html(_ html: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .bytes(Array(html.utf8)))
    }

    /// A short plain-text error page for `status`.
    public static func error(_ status: HTTPStatus, _ message: String? = nil) -> HTTPResponse {
        if message == nil, status == .notFound { return notFound }
        return .text((message ?? status.reason) + "\n", status: status)
    }

    /// The plain 404, built once with its header lines written: a flood of missing paths costs no formatting.
    private static let notFound: HTTPResponse = {
        var response = HTTPResponse.text(HTTPStatus.notFound.reason + "\n", status: .notFound)
        response.headers.prepareResponseLines()
        return response
    }()
}
