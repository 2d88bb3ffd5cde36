extension LearningSchema {
    /// Courses are ordered catalog items in units; enrollment by class follows the roster because class
    /// members are read through `learning_class_member` at query time.
    static let courses = """
        CREATE TABLE learning_course (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            title TEXT NOT NULL,
            class_id INTEGER REFERENCES learning_class(id),
            open_to_school INTEGER NOT NULL DEFAULT 0,
            join_code TEXT UNIQUE,
            created_by INTEGER NOT NULL REFERENCES learning_user(id),
            created_at TEXT NOT NULL
        );
        CREATE TABLE learning_course_teacher (
            course_id INTEGER NOT NULL REFERENCES learning_course(id),
            user_id INTEGER NOT NULL REFERENCES learning_user(id),
            PRIMARY KEY (course_id, user_id)
        ) WITHOUT ROWID;
        CREATE TABLE learning_unit (
            id INTEGER PRIMARY KEY,
            course_id INTEGER NOT NULL REFERENCES learning_course(id),
            position INTEGER NOT NULL,
            title TEXT NOT NULL
        );
        CREATE INDEX learning_unit_course ON learning_unit (course_id, position);
        CREATE TABLE learning_course_item (
            id INTEGER PRIMARY KEY,
            course_id INTEGER NOT NULL REFERENCES learning_course(id),
            unit_id INTEGER NOT NULL REFERENCES learning_unit(id),
            position INTEGER NOT NULL,
            item_id INTEGER NOT NULL REFERENCES catalog_item(id),
            UNIQUE (course_id, item_id)
        );
        CREATE INDEX learning_course_item_unit ON learning_course_item (unit_id, position);
        CREATE TABLE learning_enrollment (
            id INTEGER PRIMARY KEY,
            course_id INTEGER NOT NULL REFERENCES learning_course(id),
            student_id INTEGER REFERENCES learning_user(id),
            class_id INTEGER REFERENCES learning_class(id),
            via TEXT NOT NULL CHECK (via IN ('class', 'individual', 'code')),
            enrolled_at TEXT NOT NULL,
            left_at TEXT,
            CHECK ((student_id IS NULL) <> (class_id IS NULL))
        );
        CREATE INDEX learning_enrollment_course ON learning_enrollment (course_id) WHERE left_at IS NULL;
        CREATE INDEX learning_enrollment_student ON learning_enrollment (student_id) WHERE left_at IS NULL;
        CREATE INDEX learning_enrollment_class ON learning_enrollment (class_id) WHERE left_at IS NULL;
        CREATE TABLE learning_assignment (
            id INTEGER PRIMARY KEY,
            course_item_id INTEGER NOT NULL REFERENCES learning_course_item(id),
            class_id INTEGER NOT NULL REFERENCES learning_class(id),
            due_at TEXT NOT NULL,
            assigned_by INTEGER NOT NULL REFERENCES learning_user(id),
            created_at TEXT NOT NULL,
            UNIQUE (course_item_id, class_id)
        );
        """
}
