import KlaiStore

/// KlaiLearning's tables, registered into the executable's `Migrator` after the catalog's.
///
/// Identifiers never change once released. Dates are ISO-8601 text (`Date`), except columns used in
/// arithmetic (throttling windows, playback times), which are Unix seconds (`UnixTime`).
public enum LearningSchema {
    /// Appends KlaiLearning's migrations to `migrator`.
    public static func register(in migrator: inout Migrator) {
        migrator.register("learning.1-people", sql: people)
        migrator.register("learning.2-courses", sql: courses)
        migrator.register("learning.3-playback", sql: playback)
        migrator.register("learning.4-playback-bounds", sql: playbackBounds)
        migrator.register("learning.5-known-devices", sql: knownDevices)
        // Pupil homes and teachers' grids look assignments up by class: without this, a scan of every class's.
        migrator.register(
            "learning.6-assignments-by-class",
            sql: "CREATE INDEX learning_assignment_class ON learning_assignment (class_id, due_at);")
    }

    static let people = """
        CREATE TABLE learning_school (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE CHECK (length(code) = 10 AND code NOT GLOB '*[^0-9]*'),
            name TEXT NOT NULL,
            service_area TEXT NOT NULL DEFAULT '',
            picture_sign_in INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE learning_class (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            academic_year INTEGER NOT NULL CHECK (academic_year >= 2400),
            grade TEXT NOT NULL,
            room INTEGER NOT NULL CHECK (room >= 1),
            UNIQUE (school_id, academic_year, grade, room)
        );
        CREATE TABLE learning_user (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            display_name TEXT NOT NULL,
            password_hash TEXT,
            picture_password_hash TEXT,
            must_change_password INTEGER NOT NULL DEFAULT 0,
            is_active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        -- One row per role held; school_id is the scope (NULL for admin). A supervisor has one row per school.
        CREATE TABLE learning_role (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES learning_user(id),
            role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'director', 'teacher', 'student')),
            school_id INTEGER REFERENCES learning_school(id),
            CHECK ((role = 'admin') = (school_id IS NULL))
        );
        CREATE UNIQUE INDEX learning_role_unique ON learning_role (user_id, role, ifnull(school_id, 0));
        CREATE INDEX learning_role_school ON learning_role (school_id, role);
        CREATE TABLE learning_teacher_class (
            user_id INTEGER NOT NULL REFERENCES learning_user(id),
            class_id INTEGER NOT NULL REFERENCES learning_class(id),
            learning_area TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (user_id, class_id, learning_area)
        ) WITHOUT ROWID;
        -- Personal data: national_id is stored here only, shown masked except to admins, never logged.
        CREATE TABLE learning_student (
            user_id INTEGER PRIMARY KEY REFERENCES learning_user(id),
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            student_number TEXT NOT NULL,
            national_id TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            sex TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'male', 'female')),
            birth_date TEXT,
            is_active INTEGER NOT NULL DEFAULT 1,
            UNIQUE (school_id, national_id)
        );
        -- A student is in one class per academic year; a move closes the old row (left_at) and opens a new one.
        CREATE TABLE learning_class_member (
            id INTEGER PRIMARY KEY,
            student_id INTEGER NOT NULL REFERENCES learning_student(user_id),
            class_id INTEGER NOT NULL REFERENCES learning_class(id),
            academic_year INTEGER NOT NULL,
            joined_at TEXT NOT NULL,
            left_at TEXT
        );
        CREATE UNIQUE INDEX learning_class_member_current ON learning_class_member (student_id, academic_year)
            WHERE left_at IS NULL;
        CREATE INDEX learning_class_member_class ON learning_class_member (class_id) WHERE left_at IS NULL;
        CREATE TABLE learning_session (
            token_hash BLOB PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES learning_user(id),
            created_at TEXT NOT NULL,
            expires_at REAL NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            signed_out_at TEXT
        ) WITHOUT ROWID;
        CREATE INDEX learning_session_user ON learning_session (user_id);
        CREATE TABLE learning_sign_in_failure (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL COLLATE NOCASE,
            address TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX learning_sign_in_failure_username ON learning_sign_in_failure (username, at);
        CREATE INDEX learning_sign_in_failure_address ON learning_sign_in_failure (address, at);
        CREATE TABLE learning_audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor_user_id INTEGER REFERENCES learning_user(id),
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX learning_audit_at ON learning_audit (at);
        """

    /// Browsers that signed in to an account before (see `Accounts+Devices`); tokens stored hashed.
    static let knownDevices = """
        CREATE TABLE learning_known_device (
            token_hash BLOB PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES learning_user(id),
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX learning_known_device_expiry ON learning_known_device (expires_at);
        """
}
