/// One lesson or recording as a manifest describes it (JSON object or CSV row), before it is checked.
///
/// The format is documented in Catalog/README.md. Field names are the JSON keys; CSV headers use the
/// same names in snake_case (`learning_area`, `air_date`), and `indicators` separated by `;`.
public struct ManifestRecord: Codable, Sendable, Hashable {
    /// Stable key: importing a record with the same key again updates that item in place.
    public var key: String?
    /// `dlit_lesson` (default), `local_lesson` or `dltv_recording`.
    public var kind: String?
    public var title: String?
    public var description: String?
    /// Grade code (`P4`) or Thai name (`ป.4`).
    public var grade: String?
    /// Letter (`ค`), Thai or English name.
    public var learningArea: String?
    public var subject: String?
    public var unit: String?
    public var lessonNumber: Int?
    public var indicators: [String]?
    public var objectives: String?
    /// ปีการศึกษา, Buddhist (≥ 2400) or Gregorian.
    public var academicYear: Int?
    public var term: Int?
    public var channel: String?
    /// `YYYY-MM-DD`, Buddhist or Gregorian year.
    public var airDate: String?
    public var period: Int?
    /// Capture start and end, `HH:MM[:SS]`.
    public var start: String?
    public var end: String?
    /// Media file, relative to the manifest's folder (or absolute).
    public var media: String?
    public var attachments: [AttachmentRecord]?
    /// True for sample data a school should check (defaults to the file's `sample`).
    public var sample: Bool?

    public init() {}

    /// A file that comes with a lesson: lesson plan, worksheet, slides, knowledge sheet.
    public struct AttachmentRecord: Codable, Sendable, Hashable {
        /// `lesson_plan`, `worksheet`, `slides`, `knowledge_sheet` or `other`.
        public var type: String
        public var title: String
        /// Path relative to the manifest's folder.
        public var file: String
    }
}

/// A manifest file as JSON: `{"sample": false, "records": [ … ]}` or a bare array of records.
struct ManifestDocument: Decodable {
    var sample: Bool?
    var records: [ManifestRecord]

    init(sample: Bool?, records: [ManifestRecord]) {
        self.sample = sample
        self.records = records
    }

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var records: [ManifestRecord] = []
            while !array.isAtEnd { records.append(try array.decode(ManifestRecord.self)) }
            self.records = records
            return
        }
        let object = try decoder.container(keyedBy: Keys.self)
        sample = try object.decodeIfPresent(Bool.self, forKey: .sample)
        records = try object.decode([ManifestRecord].self, forKey: .records)
    }

    enum Keys: String, CodingKey { case sample, records }
}
