import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

/// One piece of DLTV or DLIT equipment in a classroom, with its current status.
public struct Equipment: Sendable, Equatable {
    /// What it is; the first three are what a classroom needs to watch the broadcast.
    public enum Kind: String, Sendable, CaseIterable {
        case tv, satelliteReceiver = "satellite_receiver", dishLNB = "dish_lnb", computer, network
        /// Needed to watch DLTV on the classroom screen.
        public var isNeededForBroadcast: Bool { [.tv, .satelliteReceiver, .dishLNB].contains(self) }
    }

    /// Working, faulty (works badly), broken or missing.
    public enum Status: String, Sendable, CaseIterable { case working, faulty, broken, missing }

    public var id: Int64
    public var classroomID: Int64
    public var kind: Kind
    public var label: String
    public var status: Status
    /// The end of the maker's warranty (DLTV equipment has carried three years), when known.
    public var warrantyUntil: LocalDate?

    init(row: Row) throws {
        id = try row.get("id")
        classroomID = try row.get("classroom_id")
        kind = Kind(rawValue: try row.get("kind")) ?? .tv
        label = try row.get("label")
        status = Status(rawValue: try row.get("status")) ?? .missing
        warrantyUntil = try row.get("warranty_until")
    }
}

/// A classroom's readiness: its equipment, and whether it can watch the broadcast now.
public struct ClassroomReadiness: Sendable, Equatable {
    public var classroomID: Int64
    public var name: String
    public var equipment: [Equipment]
    /// A TV, a receiver and a dish are present and every one of them works.
    public var canWatchBroadcast: Bool {
        Equipment.Kind.allCases.filter(\.isNeededForBroadcast).allSatisfy { kind in
            let pieces = equipment.filter { $0.kind == kind }
            return !pieces.isEmpty && pieces.allSatisfy { $0.status == .working }
        }
    }
}

/// Classrooms and their equipment, kept by the school's director.
public enum Readiness {
    /// Adds a classroom (a physical room, lasting across academic years), or returns the existing one.
    public static func addClassroom(_ db: Database, by director: Principal, schoolID: Int64, name: String) throws -> Int64 {
        try requireManage(director, schoolID: schoolID)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw EvaluationError.invalid("a classroom has a name of 1 to 100 characters") }
        try db.execute("INSERT OR IGNORE INTO evaluation_classroom (school_id, name) VALUES (?, ?)", [schoolID, name])
        return try db.scalar(
            "SELECT id FROM evaluation_classroom WHERE school_id = ? AND name = ?", [schoolID, name],
            as: Int64.self) ?? 0
    }

    /// Adds a piece of equipment to a classroom.
    public static func addEquipment(
        _ db: Database, by director: Principal, classroomID: Int64, kind: Equipment.Kind,
        label: String = "", status: Equipment.Status = .working, warrantyUntil: LocalDate? = nil,
        now: Date = Date()
    ) throws -> Int64 {
        try requireManage(director, schoolID: try schoolOf(db, classroomID: classroomID))
        try db.execute(
            """
            INSERT INTO evaluation_equipment (classroom_id, kind, label, status, warranty_until, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            """, [classroomID, kind.rawValue, String(label.prefix(100)), status.rawValue, warrantyUntil, now])
        return db.lastInsertRowID
    }

    /// Records an equipment check.
    public static func setStatus(
        _ db: Database, by director: Principal, equipmentID: Int64, _ status: Equipment.Status,
        now: Date = Date()
    ) throws {
        guard
            let classroom = try db.scalar(
                "SELECT classroom_id FROM evaluation_equipment WHERE id = ?", [equipmentID],
                as: Int64.self)
        else {
            throw EvaluationError.notFound("there is no equipment \(equipmentID)")
        }
        try requireManage(director, schoolID: try schoolOf(db, classroomID: classroom))
        try db.execute("UPDATE evaluation_equipment SET status = ?, updated_at = ? WHERE id = ?", [status.rawValue, now, equipmentID])
    }

    /// Every classroom of a school with its equipment, by name.
    public static func classrooms(_ db: Database, viewer: Principal, schoolID: Int64) throws -> [ClassroomReadiness] {
        guard Authorization.may(viewer, .view, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("you may not see this school's classrooms")
        }
        let equipment = try db.fetchAll(
            """
            SELECT e.* FROM evaluation_equipment e JOIN evaluation_classroom c ON c.id = e.classroom_id
            WHERE c.school_id = ? ORDER BY e.id
            """, [schoolID]
        ).map(Equipment.init(row:))
        return try db.fetchAll("SELECT id, name FROM evaluation_classroom WHERE school_id = ? ORDER BY name", [schoolID]).map { row in
            let id: Int64 = try row.get("id")
            return ClassroomReadiness(classroomID: id, name: try row.get("name"), equipment: equipment.filter { $0.classroomID == id })
        }
    }

    static func schoolOf(_ db: Database, classroomID: Int64) throws -> Int64 {
        guard
            let school = try db.scalar(
                "SELECT school_id FROM evaluation_classroom WHERE id = ?", [classroomID],
                as: Int64.self)
        else {
            throw EvaluationError.notFound("there is no classroom \(classroomID)")
        }
        return school
    }

    static func requireManage(_ principal: Principal, schoolID: Int64) throws {
        guard Authorization.may(principal, .manageEquipment, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("only the school's director keeps its equipment list and repairs")
        }
    }
}
