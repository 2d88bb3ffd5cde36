import Foundation
import KlaiCatalog
import KlaiCrypto
import KlaiLearning
import KlaiStore

/// Recording supervision visits: create a draft, autosave it, submit it, correct it, and let the
/// teacher answer. Functions run in the caller's transaction (`Store.write`); each checks
/// `Authorization.may` itself, so a web handler cannot forget to.
public enum Visits {
    /// Starts a draft visit by `supervisor` to `classID` taught by `teacherID`.
    /// - Throws: `EvaluationError.forbidden` when the person may not record visits in that class's school,
    ///   `.invalid` when the teacher does not teach the class or the instrument is not a visit form.
    public static func create(
        _ db: Database, by supervisor: Principal, classID: Int64, teacherID: Int64,
        date: LocalDate, period: Int?, instrumentID: Int64, now: Date = Date()
    ) throws -> Visit {
        guard let schoolID = try db.scalar("SELECT school_id FROM learning_class WHERE id = ?", [classID], as: Int64.self) else {
            throw EvaluationError.notFound("there is no class \(classID)")
        }
        guard Authorization.may(supervisor, .recordVisit, .classroom(id: classID, schoolID: schoolID)) else {
            throw EvaluationError.forbidden("you may not record visits at this school")
        }
        guard
            try db.scalar(
                "SELECT 1 FROM learning_teacher_class WHERE user_id = ? AND class_id = ?",
                [teacherID, classID], as: Int.self) != nil
        else {
            throw EvaluationError.invalid("that teacher does not teach this class")
        }
        if let period, !(1...12).contains(period) { throw EvaluationError.invalid("a period is a number from 1 to 12") }
        let instrument = try InstrumentLibrary.instrument(db, id: instrumentID)
        guard instrument.kind == .classroomVisit else {
            throw EvaluationError.invalid("\(instrument.title.th) is not a classroom-visit form")
        }
        try db.execute(
            """
            INSERT INTO evaluation_visit (school_id, class_id, teacher_id, supervisor_id, instrument_id, visit_date, period,
                content_hash, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                schoolID, classID, teacherID, supervisor.userID, instrumentID, date, period,
                try contentHash(VisitDraft()), now, now
            ])
        return try load(db, id: db.lastInsertRowID)
    }

    /// The visit `id` as `viewer` may see it: drafts only by their supervisor (or an admin).
    /// - Throws: `EvaluationError.notFound` also when the viewer may not see it (no hint that it exists).
    public static func visit(_ db: Database, id: Int64, viewer: Principal) throws -> Visit {
        let visit = try load(db, id: id)
        let mayEditDraft = visit.supervisorID == viewer.userID || viewer.holds(.admin)
        guard Authorization.may(viewer, .viewVisit, visit.target), visit.state == .submitted || mayEditDraft else {
            throw EvaluationError.notFound("there is no visit \(id)")
        }
        return visit
    }

    /// The current version of each submitted visit at `schoolID` between two days (inclusive) that `viewer`
    /// may see, newest first; a teacher sees only their own. With `answers: false` each visit's `content` is
    /// left empty: lists show the date, class and people, and a supervisor's list spans 20 schools.
    public static func submitted(
        _ db: Database, schoolID: Int64, from: LocalDate, through: LocalDate,
        viewer: Principal, answers: Bool = true
    ) throws -> [Visit] {
        try db.fetchAll(
            """
            SELECT \(Visit.columns) FROM evaluation_visit v
            WHERE school_id = ? AND visit_date BETWEEN ? AND ? AND state = 'submitted'
                AND NOT EXISTS (SELECT 1 FROM evaluation_visit c WHERE c.corrects_id = v.id AND c.state = 'submitted')
            ORDER BY visit_date DESC, id DESC
            """, [schoolID, from, through]
        ).map { try Visit(row: $0, content: VisitDraft()) }.filter { Authorization.may(viewer, .viewVisit, $0.target) }.map {
            answers ? try load(db, id: $0.id) : $0
        }
    }

    /// One page of the current submitted visits at `schoolIDs` between two days (inclusive) that `viewer` may see,
    /// newest first, without their answers, and how many such visits there are in all (a supervisor's list of 20
    /// schools holds hundreds in a term; only the page shown is read in full).
    public static func submittedPage(
        _ db: Database, schoolIDs: [Int64], from: LocalDate, through: LocalDate, viewer: Principal,
        offset: Int, limit: Int
    ) throws -> (visits: [Visit], total: Int) {
        guard !schoolIDs.isEmpty, limit > 0 else { return ([], 0) }
        let places = Array(repeating: "?", count: schoolIDs.count).joined(separator: ", ")
        let arguments: [(any DatabaseValueConvertible)?] = schoolIDs.map { $0 as (any DatabaseValueConvertible)? } + [from, through]
        let visible = try db.fetchAll(
            """
            SELECT id, school_id, teacher_id FROM evaluation_visit v
            WHERE school_id IN (\(places)) AND visit_date BETWEEN ? AND ? AND state = 'submitted'
                AND NOT EXISTS (SELECT 1 FROM evaluation_visit c WHERE c.corrects_id = v.id AND c.state = 'submitted')
            ORDER BY visit_date DESC, id DESC
            """, arguments
        ).compactMap { row -> Int64? in
            let id: Int64 = try row.get("id")
            let target = Target.visit(id: id, schoolID: try row.get("school_id"), teacherID: try row.get("teacher_id"))
            return Authorization.may(viewer, .viewVisit, target) ? id : nil
        }
        let start = min(max(offset, 0), visible.count)
        let page = visible[start..<(start + min(limit, visible.count - start))]
        guard !page.isEmpty else { return ([], visible.count) }
        let pagePlaces = Array(repeating: "?", count: page.count).joined(separator: ", ")
        let loaded = try db.fetchAll(
            "SELECT \(Visit.columns) FROM evaluation_visit WHERE id IN (\(pagePlaces))",
            page.map { $0 as (any DatabaseValueConvertible)? }
        ).map { try Visit(row: $0, content: VisitDraft()) }
        let byID = Dictionary(loaded.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return (page.compactMap { byID[$0] }, visible.count)
    }

    /// Every version of a visit, oldest first (the first visit, then each correction).
    public static func history(_ db: Database, id: Int64, viewer: Principal) throws -> [Visit] {
        var chain = [try visit(db, id: id, viewer: viewer)]
        while let previous = chain[0].correctsID { chain.insert(try load(db, id: previous), at: 0) }
        while let next = try db.scalar(
            "SELECT id FROM evaluation_visit WHERE corrects_id = ?", [chain[chain.count - 1].id],
            as: Int64.self)
        {
            let visit = try load(db, id: next)
            guard visit.state == .submitted || visit.supervisorID == viewer.userID else { break }
            chain.append(visit)
        }
        return chain
    }

    /// Reads a visit and its content without checking who asks (callers check).
    static func load(_ db: Database, id: Int64) throws -> Visit {
        guard let row = try db.fetchOne("SELECT \(Visit.columns) FROM evaluation_visit WHERE id = ?", [id]) else {
            throw EvaluationError.notFound("there is no visit \(id)")
        }
        var content = VisitDraft()
        for rating in try db.fetchAll("SELECT item_id, level, note FROM evaluation_visit_rating WHERE visit_id = ?", [id]) {
            content.ratings[try rating.get("item_id")] = VisitRating(level: try rating.get("level"), note: try rating.get("note"))
        }
        for text in try db.fetchAll("SELECT field_id, text FROM evaluation_visit_text WHERE visit_id = ?", [id]) {
            content.texts[try text.get("field_id")] = try text.get("text")
        }
        content.problems = try db.fetchAll("SELECT problem_id FROM evaluation_visit_problem WHERE visit_id = ? ORDER BY 1", [id])
            .map { try $0.get(0) }
        content.observedSessions = try db.fetchAll(
            "SELECT usage_session_id FROM evaluation_visit_session WHERE visit_id = ? ORDER BY 1", [id]
        ).map { try $0.get(0) }
        return try Visit(row: row, content: content)
    }

    /// SHA-256 of the draft's canonical JSON: equal content, equal hash, whatever order it came in.
    static func contentHash(_ draft: VisitDraft) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return SHA256.hex(SHA256.hash(try encoder.encode(draft.normalized)))
    }
}
