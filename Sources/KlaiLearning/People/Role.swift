/// What a person does in Klai. A person may hold several roles.
///
/// Stored in `learning_role.role` as the raw value, written out so that renaming a case can never change
/// what the database holds (the schema's CHECK lists the same words).
public enum Role: String, Sendable, CaseIterable, Codable {
    /// ผู้ดูแลระบบ: everything, everywhere.
    case admin = "admin"
    /// ศึกษานิเทศก์: reviews the schools in their scope.
    case supervisor = "supervisor"
    /// ผู้บริหารสถานศึกษา: one school.
    case director = "director"
    /// ครู: one school, assigned to classes and learning areas.
    case teacher = "teacher"
    /// นักเรียน: one class per academic year.
    case student = "student"
}

/// One role held, with its scope: the school it applies to (nil only for `admin`).
public struct RoleGrant: Sendable, Hashable, Codable, CustomStringConvertible {
    public var role: Role
    public var schoolID: Int64?

    public init(_ role: Role, schoolID: Int64? = nil) {
        self.role = role
        self.schoolID = role == .admin ? nil : schoolID
    }

    public var description: String { schoolID.map { "\(role.rawValue)@\($0)" } ?? role.rawValue }
}
