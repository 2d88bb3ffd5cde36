import KlaiStore

/// A signed-in person as authorization sees them: their roles with scopes and their classes.
public struct Principal: Sendable, Hashable {
    public var userID: Int64
    public var grants: Set<RoleGrant>
    /// Classes the person teaches (teacher role).
    public var teacherClassIDs: Set<Int64>
    /// Classes the person currently belongs to as a student (one per academic year).
    public var studentClassIDs: Set<Int64>
    /// The password was set by someone else (a first password or a reset): until it is changed, the
    /// person may do nothing but change it (`Authorization.may` refuses everything else).
    public var mustChangePassword: Bool

    public init(
        userID: Int64, grants: Set<RoleGrant>, teacherClassIDs: Set<Int64> = [], studentClassIDs: Set<Int64> = [],
        mustChangePassword: Bool = false
    ) {
        self.userID = userID
        self.mustChangePassword = mustChangePassword
        self.grants = grants
        self.teacherClassIDs = teacherClassIDs
        self.studentClassIDs = studentClassIDs
    }

    /// Whether the person holds `role` (for any school).
    public func holds(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    /// Schools where the person holds `role`.
    public func schools(as role: Role) -> Set<Int64> {
        Set(grants.compactMap { $0.role == role ? $0.schoolID : nil })
    }

    /// Loads the roles and classes of an active user; nil when there is no such active user.
    public static func load(_ db: Database, userID: Int64) throws -> Principal? {
        guard let user = try db.fetchOne("SELECT is_active, must_change_password FROM learning_user WHERE id = ?", [userID]),
            try user.get("is_active", as: Bool.self)
        else { return nil }
        let grants = try db.fetchAll("SELECT role, school_id FROM learning_role WHERE user_id = ?", [userID]).compactMap {
            row -> RoleGrant? in
            guard let role = Role(rawValue: try row.get("role")) else { return nil }
            return RoleGrant(role, schoolID: try row.get("school_id", as: Int64?.self))
        }
        let taught = try db.fetchAll("SELECT DISTINCT class_id FROM learning_teacher_class WHERE user_id = ?", [userID])
            .map { try $0.get(0, as: Int64.self) }
        let member = try db.fetchAll(
            "SELECT class_id FROM learning_class_member WHERE student_id = ? AND left_at IS NULL", [userID]
        ).map { try $0.get(0, as: Int64.self) }
        return Principal(
            userID: userID, grants: Set(grants), teacherClassIDs: Set(taught), studentClassIDs: Set(member),
            mustChangePassword: try user.get("must_change_password"))
    }

    /// Refuses while a first or reset password must be changed, for the few calls that decide by ownership
    /// (one's own progress, joining a course, one's own screening) rather than through `Authorization.may`.
    /// - Throws: `LearningError.forbidden`.
    func requireNoPasswordChangeDue() throws {
        if mustChangePassword { throw LearningError.forbidden("change your password first") }
    }
}
