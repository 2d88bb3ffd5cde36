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
            throw HTTPError(.badRequest, message: "The JSON does not fit: \(error.sentence)")
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
        return HTTPResponse(
            status: status, headers: ["Content-Type": "application/json"],
            body: .bytes(Array(try encoder.encode(value))))
    }
}

extension DecodingError {
    /// Where in the document the value was and what was wrong with it, in one line
    /// (`events[3].device_time: a device time must fall between 2000 and 2100`). Never echoes the value.
    public var sentence: String {
        func place(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "the document" : text
        }
        switch self {
        case .typeMismatch(let type, let context):
            return "\(place(context.codingPath)): expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "\(place(context.codingPath)): expected \(Self.describe(type)), found null"
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            let reason = context.debugDescription.count <= 120 ? context.debugDescription : "not valid here"
            return "\(place(context.codingPath)): \(context.codingPath.isEmpty ? "not valid JSON" : reason)"
        @unknown default:
            return "the document does not fit"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        default: "a value of another kind"
        }
    }
}
