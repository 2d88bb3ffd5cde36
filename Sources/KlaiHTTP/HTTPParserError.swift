/// Why the request parser refused the bytes it was given. Every case closes the connection.
public enum HTTPParserError: Error, Sendable, Hashable {
    /// No CRLF within the request-line limit (RFC 9112 §3: 414).
    case requestLineTooLong
    /// The header section exceeds its byte limit (RFC 6585 §5: 431).
    case headersTooLarge
    /// More header fields than allowed (431).
    case tooManyHeaders
    case invalidMethod
    case invalidTarget
    case invalidVersion
    /// A major version other than 1 (505).
    case unsupportedVersion
    /// A header name with a non-token byte or whitespace before the colon (RFC 9112 §5.1).
    case invalidHeaderName
    /// A control character (other than HTAB) in a field value (RFC 9110 §5.5).
    case invalidHeaderValue
    /// A line starting with whitespace: obsolete line folding (RFC 9112 §5.2).
    case obsoleteLineFolding
    /// A LF not preceded by CR, or a CR not followed by LF (RFC 9112 §2.2).
    case bareLineEnding
    /// HTTP/1.1 without exactly one Host field (RFC 9112 §3.2).
    case invalidHost
    /// Both Content-Length and Transfer-Encoding: a smuggling attempt (RFC 9112 §6.1).
    case contentLengthWithTransferEncoding
    /// More than one Content-Length field or list value (RFC 9112 §6.3 item 5).
    case duplicateContentLength
    /// A Content-Length that is not a non-negative decimal integer (RFC 9110 §8.6).
    case invalidContentLength
    /// Transfer-Encoding whose final coding is not chunked, or chunked twice (RFC 9112 §6.3 item 4).
    case invalidTransferEncoding
    /// A transfer coding other than chunked (RFC 9112 §6.1: 501).
    case unsupportedTransferEncoding
    /// Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1: faulty framing).
    case transferEncodingInHTTP10
    /// A chunk-size line that is not hex digits with optional extensions (RFC 9112 §7.1).
    case invalidChunkSize
    /// Chunk data not followed by CRLF (RFC 9112 §7.1).
    case invalidChunkTerminator
    /// Content larger than the limit (413).
    case contentTooLarge

    /// The status the server answers with before closing.
    public var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: .uriTooLong
        case .headersTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .unsupportedVersion: .httpVersionNotSupported
        case .unsupportedTransferEncoding: .notImplemented
        case .contentTooLarge: .contentTooLarge
        default: .badRequest
        }
    }
}
