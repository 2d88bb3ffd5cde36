/// Size limits the request parser enforces; exceeding one is an error, never a larger buffer.
public struct HTTPParserLimits: Sendable, Hashable {
    /// Longest request-line in bytes, CRLF excluded (RFC 9112 §3 recommends at least 8000).
    public var maxRequestLineLength: Int
    /// Largest header section in bytes, request-line included.
    public var maxHeaderBytes: Int
    /// Most header fields (and, separately, trailer fields) in one request.
    public var maxHeaderCount: Int
    /// Largest content the parser accepts at all; routes set their own lower limits.
    public var maxBodySize: Int
    /// Longest chunk-size line, extensions included.
    public var maxChunkLineLength: Int

    /// Creates limits; the defaults are close to nginx's and SwiftNIO's.
    public init(
        maxRequestLineLength: Int = 8192, maxHeaderBytes: Int = 32 * 1024, maxHeaderCount: Int = 100,
        maxBodySize: Int = 8 * 1024 * 1024 * 1024, maxChunkLineLength: Int = 4096
    ) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodySize = maxBodySize
        self.maxChunkLineLength = maxChunkLineLength
    }
}
