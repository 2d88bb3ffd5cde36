/// What the server asks once a request head has arrived: how much content the route accepts and
/// who will answer. `Router` implements it.
public protocol HTTPResponder: Sendable {
    /// Resolves the route for a request head.
    func resolve(_ head: HTTPRequestHead) -> HTTPResolvedRoute
}

/// A route chosen for a request.
public struct HTTPResolvedRoute: Sendable {
    /// Largest content this route accepts (413 above it, before any of it is read).
    public var maxBodySize: Int
    /// Parameters captured from the path.
    public var parameters: [String: String]
    /// Produces the response.
    public var handler: @Sendable (HTTPRequest) async throws -> HTTPResponse
    /// Tried first, on the loop's thread: a response from it is sent without running `handler`
    /// (see `Router.ImmediateHandler`).
    public var immediate: Router.ImmediateHandler?
    /// The answer does not need the content (404, 405): it is sent without reading any.
    public var ignoresBody = false
    /// Runs once the head has arrived, before any content is read (see `Router.Admission`); a
    /// response from it is sent instead of running `handler`, and announced content is never read.
    public var admit: Router.Admission?
    /// The request-target split into path and query by the router, so the request need not split it again.
    var splitTarget: (path: String, query: String?)?

    /// Creates a resolved route.
    public init(
        maxBodySize: Int, parameters: [String: String] = [:],
        handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) {
        self.maxBodySize = maxBodySize
        self.parameters = parameters
        self.handler = handler
    }
}
