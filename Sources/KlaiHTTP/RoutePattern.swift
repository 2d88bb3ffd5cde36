/// A compiled route pattern.
struct RoutePattern: Sendable {
    enum Segment: Sendable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    var segments: [Segment]

    init(_ pattern: String) {
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .rest(part.count > 1 ? String(part.dropFirst()) : "*") }
            return .literal(String(part))
        }
    }

    var isStatic: Bool {
        segments.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// Splits a raw path into percent-decoded segments; `nil` when an escape is malformed or decodes
    /// to a NUL or invalid UTF-8. Decoding happens here, once.
    static func split(_ path: String) -> [String]? {
        var result: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            // (utf8.contains: String.contains(String) would be Foundation's locale-aware search.)
            guard let decoded = PercentEncoding.decode(raw, plusAsSpace: false), !decoded.utf8.contains(0) else {
                return nil
            }
            result.append(decoded)
        }
        return result
    }

    func match(_ path: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard index < path.count, path[index] == text else { return nil }
            case .parameter(let name):
                guard index < path.count else { return nil }
                parameters[name] = path[index]
            case .rest(let name):
                parameters[name] = path[index...].joined(separator: "/")
                return parameters
            }
        }
        return path.count == segments.count ? parameters : nil
    }
}
