import Foundation
import KlaiStore

@testable import KlaiCatalog

/// A real library in a temporary folder: a migrated SQLite file and a Media/ tree, removed on deinit.
final class TemporaryLibrary {
    let folder: URL
    let store: Store
    var mediaFolder: URL { folder.appendingPathComponent("Media", isDirectory: true) }
    var databasePath: String { folder.appendingPathComponent("Klai.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("klai-catalog-tests-\(UUID().uuidString)", isDirectory: true)
        for sub in ["Media/inbox", "Media/sources", "Media/hls"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(sub, isDirectory: true), withIntermediateDirectories: true)
        }
        store = try Store(
            configuration: Store.Configuration(path: folder.appendingPathComponent("Klai.sqlite").path),
            migrator: CatalogSchema.migrator)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes `text` to a file in the library folder and returns its URL.
    func file(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

extension TemporaryLibrary {
    /// The repository's shipped `Catalog/` folder.
    static let shippedCatalog = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Catalog", isDirectory: true)

    /// A library with the shipped reference data loaded.
    static func withReferenceData() throws -> TemporaryLibrary {
        let library = try TemporaryLibrary()
        try ReferenceData.load(folder: shippedCatalog, into: library.store)
        return library
    }

    var media: MediaLibrary { MediaLibrary(root: mediaFolder) }

    func count(_ sql: String) throws -> Int {
        try store.readSync { db in try db.scalar(sql, as: Int.self) ?? -1 }
    }
}
