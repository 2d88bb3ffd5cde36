import Foundation
import KlaiStore

/// `klai restore FILE`: put a backup back as the library's database.
enum RestoreCommand: Command {
    static let spec = CommandSpec(
        name: ["restore"], summary: "Replace the library's database with a checked backup (the server must be stopped).",
        arguments: "FILE",
        discussion: """
            FILE must pass PRAGMA integrity_check and be a Klai library this version knows (an older one is
            fine: the server brings it up to date when it starts). Refused while a server runs on the library.
            The current database, if any, is kept beside it as Klai.sqlite.replaced-TIME; the copy takes its
            place in one rename, so an interrupted restore leaves one database or the other, never a mix.
            Media/ is not part of the backup: copy it back from where you keep it.
            """,
        options: LibraryLocation.options + [ConfigurationFile.option], positionalCount: 1...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let invocation = try invocation.applyingConfigurationFile()
        let library = LibraryLocation(invocation)
        let source = URL(fileURLWithPath: invocation.positionals[0]).standardizedFileURL.path
        guard source != library.databasePath else {
            throw UsageError(spec: spec, problem: "FILE is the live database itself")
        }
        guard FileManager.default.fileExists(atPath: library.dataFolder.path) else {
            throw RestoreError(
                "the data folder \(library.dataFolder.path) does not exist; create it first "
                    + "(on an installed box: install -d -o klai -g klai -m 0750 \(library.dataFolder.path))")
        }
        guard let lock = try LibraryLock.acquire(in: library.dataFolder) else {
            throw RestoreError(
                "a Klai server is running on \(library.dataFolder.path) (it holds klai.lock there); "
                    + "stop it first ('systemctl stop klai' on an installed box), then run the restore again")
        }
        let restore = LibraryRestore(library: library)
        let summary = try restore.stage(backup: source)
        let replaced = try restore.install()
        withExtendedLifetime(lock) {}
        print("restored \(source) (\(summary)) as \(library.databasePath)")
        if let replaced {
            print("the database it replaced is kept as \(replaced)")
        }
        print("start the server again ('systemctl start klai'); it brings an older library's schema up to date")
        return 0
    }
}

/// A restore that cannot go ahead, said in a sentence.
struct RestoreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
