/// `klai help [COMMAND…]`: the command list, or one command's usage.
enum HelpCommand: Command {
    static let spec = CommandSpec(
        name: ["help"], summary: "Show the commands, or the usage of one command.", arguments: "[COMMAND]",
        positionalCount: 0...3)

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard !invocation.positionals.isEmpty else {
            print(KlaiCLI.overview)
            return 0
        }
        guard let (command, _) = CommandRegistry.match(invocation.positionals) else {
            throw UsageError(spec: spec, problem: "no command '\(invocation.positionals.joined(separator: " "))'")
        }
        print(command.spec.usage)
        return 0
    }
}
