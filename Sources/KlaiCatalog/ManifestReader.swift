import Foundation
import KlaiText

/// Reads a manifest file (JSON or CSV) into records, keeping where each came from.
public enum ManifestReader {
    /// A record with the number people see: record index for JSON, line for CSV.
    public struct Located: Sendable {
        public var record: ManifestRecord
        public var position: Int
    }

    /// Columns a CSV manifest may have, in export order.
    public static let csvColumns = [
        "key", "kind", "title", "description", "grade", "learning_area", "subject", "unit", "lesson_number",
        "indicators", "objectives", "academic_year", "term", "channel", "air_date", "period", "start", "end", "media", "sample"
    ]

    /// The records of a manifest, whether its sample flag is set, and the text encoding found.
    /// - Throws: `ManifestError` with every problem (malformed JSON, unknown CSV column, bad number…).
    public static func read(_ url: URL) throws(ManifestError) -> (records: [Located], sample: Bool, encoding: TextDecoding.Encoding) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ManifestError(problems: [
                ManifestProblem(file: url.path, record: nil, field: nil, message: "cannot read the file: \(error.localizedDescription)")
            ])
        }
        if url.pathExtension.lowercased() == "csv" { return try readCSV(data, file: url.path) }
        do {
            // The fast scanner covers well-formed manifests; JSONDecoder decides (and words) everything else.
            let document = try ManifestJSONScanner.scan(data) ?? JSONDecoder().decode(ManifestDocument.self, from: data)
            return (document.records.enumerated().map { Located(record: $1, position: $0 + 1) }, document.sample ?? false, .utf8)
        } catch {
            throw ManifestError(problems: [ManifestProblem(file: url.path, record: nil, field: nil, message: JSONProblem.describe(error))])
        }
    }

    static func readCSV(_ data: Data, file: String) throws(ManifestError) -> (records: [Located], sample: Bool, encoding: TextDecoding.Encoding) {
        func fail(_ line: Int?, _ field: String?, _ message: String) -> ManifestError {
            ManifestError(problems: [ManifestProblem(file: file, record: line, field: field, message: message)])
        }
        let decoded: (text: String, encoding: TextDecoding.Encoding)
        let table: CSVTable
        do {
            decoded = try TextDecoding.decode(data)
        } catch {
            throw fail(nil, nil, error.sentence)
        }
        do {
            table = try CSVTable(parsing: decoded.text)
        } catch {
            throw fail(error.line, nil, "a quoted field is never closed")
        }
        guard let header = table.records.first else { throw fail(nil, nil, "the file is empty (a CSV manifest needs a header row)") }
        let names = header.fields.map { $0.trimmed(includingNewlines: false).lowercased() }
        var problems: [ManifestProblem] = []
        for name in names where !csvColumns.contains(name) {
            problems.append(
                ManifestProblem(
                    file: file, record: header.line, field: name,
                    message: "unknown column '\(name)' (known: \(csvColumns.joined(separator: ", ")))"))
        }
        var records: [Located] = []
        for row in table.records.dropFirst() {
            var record = ManifestRecord()
            if row.fields.count != names.count {
                problems.append(
                    ManifestProblem(
                        file: file, record: row.line, field: nil,
                        message: "\(row.fields.count) fields where the header has \(names.count)"))
            }
            for (name, raw) in zip(names, row.fields) {
                let value = CSVTable.unguardedFormula(raw).trimmed(includingNewlines: false)
                if value.isEmpty { continue }
                func number() -> Int? {
                    if let number = Int(value) { return number }
                    problems.append(ManifestProblem(file: file, record: row.line, field: name, message: "'\(value)' is not a whole number"))
                    return nil
                }
                switch name {
                case "key": record.key = value
                case "kind": record.kind = value
                case "title": record.title = value
                case "description": record.description = value
                case "grade": record.grade = value
                case "learning_area": record.learningArea = value
                case "subject": record.subject = value
                case "unit": record.unit = value
                case "lesson_number": record.lessonNumber = number()
                case "indicators": record.indicators = value.split(separator: ";").map { $0.trimmed(includingNewlines: false) }
                case "objectives": record.objectives = value
                case "academic_year": record.academicYear = number()
                case "term": record.term = number()
                case "channel": record.channel = value
                case "air_date": record.airDate = value
                case "period": record.period = number()
                case "start": record.start = value
                case "end": record.end = value
                case "media": record.media = value
                case "sample": record.sample = ["1", "true", "yes"].contains(value.lowercased())
                default: break
                }
            }
            records.append(Located(record: record, position: row.line))
        }
        guard problems.isEmpty else { throw ManifestError(problems: problems) }
        return (records, false, decoded.encoding)
    }
}
