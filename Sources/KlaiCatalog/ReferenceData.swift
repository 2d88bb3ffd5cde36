import Foundation

/// The catalog data shipped in `Catalog/`: grades, learning areas, channels, terms and the DLTV timetable.
///
/// Each part is one JSON file; Catalog/README.md documents the format. Anything marked `"sample": true`
/// is an example a school should check and correct (DOMAIN.md lists which facts are uncertain).
public struct ReferenceData: Sendable {
    public var grades: [GradeRecord] = []
    public var learningAreas: [LearningAreaRecord] = []
    public var channels: [ChannelRecord] = []
    public var terms: [TermRecord] = []
    public var timetables: [TimetableRecord] = []

    public init() {}

    /// `grades.json`: one grade, e.g. `{"code": "P4", "th": "ป.4", "en": "Primary 4", "level": "primary"}`.
    public struct GradeRecord: Codable, Sendable {
        public var code: String
        public var th: String
        public var en: String
        public var level: String
    }

    /// `learning-areas.json`: `{"code": "ค", "th": "คณิตศาสตร์", "en": "Mathematics"}`.
    /// `indicatorLetter` is given when indicator codes use another letter than subject codes
    /// (foreign languages: subject codes อ…, indicators ต 1.1 ป.3/1).
    public struct LearningAreaRecord: Codable, Sendable {
        public var code: String
        public var th: String
        public var en: String
        public var indicatorLetter: String?
    }

    /// `channels.json`: a channel and the grades it has served, with validity dates.
    public struct ChannelRecord: Codable, Sendable {
        public var code: String
        public var number: Int
        public var name: String
        public var grades: [GradeMapping]
        public var sample: Bool?
    }

    /// One period of a channel serving a grade; `validTo` nil means "still".
    public struct GradeMapping: Codable, Sendable {
        public var grade: String
        public var validFrom: String
        public var validTo: String?
        public var sample: Bool?
    }

    /// `terms.json`: `{"academicYear": 2569, "term": 1, "startsOn": "2026-05-16", "endsOn": "2026-10-11"}`.
    /// `academicYear` may be Buddhist (≥ 2400) or Gregorian.
    public struct TermRecord: Codable, Sendable {
        public var academicYear: Int
        public var term: Int
        public var startsOn: String
        public var endsOn: String
        public var sample: Bool?
    }

    /// `timetable.json`: one channel's week in one term.
    ///
    /// `periods` lists each period's start and end (`["08:30", "09:20"]`); `days` maps a weekday
    /// (`mon` … `sun`) to the subject of each period in order (`null` or `""`: nothing broadcast).
    public struct TimetableRecord: Codable, Sendable {
        public var channel: String
        /// `1/2569` or `1/2026`.
        public var term: String
        public var periods: [[String]]
        public var days: [String: [String?]]
        public var sample: Bool?
    }
}
