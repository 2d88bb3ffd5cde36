extension HTTPRequestParser {
    /// RFC 9112 §7.1: chunked-body = *chunk last-chunk trailer-section CRLF.
    mutating func parseChunked() throws(HTTPParserError) -> HTTPParserEvent? {
        while true {
            switch state {
            case .chunkSize:
                guard let cr = try findLineEnd(limit: limits.maxChunkLineLength, tooLong: .invalidChunkSize) else {
                    return nil
                }
                let size = try chunkSize(start..<cr)
                start = cr + 2
                let (total, overflow) = bodyReceived.addingReportingOverflow(size)
                if overflow || total > limits.maxBodySize { throw .contentTooLarge }
                bodyReceived = total
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let available = buffer.count - start
                guard available > 0 else { return nil }
                let take = min(available, remaining)
                let slice = buffer[start..<(start + take)]
                start += take
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
                return .body(slice)
            case .chunkDataEnd:
                guard buffer.count - start >= 2 else {
                    if buffer.count > start, buffer[start] != .cr { throw .invalidChunkTerminator }
                    return nil
                }
                // A chunk longer than its declared size is a smuggling attempt, not sloppiness.
                guard buffer[start] == .cr, buffer[start + 1] == .lf else { throw .invalidChunkTerminator }
                start += 2
                state = .chunkSize
            case .trailers:
                guard let cr = try findLineEnd(limit: limits.maxHeaderBytes, tooLong: .headersTooLarge) else {
                    return nil
                }
                if cr == start {
                    start += 2
                    state = .head
                    return .end
                }
                // RFC 9110 §6.5: trailer fields are validated like header fields, then discarded.
                _ = try parseField(start..<cr)
                trailerCount += 1
                if trailerCount > limits.maxHeaderCount { throw .tooManyHeaders }
                start = cr + 2
            default:
                return nil
            }
        }
    }

    /// RFC 9112 §7.1: chunk-size = 1*HEXDIG, then optional chunk extensions (ignored but validated).
    func chunkSize(_ line: Range<Int>) throws(HTTPParserError) -> Int {
        var i = line.lowerBound
        var size = 0
        while i < line.upperBound, let digit = buffer[i].hexValue {
            // 15 hex digits already exceed any sane limit; refuse before overflowing.
            guard i - line.lowerBound < 15 else { throw .invalidChunkSize }
            size = size * 16 + digit
            i += 1
        }
        guard i > line.lowerBound else { throw .invalidChunkSize }
        while i < line.upperBound, buffer[i] == .space || buffer[i] == .htab { i += 1 }
        if i < line.upperBound {
            guard buffer[i] == UInt8(ascii: ";") else { throw .invalidChunkSize }
            for j in i..<line.upperBound where !buffer[j].isFieldValueChar { throw .invalidChunkSize }
        }
        return size
    }
}
