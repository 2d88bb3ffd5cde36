import Foundation
import KlaiCatalog

/// What a school's repair requests cost in a period: how long fixes took and teaching days lost.
public struct RepairSummary: Sendable, Equatable, Codable {
    public var reported = 0
    /// Not yet fixed at the end of the period.
    public var open = 0
    public var fixed = 0
    public var closed = 0
    /// Mean calendar days from report to fix, over the fixed ones; nil when none was fixed.
    public var meanDaysToFix: Double?
    /// School days (Monday–Friday) on which a classroom had a request open, each classroom-day once.
    public var classroomDaysLost = 0
    /// Requests by problem (`signal`, `broken_device`, …).
    public var byProblem: [String: Int] = [:]

    /// Summarises `requests` as of `asOf` (an unfixed request counts days lost up to `asOf`, exclusive).
    public init(_ requests: [RepairRequest], asOf: LocalDate) {
        reported = requests.count
        var days: [Int: Set<Int>] = [:]
        var fixDays: [Int] = []
        for request in requests {
            byProblem[request.problem.rawValue, default: 0] += 1
            switch request.state {
            case .reported, .acknowledged: open += 1
            case .fixed: fixed += 1
            case .closed: closed += 1
            }
            if let daysToFix = request.daysToFix { fixDays.append(daysToFix) }
            // Day numbers, not `LocalDate` steps: the school tables sum every request of 20 schools per page.
            let first = request.reportedOn.dayNumber
            let end = min(request.fixedOn?.dayNumber ?? Int.max, asOf.dayNumber + 1)
            for day in stride(from: first, to: end, by: 1) where LocalDate.weekday(ofDayNumber: day) <= 5 {
                days[Int(truncatingIfNeeded: request.classroomID), default: []].insert(day)
            }
        }
        classroomDaysLost = days.values.map(\.count).reduce(0, +)
        meanDaysToFix = fixDays.isEmpty ? nil : Double(fixDays.reduce(0, +)) / Double(fixDays.count)
    }

    public init() {}
}
