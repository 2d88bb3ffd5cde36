/// Why the traffic log refused.
public enum TrafficLogError: Error, Sendable, CustomStringConvertible {
    case retentionTooShort(Int)
    case unreadable(String)
    /// The folder, its heads or its key could not be made or read.
    case unwritable(String)

    public var description: String {
        switch self {
        case .retentionTooShort(let days):
            "The traffic log must be kept at least 90 days (Computer Crime Act s.26); \(days) was asked."
        case .unreadable(let path): "Cannot read \(path)."
        case .unwritable(let problem): "The traffic log cannot be opened for writing: \(problem)."
        }
    }
}
