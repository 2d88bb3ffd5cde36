/// Echoes a client's `X-Request-ID` (if sane) or sends the server's own, so logs can be joined.
public struct RequestIDMiddleware: HTTPMiddleware {
    public init() {}

    public func respond(
        to request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var response = try await next(request)
        let incoming = request.headers["X-Request-ID"].flatMap { id in
            id.utf8.count <= 64 && id.utf8.allSatisfy { $0.isTokenChar } ? id : nil
        }
        response.headers.set("X-Request-ID", incoming ?? request.id)
        return response
    }
}
