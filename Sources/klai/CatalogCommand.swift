import Foundation
import KlaiCatalog
import KlaiStore

/// What the `klai catalog …`, `klai ingest` and `klai jobs` commands share: where the shipped
/// `Catalog/` folder is, and opening the library with its reference data loaded.
enum CatalogCommand {
    static let catalogOption = OptionSpec(
        "catalog", value: "DIR", help: "Folder of reference data (grades, channels, terms, timetable).",
        environment: "KLAI_CATALOG", default: "Catalog/ in the data folder, else in the current folder")

    /// The reference-data folder to use, or nil when none exists.
    static func catalogFolder(_ invocation: Invocation, library: LibraryLocation) -> URL? {
        if let path = invocation.value("catalog") { return URL(fileURLWithPath: path, isDirectory: true) }
        let candidates = [
            library.dataFolder.appendingPathComponent("Catalog", isDirectory: true),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Catalog", isDirectory: true),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("grades.json").path) }
    }

    /// Opens the library; on a library without reference data, loads it first (so a fresh library works).
    static func open(_ invocation: Invocation) throws -> (store: Store, library: LibraryLocation, media: MediaLibrary) {
        let library = LibraryLocation(invocation)
        let store = try library.open()
        let hasReference = try store.readSync { db in try db.scalar("SELECT count(*) FROM grade", as: Int.self) ?? 0 } > 0
        if !hasReference, let folder = catalogFolder(invocation, library: library) {
            try ReferenceData.load(folder: folder, into: store)
        }
        return (store, library, MediaLibrary(root: library.mediaFolder))
    }
}
