/// A media failure that a person can read: what went wrong, with which file, and FFmpeg's own words.
///
/// `sentence` is written for the person who handed Klai the file (a teacher or an admin), so it names
/// the problem ("the file is empty") rather than a code; `detail` keeps libav's message for the log.
public struct MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure callers may want to tell apart (a job runner retries only some of them).
    public enum Kind: String, Sendable, Codable {
        case fileNotFound
        case emptyFile
        case notMedia
        case truncated
        case noStreams
        case unsupportedCodec
        case tooManyCorruptPackets
        case encoderMissing
        case invalidCut
        case outputFailed
        case cancelled
        case internalFailure
    }

    /// Which kind of failure this is.
    public let kind: Kind
    /// One sentence for a person, naming the problem.
    public let sentence: String
    /// The file the failure concerns, when there is one.
    public let file: String?
    /// libav's error text (from `av_strerror`) or other technical detail, for logs.
    public let detail: String?

    /// Makes an error from its parts.
    public init(_ kind: Kind, _ sentence: String, file: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.sentence = sentence
        self.file = file
        self.detail = detail
    }

    /// The sentence, then the technical detail in brackets when there is one.
    public var description: String {
        guard let detail, !detail.isEmpty else { return sentence }
        return "\(sentence) (\(detail))"
    }

    /// Whether running the same job again could succeed (output and internal failures may be passing).
    public var isRetryable: Bool {
        switch kind {
        case .outputFailed, .internalFailure: return true
        default: return false
        }
    }
}

extension MediaError {
    static func cancelled(_ file: String?) -> MediaError {
        MediaError(.cancelled, "The transcode was cancelled.", file: file)
    }
}
