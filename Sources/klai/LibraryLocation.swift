import Foundation
import KlaiStore

/// Where a Klai library lives: the data folder with the SQLite file, the media library and the logs.
///
/// Resolved from `--data`, then `KLAI_DATA`, then the current folder.
struct LibraryLocation {
    static let options = [
        OptionSpec(
            "data", value: "DIR", help: "Data folder holding Klai.sqlite and Media/.", environment: "KLAI_DATA",
            default: "the current folder")
    ]

    let dataFolder: URL
    var databasePath: String { dataFolder.appendingPathComponent("Klai.sqlite").path }
    var mediaFolder: URL { dataFolder.appendingPathComponent("Media", isDirectory: true) }
    var trafficFolder: URL { dataFolder.appendingPathComponent("traffic", isDirectory: true) }
    var exists: Bool { FileManager.default.fileExists(atPath: databasePath) }

    init(_ invocation: Invocation) {
        let path = invocation.value("data") ?? FileManager.default.currentDirectoryPath
        self.dataFolder = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    /// Whether the library exists; when not, tells the person at the terminal where `command` looked.
    func existsOrExplain(for command: String) -> Bool {
        if exists { return true }
        printError(
            "klai \(command): no library at \(dataFolder.path) (no Klai.sqlite there); "
                + "run 'klai serve' or 'klai demo' once, or use --data DIR")
        return false
    }

    /// Creates the folders (idempotent) and opens the store, applying migrations.
    /// - Throws: when the folder cannot be created, or the database is damaged or newer than this binary.
    func open() throws -> Store {
        let manager = FileManager.default
        for folder in [dataFolder, mediaFolder, trafficFolder] + ["inbox", "sources", "hls"].map(mediaFolder.appendingPathComponent) {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        return try Store(configuration: Store.Configuration(path: databasePath), migrator: KlaiSchema.migrator)
    }
}
