import Foundation
import KlaiCatalog

/// One school's term on a supervisor's dashboard.
public struct SchoolTermRow: Sendable, Equatable, Codable {
    public var schoolID: Int64
    public var schoolCode: String
    public var schoolName: String
    public var term: String
    public var classes: Int
    /// Classes whose usage has been computed at least once.
    public var classesWithUsage: Int
    public var scheduledPeriods: Int
    public var coveredPeriods: Int
    public var screenings: Int
    public var dltvScreenings: Int
    public var inSync: Int
    public var remedial: Int
    public var dlitScreenings: Int
    public var pupilsEnrolled: Int
    public var pupilsExposed: Int
    public var playSeconds: Double
    public var stallSeconds: Double
    public var stalledScreenings: Int
    public var visits: Int
    public var classesVisited: Int
    public var repairs: RepairSummary

    public var timetableCoverage: Double? { scheduledPeriods > 0 ? Double(coveredPeriods) / Double(scheduledPeriods) : nil }
    public var inSyncShare: Double? { dltvScreenings > 0 ? Double(inSync) / Double(dltvScreenings) : nil }
    public var pupilExposure: Double? { pupilsEnrolled > 0 ? Double(pupilsExposed) / Double(pupilsEnrolled) : nil }
    public var stallSecondsPerPlayHour: Double? { playSeconds > 0 ? stallSeconds / (playSeconds / 3600) : nil }
    /// Share of the school's classes visited this term.
    public var visitedShare: Double? { classes > 0 ? Double(classesVisited) / Double(classes) : nil }
}

/// One class of a school, with its usage (nil before its first refresh) and visits.
public struct ClassTermRow: Sendable, Equatable, Codable {
    public var classID: Int64
    /// `ป.4/1`.
    public var name: String
    public var usage: ClassTermUsage?
    public var visits: Int
}

/// One teacher's screenings in one class over the term.
public struct TeacherTermRow: Sendable, Equatable, Codable {
    public var teacherID: Int64
    public var name: String
    public var classID: Int64
    public var screenings: Int
    public var playSeconds: Double
    public var matchedTimetable: Int
    public var visits: Int
}

/// One lesson screened in a class (by one teacher) over the term.
public struct LessonTermRow: Sendable, Equatable, Codable {
    public var itemID: Int64
    public var title: String
    public var kind: String
    public var screenings: Int
    public var playSeconds: Double
    public var firstScreened: Date
}

/// One week of a trend chart.
public struct TrendPoint: Sendable, Equatable, Codable {
    public var weekStart: LocalDate
    public var scheduledPeriods: Int
    public var coveredPeriods: Int
    public var screenings: Int
    public var playSeconds: Double
    public var coverage: Double? { scheduledPeriods > 0 ? Double(coveredPeriods) / Double(scheduledPeriods) : nil }
}

/// A visit rating the records contradict, e.g. "in sync" rated 3 while timetable coverage is below 50 %.
public struct Contradiction: Sendable, Equatable, Codable {
    public var visitID: Int64
    public var classID: Int64
    public var teacherID: Int64
    public var itemID: String
    public var level: Int
    public var measure: UsageMeasure
    public var value: Double
    public var threshold: Double
    /// The rated item's wording, for pages; nil in snapshots closed before it was kept.
    public var itemText: LocalizedText?

    /// A sentence for the supervisor.
    public var sentence: String {
        "\(itemID) was rated \(level) while \(measure.rawValue) is " + String(format: "%.0f", value * 100)
            + " % (below " + String(format: "%.0f", threshold * 100) + " %)"
    }

    public init(
        visitID: Int64, classID: Int64, teacherID: Int64, itemID: String, level: Int, measure: UsageMeasure,
        value: Double, threshold: Double, itemText: LocalizedText? = nil
    ) {
        self.visitID = visitID
        self.classID = classID
        self.teacherID = teacherID
        self.itemID = itemID
        self.level = level
        self.measure = measure
        self.value = value
        self.threshold = threshold
        self.itemText = itemText
    }

    /// A self-assessment flag read back from its `sentence` (snapshots closed before flags were stored as data);
    /// the percentages come back whole, as the sentence printed them. Nil for any other text.
    init?(sentence: String) {
        let words = sentence.split(separator: " ").map(String.init)
        guard words.count == 12, words[1] == "was", words[2] == "rated", words[4] == "while", words[6] == "is",
            words[8] == "%", words[9] == "(below", words[11] == "%)", let level = Int(words[3]),
            let measure = UsageMeasure(rawValue: words[5]), let value = Double(words[7]), let threshold = Double(words[10])
        else {
            return nil
        }
        self.init(
            visitID: 0, classID: 0, teacherID: 0, itemID: words[0], level: level, measure: measure,
            value: value / 100, threshold: threshold / 100)
    }
}
