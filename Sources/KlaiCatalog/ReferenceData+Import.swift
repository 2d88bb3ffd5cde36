import Foundation
import KlaiStore

extension ReferenceData {
    /// Loads a `Catalog/` folder into the store: reference data, then the sample lessons manifest.
    ///
    /// Idempotent (everything is an upsert), so it runs on every start-up and on `klai catalog import`.
    /// - Returns: a line per part, for the terminal.
    /// - Throws: `ManifestError` with every problem; nothing was written.
    @discardableResult
    public static func load(folder: URL, into store: Store) throws -> [String] {
        let data = try read(folder: folder)
        let lessons = folder.appendingPathComponent(fileNames.sampleLessons)
        let sample = FileManager.default.fileExists(atPath: lessons.path) ? try ManifestReader.read(lessons) : nil
        return try store.writeSync { db in
            try db.transaction {
                try data.write(into: db)
                var lines = [
                    "\(data.grades.count) grades, \(data.learningAreas.count) learning areas, \(data.channels.count) channels, "
                        + "\(data.terms.count) terms, \(try db.scalar("SELECT count(*) FROM timetable_slot", as: Int.self) ?? 0) timetable slots"
                ]
                if let sample {
                    let summary = try ManifestImporter(media: nil).apply(
                        sample.records, sample: sample.sample, file: lessons.path, encoding: sample.encoding, media: [:], in: db)
                    lines.append(summary.description)
                }
                return lines
            }
        }
    }
}
