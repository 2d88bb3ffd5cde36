import Foundation
import KlaiStore

extension RosterImport {
    /// What an import would do, by name: for the page an admin confirms before anything changes.
    public struct Preview: Sendable, Equatable {
        /// A pupil and a class, named for people (`ป.4/1`).
        public struct Change: Sendable, Equatable {
            public var name: String
            public var from: String?
            public var to: String?
        }

        public var report: Report
        public var added: [Change] = []
        /// Pupils who change class (the November and March rounds move pupils between rooms and grades).
        public var moved: [Change] = []
        /// Pupils missing from the file: they become inactive (their history stays).
        public var left: [Change] = []
    }

    /// Carries a preview out of the transaction it rolls back.
    struct PreviewRollback: Error { let preview: Preview }

    /// Works out what importing `file` would change, by doing the import inside a transaction that is
    /// then rolled back, so the preview is exactly what the import will do.
    /// - Throws: what `apply` throws (no such school, a username clash).
    public static func preview(_ file: RosterFile, store: Store, schoolID: Int64, year: Int, actor: Int64?) throws -> Preview {
        do {
            _ = try store.writeSync { db -> Int in
                let before = try placements(db, schoolID: schoolID)
                let report = try apply(file, to: db, schoolID: schoolID, year: year, actor: actor)
                let after = try placements(db, schoolID: schoolID)
                var preview = Preview(report: report)
                for (id, now) in after.sorted(by: { $0.value.name < $1.value.name }) {
                    if let was = before[id] {
                        if was.place != now.place { preview.moved.append(.init(name: now.name, from: was.place, to: now.place)) }
                    } else {
                        preview.added.append(.init(name: now.name, from: nil, to: now.place))
                    }
                }
                for (id, was) in before.sorted(by: { $0.value.name < $1.value.name }) where after[id] == nil {
                    preview.left.append(.init(name: was.name, from: was.place, to: nil))
                }
                throw PreviewRollback(preview: preview)
            }
        } catch let rollback as PreviewRollback {
            return rollback.preview
        }
        throw LearningError.invalid("the roster preview did not finish")
    }

    /// Active pupils of a school with their current class (latest year), by user id.
    static func placements(_ db: Database, schoolID: Int64) throws -> [Int64: (name: String, place: String?)] {
        var result: [Int64: (name: String, place: String?)] = [:]
        for row in try db.fetchAll(
            """
            SELECT u.id, u.display_name,
                (SELECT c.grade || '/' || c.room FROM learning_class_member m JOIN learning_class c ON c.id = m.class_id
                 WHERE m.student_id = u.id AND m.left_at IS NULL ORDER BY m.academic_year DESC LIMIT 1) AS place
            FROM learning_student s JOIN learning_user u ON u.id = s.user_id
            WHERE s.school_id = ? AND s.is_active = 1
            """, [schoolID])
        {
            let place: String? = try row.get("place")
            result[try row.get("id")] = (try row.get("display_name"), place.map(Self.thaiPlace))
        }
        return result
    }

    /// `P4/1` → `ป.4/1`.
    static func thaiPlace(_ code: String) -> String {
        let parts = code.split(separator: "/")
        guard parts.count == 2, let grade = Grade(parsing: String(parts[0])) else { return code }
        return "\(grade.thai)/\(parts[1])"
    }
}
