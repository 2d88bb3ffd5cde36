import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

/// Keeps each class's term usage (`ClassTermUsage`) up to date from KlaiLearning's summary tables.
///
/// `refresh` reads only small tables (the class's screenings, its pupils' progress, the timetable) and
/// the events of screenings whose event count changed since the last refresh (a cache per screening),
/// so it is cheap enough to run after every events batch for the classes the batch touched. Pages
/// read the stored row; they never scan events. `recompute` builds the same figures from scratch
/// (every screening's events read again) and is what `differences` compares the stored rows with.
public enum UsageEvidence {
    /// How far a screening's start may be from its period's start and still be "in sync" (seconds).
    public static let syncTolerance = 10.0 * 60
    /// Share of a period a screening must overlap for the period to count as covered ("most of it").
    public static let coveredShare = 0.5
    /// Coverage of assigned lessons at which a pupil counts as exposed.
    public static let exposureThreshold = 0.8

    /// Recomputes and stores the usage of `classID` in `termID`, counting days up to `asOf`, and its school's
    /// term row (`SchoolTerms`), which sums it.
    @discardableResult
    public static func refresh(_ db: Database, classID: Int64, termID: Int64, asOf: LocalDate) throws -> ClassTermUsage {
        let usage = try refreshClass(db, classID: classID, termID: termID, asOf: asOf)
        try SchoolTerms.refresh(db, schoolID: usage.schoolID, termID: termID)
        return usage
    }

    /// The class's usage alone; callers refreshing several classes refresh each school's row once after them.
    @discardableResult
    private static func refreshClass(_ db: Database, classID: Int64, termID: Int64, asOf: LocalDate) throws -> ClassTermUsage {
        let usage = try compute(db, classID: classID, termID: termID, asOf: asOf, cached: true)
        try store(db, usage)
        return usage
    }

    /// Refreshes every class a school has in the term's academic year (closing a term, `klai evaluation refresh`).
    public static func refresh(_ db: Database, schoolID: Int64, termID: Int64, asOf: LocalDate) throws {
        let year = try TermFacts.load(db, id: termID).academicYear
        for classID in try db.fetchAll(
            "SELECT id FROM learning_class WHERE school_id = ? AND academic_year = ? ORDER BY id",
            [schoolID, year]
        ).map({ try $0.get(0, as: Int64.self) }) {
            try refreshClass(db, classID: classID, termID: termID, asOf: asOf)
        }
        try SchoolTerms.refresh(db, schoolID: schoolID, termID: termID)
    }

    /// Refreshes the classes and terms an events batch touched: each class named by a class-mode event,
    /// in the term containing that event's day, counted up to `today` (or the term's end).
    ///
    /// Call it in the transaction that ingests the batch (`PlaybackIngest.apply`), so the stored figures
    /// and the events commit together; a late offline batch refreshes the past term it belongs to.
    public static func refreshAfterBatch(_ db: Database, _ batch: EventBatch, today: LocalDate) throws {
        var touched = Set<ClassTerm>()
        var terms: [LocalDate: Int64?] = [:]
        for event in batch.events {
            guard let classID = event.classID else { continue }
            let day = LocalDate(event.deviceTime)
            if terms[day] == nil { terms[day] = .some(try Timetable.term(containing: day, in: db)?.id) }
            if let term = terms[day] ?? nil { touched.insert(ClassTerm(classID: classID, termID: term)) }
        }
        var schools = Set<SchoolTerm>()
        for key in touched.sorted(by: { ($0.classID, $0.termID) < ($1.classID, $1.termID) }) {
            guard try db.scalar("SELECT 1 FROM learning_class WHERE id = ?", [key.classID], as: Int.self) != nil else { continue }
            let usage = try refreshClass(db, classID: key.classID, termID: key.termID, asOf: today)
            schools.insert(SchoolTerm(schoolID: usage.schoolID, termID: key.termID))
        }
        for key in schools.sorted(by: { ($0.schoolID, $0.termID) < ($1.schoolID, $1.termID) }) {
            try SchoolTerms.refresh(db, schoolID: key.schoolID, termID: key.termID)
        }
    }

    private struct ClassTerm: Hashable {
        var classID: Int64
        var termID: Int64
    }

    private struct SchoolTerm: Hashable {
        var schoolID: Int64
        var termID: Int64
    }

    /// The same figures built from the stored events without any cache, and not stored.
    public static func recompute(_ db: Database, classID: Int64, termID: Int64, asOf: LocalDate) throws -> ClassTermUsage {
        try compute(db, classID: classID, termID: termID, asOf: asOf, cached: false)
    }

    /// The stored usage of a class in a term, or nil before its first refresh.
    public static func stored(_ db: Database, classID: Int64, termID: Int64) throws -> ClassTermUsage? {
        guard
            let row = try db.fetchOne(
                "SELECT * FROM evaluation_class_term_usage WHERE class_id = ? AND term_id = ?",
                [classID, termID])
        else { return nil }
        return try usage(row: row, weeks: weeks(db, classID: classID, termID: termID))
    }

    /// The stored usage of every class of a school in a term; `withWeeks: false` leaves `weeks` empty for
    /// sums that do not chart them (a supervisor's school table reads 20 schools × 7 classes per page).
    public static func stored(_ db: Database, schoolID: Int64, termID: Int64, withWeeks: Bool = true) throws -> [ClassTermUsage] {
        try db.fetchAll(
            "SELECT * FROM evaluation_class_term_usage WHERE school_id = ? AND term_id = ? ORDER BY class_id",
            [schoolID, termID]
        ).map { row in
            try usage(row: row, weeks: withWeeks ? weeks(db, classID: try row.get("class_id"), termID: termID) : [])
        }
    }

    /// Every stored row that differs from a recomputation at its own `asOf`; empty when all agree.
    public static func differences(_ db: Database) throws -> [String] {
        var problems: [String] = []
        for row in try db.fetchAll("SELECT class_id, term_id FROM evaluation_class_term_usage ORDER BY 1, 2") {
            let classID: Int64 = try row.get("class_id")
            let termID: Int64 = try row.get("term_id")
            guard let stored = try stored(db, classID: classID, termID: termID) else { continue }
            let fresh = try recompute(db, classID: classID, termID: termID, asOf: stored.asOf)
            if !stored.agrees(with: fresh) { problems.append("usage of class \(classID) in term \(termID) differs from its records") }
        }
        return problems
    }

    static func store(_ db: Database, _ u: ClassTermUsage) throws {
        try db.execute(
            """
            INSERT OR REPLACE INTO evaluation_class_term_usage (class_id, term_id, school_id, as_of, scheduled_periods,
                covered_periods, screenings, in_sync, deferred, wrong_episode, remedial, dlit_screenings, dlit_seconds,
                pupils_enrolled, pupils_exposed, assigned_items, completions, play_seconds, stall_seconds, stalled_screenings,
                refreshed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                u.classID, u.termID, u.schoolID, u.asOf, u.scheduledPeriods, u.coveredPeriods, u.screenings, u.inSync,
                u.deferred, u.wrongEpisode, u.remedial, u.dlitScreenings, u.dlitSeconds, u.pupilsEnrolled, u.pupilsExposed,
                u.assignedItems, u.completions, u.playSeconds, u.stallSeconds, u.stalledScreenings, Date()
            ])
        try db.execute("DELETE FROM evaluation_class_week_usage WHERE class_id = ? AND term_id = ?", [u.classID, u.termID])
        for week in u.weeks {
            try db.execute(
                """
                INSERT INTO evaluation_class_week_usage (class_id, term_id, week_start, scheduled_periods, covered_periods,
                    screenings, play_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    u.classID, u.termID, week.weekStart, week.scheduledPeriods, week.coveredPeriods, week.screenings,
                    week.playSeconds
                ])
        }
    }

    private static func weeks(_ db: Database, classID: Int64, termID: Int64) throws -> [ClassTermUsage.Week] {
        try db.fetchAll(
            """
            SELECT week_start, scheduled_periods, covered_periods, screenings, play_seconds FROM evaluation_class_week_usage
            WHERE class_id = ? AND term_id = ? ORDER BY week_start
            """, [classID, termID]
        ).map { row in
            ClassTermUsage.Week(
                weekStart: try row.get("week_start"), scheduledPeriods: try row.get("scheduled_periods"),
                coveredPeriods: try row.get("covered_periods"), screenings: try row.get("screenings"),
                playSeconds: try row.get("play_seconds"))
        }
    }

    private static func usage(row: Row, weeks: [ClassTermUsage.Week]) throws -> ClassTermUsage {
        var u = ClassTermUsage(
            classID: try row.get("class_id"), termID: try row.get("term_id"),
            schoolID: try row.get("school_id"), asOf: try row.get("as_of"))
        u.scheduledPeriods = try row.get("scheduled_periods")
        u.coveredPeriods = try row.get("covered_periods")
        u.screenings = try row.get("screenings")
        u.inSync = try row.get("in_sync")
        u.deferred = try row.get("deferred")
        u.wrongEpisode = try row.get("wrong_episode")
        u.remedial = try row.get("remedial")
        u.dlitScreenings = try row.get("dlit_screenings")
        u.dlitSeconds = try row.get("dlit_seconds")
        u.pupilsEnrolled = try row.get("pupils_enrolled")
        u.pupilsExposed = try row.get("pupils_exposed")
        u.assignedItems = try row.get("assigned_items")
        u.completions = try row.get("completions")
        u.playSeconds = try row.get("play_seconds")
        u.stallSeconds = try row.get("stall_seconds")
        u.stalledScreenings = try row.get("stalled_screenings")
        u.weeks = weeks
        return u
    }
}

extension ClassTermUsage {
    /// Equal counts, and sums of seconds equal up to floating-point rounding.
    func agrees(with other: ClassTermUsage) -> Bool {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(1, abs(a), abs(b)) }
        var a = self, b = other
        guard close(a.dlitSeconds, b.dlitSeconds), close(a.playSeconds, b.playSeconds), close(a.stallSeconds, b.stallSeconds),
            a.weeks.count == b.weeks.count,
            zip(a.weeks, b.weeks).allSatisfy({ close($0.playSeconds, $1.playSeconds) })
        else { return false }
        (a.dlitSeconds, a.playSeconds, a.stallSeconds) = (0, 0, 0)
        (b.dlitSeconds, b.playSeconds, b.stallSeconds) = (0, 0, 0)
        for index in a.weeks.indices {
            a.weeks[index].playSeconds = 0
            b.weeks[index].playSeconds = 0
        }
        return a == b
    }
}
