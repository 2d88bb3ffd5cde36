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
        RoutePath(path)?.segments
    }

    func match(_ path: RoutePath) -> [String: String]? {
        let segments = path.segments
        var parameters: [String: String] = [:]
        for (index, segment) in self.segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard index < segments.count, segments[index] == text else { return nil }
            case .parameter(let name):
                guard index < segments.count else { return nil }
                parameters[name] = segments[index]
            case .rest(let name):
                parameters[name] = path.rest(from: index)
                return parameters
            }
        }
        return segments.count == self.segments.count ? parameters : nil
    }

    /// The segments joined with "/", sized once (the generic `joined(separator:)` is several times slower).
    static func joined(_ segments: ArraySlice<String>) -> String {
        if segments.count == 1, let only = segments.first { return only }
        var result = ""
        result.reserveCapacity(segments.reduce(segments.count) { $0 + $1.utf8.count })
        for segment in segments {
            if !result.isEmpty { result += "/" }
            result += segment
        }
        return result
    }
}

/// A request path cut once into percent-decoded segments, for matching against every route.
struct RoutePath {
    let raw: String
    /// Non-empty, percent-decoded segments.
    let segments: [String]
    /// `raw` is "/" followed by the segments joined with "/" as they are (no escape, no empty
    /// segment, no trailing "/"), so a `*rest` can be cut from it instead of joined.
    let isCanonical: Bool

    /// `nil` when an escape is malformed or decodes to a NUL or invalid UTF-8.
    init?(_ path: String) {
        // Byte by byte: "/" is ASCII, so every cut falls between characters, and a segment without "%"
        // is copied as it is (most paths), without a Character walk or a decode.
        var text = path
        let split: (segments: [String], canonical: Bool)? = text.withUTF8 { bytes in
            var result: [String] = []
            result.reserveCapacity(8)
            var canonical = bytes.first == UInt8(ascii: "/")
            var start = 0
            var escaped = false
            for index in 0...bytes.count {
                if index < bytes.count, bytes[index] != UInt8(ascii: "/") {
                    if bytes[index] == UInt8(ascii: "%") { escaped = true }
                    if bytes[index] == 0 { return nil }
                    continue
                }
                if start != index {
                    let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    if !escaped {
                        result.append(raw)
                    } else {
                        guard let decoded = PercentEncoding.decode(raw, plusAsSpace: false),
                            !decoded.utf8.contains(0)
                        else { return nil }
                        result.append(decoded)
                        canonical = false
                    }
                } else if index != 0 {
                    canonical = false  // "//", or a trailing "/"
                }
                start = index + 1
                escaped = false
            }
            return (result, canonical)
        }
        guard let split else { return nil }
        raw = path
        segments = split.segments
        isCanonical = split.canonical && !split.segments.isEmpty
    }

    /// The segments from `index` on, joined with "/".
    func rest(from index: Int) -> String {
        guard index < segments.count else { return "" }
        if isCanonical {
            // raw is "/" + the segments joined with "/": segment `index` starts after `index + 1` slashes.
            let offset = segments[..<index].reduce(index + 1) { $0 + $1.utf8.count }
            let utf8 = raw.utf8
            return String(raw[utf8.index(utf8.startIndex, offsetBy: offset)...])
        }
        return RoutePattern.joined(segments[index...])
    }
}
