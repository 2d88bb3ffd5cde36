import Glibc

extension FileServer {
    /// Builds the response for an open file, honouring validators and a single byte range.
    func respond(to request: HTTPRequest, opened: OpenedFile) -> HTTPResponse {
        let file = opened.file
        let size = file.size
        let modified = opened.modified
        let etag = opened.etag
        let lastModified = opened.lastModified
        // RFC 9110 §13.2.2: If-None-Match first; If-Modified-Since only without it.
        if let noneMatch = request.headers["If-None-Match"] {
            if Self.matches(noneMatch, etag: etag, weak: true) {
                return HTTPResponse(status: .notModified, headers: opened.validatorFields)
            }
        } else if let since = request.headers["If-Modified-Since"].flatMap(HTTPDate.parse), modified <= since {
            return HTTPResponse(status: .notModified, headers: opened.validatorFields)
        }

        var headers = opened.contentFields

        if request.method == "GET", let rangeHeader = request.headers["Range"],
            rangeApplies(request.headers["If-Range"], etag: etag, lastModified: lastModified)
        {
            switch Self.parseRange(rangeHeader, size: size) {
            case .satisfiable(let range):
                headers.add("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)")
                return HTTPResponse(status: .partialContent, headers: headers, body: .file(file, range: range))
            case .unsatisfiable:
                // RFC 9110 §15.5.17: tell the client the current length.
                return HTTPResponse(status: .rangeNotSatisfiable, headers: ["Content-Range": "bytes */\(size)"])
            case .ignored:
                break
            }
        }
        return HTTPResponse(status: .ok, headers: headers, body: .file(file, range: 0..<size))
    }

    /// RFC 9110 §13.1.5: If-Range holds a strong ETag or the exact Last-Modified date.
    func rangeApplies(_ ifRange: String?, etag: String, lastModified: String) -> Bool {
        guard let ifRange = ifRange?.trimmingOWS() else { return true }
        if ifRange.hasPrefix("\"") || ifRange.hasPrefix("W/") { return ifRange == etag }
        return ifRange == lastModified
    }

    /// RFC 9110 §13.1.2: `*` or a list of entity tags; weak comparison for If-None-Match.
    static func matches(_ header: String, etag: String, weak: Bool) -> Bool {
        for item in header.split(separator: ",") {
            var tag = item.trimmingOWS()
            if tag == "*" { return true }
            if weak, tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            if tag == etag { return true }
        }
        return false
    }

    enum RangeResult: Equatable {
        case satisfiable(Range<Int>)
        case unsatisfiable
        /// Not a single well-formed byte range: serve the whole file (RFC 9110 §14.2 allows ignoring).
        case ignored
    }

    /// RFC 9110 §14.1.2: `bytes=first-last`, `bytes=first-`, `bytes=-suffix`; one range only.
    static func parseRange(_ header: String, size: Int) -> RangeResult {
        let trimmed = header.trimmingOWS()
        guard trimmed.count > 6, trimmed.prefix(6).equalsASCIICaseInsensitive("bytes=") else { return .ignored }
        let spec = trimmed.dropFirst(6).trimmingOWS()
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .ignored }
        let first = spec[..<dash].trimmingOWS()
        let last = spec[spec.index(after: dash)...].trimmingOWS()
        func number(_ text: Substring) -> Int? {
            guard !text.isEmpty, text.count <= 18, text.utf8.allSatisfy({ $0.decimalDigit != nil }) else { return nil }
            return Int(text)
        }
        if first.isEmpty {
            guard let suffix = number(last) else { return .ignored }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .satisfiable(max(0, size - suffix)..<size)
        }
        guard let start = number(first) else { return .ignored }
        if last.isEmpty {
            return start < size ? .satisfiable(start..<size) : .unsatisfiable
        }
        guard let end = number(last), end >= start else { return .ignored }
        return start < size ? .satisfiable(start..<min(end + 1, size)) : .unsatisfiable
    }
}
