import Foundation

/// How events become progress, and which events are believed.
public struct ProgressPolicy: Sendable {
    /// Share of an item that must be covered for it to count as completed (90% by default).
    public var completionThreshold = 0.9
    /// How far a device clock may run ahead of the server's before its events are refused.
    public var maximumClockSkew: TimeInterval = 10 * 60
    /// Oldest event accepted (a device offline for a while sends late, but not from last term).
    public var maximumEventAge: TimeInterval = 30 * 24 * 3600
    /// Positions up to this far past the item's duration are accepted (rounding in players).
    public var durationTolerance = 1.0
    /// How early or late a screening may start and still match its timetable period, in seconds.
    public var timetableTolerance = 10 * 60
    /// Events one player session may send (a whole school day of reports every 10 s is under 3,000): past
    /// it, events are refused, so no session can grow without bound.
    public var maximumEventsPerSession = 20_000
    /// Events one person may send in a UTC day, across all their sessions.
    public var maximumEventsPerPersonPerDay = 30_000

    public init() {}

    /// Whether `coverage` (0…1) completes an item: the one completion rule, for ingest and recomputation alike.
    /// The epsilon absorbs rounding in `covered / duration` (90% of 600 s must be complete at 540 s).
    public func completes(coverage: Double) -> Bool { coverage + 1e-9 >= completionThreshold }

    /// Share of an item covered by `covered` seconds (0 when its duration is not known).
    public static func coverage(covered: Double, duration: Double) -> Double {
        duration > 0 ? min(covered, duration) / duration : 0
    }
}
