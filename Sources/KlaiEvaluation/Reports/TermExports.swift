import Foundation
import KlaiLearning
import KlaiStore

/// CSV downloads of the dashboard tables, each checked with the `export` action and written to the
/// audit log in the same transaction (teacher names leave Klai in these files).
public enum TermExports {
    /// The schools `viewer` may export in a term, as the dashboard shows them.
    public static func schools(_ db: Database, by viewer: Principal, termID: Int64, now: Date = Date()) throws -> CSVTable {
        let rows = try Dashboard.schools(db, viewer: viewer, termID: termID)
            .filter { Authorization.may(viewer, .export, .school(id: $0.schoolID)) }
        try AuditLog.record(db, actor: viewer.userID, action: "export.schools", target: "term:\(termID)",
                            detail: rows.map(\.schoolCode).joined(separator: " "), at: now)
        return CSVTable.schools(rows)
    }

    /// A school's classes in a term.
    public static func classes(_ db: Database, by viewer: Principal, schoolID: Int64, termID: Int64,
                               now: Date = Date()) throws -> CSVTable {
        try requireExport(viewer, schoolID: schoolID)
        let table = CSVTable.classes(try Dashboard.classes(db, viewer: viewer, schoolID: schoolID, termID: termID))
        try AuditLog.record(db, actor: viewer.userID, action: "export.classes", target: "school:\(schoolID)",
                            detail: "term:\(termID)", at: now)
        return table
    }

    /// The teachers of a class in a term.
    public static func teachers(_ db: Database, by viewer: Principal, classID: Int64, termID: Int64,
                                now: Date = Date()) throws -> CSVTable {
        guard let schoolID = try db.scalar("SELECT school_id FROM learning_class WHERE id = ?", [classID], as: Int64.self) else {
            throw EvaluationError.notFound("there is no class \(classID)")
        }
        try requireExport(viewer, schoolID: schoolID)
        let table = CSVTable.teachers(try Dashboard.teachers(db, viewer: viewer, classID: classID, termID: termID))
        try AuditLog.record(db, actor: viewer.userID, action: "export.teachers", target: "class:\(classID)",
                            detail: "term:\(termID)", at: now)
        return table
    }

    private static func requireExport(_ viewer: Principal, schoolID: Int64) throws {
        guard Authorization.may(viewer, .export, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("you may not export this school's figures")
        }
    }
}
