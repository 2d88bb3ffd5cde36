import KlaiStore

/// KlaiEvaluation's tables, registered into the executable's `Migrator` after KlaiLearning's.
///
/// Identifiers never change once released; a new table or column is a new migration at the end.
/// Instants are ISO-8601 text (`Date`) except where arithmetic needs Unix seconds (`*_time` REAL);
/// calendar days are `YYYY-MM-DD`. Recorded evaluations are immutable once submitted: triggers refuse
/// changing a submitted visit, its ratings and its evidence, and a closed term's snapshot.
public enum EvaluationSchema {
    /// Appends KlaiEvaluation's migrations to `migrator` (it must already hold the catalog's and KlaiLearning's).
    public static func register(in migrator: inout Migrator) {
        migrator.register("evaluation.1-instruments", sql: instruments)
        migrator.register("evaluation.2-visits", sql: visits)
        migrator.register("evaluation.3-usage-evidence", sql: usage)
        migrator.register("evaluation.4-readiness", sql: readiness)
        migrator.register("evaluation.5-surveys", sql: surveys)
        migrator.register("evaluation.6-term-snapshots", sql: snapshots)
        migrator.register("evaluation.7-self-assessments", sql: selfAssessments)
        migrator.register("evaluation.8-screenings-by-class", sql: screeningsByClass)
        migrator.register("evaluation.9-school-term-rows", sql: schoolTermRows)
    }

    /// Usage evidence and the class drill-down read one class's screenings of a term; KlaiLearning indexes
    /// them by school and by teacher only, and a district's schools hold tens of thousands of screenings.
    static let screeningsByClass = """
        CREATE INDEX evaluation_usage_session_class ON learning_usage_session (class_id, started_at);
        """

    /// Each school's term row as the dashboards show it, kept by `SchoolTerms.refresh` as usage, visits and
    /// repairs arrive (columns, not JSON: decoding 20 JSON rows was most of a supervisor overview's time);
    /// `as_of`, `open_classrooms` and `settled` let a later day's read add the classroom-days that unfixed
    /// requests lose meanwhile. Rows missing here (a library from before this migration) are built from the
    /// records until `klai evaluation refresh` or the next change.
    static let schoolTermRows = """
        CREATE TABLE evaluation_school_term (
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            term_id INTEGER NOT NULL REFERENCES term(id),
            as_of TEXT NOT NULL,
            open_classrooms INTEGER NOT NULL,
            settled INTEGER NOT NULL,
            classes_with_usage INTEGER NOT NULL,
            scheduled_periods INTEGER NOT NULL,
            covered_periods INTEGER NOT NULL,
            screenings INTEGER NOT NULL,
            dltv_screenings INTEGER NOT NULL,
            in_sync INTEGER NOT NULL,
            remedial INTEGER NOT NULL,
            dlit_screenings INTEGER NOT NULL,
            pupils_enrolled INTEGER NOT NULL,
            pupils_exposed INTEGER NOT NULL,
            play_seconds REAL NOT NULL,
            stall_seconds REAL NOT NULL,
            stalled_screenings INTEGER NOT NULL,
            visits INTEGER NOT NULL,
            classes_visited INTEGER NOT NULL,
            repairs_reported INTEGER NOT NULL,
            repairs_open INTEGER NOT NULL,
            repairs_fixed INTEGER NOT NULL,
            repairs_closed INTEGER NOT NULL,
            mean_days_to_fix REAL,
            classroom_days_lost INTEGER NOT NULL,
            repairs_by_problem TEXT NOT NULL,
            refreshed_at TEXT NOT NULL,
            PRIMARY KEY (school_id, term_id)
        ) WITHOUT ROWID;
        """

    /// Each version of an instrument file, stored once and never replaced (visits point at the row they used).
    static let instruments = """
        CREATE TABLE evaluation_instrument (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            kind TEXT NOT NULL CHECK (kind IN ('classroom_visit', 'school_self_assessment', 'survey')),
            definition TEXT NOT NULL,
            loaded_at TEXT NOT NULL,
            UNIQUE (key, version)
        );
        CREATE TRIGGER evaluation_instrument_no_update BEFORE UPDATE ON evaluation_instrument
            BEGIN SELECT RAISE(ABORT, 'a stored instrument version never changes; load a new version'); END;
        """

    /// A school's self-assessment per term and instrument version: a draft with revisions, then frozen.
    static let selfAssessments = """
        CREATE TABLE evaluation_self_assessment (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            term_id INTEGER NOT NULL REFERENCES term(id),
            instrument_id INTEGER NOT NULL REFERENCES evaluation_instrument(id),
            state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted')),
            revision INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL,
            created_by INTEGER NOT NULL REFERENCES learning_user(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT,
            UNIQUE (school_id, term_id, instrument_id)
        );
        CREATE TRIGGER evaluation_self_assessment_frozen BEFORE UPDATE ON evaluation_self_assessment
            WHEN OLD.state = 'submitted'
            BEGIN SELECT RAISE(ABORT, 'a submitted self-assessment never changes'); END;
        CREATE TRIGGER evaluation_self_assessment_no_delete BEFORE DELETE ON evaluation_self_assessment
            WHEN OLD.state = 'submitted'
            BEGIN SELECT RAISE(ABORT, 'a submitted self-assessment is never deleted'); END;
        """

    static let snapshots = """
        CREATE TABLE evaluation_term_snapshot (
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            term_id INTEGER NOT NULL REFERENCES term(id),
            school_code TEXT NOT NULL,
            term_name TEXT NOT NULL,
            closed_at TEXT NOT NULL,
            closed_by INTEGER NOT NULL REFERENCES learning_user(id),
            report TEXT NOT NULL,
            PRIMARY KEY (school_id, term_id)
        ) WITHOUT ROWID;
        CREATE TRIGGER evaluation_term_snapshot_no_update BEFORE UPDATE ON evaluation_term_snapshot
            BEGIN SELECT RAISE(ABORT, 'a closed term never changes'); END;
        CREATE TRIGGER evaluation_term_snapshot_no_delete BEFORE DELETE ON evaluation_term_snapshot
            BEGIN SELECT RAISE(ABORT, 'a closed term never changes'); END;
        """
}
