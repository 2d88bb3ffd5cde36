import Foundation

/// A rating instrument as data: a supervision-visit form, a school self-assessment or a satisfaction survey.
///
/// Instruments are files in `Catalog/instruments/` (format: `docs/EVALUATION.md`), checked by
/// `InstrumentLoader` and stored by `InstrumentLibrary` under their `key` and `version`. A visit or a
/// survey keeps the stored row it was made with, so editing a file never changes what was recorded.
public struct Instrument: Sendable, Hashable, Codable {
    /// What the instrument is used for.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A supervisor's visit to one class and teacher (นิเทศชั้นเรียน).
        case classroomVisit = "classroom_visit"
        /// A school rating itself once a term (ประเมินตนเอง).
        case schoolSelfAssessment = "school_self_assessment"
        /// A satisfaction questionnaire (แบบสอบถามความพึงพอใจ) with a 5-level scale.
        case survey
    }

    /// Who answers a survey.
    public enum Audience: String, Sendable, Codable, CaseIterable { case teacher, pupil }

    /// When in a broadcast lesson (or where in the school) an item is observed.
    public enum Phase: String, Sendable, Codable, CaseIterable {
        case equipment, before, during, after, school, general
    }

    /// One level of the rating scale, e.g. 3 = ทำสม่ำเสมอ, with what it means.
    public struct Level: Sendable, Hashable, Codable {
        public var value: Int
        public var label: LocalizedText
        public var descriptor: LocalizedText
        /// A picture key for young pupils (`face-5` … `face-1`); the web layer draws it.
        public var picture: String?
    }

    /// The levels, highest first, and the words for "not observed" when the instrument allows it.
    public struct Scale: Sendable, Hashable, Codable {
        public var levels: [Level]
        public var notObserved: LocalizedText?
        public var values: [Int] { levels.map(\.value) }
        public var highest: Int { levels.map(\.value).max() ?? 0 }
    }

    /// A kind of evidence an item may rest on (documents, observation, interview, photo).
    public struct EvidenceKind: Sendable, Hashable, Codable {
        public var id: String
        public var label: LocalizedText
    }

    /// A rating that the records can contradict: rating `level` or more while `measure` is below `below`.
    public struct RecordCheck: Sendable, Hashable, Codable {
        public var measure: UsageMeasure
        public var level: Int
        public var below: Double
    }

    /// One thing rated.
    public struct Item: Sendable, Hashable, Codable {
        public var id: String
        public var text: LocalizedText
        public var phase: Phase
        /// Whether "not observed" is an acceptable answer (it then drops out of means).
        public var notObservedAllowed: Bool
        public var evidence: [String]
        /// Item-specific descriptors by level value ("3", "2", "1"), when the scale's own are too general.
        public var descriptors: [String: LocalizedText]
        public var check: RecordCheck?
    }

    /// A group of items, e.g. "during the broadcast".
    public struct Section: Sendable, Hashable, Codable {
        public var id: String
        public var title: LocalizedText
        public var items: [Item]
    }

    /// A free-text field (strengths, suggestions, agreed next steps).
    public struct TextField: Sendable, Hashable, Codable {
        public var id: String
        public var label: LocalizedText
        public var maxLength: Int
    }

    /// A problem that can be ticked on a visit (signal, broken device, electricity …).
    public struct Problem: Sendable, Hashable, Codable {
        public var id: String
        public var label: LocalizedText
        /// `technical` or `teaching`: the two groups problems are reported in.
        public var group: String
    }

    public var key: String
    public var version: Int
    public var kind: Kind
    public var audience: Audience?
    public var title: LocalizedText
    public var scale: Scale
    public var evidenceKinds: [EvidenceKind]
    public var sections: [Section]
    public var textFields: [TextField]
    public var problems: [Problem]

    /// Every item in order.
    public var items: [Item] { sections.flatMap(\.items) }

    /// The item with `id`, or nil.
    public func item(_ id: String) -> Item? { items.first { $0.id == id } }
}

/// Text in Thai (shown first) and English.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var th: String
    public var en: String

    public init(th: String, en: String) {
        self.th = th
        self.en = en
    }
}

/// A figure from the usage records that a rating can be checked against.
public enum UsageMeasure: String, Sendable, Codable, CaseIterable {
    /// Share of scheduled DLTV periods covered by a class screening.
    case timetableCoverage
    /// Share of DLTV screenings that were in sync with the broadcast.
    case inSyncShare
    /// Share of enrolled pupils with at least 80 % coverage of their assigned lessons.
    case pupilExposure
    /// Share of screenings that played without stalling more than 5 % of the time.
    case smoothPlaybackShare
}
