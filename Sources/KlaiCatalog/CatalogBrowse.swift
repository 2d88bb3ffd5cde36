import KlaiStore

/// The reference lists a person browses by: grades, learning areas, units, channels.
public enum CatalogBrowse {
    /// A grade or learning area with its names.
    public struct Named: Sendable, Hashable {
        public var code: String
        public var thai: String
        public var english: String
    }

    public static func grades(in db: Database) throws -> [Named] {
        try db.fetchAll("SELECT code, name_th, name_en FROM grade ORDER BY ordinal").map {
            Named(code: try $0.get("code"), thai: try $0.get("name_th"), english: try $0.get("name_en"))
        }
    }

    public static func learningAreas(in db: Database) throws -> [Named] {
        try db.fetchAll("SELECT code, name_th, name_en FROM learning_area ORDER BY ordinal").map {
            Named(code: try $0.get("code"), thai: try $0.get("name_th"), english: try $0.get("name_en"))
        }
    }

    public static func channels(in db: Database) throws -> [Named] {
        try db.fetchAll("SELECT code, name FROM channel ORDER BY number").map {
            Named(code: try $0.get("code"), thai: try $0.get("name"), english: try $0.get("name"))
        }
    }

    /// Units of a grade and learning area with how many lessons each holds, in lesson order.
    public static func units(grade: String, learningArea: String, in db: Database) throws -> [(unit: String, lessons: Int)] {
        try db.fetchAll(
            """
            SELECT unit, count(*) AS n, min(coalesce(lesson_number, 0)) AS first FROM catalog_item
            WHERE grade = ? AND learning_area = ? AND unit IS NOT NULL AND kind <> 'attachment'
            GROUP BY unit ORDER BY first, unit LIMIT 200
            """, [grade, learningArea]
        ).map { (try $0.get("unit"), try $0.get("n")) }
    }

    /// The lessons of one unit, in lesson order.
    public static func lessons(grade: String, learningArea: String, unit: String, in db: Database) throws -> [CatalogItem] {
        try db.fetchAll(
            """
            SELECT \(CatalogItem.columns) FROM catalog_item WHERE grade = ? AND learning_area = ? AND unit = ?
            AND kind <> 'attachment' ORDER BY coalesce(lesson_number, 0), title LIMIT 500
            """, [grade, learningArea, unit]
        ).map(CatalogItem.init(row:))
    }

    /// The grade code of a grade given as a code (`P4`) or a Thai name (`ป.4`); nil when unknown.
    public static func gradeCode(_ text: String, in db: Database) throws -> String? {
        try db.scalar("SELECT code FROM grade WHERE code = upper(?1) OR name_th = ?1", [text], as: String.self)
    }

    /// The channel serving a grade on a date.
    public static func channel(forGrade code: String, on date: LocalDate, in db: Database) throws -> String? {
        try Timetable.channel(for: code, on: date, in: db)
    }
}
