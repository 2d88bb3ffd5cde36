import Foundation
import KlaiStore

/// The stored versions of instruments: each (key, version) once, never replaced.
///
/// Loading the same file again changes nothing; a file whose content changed while keeping its
/// version is refused (visits made with the old content must keep meaning what they meant), so a
/// district that edits an instrument gives the file a new version, stored alongside the old one.
public enum InstrumentLibrary {
    /// Stores `instrument` unless that version is already stored. - Returns: the stored row's id.
    /// - Throws: `EvaluationError.conflict` when the version is stored with other content.
    @discardableResult
    public static func store(_ db: Database, _ instrument: Instrument, at now: Date = Date()) throws -> Int64 {
        let definition = try canonicalJSON(instrument)
        if let row = try db.fetchOne(
            "SELECT id, definition FROM evaluation_instrument WHERE key = ? AND version = ?",
            [instrument.key, instrument.version])
        {
            guard try row.get("definition", as: String.self) == definition else {
                throw EvaluationError.conflict(
                    "version \(instrument.version) of instrument \(instrument.key) is already stored with other content; "
                        + "visits used it, so give the changed file version \(instrument.version + 1)")
            }
            return try row.get("id")
        }
        try db.execute(
            "INSERT INTO evaluation_instrument (key, version, kind, definition, loaded_at) VALUES (?, ?, ?, ?, ?)",
            [instrument.key, instrument.version, instrument.kind.rawValue, definition, now])
        return db.lastInsertRowID
    }

    /// Checks every file in `folder` and stores them all, or none when any file has a problem.
    /// - Throws: `InstrumentError` listing every problem, or `EvaluationError.conflict`.
    @discardableResult
    public static func importFolder(_ db: Database, _ folder: URL) throws -> [Int64] {
        let instruments = try InstrumentLoader.loadFolder(folder)
        return try db.transaction { try instruments.map { try store(db, $0) } }
    }

    /// The stored instrument row `id`.
    public static func instrument(_ db: Database, id: Int64) throws -> Instrument {
        guard let text = try db.scalar("SELECT definition FROM evaluation_instrument WHERE id = ?", [id], as: String.self) else {
            throw EvaluationError.notFound("no instrument \(id)")
        }
        return try JSONDecoder().decode(Instrument.self, from: Data(text.utf8))
    }

    /// The id of the newest stored version of `key`, or nil.
    public static func latestID(_ db: Database, key: String) throws -> Int64? {
        try db.scalar("SELECT id FROM evaluation_instrument WHERE key = ? ORDER BY version DESC LIMIT 1", [key])
    }

    /// The id of version `version` of `key`, or nil.
    public static func id(_ db: Database, key: String, version: Int) throws -> Int64? {
        try db.scalar("SELECT id FROM evaluation_instrument WHERE key = ? AND version = ?", [key, version])
    }

    /// One stable text per content: keys sorted, so the same file always compares equal.
    static func canonicalJSON(_ instrument: Instrument) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(instrument), as: UTF8.self)
    }
}
