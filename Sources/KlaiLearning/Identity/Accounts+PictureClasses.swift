import KlaiStore

extension Accounts {
    /// A class whose pupils may sign in with pictures.
    public struct PictureClass: Sendable, Equatable {
        public let classID: Int64
        public let grade: String
        public let room: Int
        public let schoolName: String
    }

    /// Classes of อ.1–ป.3 in schools that allow picture sign-in, this academic year's first.
    public func pictureSignInClasses() throws -> [PictureClass] {
        try store.readSync { db in
            try db.fetchAll(
                """
                SELECT c.id, c.grade, c.room, s.name FROM learning_class c JOIN learning_school s ON s.id = c.school_id
                WHERE s.picture_sign_in = 1 ORDER BY c.academic_year DESC, s.name, c.grade, c.room LIMIT 200
                """
            ).compactMap { row -> PictureClass? in
                let grade: String = try row.get("grade")
                guard Grade(parsing: grade)?.isEarlyYears == true else { return nil }
                return PictureClass(
                    classID: try row.get("id"), grade: grade, room: try row.get("room"),
                    schoolName: try row.get("name"))
            }
        }
    }
}
