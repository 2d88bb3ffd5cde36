/// A refusal or problem a person can act on; `description` is a sentence for them.
public enum LearningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is not acceptable (a malformed code, a missing name).
    case invalid(String)
    /// Something with that name or key exists already.
    case conflict(String)
    /// No such record.
    case notFound(String)
    /// The person is not allowed to do this.
    case forbidden(String)

    public var description: String {
        switch self {
        case .invalid(let text), .conflict(let text), .notFound(let text), .forbidden(let text): return text
        }
    }
}
