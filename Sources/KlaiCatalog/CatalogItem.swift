import Foundation
import KlaiStore

/// One thing in the school's media library: a DLTV recording, a DLIT or local lesson, or an attachment.
///
/// Stored in `catalog_item`; other modules (KlaiLearning) refer to it by `id`.
public struct CatalogItem: Sendable, Hashable, Identifiable {
    /// What an item is.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case dltvRecording = "dltv_recording"
        case dlitLesson = "dlit_lesson"
        case localLesson = "local_lesson"
        case attachment
    }

    public var id: Int64
    public var kind: Kind
    /// Stable key: the manifest's `key`, or `dltv:<channel>:<date>:<period>` for recordings.
    public var stableKey: String
    public var title: String
    public var description: String
    /// Grade code, K1…M6.
    public var grade: String?
    /// Learning-area letter (ท ค ว ส พ ศ ง อ).
    public var learningArea: String?
    public var subject: String
    public var unit: String?
    public var lessonNumber: Int?
    /// Indicator codes such as `ค 2.2 ม.2/5`.
    public var indicators: [String]
    public var objectives: String
    /// DLTV channel code, e.g. `DLTV4` (recordings).
    public var channel: String?
    public var airDate: LocalDate?
    public var period: Int?
    public var termID: Int64?
    public var captureStart: TimeOfDay?
    public var captureEnd: TimeOfDay?
    public var durationSeconds: Double?
    public var assetID: Int64?
    /// For attachments: the lesson or recording they belong to.
    public var parentID: Int64?
    public var attachmentType: String?
    public var filePath: String?
    /// True when shipped as sample data a school should check.
    public var isSample: Bool

    /// The columns `init(row:)` reads, for SELECTs.
    public static let columns = """
        id, kind, stable_key, title, description, grade, learning_area, subject, unit, lesson_number, indicators,
        objectives, channel, air_date, period, term_id, capture_start, capture_end, duration_seconds, asset_id,
        parent_id, attachment_type, file_path, sample
        """

    /// Reads an item from a row selected with `columns`.
    /// - Throws: `RowDecodingError` when a required column is missing or malformed.
    public init(row: Row) throws {
        id = try row.get("id")
        let kindText: String = try row.get("kind")
        guard let kind = Kind(rawValue: kindText) else {
            throw CatalogError("catalog item \(row["id"]) has an unknown kind \(kindText)")
        }
        self.kind = kind
        stableKey = try row.get("stable_key")
        title = try row.get("title")
        description = try row.get("description")
        grade = try row.get("grade")
        learningArea = try row.get("learning_area")
        subject = try row.get("subject")
        unit = try row.get("unit")
        lessonNumber = try row.get("lesson_number")
        let indicatorText: String = try row.get("indicators")
        indicators = indicatorText.split(separator: "\n").map(String.init)
        objectives = try row.get("objectives")
        channel = try row.get("channel")
        airDate = try row.get("air_date")
        period = try row.get("period")
        termID = try row.get("term_id")
        captureStart = try row.get("capture_start")
        captureEnd = try row.get("capture_end")
        durationSeconds = try row.get("duration_seconds")
        assetID = try row.get("asset_id")
        parentID = try row.get("parent_id")
        attachmentType = try row.get("attachment_type")
        filePath = try row.get("file_path")
        isSample = try row.get("sample")
    }
}
