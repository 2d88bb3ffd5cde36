"""The admin's journeys in real Chromium against a real Klai: people and class sheets, a Windows-874 roster,
an uploaded recording through the unmatched queue to a finished transcode, backups and the traffic export,
and a deactivated account that can no longer sign in."""
import re
import shutil
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from playwright.sync_api import expect

ADMIN = ("admin", "klai-admin")


def add_person(v, name, username, role="teacher"):
    """Adds a person on the admin page and returns the one-time password shown."""
    page = v.go("/admin/people/new")
    page.get_by_label("ชื่อที่แสดง").fill(name)
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("บทบาท").select_option(role)
    page.get_by_label("โรงเรียน").select_option(index=1)
    page.get_by_role("button", name="เพิ่มผู้ใช้").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("เพิ่มผู้ใช้แล้ว")
    return page.locator("#one-time-password").inner_text().strip()


def test_an_admin_creates_a_teacher_who_must_change_the_printed_password_and_prints_a_class_sheet(visit, klai):
    v = visit("pc")
    page = v.sign_in(*ADMIN)
    password = add_person(v, "ครูมานี มีสุข", "kru.manee")
    assert len(password) == 12
    v.shoot("admin-person-added")
    # The teacher gets ป.4/1 on her page.
    page.get_by_role("link", name="กลับไปที่ข้อมูลผู้ใช้").click()
    page.get_by_label("สอนห้อง").select_option(index=0)
    page.get_by_role("button", name="มอบหมายห้อง").click()
    assert klai.query("""SELECT count(*) FROM learning_teacher_class t JOIN learning_user u ON u.id = t.user_id
                         WHERE u.username = 'kru.manee'""")[0][0] == 1
    # The class sheet: every pupil with a username; those without their own password get a first one.
    v.go("/admin/schools")
    v.shoot("admin-schools")
    page.get_by_role("button", name="พิมพ์ใบรหัสผ่าน ป.4/1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ใบรหัสผ่านแรกเข้า")
    slips = page.locator(".slip")
    pupils = klai.query("""SELECT count(*) FROM learning_class_member m JOIN learning_class c ON c.id = m.class_id
                           WHERE c.grade = 'P4' AND c.room = 1 AND m.left_at IS NULL""")[0][0]
    expect(slips).to_have_count(pupils)
    expect(page.locator(".slip", has_text="1099990001-01001")).to_contain_text("ใช้รหัสผ่านที่ตั้งเองแล้ว")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    v.shoot("admin-class-sheet-print")
    page.emulate_media(media="screen")
    # The new teacher signs in with the printed password and must choose her own first.
    other = visit("phone")
    p2 = other.go("/sign-in")
    p2.get_by_label("ชื่อผู้ใช้").fill("kru.manee")
    p2.get_by_label("รหัสผ่าน").fill(password)
    p2.get_by_role("button", name="เข้าสู่ระบบ").click()
    p2.wait_for_url(re.compile(r"/password"))
    assert v.errors == [] and v.foreign == []


def roster_rows(klai):
    """The demo school's pupils as DMC rows (the roster is the whole school: keeping them keeps them)."""
    rows = klai.query("""
        SELECT s.student_number, s.national_id, s.prefix, s.first_name, s.last_name, s.sex, c.grade, c.room
        FROM learning_student s JOIN learning_class_member m ON m.student_id = s.user_id AND m.left_at IS NULL
        JOIN learning_class c ON c.id = m.class_id WHERE s.is_active = 1 ORDER BY s.student_number""")
    grade = {"K": "อ.", "P": "ป.", "M": "ม."}
    return [[n, i, p or "", f, l, {"male": "ชาย", "female": "หญิง"}.get(x, ""), grade[g[0]] + g[1:], str(r)]
            for n, i, p, f, l, x, g, r in rows]


def national_id(body12):
    check = (11 - sum(int(d) * (13 - k) for k, d in enumerate(body12)) % 11) % 10
    return body12 + str(check)


def write_roster(path, rows):
    lines = ["เลขประจำตัวนักเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,ชั้น,ห้อง"] + [",".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp874"))


def test_a_windows_874_roster_with_two_bad_rows_is_refused_with_both_named_in_thai_then_imports_when_fixed(visit, klai, tmp_path):
    v = visit("pc")
    page = v.sign_in(*ADMIN)
    school = klai.query("SELECT school_id, academic_year FROM learning_class WHERE grade = 'P4' AND room = 1")[0]
    before = klai.query("SELECT count(*) FROM learning_student")[0][0]
    existing = roster_rows(klai)
    bad = existing + [["09001", "1234567890123", "ด.ญ.", "ใบเตย", "ทดลอง", "หญิง", "ป.4", "2"],
                      ["09002", national_id("110999000902"), "ด.ช.", "ก้องภพ", "ทดลอง", "ชาย", "ป.9", "2"]]
    path = tmp_path / "roster-874.csv"
    write_roster(path, bad)
    v.go("/admin/roster")
    page.get_by_label("โรงเรียน").select_option(str(school[0]))
    page.get_by_label("ปีการศึกษา (พ.ศ.)").fill(str(school[1]))
    page.get_by_label("ไฟล์รายชื่อ (CSV)").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("ไม่มีข้อมูลใดถูกนำเข้า")
    n = len(existing)
    expect(summary).to_contain_text(f"แถวที่ {n + 2}: เลขประจำตัวประชาชนไม่ถูกต้อง")
    expect(summary).to_contain_text(f"แถวที่ {n + 3}: ชั้น 'ป.9'")
    v.shoot("admin-roster-problems")
    assert klai.query("SELECT count(*) FROM learning_student")[0][0] == before
    # Fixed: the preview names the two new pupils, then the import adds them and nobody leaves.
    bad[-2][1] = national_id("110999000901")
    bad[-1][6] = "ป.4"
    write_roster(path, bad)
    page.get_by_role("link", name="อัปโหลดไฟล์ที่แก้แล้ว").click()
    page.get_by_label("โรงเรียน").select_option(str(school[0]))
    page.get_by_label("ปีการศึกษา (พ.ศ.)").fill(str(school[1]))
    page.get_by_label("ไฟล์รายชื่อ (CSV)").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    expect(page.locator("#added")).to_contain_text("ใบเตย ทดลอง")
    expect(page.locator("#left")).to_have_count(0)
    v.shoot("admin-roster-preview")
    assert klai.query("SELECT count(*) FROM learning_student")[0][0] == before
    page.get_by_role("button", name="ยืนยันนำเข้า").click()
    expect(page.get_by_role("status")).to_contain_text("เพิ่ม 2")
    assert klai.query("SELECT count(*) FROM learning_student WHERE is_active = 1")[0][0] == before + 2
    assert v.errors == [] and v.foreign == []


def test_an_uploaded_recording_waits_unmatched_is_assigned_from_the_timetable_and_its_job_finishes(visit, klai, tmp_path):
    v = visit("pc")
    page = v.sign_in(*ADMIN)
    source, name = klai.query("SELECT path, original_name FROM source_file WHERE original_name LIKE 'DLTV04_%' LIMIT 1")[0]
    air_date, start = name[7:17], name[18:22]  # DLTV04_2026-12-02_0830.ts
    # A different recording: the demo's bytes plus MPEG-TS null packets (ISO/IEC 13818-1 PID 0x1FFF).
    upload = tmp_path / "recording-channel-4.ts"
    shutil.copy(klai.folder / "Media" / source, upload)
    with open(upload, "ab") as f:
        f.write((b"\x47\x1f\xff\x10" + b"\xff" * 184) * 64)
    v.go("/admin/content")
    page.get_by_label("ไฟล์วิดีโอ").set_input_files(str(upload))
    page.get_by_role("button", name="อัปโหลด").click()
    page.wait_for_url(re.compile(r"/admin/content/unmatched/\d+"))
    expect(page.get_by_role("heading", level=1)).to_have_text("กำหนดช่องและเวลาให้ไฟล์")
    # A week later, same weekday: the timetable has the same periods and the demo has no recording there.
    day = date.fromisoformat(air_date) + timedelta(days=7)
    page.get_by_label("ดูตารางช่อง").select_option("DLTV4")
    page.get_by_role("button", name="แสดงตาราง").click()
    page.get_by_label("วันที่ออกอากาศ").fill(day.isoformat())
    page.get_by_label("ช่อง", exact=True).select_option("DLTV4")
    page.get_by_label("เวลาเริ่มบันทึก").fill(f"{start[:2]}:{start[2:]}")
    page.get_by_label("เก็บไว้แม้บันทึกได้ไม่ถึงครึ่งคาบ").check()  # the demo's capture is 24 s long
    v.shoot("admin-unmatched")
    page.get_by_role("button", name="จับคู่").click()
    page.wait_for_url(re.compile(r"/admin/content\?made=\d+"))
    expect(page.get_by_role("status")).to_contain_text("กำลังแปลงไฟล์")
    deadline = time.time() + 300
    while time.time() < deadline:
        page = v.go("/admin/jobs")
        if page.locator("tr.job-done").count() > 0 and page.locator("tr.job-queued, tr.job-running").count() == 0:
            break
        time.sleep(2)
    v.shoot("admin-jobs")
    made = klai.query("SELECT count(*) FROM catalog_item WHERE air_date = ?", day.isoformat())[0][0]
    assert made >= 1
    assert klai.query("SELECT count(*) FROM transcode_job WHERE state NOT IN ('done')")[0][0] == 0
    assert not list((klai.folder / "Media" / "uploads").glob("*/*")), "nothing is left in the upload folder"
    assert v.errors == [] and v.foreign == []


def test_an_admin_downloads_a_checked_backup_and_a_traffic_export(visit, klai, tmp_path):
    v = visit("pc")
    page = v.sign_in(*ADMIN)
    v.go("/admin/system")
    page.get_by_role("button", name="สำรองข้อมูลเดี๋ยวนี้").click()
    expect(page.locator("#backup-title + p")).to_contain_text("สำเร็จ")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("ดาวน์โหลด klai-")).first.click()
    saved = tmp_path / "backup.sqlite"
    download.value.save_as(saved)
    with sqlite3.connect(saved) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM learning_user WHERE username = 'admin'").fetchone()[0] == 1
    v.shoot("admin-system")
    today = datetime.now(timezone.utc).date()
    page.get_by_label("ตั้งแต่วันที่").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("ถึงวันที่").fill((today + timedelta(days=1)).isoformat())
    page.get_by_label("ชื่อผู้ใช้ (ไม่ใส่ = ทุกบัญชี)").fill("admin")
    with page.expect_download() as download:
        page.get_by_role("button", name="ส่งออก CSV").click()
    csv = tmp_path / "traffic.csv"
    download.value.save_as(csv)
    data = csv.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    admin_id = klai.query("SELECT id FROM learning_user WHERE username = 'admin'")[0][0]
    assert len(lines) > 1 and all(f",user:{admin_id}," in line for line in lines[1:]), lines[:3]
    page = v.go("/admin/system/traffic/verify")
    expect(page.get_by_role("status")).to_contain_text("ครบถ้วน")
    assert v.errors == [] and v.foreign == []


def test_a_deactivated_person_can_no_longer_sign_in(visit, klai):
    v = visit("pc")
    page = v.sign_in(*ADMIN)
    password = add_person(v, "ครูย้ายออก ไปแล้ว", "kru.leaving")
    page.get_by_role("link", name="กลับไปที่ข้อมูลผู้ใช้").click()
    page.get_by_role("button", name="ปิดบัญชี").click()
    expect(page.locator(".lead")).to_contain_text("ปิดบัญชีแล้ว")
    assert klai.query("SELECT is_active FROM learning_user WHERE username = 'kru.leaving'")[0][0] == 0
    other = visit("phone")
    p2 = other.go("/sign-in")
    p2.get_by_label("ชื่อผู้ใช้").fill("kru.leaving")
    p2.get_by_label("รหัสผ่าน").fill(password)
    p2.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(p2).to_have_url(re.compile(r"/sign-in"))
    expect(p2.locator(".error-summary, [role=alert]").first).to_be_visible()
    other.shoot("admin-deactivated-sign-in")
    # The history stays: the account row and its audit entries are still there.
    assert klai.query("""SELECT count(*) FROM learning_audit a JOIN learning_user u ON a.target = 'user:' || u.id
                         WHERE u.username = 'kru.leaving' AND a.action = 'user.deactivate'""")[0][0] == 1
