import Foundation
import KlaiLearning
import KlaiStore

/// A school's self-assessment for a term (ประเมินตนเอง), filled in by its director with a
/// `school_self_assessment` instrument: a draft with revisions like a visit, then frozen on submission.
public struct SelfAssessment: Sendable, Equatable {
    /// One section's score: the sum of its rated levels, out of the highest possible.
    public struct SectionScore: Sendable, Equatable, Codable {
        public var sectionID: String
        public var title: LocalizedText
        public var score: Int
        public var maximum: Int
    }

    public var id: Int64
    public var schoolID: Int64
    public var termID: Int64
    public var instrumentID: Int64
    public var state: Visit.State
    public var revision: Int
    public var content: VisitDraft

    /// Scores per section (a component's band, e.g. ดี 27–33, is read against these).
    public func scores(_ instrument: Instrument) -> [SectionScore] {
        instrument.sections.map { section in
            SectionScore(
                sectionID: section.id, title: section.title,
                score: section.items.compactMap { content.ratings[$0.id]?.level }.reduce(0, +),
                maximum: section.items.count * instrument.scale.highest)
        }
    }
}

/// Starting, saving and submitting self-assessments.
public enum SelfAssessments {
    /// The school's self-assessment for a term with `instrumentID`, started when missing.
    public static func start(
        _ db: Database, by director: Principal, schoolID: Int64, termID: Int64, instrumentID: Int64,
        now: Date = Date()
    ) throws -> SelfAssessment {
        guard Authorization.may(director, .assessSchool, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("only the school's director fills in its self-assessment")
        }
        guard try InstrumentLibrary.instrument(db, id: instrumentID).kind == .schoolSelfAssessment else {
            throw EvaluationError.invalid("that instrument is not a school self-assessment")
        }
        try db.execute(
            """
            INSERT OR IGNORE INTO evaluation_self_assessment (school_id, term_id, instrument_id, content, content_hash,
                created_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                schoolID, termID, instrumentID, try canonical(VisitDraft()), try Visits.contentHash(VisitDraft()),
                director.userID, now, now
            ])
        let id =
            try db.scalar(
                """
                SELECT id FROM evaluation_self_assessment WHERE school_id = ? AND term_id = ? AND instrument_id = ?
                """, [schoolID, termID, instrumentID], as: Int64.self) ?? 0
        return try load(db, id: id, viewer: director)
    }

    /// Autosaves the draft, with the same revision rules as `Visits.saveDraft`. - Returns: the stored revision.
    @discardableResult
    public static func save(
        _ db: Database, by director: Principal, id: Int64, basedOn revision: Int, _ draft: VisitDraft,
        now: Date = Date()
    ) throws -> Int {
        let current = try editable(db, by: director, id: id)
        let hash = try Visits.contentHash(draft)
        if try db.scalar("SELECT content_hash FROM evaluation_self_assessment WHERE id = ?", [id], as: String.self) == hash {
            return current.revision
        }
        guard revision == current.revision else {
            throw EvaluationError.conflict("this self-assessment was saved elsewhere since you opened it; reload it")
        }
        guard draft.ratings.count <= 500, draft.texts.count <= 50 else {
            throw EvaluationError.invalid("a self-assessment holds at most 500 ratings and 50 texts")
        }
        let instrument = try InstrumentLibrary.instrument(db, id: current.instrumentID)
        var problems: [String] = []
        for (item, rating) in draft.ratings.sorted(by: { $0.key < $1.key }) {
            if instrument.item(item) == nil { problems.append("\(item) is not an item of \(instrument.key)") }
            if let level = rating.level, !instrument.scale.values.contains(level) {
                problems.append("\(item): \(level) is not a level")
            }
            if rating.level == nil && instrument.item(item)?.notObservedAllowed == false { problems.append("\(item) must be rated") }
        }
        for (key, text) in draft.texts.sorted(by: { $0.key < $1.key }) {
            guard let field = instrument.textFields.first(where: { $0.id == key }) else {
                problems.append("\(key) is not a text field of the form")
                continue
            }
            if text.count > field.maxLength { problems.append("\(key) has more than \(field.maxLength) characters") }
        }
        guard problems.isEmpty else { throw EvaluationError.invalid(problems.joined(separator: "; ")) }
        try db.execute(
            """
            UPDATE evaluation_self_assessment SET content = ?, content_hash = ?, revision = revision + 1, updated_at = ? WHERE id = ?
            """, [try canonical(draft), hash, now, id])
        return current.revision + 1
    }

    /// Submits the self-assessment as saved at `revision`, every item rated; it never changes afterwards.
    public static func submit(_ db: Database, by director: Principal, id: Int64, revision: Int, now: Date = Date()) throws {
        let current = try editable(db, by: director, id: id)
        guard revision == current.revision else { throw EvaluationError.conflict("review revision \(current.revision) first") }
        let missing = try InstrumentLibrary.instrument(db, id: current.instrumentID).items.map(\.id)
            .filter { current.content.ratings[$0] == nil }
        guard missing.isEmpty else {
            throw EvaluationError.invalid("rate every item first; still empty: " + missing.joined(separator: ", "))
        }
        try db.execute(
            "UPDATE evaluation_self_assessment SET state = 'submitted', submitted_at = ?, updated_at = ? WHERE id = ?",
            [now, now, id])
        try AuditLog.record(db, actor: director.userID, action: "self-assessment.submit", target: "self-assessment:\(id)", at: now)
    }

    /// The school's self-assessment of a term (the newest instrument version it was started with), as
    /// `viewer` may see it; nil before the director starts one.
    public static func current(_ db: Database, schoolID: Int64, termID: Int64, viewer: Principal) throws -> SelfAssessment? {
        guard
            let id = try db.scalar(
                """
                SELECT id FROM evaluation_self_assessment WHERE school_id = ? AND term_id = ? ORDER BY instrument_id DESC LIMIT 1
                """, [schoolID, termID], as: Int64.self)
        else { return nil }
        return try load(db, id: id, viewer: viewer)
    }

    /// A self-assessment, for those who may see the school's usage (its director and supervisors).
    public static func load(_ db: Database, id: Int64, viewer: Principal) throws -> SelfAssessment {
        guard
            let row = try db.fetchOne(
                """
                SELECT id, school_id, term_id, instrument_id, state, revision, content FROM evaluation_self_assessment WHERE id = ?
                """, [id]), Authorization.may(viewer, .viewUsage, .school(id: try row.get("school_id")))
        else {
            throw EvaluationError.notFound("there is no self-assessment \(id)")
        }
        return SelfAssessment(
            id: id, schoolID: try row.get("school_id"), termID: try row.get("term_id"), instrumentID: try row.get("instrument_id"),
            state: Visit.State(rawValue: try row.get("state")) ?? .draft, revision: try row.get("revision"),
            content: try JSONDecoder().decode(VisitDraft.self, from: Data(try row.get("content", as: String.self).utf8)))
    }

    private static func canonical(_ draft: VisitDraft) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(draft.normalized), as: UTF8.self)
    }

    private static func editable(_ db: Database, by director: Principal, id: Int64) throws -> SelfAssessment {
        let current = try load(db, id: id, viewer: director)
        guard Authorization.may(director, .assessSchool, .school(id: current.schoolID)) else {
            throw EvaluationError.forbidden("only the school's director fills in its self-assessment")
        }
        guard current.state == .draft else {
            throw EvaluationError.conflict("this self-assessment was submitted and no longer changes")
        }
        return current
    }
}

/// A submitted self-assessment as a term report keeps it: section scores, and the items rated high
/// while the school's own records say otherwise.
public struct SelfAssessmentSummary: Sendable, Equatable, Codable {
    public var assessmentID: Int64
    public var instrument: String
    public var sections: [SelfAssessment.SectionScore]
    /// Sentences such as "teaching.in-sync was rated 3 while timetableCoverage is 17 % (below 50 %)", as the
    /// district hub and older snapshots read them; pages say `flags` in their own language.
    public var contradictions: [String]
    /// The same self-ratings the school's figures contradict, as data (`visitID` 0: no visit is involved).
    public var flags: [Contradiction]

    init(assessmentID: Int64, instrument: String, sections: [SelfAssessment.SectionScore], flags: [Contradiction]) {
        self.assessmentID = assessmentID
        self.instrument = instrument
        self.sections = sections
        self.flags = flags
        contradictions = flags.map(\.sentence)
    }

    private enum CodingKeys: String, CodingKey { case assessmentID, instrument, sections, contradictions, flags }

    /// Snapshots closed before `flags` existed hold only the English sentences; their flags are read back from them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        assessmentID = try container.decode(Int64.self, forKey: .assessmentID)
        instrument = try container.decode(String.self, forKey: .instrument)
        sections = try container.decode([SelfAssessment.SectionScore].self, forKey: .sections)
        contradictions = try container.decode([String].self, forKey: .contradictions)
        flags =
            try container.decodeIfPresent([Contradiction].self, forKey: .flags)
            ?? contradictions.compactMap(Contradiction.init(sentence:))
    }

    /// The submitted self-assessments of a school's term, checked against the school's figures.
    static func load(_ db: Database, schoolID: Int64, termID: Int64, school: SchoolTermRow) throws -> [SelfAssessmentSummary] {
        try db.fetchAll(
            """
            SELECT id FROM evaluation_self_assessment WHERE school_id = ? AND term_id = ? AND state = 'submitted' ORDER BY id
            """, [schoolID, termID]
        ).map { row in
            let id: Int64 = try row.get("id")
            guard
                let stored = try db.fetchOne(
                    "SELECT instrument_id, content FROM evaluation_self_assessment WHERE id = ?",
                    [id])
            else {
                throw EvaluationError.notFound("there is no self-assessment \(id)")
            }
            let instrument = try InstrumentLibrary.instrument(db, id: try stored.get("instrument_id"))
            let content = try JSONDecoder().decode(VisitDraft.self, from: Data(try stored.get("content", as: String.self).utf8))
            let assessment = SelfAssessment(
                id: id, schoolID: schoolID, termID: termID, instrumentID: try stored.get("instrument_id"),
                state: .submitted, revision: 0, content: content)
            let flags = instrument.items.compactMap { item -> Contradiction? in
                guard let check = item.check, let level = content.ratings[item.id]?.level, level >= check.level,
                    let value = school.value(of: check.measure), value < check.below
                else { return nil }
                return Contradiction(
                    visitID: 0, classID: 0, teacherID: 0, itemID: item.id, level: level, measure: check.measure,
                    value: value, threshold: check.below, itemText: item.text)
            }
            return SelfAssessmentSummary(
                assessmentID: id, instrument: "\(instrument.key) v\(instrument.version)",
                sections: assessment.scores(instrument), flags: flags)
        }
    }
}

extension SchoolTermRow {
    /// The school-wide value of a measure that self-assessment ratings are checked against.
    public func value(of measure: UsageMeasure) -> Double? {
        switch measure {
        case .timetableCoverage: timetableCoverage
        case .inSyncShare: inSyncShare
        case .pupilExposure: pupilExposure
        case .smoothPlaybackShare: screenings > 0 ? Double(screenings - stalledScreenings) / Double(screenings) : nil
        }
    }
}
