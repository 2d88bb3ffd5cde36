import Foundation

/// One line of JSON that a media worker writes to its standard output (JSON Lines: one object per line).
///
/// The parent reads these and nothing else from the worker, so a crashing or misbehaving decoder can
/// at worst stop writing; it can never reach the server's memory. `kind` says which fields are set:
/// `progress` (`percent`), `probed` (`duration`, `hasVideo`, `hasAudio`), `done` (`duration`,
/// `renditions`) or `failed` (`sentence`, `retryable`, `cancelled`).
public struct WorkerMessage: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case progress, probed, done, failed }

    public var kind: Kind
    public var percent: Double?
    public var duration: Double?
    public var hasVideo: Bool?
    public var hasAudio: Bool?
    public var renditions: [String]?
    public var sentence: String?
    public var retryable: Bool?
    public var cancelled: Bool?

    public init(kind: Kind) { self.kind = kind }

    /// The message as one line (no newline inside: JSONEncoder escapes control characters).
    public func line() -> Data {
        var data = (try? JSONEncoder().encode(self)) ?? Data(#"{"kind":"failed","sentence":"unencodable message"}"#.utf8)
        data.append(0x0A)
        return data
    }

    /// Decodes one line; nil for anything that is not a message (a worker cannot make the parent throw).
    public static func parse(_ line: Data) -> WorkerMessage? {
        guard line.count <= 1 << 20 else { return nil }
        return try? JSONDecoder().decode(WorkerMessage.self, from: line)
    }

    static func failure(_ failure: PipelineFailure) -> WorkerMessage {
        var message = WorkerMessage(kind: .failed)
        message.sentence = failure.sentence
        message.retryable = failure.isRetryable
        message.cancelled = failure.wasCancelled
        return message
    }
}
