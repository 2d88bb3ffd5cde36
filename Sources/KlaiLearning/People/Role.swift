/// What a person does in Klai (DOMAIN.md "Who uses Klai"). A person may hold several roles.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// ผู้ดูแลระบบ: everything, everywhere.
    case admin
    /// ศึกษานิเทศก์: reviews the schools in their scope.
    case supervisor
    /// ผู้บริหารสถานศึกษา: one school.
    case director
    /// ครู: one school, assigned to classes and learning areas.
    case teacher
    /// นักเรียน: one class per academic year.
    case student
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
