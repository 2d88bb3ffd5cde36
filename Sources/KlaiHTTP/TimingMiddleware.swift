/// Adds `Server-Timing: app;dur=…` with the handler's time in milliseconds.
public struct TimingMiddleware: HTTPMiddleware {
    public init() {}

    public func respond(
        to request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
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
