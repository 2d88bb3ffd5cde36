import Foundation
import KlaiLearning
import KlaiStore

extension Visits {
    /// Submits the draft as saved at `revision`; from then on it never changes.
    ///
    /// Every item must be rated (or marked not observed where the form allows it). A submitted correction
    /// is recorded in the audit log with its reason, in the same transaction.
    /// - Throws: `EvaluationError.conflict` when `revision` is not the stored one (the person has not seen
    ///   the latest save), `.invalid` naming the items still unrated.
    public static func submit(
        _ db: Database, by supervisor: Principal, visitID: Int64, revision: Int,
        now: Date = Date()
    ) throws -> Visit {
        let visit = try editableDraft(db, by: supervisor, visitID: visitID)
        guard revision == visit.revision else {
            throw EvaluationError.conflict("this form changed since revision \(revision); review revision \(visit.revision) first")
        }
        let instrument = try InstrumentLibrary.instrument(db, id: visit.instrumentID)
        let missing = instrument.items.map(\.id).filter { visit.content.ratings[$0] == nil }
        guard missing.isEmpty else {
            throw EvaluationError.invalid("rate every item before submitting; still empty: " + missing.joined(separator: ", "))
        }
        if let previous = visit.correctsID,
            try db.scalar("SELECT state FROM evaluation_visit WHERE id = ?", [previous], as: String.self) != "submitted"
        {
            throw EvaluationError.conflict("the visit this corrects is not submitted")
        }
        try db.execute(
            "UPDATE evaluation_visit SET state = 'submitted', submitted_at = ?, updated_at = ? WHERE id = ?",
            [now, now, visitID])
        if let previous = visit.correctsID {
            try AuditLog.record(
                db, actor: supervisor.userID, action: "visit.correct", target: "visit:\(previous)",
                detail: "version \(visit.version) is visit:\(visitID): \(visit.correctionReason)", at: now)
        } else {
            try AuditLog.record(db, actor: supervisor.userID, action: "visit.submit", target: "visit:\(visitID)", at: now)
        }
        // The school's term row counts current visits (a correction replaces the version it corrects).
        try SchoolTerms.refresh(db, schoolID: visit.schoolID, containing: visit.date)
        return try load(db, id: visitID)
    }

    /// Starts a correction of a submitted visit: a new draft (next version) holding a copy of its content
    /// and evidence, linked to it. The original stays as it was.
    /// - Throws: `EvaluationError.conflict` when the visit is a draft or already has a correction.
    public static func startCorrection(
        _ db: Database, by supervisor: Principal, visitID: Int64, reason: String,
        now: Date = Date()
    ) throws -> Visit {
        let original = try visit(db, id: visitID, viewer: supervisor)
        guard Authorization.may(supervisor, .recordVisit, .classroom(id: original.classID, schoolID: original.schoolID)) else {
            throw EvaluationError.forbidden("you may not record visits at this school")
        }
        guard original.state == .submitted else { throw EvaluationError.conflict("a draft is changed, not corrected") }
        if try db.scalar("SELECT 1 FROM evaluation_visit WHERE corrects_id = ?", [visitID], as: Int.self) != nil {
            throw EvaluationError.conflict("this visit already has a correction; correct the newest version")
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 1000 else {
            throw EvaluationError.invalid("say why the visit is corrected (at most 1000 characters)")
        }
        try db.execute(
            """
            INSERT INTO evaluation_visit (school_id, class_id, teacher_id, supervisor_id, instrument_id, visit_date, period,
                content_hash, version, corrects_id, correction_reason, created_at, updated_at)
            SELECT school_id, class_id, teacher_id, ?, instrument_id, visit_date, period, content_hash, version + 1, id, ?, ?, ?
            FROM evaluation_visit WHERE id = ?
            """, [supervisor.userID, reason, now, now, visitID])
        let correction = db.lastInsertRowID
        try replaceContent(db, visitID: correction, original.content)
        try db.execute(
            """
            INSERT INTO evaluation_evidence (visit_id, media_type, byte_count, sha256, path, original_name, caption, added_by,
                added_at)
            SELECT ?, media_type, byte_count, sha256, path, original_name, caption, added_by, added_at
            FROM evaluation_evidence WHERE visit_id = ?
            """, [correction, visitID])
        try AuditLog.record(
            db, actor: supervisor.userID, action: "visit.correction-started", target: "visit:\(visitID)",
            detail: reason, at: now)
        return try load(db, id: correction)
    }

    /// A comment on a visit, by the teacher visited.
    public struct Comment: Sendable, Equatable {
        public var id: Int64
        public var authorID: Int64
        public var text: String
        public var at: Date
    }

    /// Adds the visited teacher's comment to a submitted visit (comments are append-only).
    @discardableResult
    public static func comment(
        _ db: Database, by teacher: Principal, visitID: Int64, text: String,
        now: Date = Date()
    ) throws -> Comment {
        let visit = try visit(db, id: visitID, viewer: teacher)
        guard Authorization.may(teacher, .commentOnVisit, visit.target) else {
            throw EvaluationError.forbidden("only the teacher visited may comment on this visit")
        }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 2000 else { throw EvaluationError.invalid("a comment has 1 to 2000 characters") }
        try db.execute(
            "INSERT INTO evaluation_visit_comment (visit_id, author_id, text, at) VALUES (?, ?, ?, ?)",
            [visitID, teacher.userID, text, now])
        return Comment(id: db.lastInsertRowID, authorID: teacher.userID, text: text, at: now)
    }

    /// The comments on a visit, oldest first.
    public static func comments(_ db: Database, visitID: Int64, viewer: Principal) throws -> [Comment] {
        _ = try visit(db, id: visitID, viewer: viewer)
        return try db.fetchAll(
            "SELECT id, author_id, text, at FROM evaluation_visit_comment WHERE visit_id = ? ORDER BY id",
            [visitID]
        ).map {
            Comment(id: try $0.get("id"), authorID: try $0.get("author_id"), text: try $0.get("text"), at: try $0.get("at"))
        }
    }
}
