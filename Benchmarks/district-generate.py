#!/usr/bin/env python3
"""Fills a Klai library with a district: 200 schools, 2,000 teachers, 40,000 pupils, 480 lessons, a course of
40 assigned lessons per class, 1.6 million progress rows and 10 million playback events (bulk SQL, as a
district's term would leave them; the pages read only the summary tables, never the events).

Usage: Benchmarks/district-generate.py DATA [--events N]
DATA must hold a library made by `klai demo --clips 0 --data DATA` (its schema, reference data, and the demo
pupil's password hash, which every generated account gets: password `klai-pupil`, teachers the same).
"""
import argparse
import sqlite3
import time

SCHOOLS, TEACHERS_PER_SCHOOL, CLASSES = 200, 10, [("P1", 1), ("P2", 1), ("P3", 1), ("P4", 1), ("P4", 2), ("P5", 1), ("P6", 1)]
PUPILS_PER_SCHOOL = 200
LESSONS_PER_AREA = 10
ASSIGNED = 40
AREAS = ["ท", "ค", "ว", "ส", "พ", "ศ", "ง", "อ"]
TOPICS = ["เศษส่วน", "ทศนิยม", "การอ่านจับใจความ", "พืชและสัตว์", "แรงและการเคลื่อนที่", "ประวัติศาสตร์ไทย",
          "สุขภาพดี", "ดนตรีไทย", "งานบ้าน", "คำศัพท์ภาษาอังกฤษ", "มุมและรูปเรขาคณิต", "ระบบสุริยะ"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--events", type=int, default=10_000_000)
    args = parser.parse_args()
    db = sqlite3.connect(f"{args.data}/Klai.sqlite", isolation_level=None)
    db.execute("PRAGMA cache_size = -1000000")
    db.execute("PRAGMA foreign_keys = OFF")
    if db.execute("SELECT count(*) FROM learning_school").fetchone()[0] >= SCHOOLS:
        print("district already generated")
        return
    started = time.time()
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    unix = time.time()
    year = db.execute("SELECT max(academic_year) FROM learning_class").fetchone()[0]
    pupil_hash = db.execute("SELECT password_hash FROM learning_user WHERE username = '1099990001-01001'").fetchone()[0]

    db.execute("BEGIN")
    # Lessons: 6 grades × 8 areas × 10, each with a ready media asset (the pages never open the files).
    lesson = 0
    for g in range(1, 7):
        for area in AREAS:
            for n in range(1, LESSONS_PER_AREA + 1):
                lesson += 1
                topic = TOPICS[(lesson * 7) % len(TOPICS)]
                asset = db.execute("""INSERT INTO media_asset (status, duration_seconds, hls_path, renditions, created_at,
                    updated_at) VALUES ('ready', 600, ?, '234p,360p,540p', ?, ?)""", (f"hls/district-{lesson}", now, now)).lastrowid
                db.execute("""INSERT INTO catalog_item (kind, stable_key, title, description, grade, learning_area, subject, unit,
                    lesson_number, indicators, duration_seconds, asset_id, created_at, updated_at)
                    VALUES ('dlit_lesson', ?, ?, ?, ?, ?, '', ?, ?, ?, 600, ?, ?, ?)""",
                           (f"district-{lesson}", f"{topic} ตอนที่ {n}", f"บทเรียนเรื่อง{topic} สำหรับชั้น ป.{g}", f"P{g}",
                            area, f"หน่วยที่ {(n - 1) // 3 + 1} {topic}", n, f"{area} 1.1 ป.{g}/{n}", asset, now, now))
    lessons_by_grade = {}
    for item, grade in db.execute("SELECT id, grade FROM catalog_item WHERE stable_key LIKE 'district-%' ORDER BY id"):
        lessons_by_grade.setdefault(grade, []).append(item)

    for s in range(1, SCHOOLS + 1):
        code = f"10{s:08d}"
        school = db.execute("INSERT INTO learning_school (code, name, service_area) VALUES (?, ?, 'สพป.ทดสอบ เขต 1')",
                            (code, f"โรงเรียนบ้านทดสอบ {s}")).lastrowid
        teachers = []
        for t in range(1, TEACHERS_PER_SCHOOL + 1):
            user = db.execute("""INSERT INTO learning_user (username, display_name, password_hash, created_at)
                VALUES (?, ?, ?, ?)""", (f"kru{s:03d}-{t:02d}", f"ครูทดสอบ {s}-{t}", pupil_hash, now)).lastrowid
            db.execute("INSERT INTO learning_role (user_id, role, school_id) VALUES (?, 'teacher', ?)", (user, school))
            teachers.append(user)
        per_class = PUPILS_PER_SCHOOL // len(CLASSES)
        number = 0
        for c, (grade, room) in enumerate(CLASSES):
            klass = db.execute("INSERT INTO learning_class (school_id, academic_year, grade, room) VALUES (?, ?, ?, ?)",
                               (school, year, grade, room)).lastrowid
            db.execute("INSERT INTO learning_teacher_class (user_id, class_id) VALUES (?, ?)", (teachers[c], klass))
            course = db.execute("""INSERT INTO learning_course (school_id, title, class_id, created_by, created_at)
                VALUES (?, 'บทเรียนที่มอบหมาย', ?, ?, ?)""", (school, klass, teachers[c], now)).lastrowid
            db.execute("INSERT INTO learning_course_teacher (course_id, user_id) VALUES (?, ?)", (course, teachers[c]))
            unit = db.execute("INSERT INTO learning_unit (course_id, position, title) VALUES (?, 1, 'บทเรียนที่มอบหมาย')",
                              (course,)).lastrowid
            db.execute("""INSERT INTO learning_enrollment (course_id, class_id, via, enrolled_at) VALUES (?, ?, 'class', ?)""",
                       (course, klass, now))
            items = lessons_by_grade[grade][:ASSIGNED]
            for position, item in enumerate(items):
                course_item = db.execute("""INSERT INTO learning_course_item (course_id, unit_id, position, item_id)
                    VALUES (?, ?, ?, ?)""", (course, unit, position, item)).lastrowid
                db.execute("""INSERT INTO learning_assignment (course_item_id, class_id, due_at, assigned_by, created_at)
                    VALUES (?, ?, ?, ?, ?)""", (course_item, klass,
                    time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(unix + (position - 20) * 86400)), teachers[c], now))
            size = per_class + (PUPILS_PER_SCHOOL - per_class * len(CLASSES) if c == len(CLASSES) - 1 else 0)
            for p in range(size):
                number += 1
                username = f"{code}-{number:05d}"
                user = db.execute("""INSERT INTO learning_user (username, display_name, password_hash, created_at)
                    VALUES (?, ?, ?, ?)""", (username, f"นักเรียน {number}", pupil_hash, now)).lastrowid
                db.execute("INSERT INTO learning_role (user_id, role, school_id) VALUES (?, 'student', ?)", (user, school))
                db.execute("""INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name)
                    VALUES (?, ?, ?, ?, ?, ?)""", (user, school, f"{number:05d}", f"G{s:04d}{number:08d}", f"ด.ช.ทดสอบ{number}",
                                                   f"นามสกุล{s}"))
                db.execute("""INSERT INTO learning_class_member (student_id, class_id, academic_year, joined_at)
                    VALUES (?, ?, ?, ?)""", (user, klass, year, now))
                # Progress on each assigned lesson: some finished, some part-way, some not started.
                rows = []
                for k, item in enumerate(items):
                    phase = (user * 31 + k * 17) % 10
                    if phase < 3:
                        continue
                    coverage = 1.0 if phase >= 7 else phase / 10
                    last = unix - ((user + k) % 30) * 86400
                    rows.append((user, item, f"0.0-{coverage * 600:.1f}", coverage * 600, 600.0, coverage, coverage * 660,
                                 coverage * 600, last if coverage >= 0.9 else None, last - 700, last))
                db.executemany("""INSERT INTO learning_progress (user_id, item_id, intervals, covered_seconds, duration_seconds,
                    coverage, time_spent, last_position, completed_at, first_activity, last_activity)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
        if s % 20 == 0:
            print(f"  {s} schools ({time.time() - started:.0f} s)", flush=True)
    db.execute("COMMIT")

    # Playback events: sessions of 180 events each, spread over the pupils and their lessons.
    pupils = db.execute("SELECT count(*) FROM learning_student").fetchone()[0]
    db.execute("CREATE TEMP TABLE district_pupil (k INTEGER PRIMARY KEY, user_id INTEGER NOT NULL)")
    db.execute("INSERT INTO district_pupil (k, user_id) SELECT row_number() OVER (ORDER BY user_id) - 1, user_id FROM learning_student")
    first_item = min(min(v) for v in lessons_by_grade.values())
    done, chunk = 0, 1_000_000
    while done < args.events:
        count = min(chunk, args.events - done)
        db.execute("BEGIN")
        db.execute("""
            WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 + ?2 - 1)
            INSERT INTO learning_event (event_id, session_id, user_id, item_id, class_id, kind, position, from_position,
                device_time, received_at, rendition, stalls, live)
            SELECT randomblob(16), CAST(printf('district%011d', i / 180) AS BLOB),
                (SELECT user_id FROM district_pupil WHERE k = (i / 180) % ?3),
                ?4 + (i / 180 / ?3) % 480, NULL, CASE WHEN i % 180 = 0 THEN 0 ELSE 1 END, (i % 180) * 3.3, NULL,
                ?5 - 90 * 86400 + (i / 180) * 0.7 + (i % 180) * 3.3, ?5 - 90 * 86400 + (i / 180) * 0.7 + (i % 180) * 3.3 + 1,
                '360p', 0, 0
            FROM n""", (done, count, pupils, first_item, unix))
        db.execute("COMMIT")
        done += count
        print(f"  {done} events ({time.time() - started:.0f} s)", flush=True)
    db.execute("ANALYZE")
    print(f"district generated in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
