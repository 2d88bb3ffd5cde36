/// An error a handler may throw to answer with a specific status.
public struct HTTPError: Error, Sendable {
    public var status: HTTPStatus
    /// The sentence the client sees.
    public var message: String?
    public var headers: HTTPHeaders

    /// Creates an error that answers with `status` and, if given, a sentence for the user.
    public init(_ status: HTTPStatus, message: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    var response: HTTPResponse {
        var response = HTTPResponse.error(status, message)
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }
}
