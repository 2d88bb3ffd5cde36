import Foundation
import KlaiCatalog
import KlaiStore

extension Dashboard {
    /// One school's row, summed from its classes' stored usage, its visits and its repairs.
    static func schoolRow(_ db: Database, schoolID: Int64, term: TermFacts, asOf: LocalDate? = nil) throws -> SchoolTermRow {
        guard let school = try db.fetchOne("SELECT code, name FROM learning_school WHERE id = ?", [schoolID]) else {
            throw EvaluationError.notFound("there is no school \(schoolID)")
        }
        let classes =
            try db.scalar(
                "SELECT count(*) FROM learning_class WHERE school_id = ? AND academic_year = ?",
                [schoolID, term.academicYear], as: Int.self) ?? 0
        var row = SchoolTermRow(
            schoolID: schoolID, schoolCode: try school.get("code"), schoolName: try school.get("name"), term: term.name,
            classes: classes, classesWithUsage: 0, scheduledPeriods: 0, coveredPeriods: 0, screenings: 0, dltvScreenings: 0,
            inSync: 0, remedial: 0, dlitScreenings: 0, pupilsEnrolled: 0, pupilsExposed: 0, playSeconds: 0, stallSeconds: 0,
            stalledScreenings: 0, visits: 0, classesVisited: 0, repairs: RepairSummary())
        for usage in try UsageEvidence.stored(db, schoolID: schoolID, termID: term.id, withWeeks: false) {
            row.classesWithUsage += 1
            row.scheduledPeriods += usage.scheduledPeriods
            row.coveredPeriods += usage.coveredPeriods
            row.screenings += usage.screenings
            row.dltvScreenings += usage.dltvScreenings
            row.inSync += usage.inSync
            row.remedial += usage.remedial
            row.dlitScreenings += usage.dlitScreenings
            // Exposure counts only where lessons were assigned, as `ClassTermUsage.pupilExposure` does.
            if usage.assignedItems > 0 {
                row.pupilsEnrolled += usage.pupilsEnrolled
                row.pupilsExposed += usage.pupilsExposed
            }
            row.playSeconds += usage.playSeconds
            row.stallSeconds += usage.stallSeconds
            row.stalledScreenings += usage.stalledScreenings
        }
        if let visits = try db.fetchOne(
            """
            SELECT count(*) AS n, count(DISTINCT class_id) AS classes FROM evaluation_visit v
            WHERE school_id = ? AND state = 'submitted' AND visit_date BETWEEN ? AND ?
                AND NOT EXISTS (SELECT 1 FROM evaluation_visit c WHERE c.corrects_id = v.id AND c.state = 'submitted')
            """, [schoolID, term.startsOn, term.endsOn])
        {
            row.visits = try visits.get("n")
            row.classesVisited = try visits.get("classes")
        }
        let repairs = try db.fetchAll(
            "SELECT * FROM evaluation_repair WHERE school_id = ? AND reported_on BETWEEN ? AND ?",
            [schoolID, term.startsOn, term.endsOn]
        ).map(RepairRequest.init(row:))
        row.repairs = RepairSummary(repairs, asOf: min(asOf ?? LocalDate(Date()), term.endsOn))
        return row
    }
}
