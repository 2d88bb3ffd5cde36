extension HTTPRequest {
    /// The query string's pairs, percent-decoded once, in order.
    public var queryItems: [(name: String, value: String)] { query.map(PercentEncoding.parseForm) ?? [] }

    /// The last value of a query parameter, or `nil`.
    public func query(_ name: String) -> String? { queryItems.last { $0.name == name }?.value }

    /// The content of an `application/x-www-form-urlencoded` POST as ordered pairs.
    /// - Throws: `HTTPError` 415 for another content type.
    public func urlencodedForm() throws -> [(name: String, value: String)] {
        guard let type = headers["Content-Type"],
            type.split(separator: ";").first?.trimmingOWS().equalsASCIICaseInsensitive("application/x-www-form-urlencoded") == true
        else { throw HTTPError(.unsupportedMediaType, message: "Expected a form.") }
        return PercentEncoding.parseForm(String(decoding: try body.collect(), as: UTF8.self))
    }
}
