import KlaiHTTP

/// Headers every answer carries: no inline script, no framing, nothing loaded from another host.
struct SecurityHeadersMiddleware: HTTPMiddleware {
    /// CSP Level 3: everything from Klai itself; `blob:` for the player's MediaSource URLs.
    static let policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "media-src 'self' blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'"

    func respond(
        to request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var response: HTTPResponse
        do {
            response = try await next(request)
        } catch {
            response = WebError.response(for: error, request)
        }
        let headers = response.headers
        if !headers.contains("Content-Security-Policy") { response.headers.set("Content-Security-Policy", Self.policy) }
        if !headers.contains("X-Content-Type-Options") { response.headers.set("X-Content-Type-Options", "nosniff") }
        if !headers.contains("Referrer-Policy") { response.headers.set("Referrer-Policy", "same-origin") }
        if headers["Content-Type"]?.hasPrefix("text/html") == true, !headers.contains("Cache-Control") {
            response.headers.set("Cache-Control", "no-store")
        }
        return response
    }
}
