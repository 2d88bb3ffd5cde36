import Foundation
import KlaiCatalog
import KlaiStore

/// Each school's term row (`SchoolTermRow`), kept precomputed in `evaluation_school_term` as the records it sums
/// arrive: a class's usage refresh (event ingest, `klai evaluation refresh`, closing a term), a submitted visit or
/// correction, and each step of a repair request. A supervisor's overview and the schools CSV then read 20 stored
/// rows instead of summing 140 classes, 300 visits and 500 repair requests on every request.
///
/// The one figure that moves without a record arriving is *classroom-days lost*: an unfixed request loses one more
/// classroom-day every school day. The row keeps the day it counted to (`as_of`) and how many classrooms had an
/// unfixed request then, and a later read adds those classrooms' school days since; when that would not be exact
/// (a request dated after `as_of`, a read for an earlier day) the row is built from the records instead.
/// `differences` compares every stored row with that build, like `UsageEvidence.differences`.
public enum SchoolTerms {
    /// Recomputes and stores a school's row for a term, its repair figures counted to `asOf` (or the term's end).
    public static func refresh(_ db: Database, schoolID: Int64, termID: Int64, asOf: LocalDate = LocalDate(Date())) throws {
        let term = try TermFacts.load(db, id: termID)
        let day = min(asOf, term.endsOn)
        let row = try Dashboard.schoolRow(db, schoolID: schoolID, term: term, asOf: day)
        let open =
            try db.scalar(
                """
                SELECT count(DISTINCT classroom_id) FROM evaluation_repair
                WHERE school_id = ? AND reported_on BETWEEN ? AND ? AND fixed_on IS NULL
                """, [schoolID, term.startsOn, term.endsOn], as: Int.self) ?? 0
        let later =
            try db.scalar(
                """
                SELECT count(*) FROM evaluation_repair
                WHERE school_id = ? AND reported_on BETWEEN ? AND ? AND (reported_on > ? OR fixed_on > ?)
                """, [schoolID, term.startsOn, term.endsOn, day, day], as: Int.self) ?? 0
        let problems = row.repairs.byProblem.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        try db.execute(
            """
            INSERT OR REPLACE INTO evaluation_school_term (school_id, term_id, as_of, open_classrooms, settled,
                classes_with_usage, scheduled_periods, covered_periods, screenings, dltv_screenings, in_sync, remedial,
                dlit_screenings, pupils_enrolled, pupils_exposed, play_seconds, stall_seconds, stalled_screenings, visits,
                classes_visited, repairs_reported, repairs_open, repairs_fixed, repairs_closed, mean_days_to_fix,
                classroom_days_lost, repairs_by_problem, refreshed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                schoolID, termID, day, open, later == 0 ? 1 : 0, row.classesWithUsage, row.scheduledPeriods, row.coveredPeriods,
                row.screenings, row.dltvScreenings, row.inSync, row.remedial, row.dlitScreenings, row.pupilsEnrolled,
                row.pupilsExposed, row.playSeconds, row.stallSeconds, row.stalledScreenings, row.visits, row.classesVisited,
                row.repairs.reported, row.repairs.open, row.repairs.fixed, row.repairs.closed, row.repairs.meanDaysToFix,
                row.repairs.classroomDaysLost, problems, Date()
            ])
    }

    /// Refreshes the school's row of every term containing `day` (a visit's or repair request's day).
    static func refresh(_ db: Database, schoolID: Int64, containing day: LocalDate) throws {
        for termID in try db.fetchAll("SELECT id FROM term WHERE starts_on <= ?1 AND ends_on >= ?1 ORDER BY id", [day])
            .map({ try $0.get(0, as: Int64.self) })
        {
            try refresh(db, schoolID: schoolID, termID: termID)
        }
    }

    /// The school's stored row as of `asOf`, or nil when none is stored or it cannot be brought to that day exactly.
    /// The school's code, name and class count are read as they are now (an admin may rename a school or add a class).
    static func stored(_ db: Database, schoolID: Int64, term: TermFacts, asOf: LocalDate = LocalDate(Date())) throws -> SchoolTermRow? {
        guard
            let stored = try db.fetchOne(
                """
                SELECT t.*, s.code, s.name,
                    (SELECT count(*) FROM learning_class c WHERE c.school_id = s.id AND c.academic_year = ?) AS classes
                FROM evaluation_school_term t JOIN learning_school s ON s.id = t.school_id
                WHERE t.school_id = ? AND t.term_id = ?
                """, [term.academicYear, schoolID, term.id])
        else { return nil }
        let day = min(asOf, term.endsOn)
        let countedTo: LocalDate = try stored.get("as_of")
        let settled: Int = try stored.get("settled")
        guard day == countedTo || (day > countedTo && settled == 1) else { return nil }
        var repairs = RepairSummary()
        repairs.reported = try stored.get("repairs_reported")
        repairs.open = try stored.get("repairs_open")
        repairs.fixed = try stored.get("repairs_fixed")
        repairs.closed = try stored.get("repairs_closed")
        repairs.meanDaysToFix = try stored.get("mean_days_to_fix")
        repairs.classroomDaysLost = try stored.get("classroom_days_lost")
        for pair in try stored.get("repairs_by_problem", as: String.self).split(separator: " ") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let count = Int(parts[1]) { repairs.byProblem[String(parts[0])] = count }
        }
        // School days after `as_of` up to `day`, each lost once by every classroom that had an unfixed request.
        let open: Int = try stored.get("open_classrooms")
        if open > 0, day > countedTo {
            let schoolDays = (countedTo.dayNumber + 1...day.dayNumber).filter { LocalDate.weekday(ofDayNumber: $0) <= 5 }.count
            repairs.classroomDaysLost += open * schoolDays
        }
        return SchoolTermRow(
            schoolID: schoolID, schoolCode: try stored.get("code"), schoolName: try stored.get("name"), term: term.name,
            classes: try stored.get("classes"), classesWithUsage: try stored.get("classes_with_usage"),
            scheduledPeriods: try stored.get("scheduled_periods"), coveredPeriods: try stored.get("covered_periods"),
            screenings: try stored.get("screenings"), dltvScreenings: try stored.get("dltv_screenings"), inSync: try stored.get("in_sync"),
            remedial: try stored.get("remedial"), dlitScreenings: try stored.get("dlit_screenings"),
            pupilsEnrolled: try stored.get("pupils_enrolled"), pupilsExposed: try stored.get("pupils_exposed"),
            playSeconds: try stored.get("play_seconds"), stallSeconds: try stored.get("stall_seconds"),
            stalledScreenings: try stored.get("stalled_screenings"), visits: try stored.get("visits"),
            classesVisited: try stored.get("classes_visited"), repairs: repairs)
    }

    /// Every stored row that differs from its school's row built from the records as of `asOf`; empty when all agree.
    public static func differences(_ db: Database, asOf: LocalDate = LocalDate(Date())) throws -> [String] {
        var problems: [String] = []
        for key in try db.fetchAll("SELECT school_id, term_id FROM evaluation_school_term ORDER BY 1, 2") {
            let schoolID: Int64 = try key.get("school_id")
            let term = try TermFacts.load(db, id: try key.get("term_id"))
            let fresh = try Dashboard.schoolRow(db, schoolID: schoolID, term: term, asOf: min(asOf, term.endsOn))
            guard let stored = try stored(db, schoolID: schoolID, term: term, asOf: asOf) else {
                problems.append("the row of school \(schoolID) in term \(term.name) cannot be brought to \(asOf)")
                continue
            }
            if !stored.agrees(with: fresh) {
                problems.append("the row of school \(schoolID) in term \(term.name) differs from its records")
            }
        }
        return problems
    }
}

extension SchoolTermRow {
    /// Equal counts, and sums of seconds and the mean days to fix equal up to floating-point rounding (sums
    /// taken in another order may differ in the last bits).
    func agrees(with other: SchoolTermRow) -> Bool {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(1, abs(a), abs(b)) }
        var a = self, b = other
        guard close(a.playSeconds, b.playSeconds), close(a.stallSeconds, b.stallSeconds),
            (a.repairs.meanDaysToFix == nil) == (b.repairs.meanDaysToFix == nil),
            close(a.repairs.meanDaysToFix ?? 0, b.repairs.meanDaysToFix ?? 0)
        else { return false }
        (a.playSeconds, a.stallSeconds, a.repairs.meanDaysToFix) = (0, 0, nil)
        (b.playSeconds, b.stallSeconds, b.repairs.meanDaysToFix) = (0, 0, nil)
        return a == b
    }
}
