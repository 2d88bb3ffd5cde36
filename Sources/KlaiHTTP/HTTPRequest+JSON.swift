import Foundation

extension HTTPRequest {
    /// Decodes a JSON body with Foundation's `JSONDecoder`.
    /// - Throws: `HTTPError` 415 when the body is not JSON, 400 with the decoder's reason when it does not fit `T`.
    public func decodeJSON<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        guard let contentType = headers["Content-Type"],
              contentType.split(separator: ";").first?.trimmingOWS().equalsASCIICaseInsensitive("application/json") == true
        else { throw HTTPError(.unsupportedMediaType, message: "Expected application/json.") }
        do {
            return try decoder.decode(T.self, from: Data(try body.collect()))
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, message: "The JSON does not fit: \(error.localizedDescription)")
        }
    }
}

extension HTTPResponse {
    /// An `application/json` response encoded with `JSONEncoder` (sorted keys, ISO-8601 dates).
    /// - Throws: what the encoder throws.
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"],
                            body: .bytes(Array(try encoder.encode(value))))
    }
}
