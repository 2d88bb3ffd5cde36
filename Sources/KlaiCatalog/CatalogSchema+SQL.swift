extension CatalogSchema {
    // `sample` = 1 marks a value shipped as an example that a school should check and correct.
    static let referenceSQL = """
        CREATE TABLE grade (
            code TEXT PRIMARY KEY NOT NULL CHECK (code GLOB '[KPM][1-6]'),
            name_th TEXT NOT NULL,
            name_en TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('kindergarten', 'primary', 'lower_secondary', 'upper_secondary')),
            ordinal INTEGER NOT NULL
        );
        CREATE TABLE learning_area (
            code TEXT PRIMARY KEY NOT NULL,          -- the subject-code letter: ท ค ว ส พ ศ ง อ
            name_th TEXT NOT NULL,
            name_en TEXT NOT NULL,
            indicator_letter TEXT,                   -- when indicators use another letter (ต for อ)
            ordinal INTEGER NOT NULL
        );
        CREATE TABLE channel (
            code TEXT PRIMARY KEY NOT NULL,          -- DLTV1 … DLTV15
            number INTEGER NOT NULL UNIQUE,
            name TEXT NOT NULL,
            sample INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE channel_grade (
            channel TEXT NOT NULL REFERENCES channel(code) ON DELETE CASCADE,
            grade TEXT NOT NULL REFERENCES grade(code),
            valid_from TEXT NOT NULL,
            valid_to TEXT,                           -- NULL: still valid
            sample INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (channel, valid_from),
            CHECK (valid_to IS NULL OR valid_to >= valid_from)
        );
        CREATE INDEX channel_grade_by_grade ON channel_grade(grade, valid_from);
        CREATE TABLE term (
            id INTEGER PRIMARY KEY,
            academic_year INTEGER NOT NULL,          -- Gregorian year the academic year starts in (2026 = ปีการศึกษา 2569)
            term INTEGER NOT NULL CHECK (term IN (1, 2)),
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            sample INTEGER NOT NULL DEFAULT 0,
            UNIQUE (academic_year, term),
            CHECK (ends_on >= starts_on)
        );
        CREATE TABLE timetable_slot (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL REFERENCES channel(code) ON DELETE CASCADE,
            term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
            weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),   -- ISO 8601: 1 = Monday
            period INTEGER NOT NULL CHECK (period >= 1),
            starts_at TEXT NOT NULL,                 -- HH:MM Thai time
            ends_at TEXT NOT NULL,
            subject TEXT NOT NULL,
            learning_area TEXT REFERENCES learning_area(code),
            sample INTEGER NOT NULL DEFAULT 0,
            UNIQUE (channel, term_id, weekday, period),
            CHECK (ends_at > starts_at)
        );
        """

    static let itemsSQL = """
        CREATE TABLE source_file (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,                      -- where the original is kept (Media/sources/…)
            original_name TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,       -- SHA-256, hex: the same file twice is one source
            size_bytes INTEGER NOT NULL,
            duration_seconds REAL,
            arrived_at TEXT NOT NULL
        );
        CREATE TABLE media_asset (
            id INTEGER PRIMARY KEY,
            source_file_id INTEGER REFERENCES source_file(id),
            status TEXT NOT NULL DEFAULT 'arrived'
                CHECK (status IN ('arrived', 'waiting', 'transcoding', 'ready', 'failed')),
            cut_start REAL,                          -- seconds into the source; NULL = from the start
            cut_end REAL,                            -- NULL = to the end
            duration_seconds REAL,
            hls_path TEXT,                           -- relative to Media/: hls/<asset-id>-v<job-id>
            renditions TEXT,                         -- e.g. "234p,360p"
            poster_path TEXT,
            error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX media_asset_by_source ON media_asset(source_file_id);
        CREATE TABLE catalog_item (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('dltv_recording', 'dlit_lesson', 'local_lesson', 'attachment')),
            stable_key TEXT NOT NULL UNIQUE,         -- manifest key; recordings: dltv:<channel>:<date>:<period>
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            grade TEXT REFERENCES grade(code),
            learning_area TEXT REFERENCES learning_area(code),
            subject TEXT NOT NULL DEFAULT '',
            unit TEXT,
            lesson_number INTEGER,
            indicators TEXT NOT NULL DEFAULT '',     -- one indicator code per line, e.g. ค 2.2 ม.2/5
            objectives TEXT NOT NULL DEFAULT '',
            channel TEXT REFERENCES channel(code),
            air_date TEXT,
            period INTEGER,
            term_id INTEGER REFERENCES term(id),
            capture_start TEXT,                      -- HH:MM:SS Thai time the recording's piece starts
            capture_end TEXT,
            duration_seconds REAL,
            asset_id INTEGER REFERENCES media_asset(id),
            parent_id INTEGER REFERENCES catalog_item(id) ON DELETE CASCADE,  -- attachments: their lesson
            attachment_type TEXT CHECK (attachment_type IN ('lesson_plan', 'worksheet', 'slides', 'knowledge_sheet', 'other')),
            file_path TEXT,                          -- attachments: relative to Media/
            sample INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX catalog_item_by_date ON catalog_item(air_date, kind);
        CREATE INDEX catalog_item_by_channel ON catalog_item(channel, air_date, period);
        CREATE INDEX catalog_item_by_grade ON catalog_item(grade, learning_area, air_date);
        CREATE INDEX catalog_item_by_asset ON catalog_item(asset_id);
        CREATE INDEX catalog_item_by_parent ON catalog_item(parent_id);
        CREATE TABLE unmatched_file (
            id INTEGER PRIMARY KEY,
            source_file_id INTEGER NOT NULL REFERENCES source_file(id),
            reason TEXT NOT NULL,
            arrived_at TEXT NOT NULL,
            resolved_at TEXT
        );
        """

    // https://sqlite.org/fts5.html §4.3.3 (external content tables kept in sync by triggers) and
    // §4.3.4 (trigram tokenizer: substring matching, which Thai needs since it has no spaces between words).
    static let searchSQL = """
        CREATE VIRTUAL TABLE catalog_search USING fts5(
            title, description, subject, indicators,
            content = 'catalog_item', content_rowid = 'id', tokenize = 'trigram'
        );
        CREATE TRIGGER catalog_item_search_insert AFTER INSERT ON catalog_item BEGIN
            INSERT INTO catalog_search(rowid, title, description, subject, indicators)
            VALUES (new.id, new.title, new.description, new.subject, new.indicators);
        END;
        CREATE TRIGGER catalog_item_search_delete AFTER DELETE ON catalog_item BEGIN
            INSERT INTO catalog_search(catalog_search, rowid, title, description, subject, indicators)
            VALUES ('delete', old.id, old.title, old.description, old.subject, old.indicators);
        END;
        CREATE TRIGGER catalog_item_search_update AFTER UPDATE OF title, description, subject, indicators
            ON catalog_item BEGIN
            INSERT INTO catalog_search(catalog_search, rowid, title, description, subject, indicators)
            VALUES ('delete', old.id, old.title, old.description, old.subject, old.indicators);
            INSERT INTO catalog_search(rowid, title, description, subject, indicators)
            VALUES (new.id, new.title, new.description, new.subject, new.indicators);
        END;
        """

    static let jobsSQL = """
        CREATE TABLE transcode_job (
            id INTEGER PRIMARY KEY,
            asset_id INTEGER NOT NULL REFERENCES media_asset(id),
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
            progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
            attempts INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL DEFAULT 3,
            run_after TEXT,                          -- backoff: not claimed before this instant
            last_error TEXT,                         -- a sentence for people
            temp_path TEXT,                          -- the running attempt's temporary folder
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX transcode_job_claim ON transcode_job(state, run_after, id);
        CREATE INDEX transcode_job_by_asset ON transcode_job(asset_id);
        """

    // Browsing without words sorts by air date within one filter; these let SQLite read rows in date
    // order instead of sorting every row of a grade or learning area (https://sqlite.org/queryplanner.html §4).
    static let browseIndexesSQL = """
        CREATE INDEX catalog_item_grade_date ON catalog_item(grade, air_date);
        CREATE INDEX catalog_item_area_date ON catalog_item(learning_area, air_date);
        CREATE INDEX catalog_item_kind_date ON catalog_item(kind, air_date);
        """

    // Full-text search looks up every hit's row by id to apply the filters. This narrow index holds the
    // filter columns keyed by id, so a hit the filters reject costs a seek in a ~40-byte index entry
    // instead of in its ~400-byte table row, and the table row is read only for hits that pass
    // (https://sqlite.org/queryplanner.html §1.7, covering indexes). Catalog.search names it with INDEXED BY:
    // by cost alone the planner prefers the rowid look-up. air_date comes second so a date range narrows
    // the same seek, and an IN list of kinds or grades never turns one seek into several.
    static let searchFilterIndexSQL = """
        CREATE INDEX catalog_item_search_filter ON catalog_item(id, air_date, kind, grade, learning_area, channel, term_id);
        """
}
