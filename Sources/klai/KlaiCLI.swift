import Foundation
import KlaiCatalog

/// Dispatches `klai` arguments to a command and turns failures into messages and exit statuses.
enum KlaiCLI {
    static let version = "0.1.0"

    /// Runs `klai` with `arguments` (without the program name).
    /// - Returns: 0 on success, 1 when the command failed, 2 for a usage error.
    static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        guard let first = arguments.first, first != "-h", first != "--help" else {
            print(overview)
            return arguments.isEmpty ? 2 : 0
        }
        // `klai worker …` is how the server re-executes itself to decode untrusted media (MediaWorker);
        // not a command for people, so it is not listed.
        if first == "worker" { return MediaWorker.run(Array(arguments.dropFirst()), environment: environment) }
        guard let (command, length) = CommandRegistry.match(arguments) else {
            let group = CommandRegistry.group(Array(arguments.prefix(1)))
            if !group.isEmpty {
                printError("klai \(first): which one?\n\n" + list(group))
            } else {
                printError("klai: unknown command '\(first)'\n\n" + overview)
            }
            return 2
        }
        do {
            let invocation = try Invocation(
                spec: command.spec, arguments: Array(arguments.dropFirst(length)), environment: environment)
            if invocation.flag("help") {
                print(command.spec.usage)
                return 0
            }
            return try command.run(invocation)
        } catch let error as UsageError {
            printError("klai \(command.spec.fullName): \(error.problem)\n\n\((error.spec ?? command.spec).usage)")
            return 2
        } catch {
            printError("klai \(command.spec.fullName): \(error)")
            return 1
        }
    }

    static var overview: String {
        """
        klai \(version): distance-learning media and lessons for a school's own server.

        usage: klai COMMAND [options]

        \(list(CommandRegistry.commands))

        Run 'klai COMMAND --help' for the options of a command.
        """
    }

    private static func list(_ commands: [any Command.Type]) -> String {
        let width = (commands.map { $0.spec.fullName.count }.max() ?? 0) + 3
        return "commands:\n"
            + commands.map {
                "  " + $0.spec.fullName.padding(toLength: width, withPad: " ", startingAt: 0) + $0.spec.summary
            }.joined(separator: "\n")
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Flushes standard output, so a parent reading a pipe sees what was printed before a long wait.
func flushStandardOutput() {
    fflush(nil)
}
