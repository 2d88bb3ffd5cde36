@testable import KlaiHTTP

/// What a whole byte string parses into, for tests.
struct ParsedRequest {
    var head: HTTPRequestHead
    var body: [UInt8]
    var bodyString: String { String(decoding: body, as: UTF8.self) }
}

/// Parses `text` fed in pieces of `pieceSize` bytes; returns the complete requests.
func parseRequests(
    _ text: String, pieceSize: Int = .max,
    limits: HTTPParserLimits = HTTPParserLimits()
) throws(HTTPParserError) -> [ParsedRequest] {
    try parseRequests(Array(text.utf8), pieceSize: pieceSize, limits: limits)
}

func parseRequests(
    _ bytes: [UInt8], pieceSize: Int = .max,
    limits: HTTPParserLimits = HTTPParserLimits()
) throws(HTTPParserError) -> [ParsedRequest] {
    var parser = HTTPRequestParser(limits: limits)
    var done: [ParsedRequest] = []
    var current: ParsedRequest?
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + min(pieceSize, bytes.count))
        parser.append(contentsOf: bytes[offset..<end])
        offset = end
        while let event = try parser.next() {
            switch event {
            case .head(let head): current = ParsedRequest(head: head, body: [])
            case .body(let slice): current?.body += slice
            case .end: if let c = current { done.append(c) }; current = nil
            }
        }
    }
    return done
}

/// The error parsing `text` raises, or `nil` if it parses.
func parseError(_ text: String, pieceSize: Int = .max, limits: HTTPParserLimits = HTTPParserLimits()) -> HTTPParserError? {
    do {
        _ = try parseRequests(text, pieceSize: pieceSize, limits: limits)
        return nil
    } catch {
        return error
    }
}
