extension CatalogSchema {
    /// Live channels (where each channel's broadcast comes from, and whether Klai records it) and the
    /// recordings the timetable recorder has made or is making.
    ///
    /// `live_recording` holds one row per channel, date and period, ever: the row is written before a
    /// period's recording starts, so a period is never recorded twice, even across a crash. `state`
    /// codes: `recording`, `complete`, `incomplete` (kept, with `missing_seconds`), `failed` (nothing
    /// playable arrived).
    static let liveSQL = """
        CREATE TABLE live_channel (
            channel TEXT PRIMARY KEY REFERENCES channel(code),
            source_url TEXT NOT NULL,
            records INTEGER NOT NULL DEFAULT 0 CHECK (records IN (0, 1)),
            pre_roll_seconds INTEGER NOT NULL DEFAULT 30 CHECK (pre_roll_seconds BETWEEN 0 AND 600),
            post_roll_seconds INTEGER NOT NULL DEFAULT 30 CHECK (post_roll_seconds BETWEEN 0 AND 600),
            added_at TEXT NOT NULL
        );
        CREATE TABLE live_recording (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL REFERENCES channel(code),
            air_date TEXT NOT NULL,
            period INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('recording', 'complete', 'incomplete', 'failed')),
            planned_start TEXT NOT NULL,
            planned_end TEXT NOT NULL,
            file TEXT NOT NULL,
            recorded_seconds REAL,
            missing_seconds REAL,
            gaps INTEGER NOT NULL DEFAULT 0,
            catalog_item_id INTEGER REFERENCES catalog_item(id),
            note TEXT,
            UNIQUE (channel, air_date, period)
        );
        CREATE INDEX live_recording_state ON live_recording(state);
        """
}
