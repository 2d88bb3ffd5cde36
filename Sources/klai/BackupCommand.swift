import Foundation
import KlaiStore

/// `klai backup FILE` or `klai backup --rotate FOLDER`: a consistent copy of the live database, checked.
enum BackupCommand: Command {
    static let spec = CommandSpec(
        name: ["backup"], summary: "Copy the database to FILE while Klai keeps running, and check the copy.",
        arguments: "[FILE]",
        discussion: """
            The copy is made with SQLite's online backup API, so the server may keep serving and writing.
            It is written beside FILE first, checked with PRAGMA integrity_check, and renamed to FILE only
            when complete. Media files are not copied: back up the Media/ folder with your usual tools.
            With --rotate FOLDER (or backup_folder in the configuration file) instead of FILE, the copy is
            FOLDER/klai-YYYY-MM-DD.sqlite and older copies are thinned to the 7 newest days and the newest of
            each of the 4 weeks before; the nightly timer of an installed box runs this.
            Every attempt, and the reason of a failure, is recorded in the library for the admin page.
            """,
        options: LibraryLocation.options + [
            ConfigurationFile.option,
            OptionSpec("rotate", value: "FOLDER", help: "Write a dated backup into FOLDER and thin older ones.")
        ],
        positionalCount: 0...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let invocation = try invocation.applyingConfigurationFile()
        let library = LibraryLocation(invocation)
        let started = Date()
        let rotation: BackupRotation?
        let destination: String
        if let file = invocation.positionals.first {
            rotation = nil
            destination = URL(fileURLWithPath: file).standardizedFileURL.path
        } else if let folder = invocation.value("rotate") {
            rotation = BackupRotation(folder: URL(fileURLWithPath: folder, isDirectory: true).standardizedFileURL)
            destination = rotation?.file(for: started).path ?? folder
        } else {
            throw UsageError(spec: spec, problem: "name a FILE, or a FOLDER with --rotate")
        }
        guard destination != library.databasePath else {
            throw UsageError(spec: spec, problem: "FILE is the live database itself")
        }
        guard library.existsOrExplain(for: "backup") else { return 1 }
        do {
            let report: (path: String, bytes: Int64, duration: Duration)
            if let rotation {
                let outcome = try rotation.backUp(databasePath: library.databasePath, at: started)
                report = (outcome.path, outcome.bytes, outcome.duration)
                if !outcome.removed.isEmpty { print("rotation removed: \(outcome.removed.joined(separator: ", "))") }
                // The new copy is made and checked: a file that cannot be thinned does not undo that.
                if let problem = outcome.thinningProblem { printError("klai backup: older backups could not be thinned: \(problem)") }
            } else {
                report = try BackupRotation.checkedCopy(of: library.databasePath, to: destination)
            }
            let megabytes = String(format: "%.1f", Double(report.bytes) / 1_000_000)
            let duration = report.duration.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))
            print("backed up \(library.databasePath) to \(report.path) (\(megabytes) MB, \(duration))")
            print("integrity check of the copy: ok")
            record(
                BackupRecord(
                    startedAt: started, finishedAt: Date(), file: report.path, bytes: report.bytes,
                    succeeded: true, failure: nil), in: library)
            return 0
        } catch {
            let reason = BackupFailure.sentence(for: error)
            printError("klai backup: no backup was made: \(reason)")
            record(
                BackupRecord(
                    startedAt: started, finishedAt: Date(), file: destination, bytes: 0,
                    succeeded: false, failure: reason), in: library)
            return 1
        }
    }

    /// Writes the outcome into the library; a library that cannot take it is reported but does not change
    /// the outcome (the copy is what matters).
    private static func record(_ record: BackupRecord, in library: LibraryLocation) {
        do {
            try BackupLog.append(record, to: try Database(path: library.databasePath))
        } catch {
            printError("klai backup: the outcome could not be recorded in the library: \(error)")
        }
    }
}
