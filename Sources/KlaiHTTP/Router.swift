/// Method + path pattern routing with `:parameters`, a trailing `*rest`, 404, and 405 with `Allow`.
///
/// ```swift
/// var router = Router()
/// router.get("/lessons/:id") { request in .text("lesson \(request.parameters["id"]!)") }
/// router.use(RequestIDMiddleware())
/// ```
public struct Router: HTTPResponder {
    /// Produces a response for a request.
    public typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse

    struct Route: Sendable {
        var method: String
        var pattern: RoutePattern
        var maxBodySize: Int
        var handler: Handler
    }

    var routes: [Route] = []
    /// Routes without parameters, by method and path, for a lookup without scanning.
    var staticRoutes: [String: Int] = [:]
    var middleware: [any HTTPMiddleware] = []
    /// Content limit for routes that do not set their own (1 MiB).
    public var defaultMaxBodySize: Int

    /// Creates an empty router.
    public init(defaultMaxBodySize: Int = 1024 * 1024) {
        self.defaultMaxBodySize = defaultMaxBodySize
    }

    /// Adds a route. Patterns: `/lessons/:id`, `/hls/*path` (the rest of the path, may be empty).
    /// - Parameter maxBodySize: content this route accepts; larger requests get 413 unread.
    public mutating func add(_ method: String, _ pattern: String, maxBodySize: Int? = nil,
                             _ handler: @escaping Handler) {
        let compiled = RoutePattern(pattern)
        routes.append(Route(method: method, pattern: compiled, maxBodySize: maxBodySize ?? defaultMaxBodySize,
                            handler: handler))
        if compiled.isStatic, staticRoutes["\(method) \(pattern)"] == nil {
            staticRoutes["\(method) \(pattern)"] = routes.count - 1
        }
    }

    /// Adds a GET route (HEAD is answered by it too).
    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add("GET", pattern, handler) }
    public mutating func post(_ pattern: String, maxBodySize: Int? = nil, _ handler: @escaping Handler) {
        add("POST", pattern, maxBodySize: maxBodySize, handler)
    }
    public mutating func put(_ pattern: String, maxBodySize: Int? = nil, _ handler: @escaping Handler) {
        add("PUT", pattern, maxBodySize: maxBodySize, handler)
    }
    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) { add("DELETE", pattern, handler) }

    /// Adds middleware; the first added is the outermost.
    public mutating func use(_ middleware: any HTTPMiddleware) { self.middleware.append(middleware) }

    /// Finds the route for a request head: the handler (wrapped in middleware), its parameters and content limit.
    public func resolve(_ head: HTTPRequestHead) -> HTTPResolvedRoute {
        let path = HTTPRequest.split(target: head.target).path
        // RFC 9110 §9.3.2: HEAD is answered like GET, without content.
        let method = head.method == "HEAD" ? "GET" : head.method
        if let index = staticRoutes["\(method) \(path)"] {
            let route = routes[index]
            return HTTPResolvedRoute(maxBodySize: route.maxBodySize, handler: wrap(route.handler))
        }
        guard let segments = RoutePattern.split(path) else {
            return Self.withoutBody(HTTPResolvedRoute(maxBodySize: 0, handler: wrap { _ in .error(.badRequest, "Bad path encoding.") }))
        }
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.pattern.match(segments) else { continue }
            if route.method == method {
                return HTTPResolvedRoute(maxBodySize: route.maxBodySize, parameters: parameters,
                                         handler: wrap(route.handler))
            }
            allowed.append(route.method)
        }
        if allowed.isEmpty {
            return Self.withoutBody(HTTPResolvedRoute(maxBodySize: 0, handler: wrap { _ in .error(.notFound) }))
        }
        // RFC 9110 §15.5.6: 405 lists the methods the resource does support.
        if allowed.contains("GET") { allowed.append("HEAD") }
        var seen = Set<String>()
        let allow = allowed.filter { seen.insert($0).inserted }.joined(separator: ", ")
        return Self.withoutBody(HTTPResolvedRoute(maxBodySize: 0, handler: wrap { _ in
            var response = HTTPResponse.error(.methodNotAllowed)
            response.headers.set("Allow", allow)
            return response
        }))
    }

    static func withoutBody(_ route: HTTPResolvedRoute) -> HTTPResolvedRoute {
        var route = route
        route.ignoresBody = true
        return route
    }

    func wrap(_ handler: @escaping Handler) -> Handler {
        var next = handler
        for layer in middleware.reversed() {
            let inner = next
            next = { request in try await layer.respond(to: request, next: inner) }
        }
        return next
    }
}
