import Foundation
import KlaiLearning
import KlaiStore

/// CSV downloads of the dashboard tables, each checked with the `export` action and written to the
/// audit log before the file is handed out (teacher names leave Klai in these files).
///
/// Building a table only reads, so it runs in a read transaction beside other readers; `record` is the
/// one-row write that follows. A district's supervisors downloading at once then wait for each other's
/// audit rows only, never for each other's tables.
public enum TermExports {
    /// A built table and the audit entry that must be written before it leaves Klai.
    public struct Export: Sendable {
        public var table: CSVTable
        var action: String
        var target: String
        var detail: String
    }

    /// The schools `viewer` may export in a term, as the dashboard shows them.
    public static func schools(_ db: Database, by viewer: Principal, termID: Int64) throws -> Export {
        let rows = try Dashboard.schools(db, viewer: viewer, termID: termID)
            .filter { Authorization.may(viewer, .export, .school(id: $0.schoolID)) }
        return Export(
            table: CSVTable.schools(rows), action: "export.schools", target: "term:\(termID)",
            detail: rows.map(\.schoolCode).joined(separator: " "))
    }

    /// A school's classes in a term.
    public static func classes(_ db: Database, by viewer: Principal, schoolID: Int64, termID: Int64) throws -> Export {
        try requireExport(viewer, schoolID: schoolID)
        return Export(
            table: CSVTable.classes(try Dashboard.classes(db, viewer: viewer, schoolID: schoolID, termID: termID)),
            action: "export.classes", target: "school:\(schoolID)", detail: "term:\(termID)")
    }

    /// The teachers of a class in a term.
    public static func teachers(_ db: Database, by viewer: Principal, classID: Int64, termID: Int64) throws -> Export {
        guard let schoolID = try db.scalar("SELECT school_id FROM learning_class WHERE id = ?", [classID], as: Int64.self) else {
            throw EvaluationError.notFound("there is no class \(classID)")
        }
        try requireExport(viewer, schoolID: schoolID)
        return Export(
            table: CSVTable.teachers(try Dashboard.teachers(db, viewer: viewer, classID: classID, termID: termID)),
            action: "export.teachers", target: "class:\(classID)", detail: "term:\(termID)")
    }

    /// Writes the export's audit entry; hand the file out only after this transaction commits.
    public static func record(_ db: Database, _ export: Export, by viewer: Principal, now: Date = Date()) throws {
        try AuditLog.record(db, actor: viewer.userID, action: export.action, target: export.target, detail: export.detail, at: now)
    }

    private static func requireExport(_ viewer: Principal, schoolID: Int64) throws {
        guard Authorization.may(viewer, .export, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("you may not export this school's figures")
        }
    }
}
