#!/usr/bin/env python3
"""Adds a district's supervision records to a library made by Benchmarks/district-generate.py: the people
(10 supervisors with 20 schools each, a director per school), the class screenings of the running term (DLTV
in its periods, late and replayed screenings, DLIT lessons; a tenth of the schools with stalling players) with
their playback events, 3,000 submitted visits rated with the shipped classroom-visit instrument (150 of them
corrected once), and 5,000 repair requests in every state over 1,400 classrooms with their equipment.

Rows go through Klai's real schema (a submitted visit's rows are written while it is a draft, then it is
submitted, as the triggers require). The usage figures are not written here: `klai evaluation refresh`
computes them from these rows, as event ingest does one batch at a time.

Usage: Benchmarks/evaluation-generate.py DATA
Accounts: nitet-d01 … nitet-d10 (supervisors), director-001 … director-200; password `klai-pupil`.
"""
import datetime
import hashlib
import json
import sqlite3
import sys
import time

SUPERVISORS, SCHOOLS_PER_SUPERVISOR = 10, 20
VISITS, CORRECTED, REPAIRS = 3000, 150, 5000
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
DLTV_EVERY, DLIT_EVERY = 120, 60   # seconds between a player's progress events


def midnight(day):
    return datetime.datetime(day.year, day.month, day.day, tzinfo=BANGKOK).timestamp()


def clock(text):
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def iso(unix):
    return datetime.datetime.fromtimestamp(unix, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def main():
    data = sys.argv[1]
    db = sqlite3.connect(f"{data}/Klai.sqlite", isolation_level=None)
    db.execute("PRAGMA cache_size = -1000000")
    if db.execute("SELECT count(*) FROM learning_user WHERE username = 'nitet-d01'").fetchone()[0]:
        print("supervision records already generated")
        return
    started = time.time()
    today = datetime.datetime.now(BANGKOK).date()
    term_id, term_starts, year = db.execute(
        "SELECT id, starts_on, academic_year FROM term WHERE starts_on <= ?1 AND ends_on >= ?1", (today.isoformat(),)).fetchone()
    term_starts = datetime.date.fromisoformat(term_starts)
    now_text = iso(time.time())
    password = db.execute("SELECT password_hash FROM learning_user WHERE username = '1099990001-01001'").fetchone()[0]
    schools = [r[0] for r in db.execute("SELECT id FROM learning_school WHERE name LIKE 'โรงเรียนบ้านทดสอบ %' ORDER BY code")]
    assert len(schools) == SUPERVISORS * SCHOOLS_PER_SUPERVISOR, f"expected the 200 district schools, found {len(schools)}"
    instrument_id, definition = db.execute(
        "SELECT id, definition FROM evaluation_instrument WHERE key = 'dltv-classroom-visit' ORDER BY version DESC").fetchone()
    instrument = json.loads(definition)
    items = [(i["id"], bool(i.get("notObserved"))) for s in instrument["sections"] for i in s["items"]]
    levels = sorted(l["value"] for l in instrument["scale"]["levels"])
    problems = [p["id"] for p in instrument["problems"]]
    dltv_items = [r[0] for r in db.execute("SELECT id FROM catalog_item WHERE kind = 'dltv_recording' ORDER BY id")]
    dlit_by_grade = {}
    for item, grade in db.execute("SELECT id, grade FROM catalog_item WHERE stable_key LIKE 'district-%' ORDER BY id"):
        dlit_by_grade.setdefault(grade, []).append(item)
    assert dltv_items, "the library has no DLTV recording to screen"
    # The school days of the term so far (Monday to Friday, up to yesterday) and each weekday's periods per channel.
    days = [term_starts + datetime.timedelta(days=k) for k in range((today - term_starts).days)]
    days = [d for d in days if d.isoweekday() <= 5]
    channel_of = dict(db.execute("SELECT grade, channel FROM channel_grade WHERE valid_to IS NULL"))
    slots = {}
    for slot, channel, weekday, period, starts, ends in db.execute(
            "SELECT id, channel, weekday, period, starts_at, ends_at FROM timetable_slot WHERE term_id = ?", (term_id,)):
        slots[(channel, weekday, period)] = (slot, clock(starts), clock(ends))

    db.execute("BEGIN")
    # People: supervisors with 20 schools each, one director per school.
    directors = {}
    for s in range(SUPERVISORS):
        user = db.execute("INSERT INTO learning_user (username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?)",
                          (f"nitet-d{s + 1:02d}", f"ศึกษานิเทศก์ทดสอบ {s + 1}", password, now_text)).lastrowid
        for school in schools[s * SCHOOLS_PER_SUPERVISOR:(s + 1) * SCHOOLS_PER_SUPERVISOR]:
            db.execute("INSERT INTO learning_role (user_id, role, school_id) VALUES (?, 'supervisor', ?)", (user, school))
            directors.setdefault(school, {})["supervisor"] = user
    for n, school in enumerate(schools, 1):
        user = db.execute("INSERT INTO learning_user (username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?)",
                          (f"director-{n:03d}", f"ผอ.ทดสอบ {n}", password, now_text)).lastrowid
        db.execute("INSERT INTO learning_role (user_id, role, school_id) VALUES (?, 'director', ?)", (user, school))
        directors[school]["director"] = user
    classes = {}
    for klass, school, grade, teacher in db.execute("""
            SELECT c.id, c.school_id, c.grade, t.user_id FROM learning_class c JOIN learning_teacher_class t ON t.class_id = c.id
            WHERE c.academic_year = ? AND c.school_id IN (SELECT id FROM learning_school WHERE name LIKE 'โรงเรียนบ้านทดสอบ %')
            ORDER BY c.id""", (year + 543,)).fetchall():
        classes.setdefault(school, []).append((klass, grade, teacher))

    # Class screenings with their players' events.
    screenings = events = 0
    for school_index, school in enumerate(schools):
        stalling = school_index % 10 == 9
        for klass, grade, teacher in classes[school]:
            channel = channel_of.get(grade)
            for day_index, day in enumerate(days):
                if (klass + day_index) % 7 == 0:
                    continue   # a day the class did not watch
                base = midnight(day)
                plan = []
                for period in (1, 2):
                    slot = slots.get((channel, day.isoweekday(), period))
                    if slot is None:
                        continue
                    slot_id, starts, ends = slot
                    item = dltv_items[(day_index + period) % len(dltv_items)]
                    if period == 2 and (klass + day_index) % 3 == 0:
                        # Watched the recording after lunch instead of in its period.
                        plan.append(("dltv_recorded", item, base + clock("13:00"), ends - starts - 300, None, 0, DLTV_EVERY))
                    else:
                        plan.append(("dltv_live", item, base + starts + 120, ends - starts - 300, slot_id, 1, DLTV_EVERY))
                if (klass + day_index) % 2 == 0 and dlit_by_grade.get(grade):
                    lessons = dlit_by_grade[grade]
                    plan.append(("dlit", lessons[day_index % len(lessons)], base + clock("14:00"), 600, None, 0, DLIT_EVERY))
                for source, item, start, length, slot_id, matched, every in plan:
                    session = hashlib.md5(f"class-{klass}-{day}-{source}-{start}".encode()).digest()
                    rows, position, wall = [], 0.0, start
                    stalls_here = stalling and (day_index + klass) % 2 == 0
                    while True:
                        kind = 0 if position == 0 else (4 if position >= length else 1)
                        stalls = 1 if stalls_here and kind == 1 else 0
                        rows.append((hashlib.md5(session + str(len(rows)).encode()).digest(), session, teacher, item, klass, kind,
                                     position, wall, wall + 2, stalls, 1 if source == "dltv_live" else 0))
                        if kind == 4:
                            break
                        step = min(every, length - position)
                        position += step
                        wall += step + (12 if stalls_here else 0)
                    db.executemany("""INSERT INTO learning_event (event_id, session_id, user_id, item_id, class_id, kind, position,
                        device_time, received_at, rendition, stalls, live) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '360p', ?, ?)""", rows)
                    db.execute("""INSERT INTO learning_playback (session_id, item_id, user_id, class_id, first_time, last_time,
                        last_position, playing, live, intervals, seconds_played, event_count, first_received)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)""",
                               (session, item, teacher, klass, start, wall, length, 1 if source == "dltv_live" else 0,
                                f"0.0-{length:.1f}", float(length), len(rows), start + 2))
                    db.execute("""INSERT INTO learning_usage_session (session_id, item_id, teacher_id, class_id, school_id, source,
                        started_at, ended_at, seconds_played, timetable_slot_id, matched_timetable)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                               (session, item, teacher, klass, school, source, start, wall, float(length), slot_id, matched))
                    screenings += 1
                    events += len(rows)
        if (school_index + 1) % 20 == 0:
            print(f"  screenings of {school_index + 1} schools: {screenings} screenings, {events} events "
                  f"({time.time() - started:.0f} s)", flush=True)

    # Visits: 15 per school, rated with every item of the instrument, then submitted; some corrected once.
    def visit(school, klass, teacher, supervisor, day, k, corrects=None):
        vid = db.execute("""INSERT INTO evaluation_visit (school_id, class_id, teacher_id, supervisor_id, instrument_id, visit_date,
            period, revision, content_hash, version, corrects_id, correction_reason, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?)""",
                         (school, klass, teacher, supervisor, instrument_id, day.isoformat(), hashlib.sha256(str(k).encode()).hexdigest(),
                          2 if corrects else 1, corrects, "แก้ไขระดับคะแนนตามหลักฐาน" if corrects else "", now_text, now_text)).lastrowid
        db.executemany("INSERT INTO evaluation_visit_rating (visit_id, item_id, level, note) VALUES (?, ?, ?, ?)",
                       [(vid, item, None if optional and (k + n) % 5 == 0 else levels[(k * 7 + n * 3) % len(levels)],
                         "เห็นจากบันทึกการสอน" if n == 0 else "") for n, (item, optional) in enumerate(items)])
        db.executemany("INSERT INTO evaluation_visit_text (visit_id, field_id, text) VALUES (?, ?, ?)",
                       [(vid, "strengths", "ครูเตรียมใบงานก่อนออกอากาศ"), (vid, "agreed-steps", "ทบทวนบทเรียนหลังออกอากาศทุกคาบ")])
        if k % 4 == 0:
            db.execute("INSERT INTO evaluation_visit_problem (visit_id, problem_id) VALUES (?, ?)", (vid, problems[k % len(problems)]))
        db.execute("UPDATE evaluation_visit SET state = 'submitted', submitted_at = ? WHERE id = ?", (now_text, vid))
        return vid
    per_school = VISITS // len(schools)
    k = 0
    for school in schools:
        for n in range(per_school):
            klass, _, teacher = classes[school][n % len(classes[school])]
            day = days[(n * 5 + school) % len(days)]
            first = visit(school, klass, teacher, directors[school]["supervisor"], day, k)
            if k % (VISITS // CORRECTED) == 0:
                visit(school, klass, teacher, directors[school]["supervisor"], day, k + 1, corrects=first)
            k += 1

    # Classrooms with equipment, and repair requests: reported → acknowledged → fixed → closed.
    repair_states = ["closed"] * 6 + ["fixed"] * 2 + ["acknowledged", "reported"]
    per_school = REPAIRS // len(schools)
    for school in schools:
        rooms = []
        for klass, grade, teacher in classes[school]:
            room = db.execute("INSERT INTO evaluation_classroom (school_id, name) VALUES (?, ?)",
                              (school, f"ห้อง {grade}-{klass}")).lastrowid
            equipment = {}
            for kind in ("tv", "satellite_receiver", "dish_lnb", "computer"):
                equipment[kind] = db.execute("""INSERT INTO evaluation_equipment (classroom_id, kind, status, updated_at)
                    VALUES (?, ?, 'working', ?)""", (room, kind, now_text)).lastrowid
            rooms.append((room, equipment, teacher))
        for n in range(per_school):
            room, equipment, teacher = rooms[n % len(rooms)]
            state = repair_states[(n + school) % len(repair_states)]
            problem = ["signal", "broken_device", "electricity", "network", "other"][n % 5]
            device = {"signal": "dish_lnb", "broken_device": "satellite_receiver", "network": "computer"}.get(problem)
            reported = days[(n * 3 + school) % len(days)]
            acknowledged = min(today, reported + datetime.timedelta(days=1)) if state != "reported" else None
            fixed = min(today, reported + datetime.timedelta(days=1 + n % 9)) if state in ("fixed", "closed") else None
            closed = fixed if state == "closed" else None
            db.execute("""INSERT INTO evaluation_repair (school_id, classroom_id, equipment_id, problem, description, state,
                reported_by, reported_on, acknowledged_on, fixed_on, closed_on, closed_by, repaired_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                       (school, room, equipment.get(device) if device else None, problem, "แจ้งจากครูประจำชั้น", state, teacher,
                        reported.isoformat(), acknowledged and acknowledged.isoformat(), fixed and fixed.isoformat(),
                        closed and closed.isoformat(), directors[school]["director"] if closed else None,
                        ["school_staff", "local_technician", "parent_agency", "warranty"][n % 4] if fixed else None))
            if device and state in ("reported", "acknowledged"):
                db.execute("UPDATE evaluation_equipment SET status = 'broken' WHERE id = ?", (equipment[device],))
    db.execute("COMMIT")
    db.execute("ANALYZE")
    counts = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("learning_usage_session", "evaluation_visit", "evaluation_repair", "evaluation_classroom")}
    print(f"supervision records generated in {time.time() - started:.0f} s: {screenings} screenings with {events} events, {counts}")


if __name__ == "__main__":
    main()
