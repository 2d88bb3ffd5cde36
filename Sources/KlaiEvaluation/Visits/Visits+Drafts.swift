import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

extension Visits {
    /// Autosaves a draft: replaces its content when `basedOn` is the stored revision.
    ///
    /// A tablet on weak Wi-Fi resends a save whose answer it lost: when the stored content already
    /// equals `draft`, the save succeeds again without change (idempotent). A save based on an older
    /// revision with other content (another tab, another device) is refused, never silently merged.
    /// - Returns: the revision now stored, to base the next save on.
    /// - Throws: `EvaluationError.conflict` for a stale save or a submitted visit, `.invalid` naming each
    ///   unknown item, level, field, problem or screening.
    @discardableResult
    public static func saveDraft(
        _ db: Database, by supervisor: Principal, visitID: Int64, basedOn revision: Int,
        _ draft: VisitDraft, now: Date = Date()
    ) throws -> Int {
        let visit = try editableDraft(db, by: supervisor, visitID: visitID)
        let hash = try contentHash(draft)
        let stored = try db.scalar("SELECT content_hash FROM evaluation_visit WHERE id = ?", [visitID], as: String.self)
        if stored == hash { return visit.revision }
        guard revision == visit.revision else {
            throw EvaluationError.conflict(
                "this form was saved elsewhere since you opened it (revision \(visit.revision), yours \(revision)); "
                    + "reload it to see the newer answers")
        }
        let instrument = try InstrumentLibrary.instrument(db, id: visit.instrumentID)
        try validate(db, draft.normalized, for: visit, instrument: instrument)
        try replaceContent(db, visitID: visitID, draft.normalized)
        try db.execute(
            "UPDATE evaluation_visit SET revision = revision + 1, content_hash = ?, updated_at = ? WHERE id = ?",
            [hash, now, visitID])
        return visit.revision + 1
    }

    /// The draft `visitID` when `supervisor` may edit it.
    static func editableDraft(_ db: Database, by supervisor: Principal, visitID: Int64) throws -> Visit {
        let visit = try visit(db, id: visitID, viewer: supervisor)
        guard visit.supervisorID == supervisor.userID || supervisor.holds(.admin),
            Authorization.may(supervisor, .recordVisit, .classroom(id: visit.classID, schoolID: visit.schoolID))
        else {
            throw EvaluationError.forbidden("only the supervisor who started this visit may change it")
        }
        guard visit.state == .draft else {
            throw EvaluationError.conflict("this visit was submitted and no longer changes; record a correction instead")
        }
        return visit
    }

    static func replaceContent(_ db: Database, visitID: Int64, _ draft: VisitDraft) throws {
        for table in ["evaluation_visit_rating", "evaluation_visit_text", "evaluation_visit_problem", "evaluation_visit_session"] {
            try db.execute("DELETE FROM \(table) WHERE visit_id = ?", [visitID])
        }
        for (item, rating) in draft.ratings {
            try db.execute(
                "INSERT INTO evaluation_visit_rating (visit_id, item_id, level, note) VALUES (?, ?, ?, ?)",
                [visitID, item, rating.level, rating.note])
        }
        for (field, text) in draft.texts {
            try db.execute("INSERT INTO evaluation_visit_text (visit_id, field_id, text) VALUES (?, ?, ?)", [visitID, field, text])
        }
        for problem in draft.problems {
            try db.execute("INSERT INTO evaluation_visit_problem (visit_id, problem_id) VALUES (?, ?)", [visitID, problem])
        }
        for session in draft.observedSessions {
            try db.execute("INSERT INTO evaluation_visit_session (visit_id, usage_session_id) VALUES (?, ?)", [visitID, session])
        }
    }

    /// Checks a draft against its instrument and the class's screenings, naming every problem.
    static func validate(_ db: Database, _ draft: VisitDraft, for visit: Visit, instrument: Instrument) throws {
        // A form has tens of items; far larger drafts are not a person typing (and each screening costs a query).
        guard draft.ratings.count <= 500, draft.texts.count <= 50, draft.problems.count <= 50,
            draft.observedSessions.count <= 50
        else {
            throw EvaluationError.invalid("a visit holds at most 500 ratings, 50 texts, 50 problems and 50 screenings")
        }
        var problems: [String] = []
        for (id, rating) in draft.ratings.sorted(by: { $0.key < $1.key }) {
            guard let item = instrument.item(id) else {
                problems.append("\(id) is not an item of \(instrument.key) v\(instrument.version)")
                continue
            }
            if let level = rating.level, !instrument.scale.values.contains(level) {
                problems.append("\(id): \(level) is not a level of the scale")
            }
            if rating.level == nil && !item.notObservedAllowed { problems.append("\(id) must be rated; it cannot be 'not observed'") }
            if rating.note.count > 1000 { problems.append("\(id): a note has at most 1000 characters") }
        }
        for (id, text) in draft.texts.sorted(by: { $0.key < $1.key }) {
            guard let field = instrument.textFields.first(where: { $0.id == id }) else {
                problems.append("\(id) is not a text field of the form")
                continue
            }
            if text.count > field.maxLength { problems.append("\(id) has more than \(field.maxLength) characters") }
        }
        let known = Set(instrument.problems.map(\.id))
        problems += draft.problems.filter { !known.contains($0) }.map { "\($0) is not a problem the form lists" }
        for session in draft.observedSessions {
            let row = try db.fetchOne("SELECT class_id, started_at FROM learning_usage_session WHERE id = ?", [session])
            let started = try row.map { Date(timeIntervalSince1970: try $0.get("started_at")) }
            guard let row, try row.get("class_id", as: Int64.self) == visit.classID, let started,
                LocalDate(started) == visit.date
            else {
                problems.append("screening \(session) is not one of this class's on \(visit.date)")
                continue
            }
        }
        if !problems.isEmpty { throw EvaluationError.invalid(problems.joined(separator: "; ")) }
    }
}
