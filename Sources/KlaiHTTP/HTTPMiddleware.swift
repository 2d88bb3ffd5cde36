import Glibc

/// Code that runs around every handler of a router: it may change the request, answer itself,
/// or change the response.
public protocol HTTPMiddleware: Sendable {
    func respond(to request: HTTPRequest,
                 next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse
}

/// Echoes a client's `X-Request-ID` (if sane) or sends the server's own, so logs can be joined.
public struct RequestIDMiddleware: HTTPMiddleware {
    public init() {}

    public func respond(to request: HTTPRequest,
                        next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        var response = try await next(request)
        let incoming = request.headers["X-Request-ID"].flatMap { id in
            id.utf8.count <= 64 && id.utf8.allSatisfy { $0.isTokenChar } ? id : nil
        }
        response.headers.set("X-Request-ID", incoming ?? request.id)
        return response
    }
}

/// Adds `Server-Timing: app;dur=…` with the handler's time in milliseconds.
public struct TimingMiddleware: HTTPMiddleware {
    public init() {}

    public func respond(to request: HTTPRequest,
                        next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        let start = Monotonic.now()
        var response = try await next(request)
        let micros = (Monotonic.now() - start) / 1000
        response.headers.add("Server-Timing", "app;dur=\(micros / 1000).\(String(format3(micros % 1000)))")
        return response
    }

    private func format3(_ n: UInt64) -> String {
        n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)"
    }
}

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

    public func respond(to request: HTTPRequest,
                        next: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> HTTPResponse {
        let account = try await authenticate(request)
        if required && account == nil {
            return HTTPResponse(status: .unauthorized, headers: ["Content-Type": "text/plain; charset=utf-8"],
                                body: .bytes(Array("Please sign in.\n".utf8)))
        }
        var request = request
        request.account = account
        var response = try await next(request)
        if response.account == nil { response.account = account }
        return response
    }
}
