/// What the parser produced from the bytes it holds.
public enum HTTPParserEvent: Sendable {
    /// A complete request head; content (if any) follows as `.body` events, then `.end`.
    case head(HTTPRequestHead)
    /// A piece of content, sliced from the parser's buffer without copying.
    case body(ArraySlice<UInt8>)
    /// The request is complete; the next event belongs to the next (pipelined) request.
    case end
}

/// An incremental HTTP/1.1 request parser over raw bytes (RFC 9112).
///
/// Feed bytes with `append`, then call `next()` until it returns `nil` (more bytes needed).
/// It is strict where leniency enables request smuggling or header injection, in line with what
/// SwiftNIO's llhttp-based decoder refuses. After an error the parser is unusable; close the connection.
public struct HTTPRequestParser: Sendable {
    enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case endPending
        case failed(HTTPParserError)
    }

    /// The limits this parser enforces.
    public let limits: HTTPParserLimits
    var state: State = .head
    var buffer: [UInt8] = []
    /// Index of the first unconsumed byte in `buffer`.
    var start = 0
    /// How far past `start` the line-end scan has already looked (to stay linear on slow clients).
    var scanned = 0
    var bodyReceived = 0
    var trailerCount = 0
    var isChunked = false

    /// Creates a parser with the given limits.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
        buffer.reserveCapacity(4096)
    }

    /// Bytes received but not yet turned into events.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Whether the parser sits between requests with nothing buffered.
    public var isIdle: Bool {
        if case .head = state { return buffer.count == start }
        return false
    }

    /// Whether a request head has been started but not completed.
    public var isReadingHead: Bool {
        if case .head = state { return buffer.count > start }
        return false
    }

    /// Appends received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes.
    public mutating func append<Bytes: Collection>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next event, or `nil` when more bytes are needed.
    /// - Throws: `HTTPParserError` when the bytes are not an acceptable request; it is sticky.
    public mutating func next() throws(HTTPParserError) -> HTTPParserEvent? {
        switch state {
        case .failed(let error):
            throw error
        case .head:
            do {
                return try parseHead()
            } catch {
                state = .failed(error)
                throw error
            }
        case .fixedBody(let remaining):
            let available = buffer.count - start
            guard available > 0 else { return nil }
            let take = min(available, remaining)
            let slice = buffer[start..<(start + take)]
            start += take
            state = take == remaining ? .endPending : .fixedBody(remaining: remaining - take)
            return .body(slice)
        case .endPending:
            state = .head
            return .end
        case .chunkSize, .chunkData, .chunkDataEnd, .trailers:
            do {
                return try parseChunked()
            } catch {
                state = .failed(error)
                throw error
            }
        }
    }

    /// Drops consumed bytes so the buffer does not grow with a long keep-alive connection.
    mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 16 * 1024 && start * 2 > buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    /// Finds the next CRLF at or after `start + scanned`; returns the index of the CR.
    /// - Throws: `bareLineEnding` for a LF without CR or a CR without LF.
    mutating func findLineEnd(limit: Int, tooLong: HTTPParserError) throws(HTTPParserError) -> Int? {
        let end = buffer.count
        var i = start + scanned
        while i < end {
            let byte = buffer[i]
            if byte == .lf {
                // RFC 9112 §2.2: a bare LF is not accepted here; ambiguous line ends enable smuggling.
                guard i > start, buffer[i - 1] == .cr else { throw .bareLineEnding }
                scanned = 0
                return i - 1
            }
            if byte == .cr, i + 1 < end, buffer[i + 1] != .lf { throw .bareLineEnding }
            i += 1
            if i - start > limit + 1 { throw tooLong }
        }
        scanned = max(0, end - start - 1)
        if end - start > limit + 1 { throw tooLong }
        return nil
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let htab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// RFC 9110 §5.6.2: tchar.
    var isTokenChar: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// RFC 9110 §5.5: field-vchar, SP or HTAB (obs-text allowed, controls refused).
    var isFieldValueChar: Bool { self == .htab || (self >= 0x20 && self != 0x7F) }

    var hexValue: Int? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(self - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(self - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(self - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
