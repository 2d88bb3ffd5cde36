import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

/// Repair requests: a teacher or the director reports, the director acknowledges, records the fix and
/// closes. Each step is dated, checked against the order above and written to the audit log.
public enum Repairs {
    /// Reports a problem in a classroom (and, when known, the equipment); the equipment is marked broken.
    public static func report(
        _ db: Database, by reporter: Principal, classroomID: Int64, equipmentID: Int64? = nil,
        problem: RepairRequest.Problem, description: String, on day: LocalDate
    ) throws -> RepairRequest {
        let schoolID = try Readiness.schoolOf(db, classroomID: classroomID)
        guard Authorization.may(reporter, .reportRepair, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("only the school's teachers and director report repairs")
        }
        if let equipmentID,
            try db.scalar(
                "SELECT classroom_id FROM evaluation_equipment WHERE id = ?", [equipmentID],
                as: Int64.self) != classroomID
        {
            throw EvaluationError.invalid("that equipment is not in this classroom")
        }
        try db.execute(
            """
            INSERT INTO evaluation_repair (school_id, classroom_id, equipment_id, problem, description, state, reported_by,
                reported_on)
            VALUES (?, ?, ?, ?, ?, 'reported', ?, ?)
            """, [schoolID, classroomID, equipmentID, problem.rawValue, String(description.prefix(2000)), reporter.userID, day])
        let id = db.lastInsertRowID
        if let equipmentID {
            try db.execute(
                "UPDATE evaluation_equipment SET status = 'broken', updated_at = ? WHERE id = ? AND status = 'working'",
                [Date(), equipmentID])
        }
        try AuditLog.record(db, actor: reporter.userID, action: "repair.report", target: "repair:\(id)", detail: problem.rawValue)
        try SchoolTerms.refresh(db, schoolID: schoolID, containing: day)
        return try load(db, id: id)
    }

    /// The director has seen the request and arranged a repair.
    public static func acknowledge(_ db: Database, by director: Principal, repairID: Int64, on day: LocalDate) throws {
        try move(db, by: director, repairID: repairID, from: .reported, to: .acknowledged, on: day, column: "acknowledged_on")
    }

    /// The equipment works again; it is marked working.
    public static func markFixed(
        _ db: Database, by director: Principal, repairID: Int64, on day: LocalDate,
        repairedBy: RepairRequest.Repairer
    ) throws {
        try move(db, by: director, repairID: repairID, from: .acknowledged, to: .fixed, on: day, column: "fixed_on")
        try db.execute("UPDATE evaluation_repair SET repaired_by = ? WHERE id = ?", [repairedBy.rawValue, repairID])
        try db.execute(
            """
            UPDATE evaluation_equipment SET status = 'working', updated_at = ?
            WHERE id = (SELECT equipment_id FROM evaluation_repair WHERE id = ?)
            """, [Date(), repairID])
    }

    /// The director confirms the fix and closes the request.
    public static func close(_ db: Database, by director: Principal, repairID: Int64, on day: LocalDate) throws {
        try move(db, by: director, repairID: repairID, from: .fixed, to: .closed, on: day, column: "closed_on")
        try db.execute("UPDATE evaluation_repair SET closed_by = ? WHERE id = ?", [director.userID, repairID])
    }

    /// The requests of a school reported between two days (inclusive), oldest first.
    public static func list(
        _ db: Database, viewer: Principal, schoolID: Int64, from: LocalDate,
        through: LocalDate
    ) throws -> [RepairRequest] {
        guard Authorization.may(viewer, .view, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("you may not see this school's repairs")
        }
        return try db.fetchAll(
            """
            SELECT * FROM evaluation_repair WHERE school_id = ? AND reported_on BETWEEN ? AND ? ORDER BY reported_on, id
            """, [schoolID, from, through]
        ).map(RepairRequest.init(row:))
    }

    static func load(_ db: Database, id: Int64) throws -> RepairRequest {
        guard let row = try db.fetchOne("SELECT * FROM evaluation_repair WHERE id = ?", [id]) else {
            throw EvaluationError.notFound("there is no repair request \(id)")
        }
        return try RepairRequest(row: row)
    }

    private static func move(
        _ db: Database, by director: Principal, repairID: Int64, from: RepairRequest.State,
        to: RepairRequest.State, on day: LocalDate, column: String
    ) throws {
        let repair = try load(db, id: repairID)
        try Readiness.requireManage(director, schoolID: repair.schoolID)
        guard repair.state == from else {
            throw EvaluationError.conflict(
                "repair \(repairID) is \(repair.state.rawValue); only a \(from.rawValue) request can become \(to.rawValue)")
        }
        let latest = [repair.reportedOn, repair.acknowledgedOn, repair.fixedOn].compactMap { $0 }.max() ?? repair.reportedOn
        guard day >= latest else { throw EvaluationError.invalid("\(day) is before the request's previous step (\(latest))") }
        try db.execute("UPDATE evaluation_repair SET state = ?, \(column) = ? WHERE id = ?", [to.rawValue, day, repairID])
        try AuditLog.record(
            db, actor: director.userID, action: "repair.\(to.rawValue)", target: "repair:\(repairID)",
            detail: day.description)
        // The school's term row counts requests by state and the days to fix (the term of the report's day).
        try SchoolTerms.refresh(db, schoolID: repair.schoolID, containing: repair.reportedOn)
    }
}
