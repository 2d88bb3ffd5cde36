import KlaiStore

/// One timetable slot on a given day, with its recording when the library has it.
public struct ScheduledSlot: Sendable, Hashable {
    public var date: LocalDate
    public var slot: TimetableSlot
    /// The recording of this slot (kind `dltv_recording`), if ingested or described by a manifest.
    public var recording: CatalogItem?
}

extension Catalog {
    /// "Today on DLTV4": the channel's timetable for a date, each slot with its recording if present.
    public static func day(channel: String, on date: LocalDate, in db: Database) throws -> [ScheduledSlot] {
        let recordings = Dictionary(
            try recordings(channel: channel.uppercased(), on: date, in: db).compactMap { item in item.period.map { ($0, item) } },
            uniquingKeysWith: { first, _ in first })
        return try Timetable.slots(channel: channel.uppercased(), on: date, in: db).map {
            ScheduledSlot(date: date, slot: $0, recording: recordings[$0.period])
        }
    }

    /// "This week for ป.4": Monday to Sunday of the week containing `date`, on the channel serving the grade each day.
    /// - Parameter grade: a grade code (`P4`) or Thai name (`ป.4`).
    public static func week(grade: String, containing date: LocalDate, in db: Database) throws -> [ScheduledSlot] {
        guard let code = try db.scalar("SELECT code FROM grade WHERE code = upper(?1) OR name_th = ?1", [grade], as: String.self) else {
            throw CatalogError("unknown grade '\(grade)' (use K1…M6 or อ.1, ป.4, ม.2)")
        }
        let monday = date.adding(days: 1 - date.weekday)
        var result: [ScheduledSlot] = []
        for offset in 0..<7 {
            let day = monday.adding(days: offset)
            guard let channel = try Timetable.channel(for: code, on: day, in: db) else { continue }
            result += try self.day(channel: channel, on: day, in: db)
        }
        return result
    }
}
