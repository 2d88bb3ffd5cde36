extension EvaluationSchema {
    /// Visits: a draft is saved under a revision number (a stale save is refused); a submitted visit and
    /// everything under it is frozen by triggers; a correction is a new row whose `corrects_id` names the
    /// visit it replaces (one correction per version, so versions form a chain).
    static let visits = """
        CREATE TABLE evaluation_visit (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            class_id INTEGER NOT NULL REFERENCES learning_class(id),
            teacher_id INTEGER NOT NULL REFERENCES learning_user(id),
            supervisor_id INTEGER NOT NULL REFERENCES learning_user(id),
            instrument_id INTEGER NOT NULL REFERENCES evaluation_instrument(id),
            visit_date TEXT NOT NULL,
            period INTEGER CHECK (period BETWEEN 1 AND 12),
            state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted')),
            revision INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1,
            corrects_id INTEGER UNIQUE REFERENCES evaluation_visit(id),
            correction_reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT
        );
        CREATE INDEX evaluation_visit_school ON evaluation_visit (school_id, visit_date);
        CREATE INDEX evaluation_visit_teacher ON evaluation_visit (teacher_id, visit_date);
        CREATE INDEX evaluation_visit_class ON evaluation_visit (class_id, visit_date);
        CREATE TRIGGER evaluation_visit_frozen BEFORE UPDATE ON evaluation_visit WHEN OLD.state = 'submitted'
            BEGIN SELECT RAISE(ABORT, 'a submitted visit never changes; record a correction'); END;
        CREATE TRIGGER evaluation_visit_no_delete BEFORE DELETE ON evaluation_visit WHEN OLD.state = 'submitted'
            BEGIN SELECT RAISE(ABORT, 'a submitted visit is never deleted'); END;
        -- level NULL: not observed.
        CREATE TABLE evaluation_visit_rating (
            visit_id INTEGER NOT NULL REFERENCES evaluation_visit(id),
            item_id TEXT NOT NULL,
            level INTEGER,
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (visit_id, item_id)
        ) WITHOUT ROWID;
        CREATE TABLE evaluation_visit_text (
            visit_id INTEGER NOT NULL REFERENCES evaluation_visit(id),
            field_id TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (visit_id, field_id)
        ) WITHOUT ROWID;
        CREATE TABLE evaluation_visit_problem (
            visit_id INTEGER NOT NULL REFERENCES evaluation_visit(id),
            problem_id TEXT NOT NULL,
            PRIMARY KEY (visit_id, problem_id)
        ) WITHOUT ROWID;
        CREATE TABLE evaluation_visit_session (
            visit_id INTEGER NOT NULL REFERENCES evaluation_visit(id),
            usage_session_id INTEGER NOT NULL REFERENCES learning_usage_session(id),
            PRIMARY KEY (visit_id, usage_session_id)
        ) WITHOUT ROWID;
        CREATE TABLE evaluation_evidence (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL REFERENCES evaluation_visit(id),
            media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
            byte_count INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            path TEXT NOT NULL,
            original_name TEXT NOT NULL,
            caption TEXT NOT NULL DEFAULT '',
            added_by INTEGER NOT NULL REFERENCES learning_user(id),
            added_at TEXT NOT NULL,
            UNIQUE (visit_id, sha256)
        );
        CREATE TABLE evaluation_visit_comment (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL REFERENCES evaluation_visit(id),
            author_id INTEGER NOT NULL REFERENCES learning_user(id),
            text TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX evaluation_visit_comment_visit ON evaluation_visit_comment (visit_id, id);
        CREATE TRIGGER evaluation_visit_comment_no_update BEFORE UPDATE ON evaluation_visit_comment
            BEGIN SELECT RAISE(ABORT, 'comments are append-only'); END;
        """
        + [
            "evaluation_visit_rating", "evaluation_visit_text", "evaluation_visit_problem", "evaluation_visit_session",
            "evaluation_evidence"
        ].map(frozenChildTriggers).joined()

    /// Triggers refusing any change to the rows of a submitted visit.
    private static func frozenChildTriggers(_ table: String) -> String {
        let guardSQL = "SELECT RAISE(ABORT, 'a submitted visit never changes; record a correction')"
        return """
            CREATE TRIGGER \(table)_frozen_insert BEFORE INSERT ON \(table)
                WHEN (SELECT state FROM evaluation_visit WHERE id = NEW.visit_id) = 'submitted' BEGIN \(guardSQL); END;
            CREATE TRIGGER \(table)_frozen_update BEFORE UPDATE ON \(table)
                WHEN (SELECT state FROM evaluation_visit WHERE id = OLD.visit_id) = 'submitted' BEGIN \(guardSQL); END;
            CREATE TRIGGER \(table)_frozen_delete BEFORE DELETE ON \(table)
                WHEN (SELECT state FROM evaluation_visit WHERE id = OLD.visit_id) = 'submitted' BEGIN \(guardSQL); END;

            """
    }
}
