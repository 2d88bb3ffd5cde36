extension LearningSchema {
    /// Playback: events append-only, idempotent by `event_id` within their player session and item (triggers refuse UPDATE and DELETE), then summaries kept in the same
    /// transaction: per player session and item (`learning_playback`), per person and item
    /// (`learning_progress`), and class screenings (`learning_usage_session`). Times are Unix seconds.
    static let playback = """
        CREATE TABLE learning_event (
            id INTEGER PRIMARY KEY,
            event_id BLOB NOT NULL,
            session_id BLOB NOT NULL,
            user_id INTEGER NOT NULL REFERENCES learning_user(id),
            item_id INTEGER NOT NULL REFERENCES catalog_item(id),
            class_id INTEGER REFERENCES learning_class(id),
            kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 4),
            position REAL NOT NULL,
            from_position REAL,
            device_time REAL NOT NULL,
            received_at REAL NOT NULL,
            rendition TEXT,
            stalls INTEGER NOT NULL DEFAULT 0,
            live INTEGER NOT NULL DEFAULT 0
        );
        -- Idempotency key and the timeline's look-up in one index. Keyed by session first, so a batch (one
        -- player session) touches one index page instead of one random page per event: random UUID keys
        -- alone made every commit rewrite a page per event into the WAL.
        CREATE UNIQUE INDEX learning_event_identity ON learning_event (session_id, item_id, event_id);
        CREATE TRIGGER learning_event_no_update BEFORE UPDATE ON learning_event
            BEGIN SELECT RAISE(ABORT, 'playback events are append-only'); END;
        CREATE TRIGGER learning_event_no_delete BEFORE DELETE ON learning_event
            BEGIN SELECT RAISE(ABORT, 'playback events are append-only'); END;
        CREATE TABLE learning_playback (
            session_id BLOB NOT NULL,
            item_id INTEGER NOT NULL,
            user_id INTEGER NOT NULL,
            class_id INTEGER,
            first_time REAL NOT NULL,
            last_time REAL NOT NULL,
            last_position REAL NOT NULL,
            playing INTEGER NOT NULL,
            live INTEGER NOT NULL DEFAULT 0,
            intervals TEXT NOT NULL,
            seconds_played REAL NOT NULL,
            event_count INTEGER NOT NULL,
            PRIMARY KEY (session_id, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX learning_playback_person ON learning_playback (user_id, item_id) WHERE class_id IS NULL;
        CREATE TABLE learning_progress (
            user_id INTEGER NOT NULL,
            item_id INTEGER NOT NULL,
            intervals TEXT NOT NULL,
            covered_seconds REAL NOT NULL,
            duration_seconds REAL NOT NULL,
            coverage REAL NOT NULL,
            time_spent REAL NOT NULL,
            last_position REAL NOT NULL,
            completed_at REAL,
            first_activity REAL NOT NULL,
            last_activity REAL NOT NULL,
            PRIMARY KEY (user_id, item_id)
        ) WITHOUT ROWID;
        CREATE TABLE learning_usage_session (
            id INTEGER PRIMARY KEY,
            session_id BLOB NOT NULL,
            item_id INTEGER NOT NULL REFERENCES catalog_item(id),
            teacher_id INTEGER NOT NULL REFERENCES learning_user(id),
            class_id INTEGER NOT NULL REFERENCES learning_class(id),
            school_id INTEGER NOT NULL REFERENCES learning_school(id),
            source TEXT NOT NULL CHECK (source IN ('dltv_live', 'dltv_recorded', 'dlit', 'local')),
            started_at REAL NOT NULL,
            ended_at REAL NOT NULL,
            seconds_played REAL NOT NULL,
            timetable_slot_id INTEGER,
            matched_timetable INTEGER NOT NULL DEFAULT 0,
            attendance INTEGER,
            UNIQUE (session_id, item_id)
        );
        CREATE INDEX learning_usage_school ON learning_usage_session (school_id, started_at);
        CREATE INDEX learning_usage_teacher ON learning_usage_session (teacher_id, started_at);
        """

    /// What bounds the credit and the work of a session (see `PlaybackTimeline`): the server time of its
    /// first event, the cursor of late events, and a per-person, per-day count of events (UTC day number).
    static let playbackBounds = """
        ALTER TABLE learning_playback ADD COLUMN first_received REAL;
        ALTER TABLE learning_playback ADD COLUMN late_time REAL;
        ALTER TABLE learning_playback ADD COLUMN late_position REAL;
        ALTER TABLE learning_playback ADD COLUMN late_playing INTEGER NOT NULL DEFAULT 0;
        UPDATE learning_playback SET first_received = (
            SELECT min(received_at) FROM learning_event e
            WHERE e.session_id = learning_playback.session_id AND e.item_id = learning_playback.item_id);
        CREATE TABLE learning_event_day (
            user_id INTEGER NOT NULL,
            day INTEGER NOT NULL,
            events INTEGER NOT NULL,
            PRIMARY KEY (user_id, day)
        ) WITHOUT ROWID;
        CREATE INDEX learning_session_expiry ON learning_session (expires_at);
        CREATE INDEX learning_sign_in_failure_at ON learning_sign_in_failure (at);
        """
}
