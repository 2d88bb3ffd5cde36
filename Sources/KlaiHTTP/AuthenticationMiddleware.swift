/// The sign-in hook: asks `authenticate` who the request belongs to; the account goes into the
/// traffic log. With `required`, a request without an account gets 401.
public struct AuthenticationMiddleware: HTTPMiddleware {
    /// Returns the account name for a request, or `nil` when it is anonymous.
    public typealias Authenticate = @Sendable (HTTPRequest) async throws -> String?

    let authenticate: Authenticate
    let required: Bool

    /// Creates the hook; with `required`, anonymous requests get 401.
    public init(required: Bool = false, authenticate: @escaping Authenticate) {
        self.authenticate = authenticate
        self.required = required
    }

    public func respond(
        to request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let account = try await authenticate(request)
        if required && account == nil {
            return HTTPResponse(
                status: .unauthorized, headers: ["Content-Type": "text/plain; charset=utf-8"],
                body: .bytes(Array("Please sign in.\n".utf8)))
        }
        var request = request
        request.account = account
        var response = try await next(request)
        if response.account == nil { response.account = account }
        return response
    }
}
