import Foundation
import KlaiCatalog
import KlaiStore

/// How one class used DLTV and DLIT over one term, as the evidence a supervisor reads next to a visit.
///
/// Kept in `evaluation_class_term_usage` by `UsageEvidence.refresh`; definitions in docs/EVALUATION.md.
public struct ClassTermUsage: Sendable, Equatable, Codable {
    /// One week (Monday to Sunday) of the term, for trend charts.
    public struct Week: Sendable, Equatable, Codable {
        public var weekStart: LocalDate
        public var scheduledPeriods: Int
        public var coveredPeriods: Int
        public var screenings: Int
        public var playSeconds: Double
    }

    public var classID: Int64
    public var termID: Int64
    public var schoolID: Int64
    /// The last day counted: the term's end, or the day of the refresh when the term is still running.
    public var asOf: LocalDate
    /// DLTV periods the class's channel broadcast from the term's start to `asOf`.
    public var scheduledPeriods = 0
    /// Of those, periods that a class screening overlapped for at least half their length.
    public var coveredPeriods = 0
    /// Every class screening (any source) in the term.
    public var screenings = 0
    /// DLTV screenings that started within the sync tolerance of their period, on the episode aired that day.
    public var inSync = 0
    /// DLTV screenings of an episode for the first time outside its broadcast (or starting late).
    public var deferred = 0
    /// DLTV screenings in a timetable period of an episode aired another day.
    public var wrongEpisode = 0
    /// DLTV screenings of an episode the class had already screened (ซ่อมเสริม, replays outside the timetable).
    public var remedial = 0
    public var dlitScreenings = 0
    public var dlitSeconds = 0.0
    public var pupilsEnrolled = 0
    /// Pupils with at least 80 % coverage of the lessons assigned to the class in the term.
    public var pupilsExposed = 0
    public var assignedItems = 0
    /// Assigned lessons completed, summed over pupils.
    public var completions = 0
    /// Seconds of media played in class screenings.
    public var playSeconds = 0.0
    /// Seconds a playing screen waited for data (see docs/EVALUATION.md, playback health).
    public var stallSeconds = 0.0
    /// Screenings that spent more than 5 % of their time stalled.
    public var stalledScreenings = 0
    public var weeks: [Week] = []

    /// DLTV screenings of any kind.
    public var dltvScreenings: Int { inSync + deferred + wrongEpisode + remedial }
    /// Covered ÷ scheduled periods; nil when nothing was scheduled.
    public var timetableCoverage: Double? { scheduledPeriods > 0 ? Double(coveredPeriods) / Double(scheduledPeriods) : nil }
    /// In-sync ÷ DLTV screenings; nil without DLTV screenings.
    public var inSyncShare: Double? { dltvScreenings > 0 ? Double(inSync) / Double(dltvScreenings) : nil }
    /// Exposed ÷ enrolled pupils; nil when no pupils or nothing assigned.
    public var pupilExposure: Double? {
        pupilsEnrolled > 0 && assignedItems > 0 ? Double(pupilsExposed) / Double(pupilsEnrolled) : nil
    }
    /// Completions ÷ (pupils × assigned lessons); nil when nothing is assigned.
    public var completionRate: Double? {
        pupilsEnrolled > 0 && assignedItems > 0 ? Double(completions) / Double(pupilsEnrolled * assignedItems) : nil
    }
    /// Stall seconds per hour of playback; nil without playback.
    public var stallSecondsPerPlayHour: Double? { playSeconds > 0 ? stallSeconds / (playSeconds / 3600) : nil }
    /// Screenings that did not stall more than 5 % ÷ all screenings; nil without screenings.
    public var smoothPlaybackShare: Double? {
        screenings > 0 ? Double(screenings - stalledScreenings) / Double(screenings) : nil
    }

    /// The value of a measure that visit ratings are checked against.
    public func value(of measure: UsageMeasure) -> Double? {
        switch measure {
        case .timetableCoverage: timetableCoverage
        case .inSyncShare: inSyncShare
        case .pupilExposure: pupilExposure
        case .smoothPlaybackShare: smoothPlaybackShare
        }
    }
}
