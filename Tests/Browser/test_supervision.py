"""Supervision journeys (issue 12): a visit on a tablet with a photo, the teacher's comment, a repair from
report to close, a pupil survey, and the director's CSV and printed term report."""
import re
import struct
import subprocess
import zlib

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
