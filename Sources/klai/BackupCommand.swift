import Foundation
import KlaiStore

/// `klai backup FILE`: a consistent copy of the live database, checked.
enum BackupCommand: Command {
    static let spec = CommandSpec(
        name: ["backup"], summary: "Copy the database to FILE while Klai keeps running, and check the copy.",
        arguments: "FILE",
        discussion: """
            The copy is made with SQLite's online backup API, so the server may keep serving and writing.
            It is written beside FILE first, checked with PRAGMA integrity_check, and renamed to FILE only
            when complete. Media files are not copied: back up the Media/ folder with your usual tools.
            """,
        options: LibraryLocation.options, positionalCount: 1...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let library = LibraryLocation(invocation)
        guard library.existsOrExplain(for: "backup") else { return 1 }
        let destination = URL(fileURLWithPath: invocation.positionals[0]).standardizedFileURL.path
        guard destination != library.databasePath else {
            throw UsageError(spec: spec, problem: "FILE is the live database itself")
        }
        let report = try Database(path: library.databasePath, mode: .readOnly).backup(to: destination)
        let megabytes = String(format: "%.1f", Double(report.bytes) / 1_000_000)
        print("backed up \(library.databasePath) to \(report.path) (\(megabytes) MB, \(report.duration.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))))")
        if report.isIntact {
            print("integrity check of the copy: ok")
            return 0
        }
        printError("integrity check of the copy found problems:\n" + report.integrityProblems.joined(separator: "\n"))
        return 1
    }
}
