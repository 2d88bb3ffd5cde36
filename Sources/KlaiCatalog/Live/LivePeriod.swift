import Foundation
import KlaiStore

/// One timetable period of a channel on a date, as absolute instants: what the recorder records.
public struct LivePeriod: Sendable, Equatable {
    public var channel: String
    public var date: LocalDate
    public var period: Int
    public var subject: String
    public var learningArea: String?
    public var start: Date
    public var end: Date

    public init(
        channel: String, date: LocalDate, period: Int, subject: String, learningArea: String? = nil,
        start: Date, end: Date
    ) {
        self.channel = channel
        self.date = date
        self.period = period
        self.subject = subject
        self.learningArea = learningArea
        self.start = start
        self.end = end
    }

    /// The catalog's key for this period's recording (the same one `klai ingest` gives a file of it).
    public var stableKey: String { "dltv:\(channel):\(date):\(period)" }

    /// Where periods come from: the DLTV timetable by default; tests give 20-second periods.
    public typealias Source = @Sendable (_ channel: String, _ date: LocalDate, _ db: Database) throws -> [LivePeriod]

    /// The periods of `channel` on `date` from the timetable (Thai local times).
    public static let timetable: Source = { channel, date, db in
        try Timetable.slots(channel: channel, on: date, in: db).map { slot in
            let midnight = date.startInstant
            return LivePeriod(
                channel: channel, date: date, period: slot.period, subject: slot.subject,
                learningArea: slot.learningArea,
                start: midnight.addingTimeInterval(Double(slot.startsAt.seconds)),
                end: midnight.addingTimeInterval(Double(slot.endsAt.seconds)))
        }
    }
}
