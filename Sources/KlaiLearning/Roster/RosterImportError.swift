/// One thing wrong with one row of a roster file. Messages never contain the national ID itself.
public struct RosterProblem: Sendable, Equatable, CustomStringConvertible {
    /// The line of the file (the header is line 1), or 0 for the file as a whole.
    public let row: Int
    public let message: String
    public var description: String { row > 0 ? "row \(row): \(message)" : message }
}

/// A roster file was refused as a whole; nothing was imported. Lists every problem found.
public struct RosterImportError: Error, Sendable, CustomStringConvertible {
    public let problems: [RosterProblem]

    init(problems: [RosterProblem]) { self.problems = problems }
    init(encodingProblem: String) { self.problems = [RosterProblem(row: 0, message: encodingProblem)] }

    public var description: String {
        "the roster was not imported (nothing changed); \(problems.count) problem(s):\n"
            + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
