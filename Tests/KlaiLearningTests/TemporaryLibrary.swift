import Foundation
import KlaiCatalog
import KlaiStore

@testable import KlaiLearning

/// A real migrated SQLite file (catalog + learning schema) in a temporary folder, removed on deinit.
final class TemporaryLibrary: Sendable {
    let folder: URL
    let store: Store
    var path: String { folder.appendingPathComponent("Klai.sqlite").path }

    static var migrator: Migrator {
        var migrator = CatalogSchema.migrator
        LearningSchema.register(in: &migrator)
        return migrator
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-learning-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(
            configuration: Store.Configuration(path: folder.appendingPathComponent("Klai.sqlite").path),
            migrator: Self.migrator)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Every row of the given tables, as text, for "nothing changed" comparisons.
    func snapshot(_ tables: [String]) throws -> [String] {
        try store.readSync { db in
            try tables.flatMap { table in
                try db.fetchAll("SELECT * FROM \(table) ORDER BY 1").map { "\(table): \($0.values)" }
            }
        }
    }
}

/// A valid national ID starting with the 12 given digits (DOMAIN.md checksum, computed independently here).
func nationalID(_ twelve: String) -> String {
    let digits = twelve.map { Int(String($0))! }
    let sum = digits.enumerated().reduce(0) { $0 + $1.element * (13 - $1.offset) }
    return twelve + String((11 - sum % 11) % 10)
}

/// Windows-874 bytes for `text`, from TIS-620's layout (Thai U+0E01–U+0E5B at 0xA1–0xFB), written
/// independently of the decoder under test.
func windows874Bytes(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar in
        scalar.isASCII ? UInt8(scalar.value) : UInt8(scalar.value - 0x0E00 + 0xA0)
    }
}
