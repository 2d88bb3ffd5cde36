import Foundation
import KlaiCatalog
import KlaiStore

/// A repair request (แจ้งซ่อม): reported → acknowledged → fixed → closed.
public struct RepairRequest: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable { case reported, acknowledged, fixed, closed }
    /// The problem groups a supervisor tallies.
    public enum Problem: String, Sendable, CaseIterable { case signal, brokenDevice = "broken_device", electricity, network, other }
    /// Who repaired it once the warranty is over (or the warranty itself).
    public enum Repairer: String, Sendable, CaseIterable {
        case schoolStaff = "school_staff", localTechnician = "local_technician", parentAgency = "parent_agency", warranty
    }

    public var id: Int64
    public var schoolID: Int64
    public var classroomID: Int64
    public var equipmentID: Int64?
    public var problem: Problem
    public var description: String
    public var state: State
    public var reportedBy: Int64
    public var reportedOn: LocalDate
    public var acknowledgedOn: LocalDate?
    public var fixedOn: LocalDate?
    public var closedOn: LocalDate?
    public var repairedBy: Repairer?

    /// Calendar days from the report to the fix; nil while not fixed.
    public var daysToFix: Int? { fixedOn.map { $0.dayNumber - reportedOn.dayNumber } }

    init(row: Row) throws {
        id = try row.get("id")
        schoolID = try row.get("school_id")
        classroomID = try row.get("classroom_id")
        equipmentID = try row.get("equipment_id")
        problem = Problem(rawValue: try row.get("problem")) ?? .other
        description = try row.get("description")
        state = State(rawValue: try row.get("state")) ?? .reported
        reportedBy = try row.get("reported_by")
        reportedOn = try row.get("reported_on")
        acknowledgedOn = try row.get("acknowledged_on")
        fixedOn = try row.get("fixed_on")
        closedOn = try row.get("closed_on")
        repairedBy = (try row.get("repaired_by", as: String?.self)).flatMap(Repairer.init(rawValue:))
    }
}

extension LocalDate {
    /// Days since 1970-01-01, for day arithmetic between two dates: the Gregorian calendar's arithmetic
    /// (H. Hinnant's days-from-civil), not `Calendar`, because a supervisor's school table asks it for every
    /// day of every repair request of 20 schools.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// ISO weekday (1 = Monday … 7 = Sunday) of a `dayNumber`; 1970-01-01 was a Thursday.
    static func weekday(ofDayNumber number: Int) -> Int { ((number % 7) + 7 + 3) % 7 + 1 }
}
