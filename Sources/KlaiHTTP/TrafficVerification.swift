/// What `verify` found for one day.
public struct TrafficVerification: Sendable, CustomStringConvertible {
    public var day: String
    public var lines: Int
    /// `nil` when the day is intact.
    public var problem: String?
    public var isIntact: Bool { problem == nil }

    public var description: String {
        problem.map { "\(day): TAMPERED: \($0)" } ?? "\(day): ok, \(lines) lines, chain intact"
    }
}
