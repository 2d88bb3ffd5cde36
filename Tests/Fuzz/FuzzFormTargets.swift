// Named fuzz targets for what a browser sends besides the request line: cookies, query strings,
// urlencoded forms and multipart uploads. run.sh picks one with KLAI_FUZZ_TARGET; each checks the
// properties a handler relies on, not just "did not crash".

import Glibc

/// The target named by KLAI_FUZZ_TARGET, read once; `nil` keeps the first-byte dispatch.
let namedFuzzTarget: String? = getenv("KLAI_FUZZ_TARGET").map { String(cString: $0) }

/// Runs the named target on one input; `false` for an unknown name.
func fuzzNamed(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    switch name {
    case "cookie": fuzzCookies(bytes)
    case "query": fuzzQuery(bytes)
    case "form": fuzzForm(bytes)
    case "multipart": fuzzMultipartForm(bytes)
    case "forwarded": fuzzForwarded(bytes)
    default: return false
    }
    return true
}

/// Cookie fields (NUL separates several fields): every name is non-empty, trimmed and free of `;`.
func fuzzCookies(_ bytes: UnsafeBufferPointer<UInt8>) {
    let fields = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    var headers = HTTPHeaders()
    for field in fields { headers.add("Cookie", field) }
    let request = HTTPRequest(head: HTTPRequestHead(method: "GET", target: "/", headers: headers))
    for (name, value) in request.cookies {
        precondition(!name.isEmpty && !name.contains(";") && !value.contains(";"))
        precondition(name.first != " " && name.last != " ")
    }
    var cookie = SetCookie(name: fields.first ?? "", value: fields.last ?? "", maxAge: bytes.count)
    cookie.secure = bytes.count % 2 == 0
    _ = cookie.headerValue
}

/// A request-target: the path never holds the `?`, and query lookups agree with the item list.
func fuzzQuery(_ bytes: UnsafeBufferPointer<UInt8>) {
    let target = String(decoding: bytes, as: UTF8.self)
    let request = HTTPRequest(head: HTTPRequestHead(method: "GET", target: target))
    precondition(!request.path.utf8.contains(UInt8(ascii: "?")))
    if let query = request.query { precondition(target.utf8.count >= query.utf8.count + 1) }
    let items = request.queryItems
    // A few lookups: each one parses the whole query again, and a check of every item would make
    // this harness, not the server, quadratic (its first 10-minute run timed out on that).
    for item in items.prefix(4) {
        precondition(request.query(item.name) != nil)
    }
    if let segments = RoutePattern.split(request.path) {
        precondition(segments.allSatisfy { !$0.isEmpty })
    }
}

/// An urlencoded form: parsing never crashes, and what `encode` writes decodes back to itself.
func fuzzForm(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    let pairs = PercentEncoding.parseForm(text)
    precondition(pairs.count <= text.utf8.count)
    for pair in pairs {
        let encoded = PercentEncoding.encode(pair.name) + "=" + PercentEncoding.encode(pair.value)
        let again = PercentEncoding.parseForm(encoded)
        precondition(again.count == 1 || (pair.name.isEmpty && again.isEmpty))
        if let first = again.first { precondition(first.name == pair.name && first.value == pair.value) }
    }
    _ = PercentEncoding.decode(text, plusAsSpace: false)
    let form = HTTPRequest(
        head: HTTPRequestHead(
            method: "POST", target: "/",
            headers: ["Content-Type": "application/x-www-form-urlencoded"]),
        body: .bytes(Array(bytes)))
    _ = try? form.urlencodedForm()
}

/// A whole multipart upload: the first line is the Content-Type, the rest the body. Files land in
/// artifacts/tmp and are removed again; field sizes stay within the limit.
func fuzzMultipartForm(_ bytes: UnsafeBufferPointer<UInt8>) {
    let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
    let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = newline < bytes.endIndex ? Array(bytes[(newline + 1)...]) : []
    let request = HTTPRequest(
        head: HTTPRequestHead(method: "POST", target: "/", headers: ["Content-Type": contentType]),
        body: .bytes(body))
    mkdir("tmp", 0o700)
    guard let form = try? request.multipartForm(directory: "tmp", maxFieldSize: 64) else { return }
    for (_, value) in form.fields { precondition(value.utf8.count <= 64 * 3) }
    for file in form.files { precondition(file.file.size <= body.count) }
}

/// Host and X-Forwarded-For/-Proto values: what comes out is a canonical address or a clean host name.
func fuzzForwarded(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    let headers: HTTPHeaders = ["X-Forwarded-For": text, "X-Forwarded-Proto": text]
    if let host = ForwardedHeaders.clientHost(headers) {
        // Canonical: parsing the answer again gives the same text.
        precondition(ForwardedHeaders.numericHost(host) == host || ForwardedHeaders.numericHost("[\(host)]") == host)
    }
    _ = ForwardedHeaders.isHTTPS(headers)
    if let parsed = HostHeader(text) {
        precondition(!parsed.name.isEmpty && parsed.name == parsed.name.lowercased())
        precondition(parsed.port.map { (0...65535).contains($0) } ?? true)
    }
}
