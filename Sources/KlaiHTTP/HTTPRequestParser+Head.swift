extension HTTPRequestParser {
    /// Parses a request line and header section once the whole section has arrived.
    mutating func parseHead() throws(HTTPParserError) -> HTTPParserEvent? {
        // RFC 9112 §2.2: ignore at least one empty line (CRLF) received before the request-line.
        while buffer.count - start >= 2, buffer[start] == .cr, buffer[start + 1] == .lf { start += 2 }
        if buffer.count - start == 1, buffer[start] == .lf { throw .bareLineEnding }
        guard buffer.count > start else { return nil }

        // Find the request line, then each header line; only commit once the empty line is seen.
        let headStart = start
        var lines: [Range<Int>] = []
        lines.reserveCapacity(16)
        var cursor = headStart
        var lineSearch = 0
        while true {
            let saveStart = start
            start = cursor
            let limit = lines.isEmpty ? limits.maxRequestLineLength : limits.maxHeaderBytes
            let tooLong: HTTPParserError = lines.isEmpty ? .requestLineTooLong : .headersTooLarge
            scanned = lineSearch
            let found = try findLineEnd(limit: limit, tooLong: tooLong)
            start = saveStart
            guard let cr = found else {
                // Remember progress only for the current line; earlier lines are re-split next time.
                scanned = 0
                if buffer.count - headStart > limits.maxHeaderBytes { throw .headersTooLarge }
                return nil
            }
            lineSearch = 0
            if cr == cursor { break }  // the empty line ending the header section
            lines.append(cursor..<cr)
            cursor = cr + 2
            if cursor - headStart > limits.maxHeaderBytes { throw .headersTooLarge }
            if lines.count > limits.maxHeaderCount + 1 { throw .tooManyHeaders }
        }
        let end = cursor + 2

        var head = try parseRequestLine(lines[0])
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let (name, value) = try parseField(line)
            headers.add(name, value)
        }
        head.headers = headers
        head.framing = try framing(of: head)
        start = end
        scanned = 0
        bodyReceived = 0
        switch head.framing {
        case .none: state = .endPending
        case .length(0): state = .endPending
        case .length(let n): state = .fixedBody(remaining: n)
        case .chunked: state = .chunkSize; trailerCount = 0
        }
        return .head(head)
    }

    /// RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
    func parseRequestLine(_ line: Range<Int>) throws(HTTPParserError) -> HTTPRequestHead {
        var i = line.lowerBound
        while i < line.upperBound, buffer[i].isTokenChar { i += 1 }
        guard i > line.lowerBound, i < line.upperBound, buffer[i] == .space else { throw .invalidMethod }
        let method = String(decoding: buffer[line.lowerBound..<i], as: UTF8.self)
        i += 1
        let targetStart = i
        // RFC 3986 / RFC 9112 §3.2: the target is visible ASCII; anything else (controls, SP runs,
        // obs-text) is refused rather than guessed at.
        while i < line.upperBound, buffer[i] > 0x20, buffer[i] < 0x7F { i += 1 }
        guard i > targetStart, i < line.upperBound, buffer[i] == .space else { throw .invalidTarget }
        let target = String(decoding: buffer[targetStart..<i], as: UTF8.self)
        i += 1
        guard line.upperBound - i == 8 else { throw .invalidVersion }
        let v = buffer[i..<line.upperBound]
        guard v[i] == UInt8(ascii: "H"), v[i + 1] == UInt8(ascii: "T"), v[i + 2] == UInt8(ascii: "T"),
            v[i + 3] == UInt8(ascii: "P"), v[i + 4] == UInt8(ascii: "/"), v[i + 6] == UInt8(ascii: "."),
            let major = v[i + 5].decimalDigit, let minor = v[i + 7].decimalDigit
        else { throw .invalidVersion }
        guard major == 1 else { throw .unsupportedVersion }
        guard
            target.utf8.first == UInt8(ascii: "/") || target == "*" || target.utf8.firstRange(of: "://".utf8) != nil
                || method == "CONNECT"
        else { throw .invalidTarget }
        return HTTPRequestHead(method: method, target: target, version: HTTPVersion(major: 1, minor: minor))
    }

    /// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
    func parseField(_ line: Range<Int>) throws(HTTPParserError) -> (String, String) {
        let first = buffer[line.lowerBound]
        // RFC 9112 §5.2: obs-fold is refused with 400 rather than unfolded.
        if first == .space || first == .htab { throw .obsoleteLineFolding }
        var i = line.lowerBound
        while i < line.upperBound, buffer[i].isTokenChar { i += 1 }
        // RFC 9112 §5.1: no whitespace between field name and colon.
        guard i > line.lowerBound, i < line.upperBound, buffer[i] == .colon else { throw .invalidHeaderName }
        let name = String(decoding: buffer[line.lowerBound..<i], as: UTF8.self)
        i += 1
        var valueStart = i
        var valueEnd = line.upperBound
        while valueStart < valueEnd, buffer[valueStart] == .space || buffer[valueStart] == .htab { valueStart += 1 }
        while valueEnd > valueStart, buffer[valueEnd - 1] == .space || buffer[valueEnd - 1] == .htab { valueEnd -= 1 }
        for j in valueStart..<valueEnd where !buffer[j].isFieldValueChar { throw .invalidHeaderValue }
        return (name, String(decoding: buffer[valueStart..<valueEnd], as: UTF8.self))
    }

    /// RFC 9112 §6.3: decides how the content is delimited, refusing every ambiguous combination.
    func framing(of head: HTTPRequestHead) throws(HTTPParserError) -> HTTPBodyFraming {
        var hosts = 0
        var lengths: [String] = []
        var codings: [Substring] = []
        var sawTransferEncoding = false
        for field in head.headers {
            if field.name.equalsASCIICaseInsensitive("host") {
                hosts += 1
            } else if field.name.equalsASCIICaseInsensitive("content-length") {
                lengths.append(field.value)
            } else if field.name.equalsASCIICaseInsensitive("transfer-encoding") {
                sawTransferEncoding = true
                codings += field.value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingOWS() }
            }
        }
        // RFC 9112 §3.2: exactly one Host in HTTP/1.1.
        if head.version.minor >= 1, hosts != 1 { throw .invalidHost }
        if hosts > 1 { throw .invalidHost }
        if sawTransferEncoding {
            // RFC 9112 §6.1: HTTP/1.0 with Transfer-Encoding is faulty framing.
            if head.version.minor == 0 { throw .transferEncodingInHTTP10 }
            // RFC 9112 §6.1: both present is how requests are smuggled; refuse instead of choosing.
            if !lengths.isEmpty { throw .contentLengthWithTransferEncoding }
            guard let last = codings.last, last.equalsASCIICaseInsensitive("chunked") else {
                throw .invalidTransferEncoding
            }
            for coding in codings.dropLast() {
                if coding.equalsASCIICaseInsensitive("chunked") || coding.isEmpty { throw .invalidTransferEncoding }
                throw .unsupportedTransferEncoding
            }
            return .chunked
        }
        guard let value = lengths.first else { return .none }
        // RFC 9112 §6.3 item 5: duplicates (even equal ones, as llhttp does) are refused.
        guard lengths.count == 1 else { throw .duplicateContentLength }
        if value.utf8.contains(UInt8(ascii: ",")) { throw .duplicateContentLength }
        guard !value.isEmpty, value.utf8.count <= 19 else { throw .invalidContentLength }
        var length = 0
        for byte in value.utf8 {
            guard let digit = byte.decimalDigit else { throw .invalidContentLength }
            let (times, o1) = length.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(digit)
            if o1 || o2 { throw .invalidContentLength }
            length = sum
        }
        if length > limits.maxBodySize { throw .contentTooLarge }
        return .length(length)
    }
}

extension UInt8 {
    var decimalDigit: Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) ? Int(self - UInt8(ascii: "0")) : nil
    }
}
