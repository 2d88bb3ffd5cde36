/// One `klai` subcommand: its description and what it does.
///
/// Each command lives in its own file (`ServeCommand.swift`) and is listed once in `CommandRegistry`.
protocol Command: Sendable {
    /// Name, summary, usage and options, used for parsing and for `--help`.
    static var spec: CommandSpec { get }
    /// Runs the command with parsed arguments.
    /// - Returns: the process exit status (0 success, 1 failure the command explained).
    /// - Throws: `UsageError` for bad arguments (exit 2), anything else is printed as a failure (exit 1).
    static func run(_ invocation: Invocation) throws -> Int32
}

/// What a command accepts.
struct CommandSpec: Sendable {
    /// The words that select the command: `["serve"]`, `["traffic", "verify"]`.
    var name: [String]
    /// One line for the command list.
    var summary: String
    /// Positional part of the usage line, e.g. `FILE` or `[DAY]`.
    var arguments: String = ""
    /// Paragraphs shown under the usage line.
    var discussion: String = ""
    var options: [OptionSpec] = []
    /// How many positional arguments are allowed.
    var positionalCount: ClosedRange<Int> = 0...0

    var fullName: String { name.joined(separator: " ") }

    /// The usage text printed by `--help` and after a usage error.
    var usage: String {
        var lines = ["usage: klai \(fullName)\(options.isEmpty ? "" : " [options]")\(arguments.isEmpty ? "" : " " + arguments)", ""]
        lines.append(summary)
        if !discussion.isEmpty { lines += ["", discussion] }
        let allOptions = options + [OptionSpec("help", help: "Show this help.")]
        lines += ["", "options:"]
        let labels = allOptions.map { option in
            "  --\(option.name)" + (option.valueName.map { " \($0)" } ?? "")
        }
        let width = (labels.map(\.count).max() ?? 0) + 2
        for (label, option) in zip(labels, allOptions) {
            var help = option.help
            if let environment = option.environment { help += " [env: \(environment)]" }
            if let defaultValue = option.defaultDescription { help += " (default: \(defaultValue))" }
            lines.append(label.padding(toLength: width, withPad: " ", startingAt: 0) + help)
        }
        return lines.joined(separator: "\n")
    }
}

/// One `--option`: a flag when `valueName` is nil, otherwise it takes a value.
struct OptionSpec: Sendable {
    var name: String
    var valueName: String?
    var help: String
    var environment: String?
    var defaultDescription: String?
    /// May be given more than once (values are collected in order).
    var repeatable = false

    init(
        _ name: String, value: String? = nil, help: String, environment: String? = nil,
        default defaultDescription: String? = nil, repeatable: Bool = false
    ) {
        self.name = name
        self.valueName = value
        self.help = help
        self.environment = environment
        self.defaultDescription = defaultDescription
        self.repeatable = repeatable
    }
}
