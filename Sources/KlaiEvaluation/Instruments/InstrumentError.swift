/// Why instrument files were refused: every problem found, each naming its file, place and field.
public struct InstrumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem: `dltv-classroom-visit.json: sections[1].items[2] phase: 'durring' is not …`.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        /// Where in the file: `sections[1].items[2]`, or empty for the top level.
        public var location: String
        public var field: String
        public var message: String

        public var description: String {
            "\(file): " + (location.isEmpty ? "" : location + " ") + "\(field): \(message)"
        }
    }

    public var problems: [Problem]

    public var description: String {
        "\(problems.count == 1 ? "a problem" : "\(problems.count) problems") in instrument files, nothing loaded:\n"
            + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
