/// A response's content.
public enum HTTPResponseBody: Sendable {
    case empty
    case bytes([UInt8])
    /// A byte range of an open file, sent with `sendfile` (zero-copy).
    case file(OpenFile, range: Range<Int>)
    /// Content produced while it is sent, with chunked transfer coding (RFC 9112 §7.1).
    case stream(@Sendable (HTTPBodyWriter) async throws -> Void)

    /// The length when known in advance.
    var knownLength: Int? {
        switch self {
        case .empty: 0
        case .bytes(let bytes): bytes.count
        case .file(_, let range): range.count
        case .stream: nil
        }
    }
}
