"""Supervision journeys (issue 12): a visit on a tablet with a photo, the teacher's comment, a repair from
report to close, a pupil survey, and the director's CSV and printed term report."""
import json
import re
import struct
import subprocess
import time
import uuid
import zlib
from datetime import timedelta, timezone

import conftest

conftest.SIZES.setdefault("tablet", (768, 1024))
SUPERVISOR = ("nitet", "klai-nitet")
DIRECTOR = ("director", "klai-director")


def png(width=8, height=8):
    """A small valid PNG (signature, IHDR, IDAT, IEND), as a tablet camera's photo stands in."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def school_id(klai):
    return klai.query("SELECT id FROM learning_school WHERE code = '1099990001'")[0][0]


def test_a_supervisor_records_a_visit_on_a_tablet_and_the_teacher_comments(visit, klai, tmp_path):
    v = visit("tablet")
    v.sign_in(*SUPERVISOR)
    page = v.go("/supervision/visits/new")
    # The demo teacher's class (other journeys may have added teachers to the school before this one runs).
    target = page.locator("#target")
    target.select_option(target.locator("option", has_text="ครูสมศรี").first.get_attribute("value"))
    page.get_by_role("button", name="เริ่มบันทึก").click()
    page.wait_for_url(re.compile(r"/supervision/visits/\d+/edit"))
    for item in page.locator("fieldset.visit-item").all():
        item.locator("label.level").first.click()
    v.shoot("visit-form-tablet")
    page.get_by_role("button", name="บันทึกร่าง").click()
    page.wait_for_load_state("networkidle")
    photo = tmp_path / "classroom.png"
    photo.write_bytes(png())
    page.set_input_files("#file", str(photo))
    page.get_by_role("button", name="แนบไฟล์").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#evidence a", has_text="classroom.png").count() == 1
    page.get_by_role("button", name="ส่งผลการนิเทศ").click()
    page.wait_for_url(re.compile(r"/supervision/visits/\d+$"))
    assert page.locator(".evidence img").count() == 1
    visit_url = page.url
    assert klai.query("SELECT count(*) FROM evaluation_visit WHERE state = 'submitted'")[0][0] >= 1
    assert v.errors == [], v.errors

    t = visit("pc")
    t.sign_in(*conftest.TEACHER)
    page = t.go("/supervision/visits")
    assert "รายการที่ 1–" in page.locator(".pager-count").inner_text()
    page.locator(".visit-list a").first.click()
    assert page.url == visit_url
    page.get_by_label("เพิ่มความเห็น").fill("ขอบคุณค่ะ จะเตรียมใบงานก่อนออกอากาศ")
    page.get_by_role("button", name="ส่งความเห็น").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".comments", has_text="จะเตรียมใบงานก่อนออกอากาศ").count() == 1
    t.shoot("visit-with-comment")


def test_a_teacher_reports_a_broken_receiver_and_the_director_closes_it(visit, klai):
    school = school_id(klai)
    t = visit("phone")
    t.sign_in(*conftest.TEACHER)
    page = t.go(f"/supervision/schools/{school}/readiness")
    page.select_option("#classroom", label="ห้อง ป.4/1")
    page.select_option("#equipment", label="ห้อง ป.4/1 · เครื่องรับสัญญาณดาวเทียม")
    page.select_option("#problem", value="broken_device")
    page.get_by_label("รายละเอียด").fill("เครื่องรับสัญญาณไม่ติด")
    page.get_by_role("button", name="ส่งเรื่องแจ้งซ่อม").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("ส่งเรื่องแจ้งซ่อมแล้ว").count() == 1
    t.shoot("readiness-teacher-phone")

    d = visit("pc")
    d.sign_in(*DIRECTOR)
    page = d.go(f"/supervision/schools/{school}/readiness")
    card = page.locator(".repairs li", has_text="เครื่องรับสัญญาณไม่ติด")
    card.get_by_role("button", name="รับเรื่อง").click()
    page.wait_for_load_state("networkidle")
    page.locator(".repairs li", has_text="เครื่องรับสัญญาณไม่ติด").get_by_role("button", name="ซ่อมเสร็จแล้ว").click()
    page.wait_for_load_state("networkidle")
    page.locator(".repairs li", has_text="เครื่องรับสัญญาณไม่ติด").get_by_role("button", name="ปิดเรื่อง").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".repairs li", has_text="เครื่องรับสัญญาณไม่ติด").get_by_text("ปิดเรื่องแล้ว").count() == 1
    assert klai.query("SELECT count(*) FROM evaluation_repair WHERE state = 'closed'")[0][0] == 2
    d.shoot("readiness-director")


def test_a_pupil_answers_the_survey_with_faces(visit, klai):
    v = visit("phone")
    v.sign_in(*conftest.PUPIL)
    page = v.go("/surveys")
    page.locator(".big-choice").first.click()
    for item in page.locator("fieldset.survey-item").all():
        item.locator("label.face").first.click()
    v.shoot("survey-pupil-phone")
    page.get_by_role("button", name="ส่งคำตอบ").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("ขอบคุณ!").count() == 1
    assert klai.query("SELECT count(*) FROM evaluation_survey_response")[0][0] >= 1


def test_the_director_downloads_the_csv_and_prints_the_term_report(visit, klai, tmp_path):
    school = school_id(klai)
    d = visit("pc")
    d.sign_in(*DIRECTOR)
    page = d.go("/supervision")
    assert page.url.endswith(f"/supervision/schools/{school}")
    assert page.locator("svg.trend-chart").count() == 1
    d.shoot("school-dashboard")
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลด CSV").first.click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "ป.4/1" in text
    shown = page.locator("table.figures-table tbody tr", has_text="ป.4/1").locator("td").all_inner_texts()
    row = next(line for line in text.splitlines() if line.startswith("ป.4/1")).split(",")
    assert [c if c != "–" else "" for c in shown] == row[1:], (shown, row)

    page = d.go(f"/supervision/schools/{school}/report")
    page.emulate_media(media="print")
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4", display_header_footer=False)
    words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "1099990001" in words
    assert "รายงาน" in words and "ภาคเรียน" in words
    assert "ป.4/1" in words


def wait_until(check, seconds=15):
    """Polls `check` (a Python callable) until it returns something true; the CSP forbids page-side waits."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("gave up waiting")


def test_the_director_fills_in_the_self_assessment_and_the_supervisor_sees_it_beside_the_visits(visit, klai):
    school = school_id(klai)
    d = visit("tablet")
    d.sign_in(*DIRECTOR)
    page = d.go(f"/supervision/schools/{school}")
    page.get_by_role("link", name="กรอกแบบประเมินตนเอง").click()
    page.wait_for_url(re.compile(r"/self-assessment$"))
    items = page.locator("fieldset.visit-item")
    # One answer is autosaved as a draft (the tablet's page posts it by itself) and survives a reload.
    items.first.locator("label.level").first.click()
    stored = wait_until(lambda: klai.query(
        "SELECT revision, state FROM evaluation_self_assessment WHERE school_id = ? AND revision > 0", school))
    assert stored[0][1] == "draft"
    page.reload()
    assert items.first.locator("input[type=radio]").first.is_checked()
    # Every item of the first section at the top level (3), every other item at level 2.
    sections = page.locator("fieldset.visit-section").all()
    for n, section in enumerate(sections):
        for item in section.locator("fieldset.visit-item").all():
            item.locator("label.level").nth(0 if n == 0 else 1).click()
    # Submit on top of the revision the last autosave stored (a stale revision is refused, never merged).
    wait_until(lambda: page.locator("#revision").input_value() == str(klai.query(
        "SELECT revision FROM evaluation_self_assessment WHERE school_id = ?", school)[0][0]))
    page.get_by_label("จุดเด่น").fill("ครูเปิดออกอากาศตรงเวลาทุกห้อง")
    d.shoot("self-assessment-form-tablet")
    page.get_by_role("button", name="ส่งผลการประเมินตนเอง").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("form[data-autosave]").count() == 0, "a submitted self-assessment is no longer a form"
    scores = page.locator("table.self-assessment-scores tbody tr").all_inner_texts()
    assert scores[0].split("\t")[1:] == ["6", "6"], scores   # ความพร้อมของอุปกรณ์: two items at 3 of 3
    assert scores[1].split("\t")[1:] == ["8", "12"], scores  # การจัดการเรียนรู้: four items at 2 of 3
    assert klai.query("SELECT state FROM evaluation_self_assessment WHERE school_id = ?", school) == [("submitted",)]
    assert d.errors == [], d.errors

    s = visit("pc")
    s.sign_in(*SUPERVISOR)
    page = s.go(f"/supervision/schools/{school}")
    beside = page.locator("section.self-assessment")
    assert beside.locator("table.self-assessment-scores tbody tr").all_inner_texts() == scores
    assert page.locator("#visits-heading").count() == 1
    s.shoot("school-dashboard-with-self-assessment")
    beside.get_by_role("link", name="ดูคำตอบทุกข้อ").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("ครูเปิดออกอากาศตรงเวลาทุกห้อง").count() == 1
    assert page.locator("form[data-autosave]").count() == 0


def test_closing_the_term_freezes_the_report_later_events_do_not_change_it_and_the_csv_equals_the_screen(visit, klai):
    school = school_id(klai)
    d = visit("pc")
    d.sign_in(*DIRECTOR)
    page = d.go(f"/supervision/schools/{school}")
    page.get_by_role("button", name=re.compile("^ปิดภาคเรียน")).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("ปิดภาคเรียนแล้วเมื่อ").count() == 1
    assert klai.query("SELECT count(*) FROM evaluation_term_snapshot WHERE school_id = ?", school) == [(1,)]
    report = d.go(f"/supervision/schools/{school}/report")
    frozen = report.locator("article.term-report").inner_text()
    assert "ปิดภาคเรียนเมื่อ" in frozen

    # A late class screening of ป.4/1 arrives after the close: the live figures move, the closed term does not.
    klass = klai.query("SELECT id FROM learning_class WHERE school_id = ? AND grade = 'P4' AND room = 1", school)[0][0]
    lesson = klai.query("SELECT id FROM catalog_item WHERE asset_id IS NOT NULL AND grade = 'P4' ORDER BY id LIMIT 1")[0][0]
    before = klai.query("SELECT screenings FROM evaluation_class_term_usage WHERE class_id = ?", klass)[0][0]
    t = visit("pc")
    t.sign_in(*conftest.TEACHER)
    readiness = t.go(f"/supervision/schools/{school}/readiness")
    csrf = readiness.locator("input[name=_csrf]").first.get_attribute("value")
    start = klai.morning.astimezone(timezone.utc) - timedelta(minutes=30)
    session = str(uuid.uuid4())
    events = [{"event_id": str(uuid.uuid4()), "session_id": session, "item": lesson, "kind": kind, "position": float(p),
               "device_time": (start + timedelta(seconds=p)).strftime("%Y-%m-%dT%H:%M:%S.000Z"), "class_id": klass}
              for kind, p in [("started", 0)] + [("progress", p) for p in range(10, 120, 10)] + [("ended", 120)]]
    answer = t.page.request.post(klai.url + "/api/events", data=json.dumps({"events": events}),
                                 headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
    assert answer.ok, answer.text()
    assert klai.query("SELECT screenings FROM evaluation_class_term_usage WHERE class_id = ?", klass)[0][0] == before + 1

    report = d.go(f"/supervision/schools/{school}/report")
    assert report.locator("article.term-report").inner_text() == frozen
    d.shoot("term-report-closed")
    page = d.go(f"/supervision/schools/{school}")
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลด CSV").first.click()
    text = open(download.value.path(), "rb").read().decode("utf-8-sig")
    screen = [[c if c != "–" else "" for c in row.locator("td").all_inner_texts()]
              for row in page.locator("table.figures-table tbody tr").all()]
    names = page.locator("table.figures-table tbody tr th").all_inner_texts()
    lines = [line.split(",") for line in text.splitlines()[1:]]
    assert [[name] + cells for name, cells in zip(names, screen)] == lines, (names, screen, lines)
    assert any(row[0] == "ป.4/1" for row in lines)
    assert d.errors == [], d.errors
