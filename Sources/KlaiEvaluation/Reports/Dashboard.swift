import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

/// The queries behind the supervisor's, director's and teacher's dashboards, drilling down
/// school → class → teacher → lesson. Every figure is read from the precomputed tables
/// (`evaluation_school_term`, `evaluation_class_term_usage`, usage sessions, visits, repairs), never from playback events.
/// Once a school's term is closed, its school row, classes and weekly trend come from the stored snapshot,
/// so the dashboards, their CSV files and the term report keep showing the same frozen figures.
public enum Dashboard {
    /// The schools `viewer` oversees in a term: a supervisor's schools, a director's school, all for an admin.
    public static func schools(_ db: Database, viewer: Principal, termID: Int64) throws -> [SchoolTermRow] {
        let term = try TermFacts.load(db, id: termID)
        let allowed: [Int64] =
            viewer.holds(.admin)
            ? try db.fetchAll("SELECT id FROM learning_school ORDER BY code").map { try $0.get(0) }
            : viewer.schools(as: .supervisor).union(viewer.schools(as: .director)).sorted()
        // A closed term's snapshot, else the precomputed row (`SchoolTerms`), else the sums from the records.
        return try allowed.filter { Authorization.may(viewer, .viewUsage, .school(id: $0)) }.map {
            try snapshot(db, schoolID: $0, termID: termID)?.school ?? SchoolTerms.stored(db, schoolID: $0, term: term)
                ?? schoolRow(db, schoolID: $0, term: term)
        }
    }

    /// The classes of a school in a term; a teacher sees only the classes they teach.
    public static func classes(_ db: Database, viewer: Principal, schoolID: Int64, termID: Int64) throws -> [ClassTermRow] {
        if let closed = try snapshot(db, schoolID: schoolID, termID: termID) {
            return closed.classes.filter { Authorization.may(viewer, .viewUsage, .classroom(id: $0.classID, schoolID: schoolID)) }
        }
        let term = try TermFacts.load(db, id: termID)
        return try db.fetchAll(
            """
            SELECT id, grade, room FROM learning_class WHERE school_id = ? AND academic_year = ? ORDER BY grade, room
            """, [schoolID, term.academicYear]
        ).compactMap { row -> ClassTermRow? in
            let id: Int64 = try row.get("id")
            guard Authorization.may(viewer, .viewUsage, .classroom(id: id, schoolID: schoolID)) else { return nil }
            let code: String = try row.get("grade")
            let grade = Grade(parsing: code)?.thai ?? code
            let visits =
                try db.scalar(
                    """
                    SELECT count(*) FROM evaluation_visit v WHERE class_id = ? AND state = 'submitted' AND visit_date BETWEEN ? AND ?
                        AND NOT EXISTS (SELECT 1 FROM evaluation_visit c WHERE c.corrects_id = v.id AND c.state = 'submitted')
                    """, [id, term.startsOn, term.endsOn], as: Int.self) ?? 0
            return ClassTermRow(
                classID: id, name: "\(grade)/\(try row.get("room", as: Int.self))",
                usage: try UsageEvidence.stored(db, classID: id, termID: termID), visits: visits)
        }
    }

    /// The teachers who screened lessons for a class in a term; a teacher sees only their own row.
    public static func teachers(_ db: Database, viewer: Principal, classID: Int64, termID: Int64) throws -> [TeacherTermRow] {
        let (schoolID, seesAll) = try classAccess(db, viewer: viewer, classID: classID)
        let term = try TermFacts.load(db, id: termID)
        let range = term.instants()
        return try db.fetchAll(
            """
            SELECT u.teacher_id, p.display_name, count(*) AS n, total(u.seconds_played) AS seconds,
                total(u.matched_timetable) AS matched,
                (SELECT count(*) FROM evaluation_visit v WHERE v.class_id = u.class_id AND v.teacher_id = u.teacher_id
                    AND v.state = 'submitted' AND v.visit_date BETWEEN ? AND ?
                    AND NOT EXISTS (SELECT 1 FROM evaluation_visit c WHERE c.corrects_id = v.id AND c.state = 'submitted')) AS visits
            FROM learning_usage_session u JOIN learning_user p ON p.id = u.teacher_id
            WHERE u.school_id = ? AND u.class_id = ? AND u.started_at >= ? AND u.started_at < ?
            GROUP BY u.teacher_id ORDER BY p.display_name
            """, [term.startsOn, term.endsOn, schoolID, classID, range.from, range.before]
        ).compactMap { row in
            let teacher: Int64 = try row.get("teacher_id")
            guard seesAll || teacher == viewer.userID else { return nil }
            return TeacherTermRow(
                teacherID: teacher, name: try row.get("display_name"), classID: classID,
                screenings: try row.get("n"), playSeconds: try row.get("seconds"),
                matchedTimetable: Int(try row.get("matched", as: Double.self)), visits: try row.get("visits"))
        }
    }

    /// The lessons a teacher screened for a class in a term, most screened first.
    public static func lessons(
        _ db: Database, viewer: Principal, classID: Int64, teacherID: Int64,
        termID: Int64
    ) throws -> [LessonTermRow] {
        let (schoolID, seesAll) = try classAccess(db, viewer: viewer, classID: classID)
        guard seesAll || teacherID == viewer.userID else { throw EvaluationError.forbidden("you may see only your own lessons") }
        let range = try TermFacts.load(db, id: termID).instants()
        return try db.fetchAll(
            """
            SELECT u.item_id, i.title, i.kind, count(*) AS n, total(u.seconds_played) AS seconds, min(u.started_at) AS first
            FROM learning_usage_session u JOIN catalog_item i ON i.id = u.item_id
            WHERE u.school_id = ? AND u.class_id = ? AND u.teacher_id = ? AND u.started_at >= ? AND u.started_at < ?
            GROUP BY u.item_id ORDER BY n DESC, first
            """, [schoolID, classID, teacherID, range.from, range.before]
        ).map { row in
            LessonTermRow(
                itemID: try row.get("item_id"), title: try row.get("title"), kind: try row.get("kind"),
                screenings: try row.get("n"), playSeconds: try row.get("seconds"),
                firstScreened: Date(timeIntervalSince1970: try row.get("first")))
        }
    }

    /// Weekly trend of a school (all its classes the viewer may see) or of one class.
    public static func weeklyTrend(
        _ db: Database, viewer: Principal, schoolID: Int64, classID: Int64? = nil,
        termID: Int64
    ) throws -> [TrendPoint] {
        trend(
            of: try self.classes(db, viewer: viewer, schoolID: schoolID, termID: termID)
                .filter { classID == nil || $0.classID == classID })
    }

    /// The weekly points of classes already read (the term report charts the classes it lists).
    static func trend(of classes: [ClassTermRow]) -> [TrendPoint] {
        var points: [LocalDate: TrendPoint] = [:]
        for week in classes.compactMap(\.usage).flatMap(\.weeks) {
            var point =
                points[week.weekStart]
                ?? TrendPoint(weekStart: week.weekStart, scheduledPeriods: 0, coveredPeriods: 0, screenings: 0, playSeconds: 0)
            point.scheduledPeriods += week.scheduledPeriods
            point.coveredPeriods += week.coveredPeriods
            point.screenings += week.screenings
            point.playSeconds += week.playSeconds
            points[week.weekStart] = point
        }
        return points.values.sorted { $0.weekStart < $1.weekStart }
    }

    /// The stored report of a school's closed term, or nil while the term is open.
    static func snapshot(_ db: Database, schoolID: Int64, termID: Int64) throws -> TermReport? {
        guard
            let stored = try db.scalar(
                "SELECT report FROM evaluation_term_snapshot WHERE school_id = ? AND term_id = ?",
                [schoolID, termID], as: String.self)
        else { return nil }
        return try TermReport.decoder.decode(TermReport.self, from: Data(stored.utf8))
    }

    /// The school a class belongs to, and whether the viewer sees every teacher's rows of it.
    private static func classAccess(_ db: Database, viewer: Principal, classID: Int64) throws -> (Int64, Bool) {
        guard let school = try db.scalar("SELECT school_id FROM learning_class WHERE id = ?", [classID], as: Int64.self),
            Authorization.may(viewer, .viewUsage, .classroom(id: classID, schoolID: school))
        else {
            throw EvaluationError.forbidden("you may not see this class's usage")
        }
        return (school, Authorization.may(viewer, .viewUsage, .school(id: school)))
    }
}
