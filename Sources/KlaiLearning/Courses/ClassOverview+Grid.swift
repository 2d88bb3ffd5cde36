import Foundation
import KlaiCatalog
import KlaiStore

extension ClassOverview {
    /// A lesson assigned to a class: a column of the grid, with its title and how many current pupils completed it.
    public struct GridLesson: Sendable, Equatable {
        public var itemID: Int64
        /// The catalog item's title; nil when the item is gone from the catalog.
        public var title: String?
        public var dueAt: Date
        public var completed: Int
    }

    /// A class's pupils × assigned lessons, as the teacher's page shows them.
    ///
    /// The cells sit in one flat array (a row per pupil, a slot per distinct lesson), so a 30 × 40 grid is a
    /// handful of allocations rather than a dictionary per pupil.
    public struct ProgressGrid: Sendable {
        /// The current pupils, by pupil number: the rows.
        public var pupils: [Pupil]
        /// The assignments by due date: the columns.
        public var lessons: [GridLesson]
        /// The number of current pupils (the denominator of each column's completion count).
        public var pupilCount: Int
        /// Each column's slot in a row of `cells` (a lesson assigned twice shares its slot).
        let slots: [Int]
        let slotCount: Int
        let cells: [Cell?]

        /// The cell of the pupil in row `pupil` and the lesson in column `lesson`; nil when the pupil has not started it.
        public func cell(pupil: Int, lesson: Int) -> Cell? {
            guard pupils.indices.contains(pupil), lessons.indices.contains(lesson) else { return nil }
            return cells[pupil * slotCount + slots[lesson]]
        }
    }

    /// The grid of one class, from four queries: the pupils, their number, the assignments with their titles, and
    /// the progress rows of the current pupils (one range of the `(user_id, item_id)` key per pupil), which give
    /// both the cells and each lesson's completion count. Progress columns are read by position from the live
    /// statement: no `Row` is copied per progress row.
    public static func progressGrid(_ db: Database, classID: Int64) throws -> ProgressGrid {
        let pupils = try Self.pupils(db, classID: classID)
        guard !pupils.isEmpty else { return ProgressGrid(pupils: [], lessons: [], pupilCount: 0, slots: [], slotCount: 0, cells: []) }
        let pupilCount =
            try db.scalar(
                "SELECT count(*) FROM learning_class_member WHERE class_id = ? AND left_at IS NULL", [classID], as: Int.self)
            ?? 0
        // a.id breaks ties between equal due dates in the order learning_assignment_class already gives.
        var lessons = try db.fetchAll(
            """
            SELECT ci.item_id, a.due_at, i.title FROM learning_assignment a JOIN learning_course_item ci ON ci.id = a.course_item_id
            LEFT JOIN catalog_item i ON i.id = ci.item_id WHERE a.class_id = ? ORDER BY a.due_at, a.id
            """, [classID]
        ).map { row in
            GridLesson(itemID: try row.get("item_id"), title: try row.get("title"), dueAt: try row.get("due_at"), completed: 0)
        }
        guard !lessons.isEmpty else { return ProgressGrid(pupils: pupils, lessons: [], pupilCount: pupilCount, slots: [], slotCount: 0, cells: []) }
        var slotOfItem: [Int64: Int] = [:]
        let slots = lessons.map { lesson in
            if let slot = slotOfItem[lesson.itemID] { return slot }
            slotOfItem[lesson.itemID] = slotOfItem.count
            return slotOfItem.count - 1
        }
        let slotCount = slotOfItem.count
        var rowsOfPupil: [Int64: [Int]] = [:]
        for (row, pupil) in pupils.enumerated() { rowsOfPupil[pupil.userID, default: []].append(row) }
        var cells = [Cell?](repeating: nil, count: pupils.count * slotCount)
        // Counted per membership row, as the pupils' number is: "done 12/30" counts current members.
        var completed = [Int](repeating: 0, count: slotCount)
        try db.forEachRow(
            """
            SELECT p.user_id, p.item_id, p.coverage, p.completed_at IS NOT NULL, p.last_activity
            FROM learning_class_member m JOIN learning_progress p ON p.user_id = m.student_id
            WHERE m.class_id = ? AND m.left_at IS NULL
            """, [classID]
        ) { row in
            guard let slot = slotOfItem[row.int64(at: 1)] else { return }
            let cell = Cell(
                coverage: row.double(at: 2), completed: row.int64(at: 3) != 0,
                lastActivity: Date(timeIntervalSince1970: row.double(at: 4)))
            if cell.completed { completed[slot] += 1 }
            for pupilRow in rowsOfPupil[row.int64(at: 0)] ?? [] { cells[pupilRow * slotCount + slot] = cell }
        }
        for column in lessons.indices { lessons[column].completed = completed[slots[column]] }
        return ProgressGrid(pupils: pupils, lessons: lessons, pupilCount: pupilCount, slots: slots, slotCount: slotCount, cells: cells)
    }

    /// A lesson a teacher may assign or play for a class, with what its choice shows beside the title.
    public struct LessonChoice: Sendable, Equatable {
        public var itemID: Int64
        public var title: String
        public var grade: String?
        public var learningArea: String?
        public var channel: String?
        public var airDate: LocalDate?
        public var period: Int?
        public var durationSeconds: Double?
    }

    /// The newest lessons and recordings of a grade (a code such as `P4`), as `Catalog.search` with that grade,
    /// the lesson kinds and newest-first order lists them, but reading only the eight columns a choice shows
    /// (the whole `CatalogItem`, description and indicators included, cost more than the rest of the grid).
    public static func lessonChoices(_ db: Database, gradeCode: String, limit: Int = 100) throws -> [LessonChoice] {
        var choices: [LessonChoice] = []
        try db.forEachRow(
            """
            SELECT id, title, grade, learning_area, channel, air_date, period, duration_seconds FROM catalog_item
            WHERE kind IN ('dlit_lesson', 'dltv_recording', 'local_lesson') AND grade = ? ORDER BY air_date DESC, id DESC LIMIT ?
            """, [gradeCode, limit]
        ) { row in
            choices.append(
                LessonChoice(
                    itemID: row.int64(at: 0), title: row.string(at: 1), grade: row.isNull(at: 2) ? nil : row.string(at: 2),
                    learningArea: row.isNull(at: 3) ? nil : row.string(at: 3), channel: row.isNull(at: 4) ? nil : row.string(at: 4),
                    airDate: row.isNull(at: 5) ? nil : LocalDate(parsing: row.string(at: 5)),
                    period: row.isNull(at: 6) ? nil : Int(row.int64(at: 6)),
                    durationSeconds: row.isNull(at: 7) ? nil : row.double(at: 7)))
        }
        return choices
    }
}
