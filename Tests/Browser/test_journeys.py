"""Journeys a pupil and a teacher make every morning, in real Chromium against a real Klai."""
import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from conftest import PUPIL, SIZES, TEACHER

BANGKOK = timezone(timedelta(hours=7))


def position(page):
    return page.evaluate("() => document.querySelector('figure.player video').currentTime")


def play(page, seconds):
    """Presses the player's play button and waits until the video has advanced `seconds`.

    Polls with evaluate: the page's CSP (no eval) refuses wait_for_function's string form."""
    video = page.locator("figure.player video")
    expect(video).to_be_visible()
    start = position(page)
    page.get_by_role("button", name=re.compile(r"^(เล่น|Play)$")).first.click()
    deadline = time.time() + 90
    while position(page) < start + seconds:
        assert time.time() < deadline, f"playback did not advance {seconds} s (at {position(page)})"
        time.sleep(0.25)
    return position(page)


def pause(page):
    page.get_by_role("button", name=re.compile(r"^(หยุดชั่วคราว|Pause)$")).first.click()


def coverage(klai, username, title):
    rows = klai.query("""
        SELECT p.coverage FROM learning_progress p JOIN learning_user u ON u.id = p.user_id
        JOIN catalog_item i ON i.id = p.item_id WHERE u.username = ? AND i.title = ?""", username, title)
    return rows[0][0] if rows else 0.0


def test_a_pupil_signs_in_with_a_password_continues_a_lesson_and_her_coverage_rises(visit, klai):
    v = visit("phone")
    page = v.sign_in(*PUPIL)
    expect(page.get_by_role("heading", level=1)).to_contain_text("สวัสดี")
    v.shoot("pupil-home-phone")
    before = coverage(klai, PUPIL[0], "การบวกเศษส่วน")
    page.get_by_role("link", name="การบวกเศษส่วน").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("การบวกเศษส่วน")
    reached = play(page, 10)
    assert reached >= 10
    pause(page)
    v.shoot("lesson-playing-phone")
    # The player reports on pause; the events API answers only after the commit.
    deadline = time.time() + 20
    while coverage(klai, PUPIL[0], "การบวกเศษส่วน") <= before and time.time() < deadline:
        time.sleep(0.5)
    after = coverage(klai, PUPIL[0], "การบวกเศษส่วน")
    assert after > before and after >= 10 / 24 - 0.05, (before, after)
    assert v.errors == [] and v.foreign == []


def test_a_young_pupil_signs_in_with_her_class_her_name_and_four_pictures(visit, klai):
    v = visit("phone")
    page = v.go("/sign-in")
    page.get_by_role("link", name=re.compile("รูปภาพ")).click()
    page.get_by_role("link", name=re.compile(r"ป\.1\/1")).click()
    page.get_by_role("link", name=re.compile("^น้ำฝน")).click()
    v.shoot("picture-sign-in-phone")
    for picture in ["ดวงอาทิตย์", "ดาว", "ปลา", "ลูกบอล"]:
        page.get_by_role("button", name=picture).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("น้ำฝน")
    assert v.errors == [] and v.foreign == []


def test_wrong_pictures_are_explained_kindly_and_nobody_gets_in(visit, klai):
    v = visit("phone")
    page = v.go("/sign-in/pictures")
    page.get_by_role("link", name=re.compile(r"ป\.1\/1")).click()
    page.get_by_role("link", name=re.compile("^ภูผา")).click()
    for picture in ["ดาว", "ดาว", "ดาว", "ดาว"]:
        page.get_by_role("button", name=picture).click()
    expect(page.get_by_role("alert")).to_contain_text("ลองใหม่")
    assert "/sign-in/pictures" in page.url


def test_a_teacher_plays_a_dltv_recording_for_her_class_on_the_tv_and_the_screening_is_stored(visit, klai):
    # Klai and the browser pretend it is 09:35 in Bangkok on the air date (conftest): inside period 2
    # (09:30–10:20) of DLTV4, the channel of ป.4.
    v = visit("tv")
    page = v.sign_in(*TEACHER)
    page.get_by_role("link", name=re.compile(r"ป\.4\/1")).first.click()
    page.get_by_role("link", name=re.compile("เปิดให้ชั้นดู: DLTV ป.4 คาบที่ 2")).click()
    assert "tv" in (page.locator("body").get_attribute("class") or "")
    expect(page.get_by_role("status").first).to_contain_text("ป.4/1")
    play(page, 6)
    pause(page)
    v.shoot("play-for-class-tv")
    page.get_by_label(re.compile("นักเรียนที่มาเรียน")).fill("4")
    # The screening reaches Klai on pause; attendance can be saved once it has.
    deadline = time.time() + 20
    while time.time() < deadline and not klai.query("SELECT 1 FROM learning_usage_session"):
        time.sleep(0.5)
    page.get_by_role("button", name="บันทึกจำนวนนักเรียน").click()
    expect(page.get_by_role("status").last).to_contain_text("4")
    rows = klai.query("""
        SELECT s.attendance, s.matched_timetable, t.period, t.channel, c.grade, c.room FROM learning_usage_session s
        JOIN timetable_slot t ON t.id = s.timetable_slot_id JOIN learning_class c ON c.id = s.class_id
        JOIN catalog_item i ON i.id = s.item_id WHERE i.title = 'DLTV ป.4 คาบที่ 2 (ตัวอย่าง)'""")
    assert rows == [(4, 1, 2, "DLTV4", "P4", 1)], rows
    assert v.errors == [] and v.foreign == []


def test_the_teachers_grid_shows_each_pupils_progress(visit, klai):
    v = visit("pc")
    page = v.sign_in(*TEACHER)
    page.get_by_role("link", name=re.compile(r"ป\.4\/1")).first.click()
    grid = page.get_by_role("table")
    expect(grid).to_be_visible()
    # From the demo: ขวัญใจ finished the first lesson, ชนะ is half-way, ดวงใจ stopped 5 days ago.
    expect(grid.get_by_role("row", name=re.compile("ขวัญใจ"))).to_contain_text("✓")
    expect(grid.get_by_role("row", name=re.compile("ชนะ"))).to_contain_text("50%")
    expect(grid.get_by_role("row", name=re.compile("ดวงใจ"))).to_contain_text("ค้าง")
    expect(grid.get_by_role("row", name=re.compile("ธนา"))).to_contain_text("ยังไม่เริ่ม")
    v.shoot("teacher-grid-pc")
    assert v.errors == [] and v.foreign == []


def test_a_teacher_assigns_a_lesson_with_a_due_date_and_the_pupil_sees_it(visit, klai):
    v = visit("pc")
    page = v.sign_in(*TEACHER)
    page.get_by_role("link", name=re.compile(r"ป\.4\/1")).first.click()
    lesson = page.get_by_label("บทเรียน", exact=True)
    lesson.select_option(lesson.locator("option", has_text="DLTV ป.4 คาบที่ 3").get_attribute("value"))
    page.get_by_label("วันที่ต้องดูให้จบ").fill("2026-12-31")
    page.get_by_role("button", name="มอบหมาย").click()
    expect(page.get_by_role("columnheader", name=re.compile("DLTV ป.4 คาบที่ 3"))).to_contain_text("31 ธ.ค. 2569")
    pupil = visit("phone")
    home = pupil.sign_in(*PUPIL)
    expect(home.get_by_role("region", name="บทเรียนที่ครูมอบหมาย")).to_contain_text("DLTV ป.4 คาบที่ 3")


def test_a_thai_search_finds_a_lesson(visit, klai):
    v = visit("phone")
    page = v.sign_in(*PUPIL)
    page.get_by_role("link", name="คลังบทเรียน").first.click()
    page.get_by_label("ค้นหาบทเรียน").fill("ลบเศษ")
    page.get_by_role("button", name="ค้นหา").click()
    expect(page.get_by_role("link", name="การลบเศษส่วน")).to_be_visible()
    v.shoot("search-phone")
    page.get_by_label("ค้นหาบทเรียน").fill("ไม่มีบทเรียนนี้แน่นอน")
    page.get_by_role("button", name="ค้นหา").click()
    expect(page.get_by_role("status")).to_contain_text("ไม่พบ")


def test_a_worksheet_pdf_opens_and_downloads(visit, klai):
    v = visit("pc")
    page = v.sign_in(*PUPIL)
    page.get_by_role("link", name="การบวกเศษส่วน").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลด").first.click()
    path = download.value.path()
    assert open(path, "rb").read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")
    response = page.request.get(klai.url + page.get_by_role("link", name=re.compile("^ใบงานที่ 1")).get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


def test_video_is_refused_to_strangers_and_served_through_a_signed_link(visit, klai):
    v = visit("pc")
    assert v.page.request.get(klai.url + "/hls/1/master.m3u8").status == 401
    page = v.sign_in(*PUPIL)
    page.get_by_role("link", name="การบวกเศษส่วน").first.click()
    master = page.locator("figure.player").get_attribute("data-master")
    stranger = visit("pc")
    assert stranger.page.request.get(klai.url + master).status == 200
    forged = re.sub(r"/s/(\d+)/([0-9a-f]{6})", r"/s/\1/000000", master)
    assert stranger.page.request.get(klai.url + forged).status == 403


def test_a_wrong_password_is_explained_in_thai_and_the_form_keeps_the_name(visit, klai):
    v = visit("phone")
    page = v.go("/sign-in")
    page.get_by_label("ชื่อผู้ใช้").fill("kru.somsri")
    page.get_by_label("รหัสผ่าน").fill("not-this-one")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("alert")).to_contain_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
    expect(page.get_by_label("ชื่อผู้ใช้")).to_have_value("kru.somsri")
    v.shoot("sign-in-error-phone")


def test_signing_in_works_with_the_keyboard_alone(visit, klai):
    v = visit("pc")
    page = v.go("/sign-in")
    page.get_by_label("ชื่อผู้ใช้").focus()
    page.keyboard.type(PUPIL[0])
    page.keyboard.press("Tab")
    page.keyboard.type(PUPIL[1])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("สวัสดี")


def test_english_pages_use_gregorian_dates(visit, klai):
    v = visit("pc")
    page = v.sign_in(*PUPIL)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    assert page.locator("html").get_attribute("lang") == "en"
    assert re.search(r"Due \d+ [A-Z][a-z]{2} 20\d\d", page.content())
    page.get_by_role("button", name="ไทย").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("สวัสดี")
