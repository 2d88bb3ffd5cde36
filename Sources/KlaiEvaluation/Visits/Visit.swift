import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

/// A supervision visit (นิเทศ) to one class and teacher, recorded with one stored instrument version.
///
/// A visit is a draft until submitted; then it never changes. A correction is a new visit (`version` + 1)
/// whose `correctsID` names the one it replaces; the chain keeps every version.
public struct Visit: Sendable, Equatable {
    /// Draft (autosaved, editable by its supervisor) or submitted (frozen).
    public enum State: String, Sendable { case draft, submitted }

    public var id: Int64
    public var schoolID: Int64
    public var classID: Int64
    public var teacherID: Int64
    public var supervisorID: Int64
    /// The stored instrument row (key and version) the visit was made with.
    public var instrumentID: Int64
    public var date: LocalDate
    public var period: Int?
    public var state: State
    /// Increases with every saved draft; a save based on an older revision is refused.
    public var revision: Int
    public var version: Int
    public var correctsID: Int64?
    public var correctionReason: String
    public var submittedAt: Date?
    public var content: VisitDraft

    /// What authorization needs to know about this visit.
    public var target: Target { .visit(id: id, schoolID: schoolID, teacherID: teacherID) }

    static let columns = """
        id, school_id, class_id, teacher_id, supervisor_id, instrument_id, visit_date, period, state, revision, version,
        corrects_id, correction_reason, submitted_at
        """

    init(row: Row, content: VisitDraft) throws {
        id = try row.get("id")
        schoolID = try row.get("school_id")
        classID = try row.get("class_id")
        teacherID = try row.get("teacher_id")
        supervisorID = try row.get("supervisor_id")
        instrumentID = try row.get("instrument_id")
        date = try row.get("visit_date")
        period = try row.get("period")
        state = State(rawValue: try row.get("state")) ?? .draft
        revision = try row.get("revision")
        version = try row.get("version")
        correctsID = try row.get("corrects_id")
        correctionReason = try row.get("correction_reason")
        submittedAt = try row.get("submitted_at")
        self.content = content
    }
}

/// One item's rating: a level of the scale, or nil for "not observed".
public struct VisitRating: Sendable, Hashable, Codable {
    public var level: Int?
    public var note: String

    public init(level: Int?, note: String = "") {
        self.level = level
        self.note = note
    }
}

/// What a supervisor fills in: ratings, free text, problems seen and the screenings observed.
public struct VisitDraft: Sendable, Hashable, Codable {
    public var ratings: [String: VisitRating]
    public var texts: [String: String]
    public var problems: [String]
    /// `learning_usage_session` ids of the screenings the supervisor watched.
    public var observedSessions: [Int64]

    public init(
        ratings: [String: VisitRating] = [:], texts: [String: String] = [:], problems: [String] = [],
        observedSessions: [Int64] = []
    ) {
        self.ratings = ratings
        self.texts = texts
        self.problems = problems
        self.observedSessions = observedSessions
    }

    /// The same content in one order, so that equal drafts have equal hashes.
    var normalized: VisitDraft {
        VisitDraft(
            ratings: ratings, texts: texts.filter { !$0.value.isEmpty }, problems: Array(Set(problems)).sorted(),
            observedSessions: Array(Set(observedSessions)).sorted())
    }
}
