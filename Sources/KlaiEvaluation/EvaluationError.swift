/// A refusal a person can act on; `description` is a sentence for them.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is not acceptable (an unknown item, a level outside the scale, a file too large).
    case invalid(String)
    /// The request contradicts what is stored (a stale draft, a second correction, a closed term).
    case conflict(String)
    case notFound(String)
    /// The person is not allowed to do this.
    case forbidden(String)

    public var description: String {
        switch self {
        case .invalid(let text), .conflict(let text), .notFound(let text), .forbidden(let text): return text
        }
    }
}
