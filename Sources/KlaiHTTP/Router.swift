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

    /// Answers on the event loop's thread, at once, when it can do so without waiting or blocking
    /// (a file already open, a remembered miss); `nil` hands the request to the route's `Handler`.
    /// It saves a task and two thread hops per request, which is most of the cost of a small file.
    /// Used only by a router without middleware (middleware is asynchronous).
    public typealias ImmediateHandler = @Sendable (HTTPRequest) -> HTTPResponse?

    /// A handler with an optional immediate answer in front of it; `FileServer.endpoint(parameter:)` makes one.
    public struct Endpoint: Sendable {
        public var immediate: ImmediateHandler?
        public var handler: Handler

        public init(immediate: ImmediateHandler? = nil, handler: @escaping Handler) {
            self.immediate = immediate
            self.handler = handler
        }
    }

    /// Decides from the request head alone whether the content may be read: `nil` lets the request
    /// through, a response (401, 403, 429) is sent at once, the content is never read, and the
    /// connection is closed if content was announced. The request it sees has its path, query,
    /// parameters, headers, remote address and id, and an empty body.
    ///
    /// It keeps a client that is not signed in from making the server read (and hold a slot for)
    /// half a megabyte of events first:
    ///
    /// ```swift
    /// router.post("/api/events", maxBodySize: 512 * 1024, admit: { request in
    ///     await sessions.principal(for: request) == nil ? .error(.unauthorized, "Sign in first.") : nil
    /// }) { request in try await ingest(request) }
    /// ```
    ///
    /// `Router.admitAll(_:)` adds a check run before every route's own (session middleware with a
    /// head phase).
    public typealias Admission = @Sendable (HTTPRequest) async -> HTTPResponse?

    struct Route: Sendable {
        var method: String
        var pattern: RoutePattern
        var maxBodySize: Int
        var handler: Handler
        var immediate: ImmediateHandler?
        var admit: Admission?
    }

    var routes: [Route] = []
    /// Routes without parameters, by method and path, for a lookup without scanning.
    var staticRoutes: [String: Int] = [:]
    var middleware: [any HTTPMiddleware] = []
    /// Checks run on every routed request's head before the route's own `admit`, first added first.
    var admissions: [Admission] = []
    /// Content limit for routes that do not set their own (1 MiB).
    public var defaultMaxBodySize: Int

    /// Creates an empty router.
    public init(defaultMaxBodySize: Int = 1024 * 1024) {
        self.defaultMaxBodySize = defaultMaxBodySize
    }

    /// Adds a route. Patterns: `/lessons/:id`, `/hls/*path` (the rest of the path, may be empty).
    /// - Parameters:
    ///   - maxBodySize: content this route accepts; larger requests get 413 unread.
    ///   - admit: a check on the head before any content is read (see `Admission`).
    public mutating func add(
        _ method: String, _ pattern: String, maxBodySize: Int? = nil,
        admit: Admission? = nil, _ handler: @escaping Handler
    ) {
        add(method, pattern, maxBodySize: maxBodySize, admit: admit, Endpoint(handler: handler))
    }

    /// Adds a route answered by an endpoint (a handler with an immediate answer in front of it).
    public mutating func add(
        _ method: String, _ pattern: String, maxBodySize: Int? = nil,
        admit: Admission? = nil, _ endpoint: Endpoint
    ) {
        let compiled = RoutePattern(pattern)
        routes.append(
            Route(
                method: method, pattern: compiled, maxBodySize: maxBodySize ?? defaultMaxBodySize,
                handler: endpoint.handler, immediate: endpoint.immediate, admit: admit))
        if compiled.isStatic, staticRoutes["\(method) \(pattern)"] == nil {
            staticRoutes["\(method) \(pattern)"] = routes.count - 1
        }
    }

    /// Adds a GET route (HEAD is answered by it too).
    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add("GET", pattern, handler) }
    /// Adds a GET route answered by an endpoint (HEAD is answered by it too).
    public mutating func get(_ pattern: String, _ endpoint: Endpoint) { add("GET", pattern, endpoint) }
    public mutating func post(
        _ pattern: String, maxBodySize: Int? = nil, admit: Admission? = nil,
        _ handler: @escaping Handler
    ) {
        add("POST", pattern, maxBodySize: maxBodySize, admit: admit, handler)
    }
    public mutating func put(
        _ pattern: String, maxBodySize: Int? = nil, admit: Admission? = nil,
        _ handler: @escaping Handler
    ) {
        add("PUT", pattern, maxBodySize: maxBodySize, admit: admit, handler)
    }
    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) { add("DELETE", pattern, handler) }

    /// Adds middleware; the first added is the outermost.
    public mutating func use(_ middleware: any HTTPMiddleware) { self.middleware.append(middleware) }

    /// Adds a head-phase check for every route (404 and 405 answers excepted), run before the
    /// route's own `admit`; the first that answers wins.
    public mutating func admitAll(_ check: @escaping Admission) { admissions.append(check) }

    /// The router-wide checks followed by the route's own, as one.
    func admission(for route: Route) -> Admission? {
        if admissions.isEmpty { return route.admit }
        let checks = admissions + (route.admit.map { [$0] } ?? [])
        guard !checks.isEmpty else { return nil }
        return { request in
            for check in checks {
                if let answer = await check(request) { return answer }
            }
            return nil
        }
    }

    /// Finds the route for a request head: the handler (wrapped in middleware), its parameters and content limit.
    public func resolve(_ head: HTTPRequestHead) -> HTTPResolvedRoute {
        let target = HTTPRequest.split(target: head.target)
        var route = resolve(head, path: target.path)
        route.splitTarget = target
        return route
    }

    private func resolve(_ head: HTTPRequestHead, path: String) -> HTTPResolvedRoute {
        // RFC 9110 §9.3.2: HEAD is answered like GET, without content.
        let method = head.method == "HEAD" ? "GET" : head.method
        if !staticRoutes.isEmpty, let index = staticRoutes["\(method) \(path)"] {
            return resolved(routes[index], parameters: [:])
        }
        guard let segments = RoutePath(path) else {
            return answer { _ in .error(.badRequest, "Bad path encoding.") }
        }
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.pattern.match(segments) else { continue }
            if route.method == method { return resolved(route, parameters: parameters) }
            allowed.append(route.method)
        }
        if allowed.isEmpty { return answer { _ in .error(.notFound) } }
        // RFC 9110 §15.5.6: 405 lists the methods the resource does support.
        if allowed.contains("GET") { allowed.append("HEAD") }
        var seen = Set<String>()
        let allow = allowed.filter { seen.insert($0).inserted }.joined(separator: ", ")
        return answer { _ in
            var response = HTTPResponse.error(.methodNotAllowed)
            response.headers.set("Allow", allow)
            return response
        }
    }

    private func resolved(_ route: Route, parameters: [String: String]) -> HTTPResolvedRoute {
        var resolved = HTTPResolvedRoute(
            maxBodySize: route.maxBodySize, parameters: parameters, handler: wrap(route.handler))
        resolved.admit = admission(for: route)
        if middleware.isEmpty { resolved.immediate = route.immediate }
        return resolved
    }

    /// The router's own answer (400, 404, 405), sent without reading any content.
    private func answer(_ respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse) -> HTTPResolvedRoute {
        var route = HTTPResolvedRoute(maxBodySize: 0, handler: wrap { request in respond(request) })
        route.ignoresBody = true
        if middleware.isEmpty { route.immediate = respond }
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
