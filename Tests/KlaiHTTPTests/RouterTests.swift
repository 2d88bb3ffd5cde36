import Foundation
import Testing

@testable import KlaiHTTP

@Suite struct RouterTests {
    func run(
        _ router: Router, _ method: String, _ target: String, headers: HTTPHeaders = ["Host": "t"],
        body: HTTPRequestBody = .none
    ) async throws -> HTTPResponse {
        let head = HTTPRequestHead(method: method, target: target, headers: headers)
        let route = router.resolve(head)
        do {
            return try await route.handler(HTTPRequest(head: head, parameters: route.parameters, body: body))
        } catch let error as HTTPError {
            return error.response  // what the server sends for a thrown HTTPError
        }
    }

    func text(_ response: HTTPResponse) -> String {
        if case .bytes(let bytes) = response.body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    @Test func matchesParametersDecodedOnceAndRestPatterns() async throws {
        var router = Router()
        router.get("/lessons/:id") { .text("lesson \($0.parameters["id"]!)") }
        router.get("/lessons/:id/notes/:note") { .text("\($0.parameters["id"]!)/\($0.parameters["note"]!)") }
        router.get("/hls/*path") { .text("file \($0.parameters["path"]!)") }
        #expect(text(try await run(router, "GET", "/lessons/%E0%B8%81%2520")) == "lesson ก%20")
        #expect(text(try await run(router, "GET", "/lessons/7/notes/2")) == "7/2")
        #expect(text(try await run(router, "GET", "/hls/a/720p/seg1.m4s?token=x")) == "file a/720p/seg1.m4s")
        #expect(try await run(router, "GET", "/lessons").status == .notFound)
        #expect(try await run(router, "GET", "/lessons/%zz").status == .badRequest)
    }

    @Test func aRestParameterIsTheSamePathHoweverTheClientWroteIt() async throws {
        var router = Router()
        router.get("/hls/*path") { .text("file \($0.parameters["path"]!)") }
        for target in [
            "/hls/a/720p/seg1.m4s", "/hls//a/720p/seg1.m4s", "/hls/a/720p/seg1.m4s/", "/hls/a/%37%32%30p/seg1.m4s",
            "/hls/a/720p/seg1.m4s?x=/y", "http://school.example/hls/a/720p/seg1.m4s"
        ] {
            #expect(text(try await run(router, "GET", target)) == "file a/720p/seg1.m4s", "\(target)")
        }
        #expect(text(try await run(router, "GET", "/hls/%E0%B8%81/a%2Fb")) == "file ก/a/b")
        #expect(text(try await run(router, "GET", "/hls/")) == "file ")
        #expect(text(try await run(router, "GET", "/hls")) == "file ")
    }

    @Test func anImmediateAnswerIsUsedOnlyWhereNoMiddlewareMustSeeTheRequest() async throws {
        struct Stamp: HTTPMiddleware {
            func respond(
                to request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse
            ) async throws -> HTTPResponse {
                var response = try await next(request)
                response.headers.set("X-Stamp", "seen")
                return response
            }
        }
        let endpoint = Router.Endpoint(
            immediate: { request in request.parameters["name"] == "now" ? .text("immediate") : nil },
            handler: { _ in .text("waited") })
        var bare = Router()
        bare.get("/files/:name", endpoint)
        var stamped = bare
        stamped.use(Stamp())
        let now = bare.resolve(HTTPRequestHead(method: "GET", target: "/files/now"))
        #expect(
            text(try #require(now.immediate?(HTTPRequest(head: HTTPRequestHead(method: "GET", target: "/files/now"), parameters: now.parameters))))
                == "immediate")
        // nil hands the request on to the handler.
        let later = bare.resolve(HTTPRequestHead(method: "GET", target: "/files/later"))
        #expect(later.immediate?(HTTPRequest(head: HTTPRequestHead(method: "GET", target: "/files/later"), parameters: later.parameters)) == nil)
        #expect(text(try await run(bare, "GET", "/files/later")) == "waited")
        // With middleware every answer passes through it: no immediate path is offered.
        #expect(stamped.resolve(HTTPRequestHead(method: "GET", target: "/files/now")).immediate == nil)
        #expect(try await run(stamped, "GET", "/files/now").headers["X-Stamp"] == "seen")
        // The router's own 404 is immediate too, where there is no middleware.
        let missing = bare.resolve(HTTPRequestHead(method: "GET", target: "/elsewhere"))
        #expect(missing.immediate?(HTTPRequest(head: HTTPRequestHead(method: "GET", target: "/elsewhere")))?.status == .notFound)
    }

    @Test func headerLinesWrittenOnceAreTheSameAndAChangedFieldIsNeverLeftOut() {
        var headers: HTTPHeaders = ["ETag": "\"a1\"", "Content-Length": "9", "Cache-Control": "public, max-age=5"]
        var plain: [UInt8] = []
        headers.appendResponseLines(to: &plain)
        #expect(String(decoding: plain, as: UTF8.self) == "ETag: \"a1\"\r\nCache-Control: public, max-age=5\r\n")
        headers.prepareResponseLines()
        var prepared: [UInt8] = []
        headers.appendResponseLines(to: &prepared)
        #expect(prepared == plain)
        headers.add("Content-Range", "bytes 0-1/9")
        headers.set("ETag", "\"b2\"")
        var changed: [UInt8] = []
        headers.appendResponseLines(to: &changed)
        #expect(
            String(decoding: changed, as: UTF8.self)
                == "Cache-Control: public, max-age=5\r\nContent-Range: bytes 0-1/9\r\nETag: \"b2\"\r\n")
    }

    @Test func numbersWrittenWithoutFormattingAreWhatStringWouldWrite() {
        for value in [0, 1, 9, 10, 15, 16, 200, 304, 65_535, 1_572_864, Int.max] {
            var wire: [UInt8] = []
            HTTPConnection.appendDecimal(value, to: &wire)
            #expect(String(decoding: wire, as: UTF8.self) == String(value))
            let hex = withDigits(of: UInt64(value), radix: 16) { String(decoding: $0, as: UTF8.self) }
            #expect(hex == String(value, radix: 16))
        }
        #expect(withDigits(of: UInt64.max, radix: 2) { $0.count } == 64)
    }

    @Test func answers405WithAllowAndServesHeadFromGet() async throws {
        var router = Router()
        router.get("/items/:id") { _ in .text("item") }
        router.delete("/items/:id") { _ in .text("gone") }
        let response = try await run(router, "PUT", "/items/1")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, DELETE, HEAD")
        #expect(try await run(router, "HEAD", "/items/1").status == .ok)
    }

    @Test func parsesQueryStringsAndUrlencodedForms() async throws {
        var router = Router()
        router.post("/search") { request in
            let form = try request.urlencodedForm()
            return .text("\(request.query("grade") ?? "-") \(form.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))")
        }
        let response = try await run(
            router, "POST", "/search?grade=%E0%B8%A1.1&x",
            headers: ["Host": "t", "Content-Type": "application/x-www-form-urlencoded"],
            body: .bytes(Array("q=fractions+and+decimals&area=math%26sci".utf8)))
        #expect(text(response) == "ม.1 q=fractions and decimals&area=math&sci")
        let wrongType = try await run(router, "POST", "/search", headers: ["Host": "t", "Content-Type": "text/plain"])
        #expect(wrongType.status == .unsupportedMediaType)
    }

    @Test func readsCookiesAndWritesSafeSetCookie() async throws {
        var router = Router()
        router.get("/me") { request in
            var response = HTTPResponse.text(request.cookies["session"] ?? "none")
            response.setCookie(SetCookie(name: "seen", value: "1", maxAge: 60))
            return response
        }
        let response = try await run(router, "GET", "/me", headers: ["Host": "t", "Cookie": "a=1; session=\"abc\"; b=2"])
        #expect(text(response) == "abc")
        #expect(response.headers["Set-Cookie"] == "seen=1; Path=/; Max-Age=60; HttpOnly; SameSite=Lax")
    }

    struct Progress: Codable, Equatable {
        var lesson: Int
        var seconds: [Int]
    }

    @Test func decodesAndEncodesJSON() async throws {
        var router = Router()
        router.post("/progress") { request in
            var progress = try request.decodeJSON(Progress.self)
            progress.seconds.append(99)
            return try .json(progress, status: .created)
        }
        let response = try await run(
            router, "POST", "/progress", headers: ["Host": "t", "Content-Type": "application/json"],
            body: .bytes(Array(#"{"lesson":4,"seconds":[1,2]}"#.utf8)))
        #expect(response.status == .created)
        #expect(text(response) == #"{"lesson":4,"seconds":[1,2,99]}"#)
        let bad = try await run(
            router, "POST", "/progress", headers: ["Host": "t", "Content-Type": "application/json"],
            body: .bytes(Array(#"{"lesson":"four"}"#.utf8)))
        #expect(bad.status == .badRequest)
    }

    @Test func runsMiddlewareInOrderWithRequestIDTimingAndAuth() async throws {
        var router = Router()
        router.use(RequestIDMiddleware())
        router.use(TimingMiddleware())
        router.use(
            AuthenticationMiddleware(required: true) { request in
                request.cookies["session"] == "good" ? "teacher01" : nil
            })
        router.get("/private") { request in .text("hello \(request.account ?? "?")") }
        let ok = try await run(router, "GET", "/private", headers: ["Host": "t", "Cookie": "session=good", "X-Request-ID": "abc-1"])
        #expect(text(ok) == "hello teacher01")
        #expect(ok.account == "teacher01")
        #expect(ok.headers["X-Request-ID"] == "abc-1")
        #expect(ok.headers["Server-Timing"]?.hasPrefix("app;dur=") == true)
        let denied = try await run(router, "GET", "/private", headers: ["Host": "t"])
        #expect(denied.status == .unauthorized)
        #expect(denied.headers["X-Request-ID"] != nil)
    }
}

@Suite struct MultipartParserTests {
    let body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nบทเรียน 1\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan \\\"v2\\\".pdf\"\r\n"
        + "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--Xy not yet\r\n--XyZ--\r\nepilogue"

    @Test func parsesPartsTheSameWhateverThePieceSize() throws {
        for pieceSize in [1, 3, 7, 1000] {
            var parser = MultipartParser(boundary: "XyZ")
            var events: [MultipartParser.Event] = []
            let bytes = Array(body.utf8)
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + pieceSize)
                events += try parser.feed(bytes[offset..<end])
                offset = end
            }
            #expect(parser.isComplete)
            var parts: [(HTTPHeaders, [UInt8])] = []
            for event in events {
                switch event {
                case .headers(let headers): parts.append((headers, []))
                case .data(let data): parts[parts.count - 1].1 += data
                case .partEnd: break
                }
            }
            #expect(parts.count == 2)
            #expect(String(decoding: parts[0].1, as: UTF8.self) == "บทเรียน 1")
            #expect(String(decoding: parts[1].1, as: UTF8.self) == "%PDF-1.4\r\n--Xy not yet")
            #expect(parts[1].0["Content-Type"] == "application/pdf")
        }
    }

    @Test func collectsFieldsInMemoryAndFilesOnDisk() throws {
        let head = HTTPRequestHead(
            method: "POST", target: "/upload",
            headers: ["Host": "t", "Content-Type": "multipart/form-data; boundary=\"XyZ\""])
        let form = try HTTPRequest(head: head, body: .bytes(Array(body.utf8))).multipartForm()
        #expect(form.fields["title"] == "บทเรียน 1")
        let file = try #require(form.files.first)
        #expect(file.fileName == "plan \"v2\".pdf")
        #expect(String(decoding: try file.file.readAll(), as: UTF8.self) == "%PDF-1.4\r\n--Xy not yet")
    }

    @Test func refusesATruncatedUpload() {
        let head = HTTPRequestHead(
            method: "POST", target: "/upload",
            headers: ["Host": "t", "Content-Type": "multipart/form-data; boundary=XyZ"])
        let cut = String(body.prefix(60))
        #expect(throws: HTTPError.self) { try HTTPRequest(head: head, body: .bytes(Array(cut.utf8))).multipartForm() }
    }
}
