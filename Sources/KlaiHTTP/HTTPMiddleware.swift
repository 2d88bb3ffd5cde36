/// Code that runs around every handler of a router: it may change the request, answer itself,
/// or change the response.
public protocol HTTPMiddleware: Sendable {
    func respond(
        to request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse
}
