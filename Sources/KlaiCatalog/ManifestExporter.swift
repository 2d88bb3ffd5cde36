import Foundation
import KlaiStore
import KlaiText

/// `klai catalog export`: writes lessons and recordings back in the manifest format they were imported in.
public enum ManifestExporter {
    /// Output format.
    public enum Format: String, Sendable { case json, csv }

    /// Every non-attachment item as manifest records, in stable-key order.
    public static func records(
        kinds: [CatalogItem.Kind] = [.dlitLesson, .localLesson, .dltvRecording],
        in db: Database
    ) throws -> [ManifestRecord] {
        let kindList = kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let items = try db.fetchAll(
            """
            SELECT \(CatalogItem.columns) FROM catalog_item WHERE kind IN (\(kindList)) ORDER BY stable_key
            """
        ).map(CatalogItem.init(row:))
        var terms: [Int64: (year: Int, term: Int)] = [:]
        for row in try db.fetchAll("SELECT id, academic_year, term FROM term") {
            terms[try row.get("id")] = (try row.get("academic_year"), try row.get("term"))
        }
        var attachmentsByParent: [Int64: [ManifestRecord.AttachmentRecord]] = [:]
        for attachment in try db.fetchAll("SELECT \(CatalogItem.columns) FROM catalog_item WHERE kind = 'attachment' ORDER BY stable_key")
            .map(CatalogItem.init(row:))
        {
            guard let parent = attachment.parentID else { continue }
            attachmentsByParent[parent, default: []].append(
                .init(
                    type: attachment.attachmentType ?? "other", title: attachment.title, file: attachment.filePath ?? ""))
        }
        return items.map { item in
            var record = ManifestRecord()
            record.key = item.stableKey
            record.kind = item.kind.rawValue
            record.title = item.title
            record.description = item.description.isEmpty ? nil : item.description
            record.grade = item.grade
            record.learningArea = item.learningArea
            record.subject = item.subject.isEmpty ? nil : item.subject
            record.unit = item.unit
            record.lessonNumber = item.lessonNumber
            record.indicators = item.indicators.isEmpty ? nil : item.indicators
            record.objectives = item.objectives.isEmpty ? nil : item.objectives
            if let termID = item.termID, let term = terms[termID] {
                record.academicYear = term.year + 543
                record.term = term.term
            }
            record.channel = item.channel
            record.airDate = item.airDate?.description
            record.period = item.period
            record.start = item.captureStart?.description
            record.end = item.captureEnd?.description
            record.attachments = attachmentsByParent[item.id]
            record.sample = item.isSample ? true : nil
            return record
        }
    }

    /// The records encoded as a manifest file.
    public static func encode(_ records: [ManifestRecord], format: Format) throws -> Data {
        switch format {
        case .json:
            struct Document: Encodable { var records: [ManifestRecord] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(Document(records: records))
        case .csv:
            var lines = [ManifestReader.csvColumns.joined(separator: ",")]
            for record in records {
                let fields: [String?] = [
                    record.key, record.kind, record.title, record.description, record.grade, record.learningArea,
                    record.subject, record.unit, record.lessonNumber.map(String.init), record.indicators?.joined(separator: ";"),
                    record.objectives, record.academicYear.map(String.init), record.term.map(String.init), record.channel,
                    record.airDate, record.period.map(String.init), record.start, record.end, record.media,
                    record.sample == true ? "1" : nil
                ]
                lines.append(fields.map { csvField($0 ?? "") }.joined(separator: ","))
            }
            return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
        }
    }

    /// One CSV cell (RFC 4180 quoting), guarded against formula injection: the file is meant to be opened
    /// in a spreadsheet, and a title starting with `=` must stay a title. `klai catalog import` removes the guard.
    static func csvField(_ raw: String) -> String {
        let text = CSVTable.guardedFormula(raw)
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
