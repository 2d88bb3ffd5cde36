import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

/// A school's term report: usage, visits, readiness and surveys, keyed by school code and term so a
/// district hub can later receive it. Closing the term stores it as a snapshot that later edits
/// (late events, corrections, repairs) never change.
public struct TermReport: Sendable, Equatable, Codable {
    public var schoolCode: String
    public var term: String
    public var schoolID: Int64
    public var termID: Int64
    /// The last day the figures count.
    public var asOf: LocalDate
    /// Set when this is the stored snapshot of a closed term.
    public var closedAt: Date?
    public var school: SchoolTermRow
    public var classes: [ClassTermRow]
    public var weeks: [TrendPoint]
    public var visits: VisitSummary
    public var repairs: [RepairRequest.Summary]
    public var surveys: [SurveyResults]
    public var selfAssessments: [SelfAssessmentSummary]

    /// The report of a school's term: the snapshot when the term is closed, else built from the stored tables.
    public static func report(
        _ db: Database, viewer: Principal, schoolID: Int64, termID: Int64,
        asOf: LocalDate = LocalDate(Date())
    ) throws -> TermReport {
        guard Authorization.may(viewer, .viewUsage, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("you may not see this school's term report")
        }
        return try Dashboard.snapshot(db, schoolID: schoolID, termID: termID)
            ?? build(db, viewer: viewer, schoolID: schoolID, termID: termID, asOf: asOf)
    }

    /// Closes a school's term: refreshes every class's usage up to the term's end (or `asOf` if earlier),
    /// builds the report and stores it once. A second close is refused.
    public static func close(
        _ db: Database, by closer: Principal, schoolID: Int64, termID: Int64,
        asOf: LocalDate = LocalDate(Date()), now: Date = Date()
    ) throws -> TermReport {
        guard Authorization.may(closer, .closeTerm, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("only the school's director or supervisor closes its term")
        }
        if try db.scalar(
            "SELECT 1 FROM evaluation_term_snapshot WHERE school_id = ? AND term_id = ?", [schoolID, termID],
            as: Int.self) != nil
        {
            throw EvaluationError.conflict("this term is already closed for this school")
        }
        let term = try TermFacts.load(db, id: termID)
        let lastDay = min(asOf, term.endsOn)
        try UsageEvidence.refresh(db, schoolID: schoolID, termID: termID, asOf: lastDay)
        var report = try build(db, viewer: closer, schoolID: schoolID, termID: termID, asOf: lastDay)
        report.closedAt = now
        try db.execute(
            """
            INSERT INTO evaluation_term_snapshot (school_id, term_id, school_code, term_name, closed_at, closed_by, report)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                schoolID, termID, report.schoolCode, report.term, now, closer.userID,
                String(decoding: try encoder.encode(report), as: UTF8.self)
            ])
        try AuditLog.record(db, actor: closer.userID, action: "term.close", target: "school:\(schoolID)", detail: report.term, at: now)
        return report
    }

    static func build(_ db: Database, viewer: Principal, schoolID: Int64, termID: Int64, asOf: LocalDate) throws -> TermReport {
        let term = try TermFacts.load(db, id: termID)
        let lastDay = min(asOf, term.endsOn)
        let school =
            try SchoolTerms.stored(db, schoolID: schoolID, term: term, asOf: lastDay)
            ?? Dashboard.schoolRow(db, schoolID: schoolID, term: term, asOf: lastDay)
        let repairs = try db.fetchAll(
            """
            SELECT * FROM evaluation_repair WHERE school_id = ? AND reported_on BETWEEN ? AND ? ORDER BY id
            """, [schoolID, term.startsOn, term.endsOn]
        ).map { try RepairRequest.Summary(RepairRequest(row: $0)) }
        let classes = try Dashboard.classes(db, viewer: viewer, schoolID: schoolID, termID: termID)
        let surveys = try db.fetchAll(
            "SELECT id FROM evaluation_survey WHERE school_id = ? AND term_id = ? ORDER BY id",
            [schoolID, termID]
        ).map { try Surveys.results(db, viewer: viewer, surveyID: try $0.get(0)) }
        return TermReport(
            schoolCode: school.schoolCode, term: term.name, schoolID: schoolID, termID: termID, asOf: lastDay, school: school,
            classes: classes, weeks: Dashboard.trend(of: classes),
            visits: try VisitSummary.load(db, schoolID: schoolID, term: term), repairs: repairs, surveys: surveys,
            selfAssessments: try SelfAssessmentSummary.load(db, schoolID: schoolID, termID: termID, school: school))
    }

    /// A new coder per use: reports are encoded on several reader and writer threads at once.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension RepairRequest {
    /// A repair request as a term report keeps it.
    public struct Summary: Sendable, Equatable, Codable {
        public var id: Int64
        public var classroomID: Int64
        public var problem: String
        public var state: String
        public var reportedOn: LocalDate
        public var fixedOn: LocalDate?
        public var daysToFix: Int?

        init(_ request: RepairRequest) {
            id = request.id
            classroomID = request.classroomID
            problem = request.problem.rawValue
            state = request.state.rawValue
            reportedOn = request.reportedOn
            fixedOn = request.fixedOn
            daysToFix = request.daysToFix
        }
    }
}
