/// What `verify` found for one day.
public struct TrafficVerification: Sendable, CustomStringConvertible {
    public var day: String
    public var lines: Int
    /// `nil` when the day is intact.
    public var problem: String?
    /// What passed but should be known: repairs after a power cut (each a `(repair)` line in the log).
    public var notes: [String] = []
    public var isIntact: Bool { problem == nil }

    public var description: String {
        if let problem { return "\(day): TAMPERED: \(problem)" }
        return "\(day): ok, \(lines) lines, chain intact" + notes.map { "\n  note: \($0)" }.joined()
    }
}
