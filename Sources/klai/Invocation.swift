import Foundation

/// A command's arguments after parsing: option values, flags and positionals.
struct Invocation {
    let spec: CommandSpec
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []
    /// The process environment, injectable for tests.
    let environment: [String: String]
    /// Values from the configuration file, by option name: used when neither flag nor environment gives one.
    var configured: [String: String] = [:]

    /// Parses `arguments` (the words after the command name) against `spec`.
    /// - Throws: `UsageError` naming the bad argument.
    init(spec: CommandSpec, arguments: [String], environment: [String: String]) throws(UsageError) {
        self.spec = spec
        self.environment = environment
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if onlyPositionals || !word.hasPrefix("-") || word == "-" {
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            if word == "-h" || word == "--help" {
                flags.insert("help")
                continue
            }
            guard word.hasPrefix("--") else { throw UsageError(spec: spec, problem: "unknown option '\(word)'") }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                throw UsageError(spec: spec, problem: "unknown option '--\(name)'")
            }
            if option.valueName == nil {
                guard inlineValue == nil else { throw UsageError(spec: spec, problem: "--\(name) takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else {
                    throw UsageError(spec: spec, problem: "--\(name) needs a value (\(option.valueName!))")
                }
                value = arguments[index]
                index += 1
            }
            if values[name] != nil && !option.repeatable {
                throw UsageError(spec: spec, problem: "--\(name) given more than once")
            }
            values[name, default: []].append(value)
        }
        if flags.contains("help") { return }
        guard spec.positionalCount.contains(positionals.count) else {
            let range = spec.positionalCount
            let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw UsageError(
                spec: spec,
                problem: "expected \(expected) argument(s), got \(positionals.count)"
                    + (positionals.isEmpty ? "" : ": " + positionals.joined(separator: " ")))
        }
    }

    /// True when the flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The option's value from the command line, then its environment variable, then the configuration file.
    func value(_ name: String) -> String? {
        if let value = values[name]?.last { return value }
        if let variable = spec.options.first(where: { $0.name == name })?.environment,
            let value = environment[variable], !value.isEmpty
        {
            return value
        }
        return configured[name]
    }

    /// Every value given for a repeatable option.
    func allValues(_ name: String) -> [String] { values[name] ?? [] }

    /// The option's value parsed as an integer in `range`.
    /// - Throws: `UsageError` when it is not a number in range.
    func integer(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(spec: spec, problem: "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return number
    }
}

/// Bad command-line arguments: printed with the command's usage, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let spec: CommandSpec?
    let problem: String
    var description: String { problem }
}
