import Foundation
import KlaiCatalog
import KlaiStore

/// `klai catalog today [--channel DLTV4 | --grade ป.4 --week] [--date DATE]`.
enum CatalogTodayCommand: Command {
    static let spec = CommandSpec(
        name: ["catalog", "today"], summary: "Today's DLTV timetable for a channel, or this week's for a grade.",
        discussion: "Each period is shown with its recording when the library has it (✓) or a dash.",
        options: LibraryLocation.options + [
            CatalogCommand.catalogOption,
            OptionSpec("channel", value: "DLTV4", help: "Channel to show.", default: "DLTV4"),
            OptionSpec("grade", value: "GRADE", help: "Show the channel serving this grade (P4 or ป.4)."),
            OptionSpec("week", help: "The whole week containing the date."),
            OptionSpec("date", value: "DATE", help: "Date instead of today (YYYY-MM-DD, B.E. or Gregorian).")
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        // Reading commands never make a library where a mistyped --data (or the wrong folder) points.
        guard LibraryLocation(invocation).existsOrExplain(for: "catalog today") else { return 1 }
        let (store, _, _) = try CatalogCommand.open(invocation)
        var date = LocalDate(Date())
        if let text = invocation.value("date") {
            guard let parsed = LocalDate(parsing: text) else { throw UsageError(spec: spec, problem: "--date must be YYYY-MM-DD") }
            date = parsed
        }
        let slots: [ScheduledSlot] = try store.readSync { db in
            if let grade = invocation.value("grade") {
                let code = try db.scalar("SELECT code FROM grade WHERE code = upper(?1) OR name_th = ?1", [grade], as: String.self)
                guard let code else {
                    throw UsageError(spec: spec, problem: "unknown grade '\(grade)' (use K1…M6 or อ.1, ป.4, ม.2)")
                }
                if invocation.flag("week") { return try Catalog.week(grade: code, containing: date, in: db) }
                guard let channel = try Timetable.channel(for: code, on: date, in: db) else { return [] }
                return try Catalog.day(channel: channel, on: date, in: db)
            }
            let channel = invocation.value("channel") ?? "DLTV4"
            // A mistyped channel would otherwise read as a day without broadcasts.
            guard try db.scalar("SELECT count(*) FROM channel WHERE code = upper(?)", [channel], as: Int.self) ?? 0 > 0 else {
                throw UsageError(spec: spec, problem: "unknown channel '\(channel)' (DLTV1 … DLTV15)")
            }
            return try Catalog.day(channel: channel, on: date, in: db)
        }
        if slots.isEmpty { print("no DLTV periods on \(date) (\(date.day)/\(date.month)/\(date.buddhistYear)) for that channel or grade") }
        var lastDate: LocalDate?
        for scheduled in slots {
            if scheduled.date != lastDate {
                let d = scheduled.date
                print("\(scheduled.slot.channel)  \(d.day)/\(d.month)/\(d.buddhistYear)\(scheduled.slot.isSample ? "  (sample timetable)" : "")")
                lastDate = d
            }
            let slot = scheduled.slot
            let recording = scheduled.recording.map { "✓ #\($0.id) \($0.title)" } ?? "–"
            print("  คาบ \(slot.period)  \(slot.startsAt)–\(slot.endsAt)  \(slot.subject)  \(recording)")
        }
        return 0
    }
}
