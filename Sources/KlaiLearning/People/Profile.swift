import KlaiStore

/// What a page shows of the signed-in person: names, the first-password flag and their school.
public struct Profile: Sendable, Equatable {
    public var userID: Int64
    public var username: String
    public var displayName: String
    /// A first password set by someone else: it only lets the person choose their own.
    public var mustChangePassword: Bool
    /// The name of the first school the person has a role in (empty for an office-wide admin).
    public var schoolName: String

    /// The profile of an active account, or nil.
    public static func load(_ db: Database, userID: Int64) throws -> Profile? {
        guard
            let row = try db.fetchOne(
                """
                SELECT u.username, u.display_name, u.must_change_password,
                    (SELECT s.name FROM learning_role r JOIN learning_school s ON s.id = r.school_id
                     WHERE r.user_id = u.id ORDER BY r.id LIMIT 1) AS school_name
                FROM learning_user u WHERE u.id = ? AND u.is_active = 1
                """, [userID])
        else { return nil }
        return Profile(
            userID: userID, username: try row.get("username"), displayName: try row.get("display_name"),
            mustChangePassword: try row.get("must_change_password"),
            schoolName: try row.get("school_name", as: String?.self) ?? "")
    }
}
