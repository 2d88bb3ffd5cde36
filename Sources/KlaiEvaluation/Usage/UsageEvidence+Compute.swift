import Foundation
import KlaiCatalog
import KlaiStore

extension UsageEvidence {
    /// One broadcast period the class's channel aired, as instants.
    struct ScheduledPeriod {
        var date: LocalDate
        var start: Double
        var end: Double
    }

    /// One class screening with what classification needs.
    struct Screening {
        var id: Int64
        var sessionID: Data
        var itemID: Int64
        var source: String
        var start: Double
        var end: Double
        var seconds: Double
        var matched: Bool
        var slotStart: TimeOfDay?
        var airDate: LocalDate?
        var eventCount: Int
        var cachedEventCount: Int?
        var cachedStallSeconds: Double
        var cachedStallCount: Int
    }

    static func compute(_ db: Database, classID: Int64, termID: Int64, asOf: LocalDate, cached: Bool) throws -> ClassTermUsage {
        guard let facts = try db.fetchOne("SELECT school_id, grade FROM learning_class WHERE id = ?", [classID]) else {
            throw EvaluationError.notFound("there is no class \(classID)")
        }
        guard let term = try db.fetchOne("SELECT starts_on, ends_on FROM term WHERE id = ?", [termID]) else {
            throw EvaluationError.notFound("there is no term \(termID)")
        }
        let starts: LocalDate = try term.get("starts_on")
        let lastDay = min(try term.get("ends_on", as: LocalDate.self), asOf)
        var usage = ClassTermUsage(classID: classID, termID: termID, schoolID: try facts.get("school_id"), asOf: lastDay)
        guard starts <= lastDay else { return usage }
        let periods = try scheduledPeriods(db, grade: try facts.get("grade"), from: starts, through: lastDay)
        let screenings = try classScreenings(
            db, classID: classID, from: starts.startInstant.timeIntervalSince1970,
            before: lastDay.adding(days: 1).startInstant.timeIntervalSince1970)
        var weeks: [LocalDate: ClassTermUsage.Week] = [:]
        func week(_ date: LocalDate) -> LocalDate { date.adding(days: 1 - date.weekday) }
        for period in periods {
            let covered = coveredSeconds(period, by: screenings) >= coveredShare * (period.end - period.start)
            usage.scheduledPeriods += 1
            usage.coveredPeriods += covered ? 1 : 0
            let start = week(period.date)
            weeks[start, default: .init(weekStart: start, scheduledPeriods: 0, coveredPeriods: 0, screenings: 0, playSeconds: 0)]
                .scheduledPeriods += 1
            weeks[start]?.coveredPeriods += covered ? 1 : 0
        }
        var screened = Set<Int64>()
        for screening in screenings {
            usage.screenings += 1
            usage.playSeconds += screening.seconds
            let day = LocalDate.thaiDay(unixSeconds: screening.start)
            let start = week(day)
            weeks[start, default: .init(weekStart: start, scheduledPeriods: 0, coveredPeriods: 0, screenings: 0, playSeconds: 0)]
                .screenings += 1
            weeks[start]?.playSeconds += screening.seconds
            switch screening.source {
            case "dltv_live", "dltv_recorded":
                let rightEpisode = screening.source == "dltv_live" || screening.airDate == day
                let onTime =
                    screening.slotStart.map {
                        abs(screening.start - (day.startInstant.timeIntervalSince1970 + Double($0.seconds))) <= syncTolerance
                    } ?? false
                if screening.matched && rightEpisode && onTime {
                    usage.inSync += 1
                } else if screening.matched && !rightEpisode {
                    usage.wrongEpisode += 1
                } else if screened.contains(screening.itemID) {
                    usage.remedial += 1
                } else {
                    usage.deferred += 1
                }
                screened.insert(screening.itemID)
            case "dlit":
                usage.dlitScreenings += 1
                usage.dlitSeconds += screening.seconds
            default:
                break
            }
            let health = try health(db, screening, cached: cached)
            usage.stallSeconds += health.stallSeconds
            usage.stalledScreenings += health.isStalled(playSeconds: screening.seconds) ? 1 : 0
        }
        usage.weeks = weeks.values.sorted { $0.weekStart < $1.weekStart }
        try addPupils(db, to: &usage, from: starts, through: lastDay)
        return usage
    }

    /// The playback health of a screening: from the cache when its event count is unchanged, else read
    /// from its events (and, when caching, remembered).
    private static func health(_ db: Database, _ s: Screening, cached: Bool) throws -> ScreeningHealth {
        if cached, s.cachedEventCount == s.eventCount {
            return ScreeningHealth(eventCount: s.eventCount, stallSeconds: s.cachedStallSeconds, stallCount: s.cachedStallCount)
        }
        let health = try ScreeningHealth.read(db, sessionID: s.sessionID, itemID: s.itemID)
        if cached {
            try db.execute(
                """
                INSERT OR REPLACE INTO evaluation_screening_health (usage_session_id, event_count, stall_seconds, stall_count)
                VALUES (?, ?, ?, ?)
                """, [s.id, s.eventCount, health.stallSeconds, health.stallCount])
        }
        return health
    }

    /// Seconds of `period` overlapped by the union of the screenings (overlapping screenings count once).
    static func coveredSeconds(_ period: ScheduledPeriod, by screenings: [Screening]) -> Double {
        let pieces = screenings.compactMap { s -> (Double, Double)? in
            let start = max(s.start, period.start), end = min(s.end, period.end)
            return end > start ? (start, end) : nil
        }.sorted { $0.0 < $1.0 }
        var total = 0.0
        var current: (Double, Double)?
        for piece in pieces {
            if let open = current, piece.0 <= open.1 {
                current = (open.0, max(open.1, piece.1))
            } else {
                if let open = current { total += open.1 - open.0 }
                current = piece
            }
        }
        if let open = current { total += open.1 - open.0 }
        return total
    }

    /// Every period the channel serving `grade` broadcast on the days from `first` through `last`.
    static func scheduledPeriods(_ db: Database, grade: String, from first: LocalDate, through last: LocalDate) throws
        -> [ScheduledPeriod]
    {
        var periods: [ScheduledPeriod] = []
        var slotsByDay: [String: [TimetableSlot]] = [:]
        var day = first
        while day <= last {
            if let channel = try Timetable.channel(for: grade, on: day, in: db) {
                let key = "\(channel) \(day.weekday) \(try Timetable.term(containing: day, in: db)?.id ?? 0)"
                let slots = try slotsByDay[key] ?? Timetable.slots(channel: channel, on: day, in: db)
                slotsByDay[key] = slots
                let midnight = day.startInstant.timeIntervalSince1970
                periods += slots.map {
                    ScheduledPeriod(
                        date: day, start: midnight + Double($0.startsAt.seconds),
                        end: midnight + Double($0.endsAt.seconds))
                }
            }
            day = day.adding(days: 1)
        }
        return periods
    }

    static func classScreenings(_ db: Database, classID: Int64, from: Double, before: Double) throws -> [Screening] {
        var screenings: [Screening] = []
        // Read from the live statement (no Row copies): this runs on every refresh, for every screening of the term.
        try db.forEachRow(
            """
            SELECT u.id, u.session_id, u.item_id, u.source, u.started_at, u.ended_at, u.seconds_played, u.matched_timetable,
                s.starts_at, i.air_date, p.event_count, h.event_count, h.stall_seconds, h.stall_count
            FROM learning_usage_session u
            JOIN catalog_item i ON i.id = u.item_id
            LEFT JOIN timetable_slot s ON s.id = u.timetable_slot_id
            LEFT JOIN learning_playback p ON p.session_id = u.session_id AND p.item_id = u.item_id
            LEFT JOIN evaluation_screening_health h ON h.usage_session_id = u.id
            WHERE u.class_id = ? AND u.started_at >= ? AND u.started_at < ?
            ORDER BY u.started_at, u.id
            """, [classID, from, before]
        ) { row in
            screenings.append(
                Screening(
                    id: row.int64(at: 0), sessionID: Data.fromDatabaseValue(row.value(at: 1)) ?? Data(), itemID: row.int64(at: 2),
                    source: row.string(at: 3), start: row.double(at: 4), end: row.double(at: 5), seconds: row.double(at: 6),
                    matched: row.int64(at: 7) != 0, slotStart: row.isNull(at: 8) ? nil : TimeOfDay(parsing: row.string(at: 8)),
                    airDate: row.isNull(at: 9) ? nil : LocalDate(parsing: row.string(at: 9)),
                    eventCount: Int(clamping: row.int64(at: 10)),
                    cachedEventCount: row.isNull(at: 11) ? nil : Int(clamping: row.int64(at: 11)),
                    cachedStallSeconds: row.double(at: 12), cachedStallCount: Int(clamping: row.int64(at: 13))))
        }
        return screenings
    }

    /// Pupils enrolled now, lessons assigned to the class with a due day in the term, and their progress.
    private static func addPupils(
        _ db: Database, to usage: inout ClassTermUsage, from first: LocalDate,
        through last: LocalDate
    ) throws {
        let pupils: [Int64] = try db.fetchAll(
            "SELECT student_id FROM learning_class_member WHERE class_id = ? AND left_at IS NULL ORDER BY 1", [usage.classID]
        ).map { try $0.get(0) }
        var durations: [Int64: Double] = [:]
        for row in try db.fetchAll(
            """
            SELECT DISTINCT ci.item_id, i.duration_seconds FROM learning_assignment a
            JOIN learning_course_item ci ON ci.id = a.course_item_id JOIN catalog_item i ON i.id = ci.item_id
            WHERE a.class_id = ? AND a.due_at >= ? AND a.due_at < ? AND i.duration_seconds > 0
            """, [usage.classID, first.startInstant, last.adding(days: 1).startInstant])
        {
            durations[try row.get("item_id")] = try row.get("duration_seconds")
        }
        usage.pupilsEnrolled = pupils.count
        usage.assignedItems = durations.count
        guard !durations.isEmpty else { return }
        let total = durations.values.reduce(0, +)
        // Every current pupil's progress in one statement (not one query per pupil): closing a district's
        // term refreshes 1,400 classes of about 30 pupils each.
        var covered: [Int64: Double] = [:]
        try db.forEachRow(
            """
            SELECT p.user_id, p.item_id, p.covered_seconds, p.completed_at IS NOT NULL FROM learning_class_member m
            JOIN learning_progress p ON p.user_id = m.student_id WHERE m.class_id = ? AND m.left_at IS NULL
            """, [usage.classID]
        ) { row in
            guard let duration = durations[row.int64(at: 1)] else { return }
            covered[row.int64(at: 0), default: 0] += min(duration, row.double(at: 2))
            usage.completions += row.int64(at: 3) != 0 ? 1 : 0
        }
        usage.pupilsExposed = pupils.filter { (covered[$0] ?? 0) + 1e-9 >= exposureThreshold * total }.count
    }
}

extension LocalDate {
    /// 1970-01-01, the day Unix time counts from.
    static let unixEpochDay = LocalDate(year: 1970, month: 1, day: 1)!

    /// The Thai calendar day of a Unix time, without a `Calendar` (Thailand keeps UTC+7 all year, no
    /// daylight saving), because a refresh asks it for every screening of a term.
    static func thaiDay(unixSeconds: Double) -> LocalDate {
        let local = (unixSeconds + Double(thaiTimeZone.secondsFromGMT())) / 86_400
        return unixEpochDay.adding(days: Int(exactly: local.rounded(.down)) ?? 0)
    }
}
