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
        // Byte by byte: "/" is ASCII, so every cut falls between characters, and a segment without "%"
        // is copied as it is (most paths), without a Character walk or a decode.
        var result: [String] = []
        let bytes = path.utf8
        var start = bytes.startIndex
        var escaped = false
        var index = start
        while true {
            let atEnd = index == bytes.endIndex
            if atEnd || bytes[index] == UInt8(ascii: "/") {
                if start != index {
                    let raw = path[start..<index]
                    // (utf8.contains: String.contains(String) would be Foundation's locale-aware search.)
                    if !escaped {
                        if raw.utf8.contains(0) { return nil }
                        result.append(String(raw))
                    } else {
                        guard let decoded = PercentEncoding.decode(raw, plusAsSpace: false), !decoded.utf8.contains(0) else {
                            return nil
                        }
                        result.append(decoded)
                    }
                }
                if atEnd { return result }
                start = bytes.index(after: index)
                escaped = false
            } else if bytes[index] == UInt8(ascii: "%") {
                escaped = true
            }
            index = bytes.index(after: index)
        }
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
