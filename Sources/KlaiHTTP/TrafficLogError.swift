/// Why the traffic log refused.
public enum TrafficLogError: Error, Sendable, CustomStringConvertible {
    case retentionTooShort(Int)
    case unreadable(String)

    public var description: String {
        switch self {
        case .retentionTooShort(let days):
            "The traffic log must be kept at least 90 days (Computer Crime Act s.26); \(days) was asked."
        case .unreadable(let path): "Cannot read \(path)."
        }
    }
}
