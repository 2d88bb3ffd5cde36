extension EvaluationSchema {
    /// Usage evidence per class and term, kept by `UsageEvidence.refresh` from the small summary tables
    /// (usage sessions, progress), plus a per-screening cache of playback health so that only screenings
    /// whose event count changed are read again from `learning_event`.
    static let usage = """
        CREATE TABLE evaluation_class_term_usage (
            class_id INTEGER NOT NULL REFERENCES learning_class(id),
            term_id INTEGER NOT NULL REFERENCES term(id),
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            as_of TEXT NOT NULL,
            scheduled_periods INTEGER NOT NULL,
            covered_periods INTEGER NOT NULL,
            screenings INTEGER NOT NULL,
            in_sync INTEGER NOT NULL,
            deferred INTEGER NOT NULL,
            wrong_episode INTEGER NOT NULL,
            remedial INTEGER NOT NULL,
            dlit_screenings INTEGER NOT NULL,
            dlit_seconds REAL NOT NULL,
            pupils_enrolled INTEGER NOT NULL,
            pupils_exposed INTEGER NOT NULL,
            assigned_items INTEGER NOT NULL,
            completions INTEGER NOT NULL,
            play_seconds REAL NOT NULL,
            stall_seconds REAL NOT NULL,
            stalled_screenings INTEGER NOT NULL,
            refreshed_at TEXT NOT NULL,
            PRIMARY KEY (class_id, term_id)
        ) WITHOUT ROWID;
        CREATE INDEX evaluation_class_term_usage_school ON evaluation_class_term_usage (school_id, term_id);
        CREATE TABLE evaluation_class_week_usage (
            class_id INTEGER NOT NULL REFERENCES learning_class(id),
            term_id INTEGER NOT NULL REFERENCES term(id),
            week_start TEXT NOT NULL,
            scheduled_periods INTEGER NOT NULL,
            covered_periods INTEGER NOT NULL,
            screenings INTEGER NOT NULL,
            play_seconds REAL NOT NULL,
            PRIMARY KEY (class_id, term_id, week_start)
        ) WITHOUT ROWID;
        CREATE TABLE evaluation_screening_health (
            usage_session_id INTEGER PRIMARY KEY REFERENCES learning_usage_session(id),
            event_count INTEGER NOT NULL,
            stall_seconds REAL NOT NULL,
            stall_count INTEGER NOT NULL
        );
        """

    /// Equipment per classroom and repair requests (แจ้งซ่อม): reported → acknowledged → fixed → closed.
    static let readiness = """
        CREATE TABLE evaluation_classroom (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            name TEXT NOT NULL,
            UNIQUE (school_id, name)
        );
        CREATE TABLE evaluation_equipment (
            id INTEGER PRIMARY KEY,
            classroom_id INTEGER NOT NULL REFERENCES evaluation_classroom(id),
            kind TEXT NOT NULL CHECK (kind IN ('tv', 'satellite_receiver', 'dish_lnb', 'computer', 'network')),
            label TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('working', 'faulty', 'broken', 'missing')),
            warranty_until TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX evaluation_equipment_classroom ON evaluation_equipment (classroom_id);
        CREATE TABLE evaluation_repair (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            classroom_id INTEGER NOT NULL REFERENCES evaluation_classroom(id),
            equipment_id INTEGER REFERENCES evaluation_equipment(id),
            problem TEXT NOT NULL CHECK (problem IN ('signal', 'broken_device', 'electricity', 'network', 'other')),
            description TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL CHECK (state IN ('reported', 'acknowledged', 'fixed', 'closed')),
            reported_by INTEGER NOT NULL REFERENCES learning_user(id),
            reported_on TEXT NOT NULL,
            acknowledged_on TEXT,
            fixed_on TEXT,
            closed_on TEXT,
            closed_by INTEGER REFERENCES learning_user(id),
            repaired_by TEXT CHECK (repaired_by IN ('school_staff', 'local_technician', 'parent_agency', 'warranty')),
            CHECK (fixed_on IS NULL OR fixed_on >= reported_on)
        );
        CREATE INDEX evaluation_repair_school ON evaluation_repair (school_id, reported_on);
        """

    /// Survey rounds at a school and their answers (5 levels; NULL = no answer).
    static let surveys = """
        CREATE TABLE evaluation_survey (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            term_id INTEGER NOT NULL REFERENCES term(id),
            instrument_id INTEGER NOT NULL REFERENCES evaluation_instrument(id),
            opened_by INTEGER NOT NULL REFERENCES learning_user(id),
            opened_at TEXT NOT NULL,
            closed_at TEXT
        );
        CREATE INDEX evaluation_survey_school ON evaluation_survey (school_id, term_id);
        CREATE TABLE evaluation_survey_response (
            id INTEGER PRIMARY KEY,
            survey_id INTEGER NOT NULL REFERENCES evaluation_survey(id),
            respondent_id INTEGER NOT NULL REFERENCES learning_user(id),
            submitted_at TEXT NOT NULL,
            UNIQUE (survey_id, respondent_id)
        );
        CREATE TABLE evaluation_survey_answer (
            response_id INTEGER NOT NULL REFERENCES evaluation_survey_response(id),
            item_id TEXT NOT NULL,
            value INTEGER CHECK (value BETWEEN 1 AND 5),
            PRIMARY KEY (response_id, item_id)
        ) WITHOUT ROWID;
        """
}
