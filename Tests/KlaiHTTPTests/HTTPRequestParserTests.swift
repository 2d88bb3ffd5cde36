import Testing

@testable import KlaiHTTP

@Suite struct HTTPRequestParserTests {
    @Test func parsesSimpleGetWithHeadersInOrder() throws {
        let requests = try parseRequests("GET /hls/a.m3u8?x=1 HTTP/1.1\r\nHost: school\r\nUser-Agent: t\r\n\r\n")
        #expect(requests.count == 1)
        let head = try #require(requests.first?.head)
        #expect(head.method == "GET")
        #expect(head.target == "/hls/a.m3u8?x=1")
        #expect(head.version == .http1_1)
        #expect(head.headers["host"] == "school")
        #expect(head.headers.fields.map(\.name) == ["Host", "User-Agent"])
        #expect(head.framing == .none)
    }

    @Test func parsesByteByByteTheSameAsAtOnce() throws {
        let text = "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-T: 1\r\n\r\n"
        let whole = try parseRequests(text)
        let pieces = try parseRequests(text, pieceSize: 1)
        #expect(whole.map(\.bodyString) == ["hello world"])
        #expect(pieces.map(\.bodyString) == ["hello world"])
    }

    @Test func parsesPipelinedRequestsInOrder() throws {
        let text = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"
        let requests = try parseRequests(text, pieceSize: 7)
        #expect(requests.map(\.head.target) == ["/1", "/2", "/3"])
        #expect(requests[1].bodyString == "abc")
    }

    @Test func acceptsHTTP10WithoutHostAndIgnoresLeadingEmptyLines() throws {
        let requests = try parseRequests("\r\n\r\nGET / HTTP/1.0\r\n\r\n")
        #expect(requests.first?.head.version == .http1_0)
        #expect(requests.first?.head.keepAlive == false)
    }

    @Test func trimsOptionalWhitespaceAroundFieldValues() throws {
        let requests = try parseRequests("GET / HTTP/1.1\r\nHost:\t  a b  \t\r\n\r\n")
        #expect(requests.first?.head.headers["Host"] == "a b")
    }

    // MARK: Request smuggling

    @Test func refusesRequestSmugglingWithContentLengthAndTransferEncoding() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        #expect(parseError(text) == .contentLengthWithTransferEncoding)
        #expect(parseError(text)?.status == .badRequest)
    }

    @Test func refusesSmugglingWithTransferEncodingBeforeContentLength() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
        #expect(parseError(text) == .contentLengthWithTransferEncoding)
    }

    @Test func refusesDuplicateContentLength() {
        #expect(
            parseError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc")
                == .duplicateContentLength)
        #expect(
            parseError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabc")
                == .duplicateContentLength)
        #expect(parseError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc") == .duplicateContentLength)
    }

    @Test func refusesInvalidContentLength() {
        for value in ["-1", "+3", "3a", "0x10", "", " ", "1 2", "99999999999999999999"] {
            #expect(
                parseError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)\r\n\r\n") == .invalidContentLength,
                "Content-Length: \(value)")
        }
    }

    @Test func refusesContentLengthAboveTheLimit() {
        let limits = HTTPParserLimits(maxBodySize: 100)
        let error = parseError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n", limits: limits)
        #expect(error == .contentTooLarge)
        #expect(error?.status.code == 413)
    }

    @Test func refusesTransferEncodingNotEndingInChunked() {
        #expect(parseError("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n") == .invalidTransferEncoding)
        #expect(parseError("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n") == .invalidTransferEncoding)
        #expect(
            parseError("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
                == .invalidTransferEncoding)
        #expect(parseError("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n") == .invalidTransferEncoding)
    }

    @Test func answersUnknownTransferCodingWith501() {
        let error = parseError("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        #expect(error == .unsupportedTransferEncoding)
        #expect(error?.status == .notImplemented)
    }

    @Test func refusesTransferEncodingInHTTP10() {
        #expect(parseError("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == .transferEncodingInHTTP10)
    }

    // MARK: Chunked coding

    @Test func refusesBadChunkSize() {
        for size in ["x", "-1", "0x5", " 5", "5 x", "fffffffffffffffff", "", "5;\u{1}"] {
            let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\nhello\r\n0\r\n\r\n"
            #expect(parseError(text) == .invalidChunkSize, "chunk size \(size.debugDescription)")
        }
    }

    @Test func refusesChunkDataLongerThanItsSize() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"
        #expect(parseError(text) == .invalidChunkTerminator)
        #expect(parseError(text, pieceSize: 1) == .invalidChunkTerminator)
    }

    @Test func refusesChunkedBodyAboveTheLimit() {
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n"
        #expect(parseError(text, limits: HTTPParserLimits(maxBodySize: 10)) == .contentTooLarge)
    }

    // MARK: Header injection and malformed syntax

    @Test func refusesControlCharactersInHeaderValues() {
        for control in ["\u{0}", "\u{1}", "\u{7F}", "\u{1B}"] {
            #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\(control)b\r\n\r\n") == .invalidHeaderValue)
        }
    }

    @Test func refusesBareCarriageReturnHeaderInjection() {
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\nX-A: a\rSet-Cookie: x\r\n\r\n") == .bareLineEnding)
    }

    @Test func refusesBareLineFeedLineEndings() {
        #expect(parseError("GET / HTTP/1.1\nHost: a\n\n") == .bareLineEnding)
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\n\n") == .bareLineEnding)
    }

    @Test func refusesObsoleteLineFolding() {
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n") == .obsoleteLineFolding)
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\nX-A: one\r\n\ttwo\r\n\r\n") == .obsoleteLineFolding)
    }

    @Test func refusesWhitespaceBeforeTheColon() {
        #expect(parseError("GET / HTTP/1.1\r\nHost : a\r\n\r\n") == .invalidHeaderName)
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n") == .invalidHeaderName)
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\n: empty\r\n\r\n") == .invalidHeaderName)
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\nno colon\r\n\r\n") == .invalidHeaderName)
    }

    @Test func refusesMissingOrDuplicateHost() {
        #expect(parseError("GET / HTTP/1.1\r\n\r\n") == .invalidHost)
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == .invalidHost)
    }

    @Test func refusesMalformedRequestLines() {
        #expect(parseError("GET  / HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidTarget)
        #expect(parseError("G(T / HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidMethod)
        #expect(parseError("GET /a\u{1}b HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidTarget)
        #expect(parseError("GET /a\u{E9} HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidTarget)
        #expect(parseError("GET / HTTP/1.1 \r\nHost: a\r\n\r\n") == .invalidVersion)
        #expect(parseError("GET / HTTPS/1.1\r\nHost: a\r\n\r\n") == .invalidVersion)
        #expect(parseError("GET noslash HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidTarget)
        #expect(parseError("GET / HTTP/2.0\r\nHost: a\r\n\r\n")?.status == .httpVersionNotSupported)
    }

    // MARK: Size limits

    @Test func refusesOversizeRequestLineWith414BeforeItEnds() {
        let limits = HTTPParserLimits(maxRequestLineLength: 64)
        let text = "GET /" + String(repeating: "a", count: 100)
        #expect(parseError(text, limits: limits) == .requestLineTooLong)
        #expect(parseError(text, limits: limits)?.status.code == 414)
    }

    @Test func refusesOversizeHeaderSectionWith431() {
        let limits = HTTPParserLimits(maxHeaderBytes: 256)
        let text = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 300)
        #expect(parseError(text, limits: limits) == .headersTooLarge)
        #expect(parseError(text, pieceSize: 3, limits: limits)?.status.code == 431)
    }

    @Test func refusesTooManyHeaders() {
        let limits = HTTPParserLimits(maxHeaderCount: 10)
        let fields = (0..<11).map { "X-\($0): v\r\n" }.joined()
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n", limits: limits) == .tooManyHeaders)
        let ok = (0..<9).map { "X-\($0): v\r\n" }.joined()
        #expect(parseError("GET / HTTP/1.1\r\nHost: a\r\n" + ok + "\r\n", limits: limits) == nil)
    }

    @Test func refusesTooManyTrailerFields() {
        let limits = HTTPParserLimits(maxHeaderCount: 3)
        let trailers = (0..<5).map { "T-\($0): v\r\n" }.joined()
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailers + "\r\n"
        #expect(parseError(text, limits: limits) == .tooManyHeaders)
    }

    @Test func staysFailedAfterAnError() {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: Array("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".utf8))
        #expect(throws: HTTPParserError.invalidHost) { try parser.next() }
        parser.append(contentsOf: Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(throws: HTTPParserError.invalidHost) { try parser.next() }
    }
}
