"""Uploads a person can trust, in real Chromium against a real Klai: Cancel in the middle of an upload leaves
nothing on the server; the progress script refuses a file bigger than the disk's room in Thai before sending;
a teacher uploads a lesson video to their own school and watches its conversion finish; and the settings
(DLTV recordings open on the LAN, the default language) change what a visitor without a session sees."""
import re
import shutil
import time

from playwright.sync_api import expect

from conftest import TEACHER

ADMIN = ("admin", "klai-admin")


def files_left(klai):
    return [p for p in (klai.folder / "Media" / "uploads").rglob("*") if p.is_file()]


def poll(page, script, seconds=30):
    """Polls `script` in the page (the CSP forbids wait_for_function strings) until it is truthy."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"never true: {script}")


def test_cancel_in_the_middle_of_an_upload_leaves_no_file_and_no_row(visit, klai, tmp_path):
    v = visit("pc")
    page = v.sign_in(*ADMIN)
    sources = klai.query("SELECT count(*) FROM source_file")[0][0]
    big = tmp_path / "DLTV04_2026-06-19_0830.ts"
    with open(big, "wb") as f:  # 2 GB, sparse: Chromium reads zeros, the disk holds nothing
        f.truncate(2_000_000_000)
    v.go("/admin/content")
    page.get_by_label("ไฟล์วิดีโอ").set_input_files(str(big))
    page.get_by_role("button", name="อัปโหลด").click()
    expect(page.get_by_role("button", name="ยกเลิก")).to_be_visible()
    poll(page, "Number(document.getElementById('upload-bar').value) >= 2")
    # Some of it is on the server's disk now: the cancel below has something to clean.
    deadline = time.time() + 30
    while not files_left(klai) and time.time() < deadline:
        time.sleep(0.1)
    assert files_left(klai), "the upload never reached the server's disk"
    v.shoot("upload-in-progress")
    page.get_by_role("button", name="ยกเลิก").click()
    expect(page.locator("#upload-percent")).to_have_text("ยกเลิกการอัปโหลดแล้ว ไม่มีไฟล์ค้างอยู่ที่เครื่องแม่ข่าย")
    v.shoot("upload-cancelled")
    deadline = time.time() + 15
    while files_left(klai) and time.time() < deadline:
        time.sleep(0.2)
    assert files_left(klai) == [], "nothing is left in Media/uploads"
    assert klai.query("SELECT count(*) FROM source_file")[0][0] == sources
    assert v.errors == [] and v.foreign == []


def test_a_file_bigger_than_the_room_above_the_disk_floor_is_refused_in_thai_before_sending(visit, klai, tmp_path):
    v = visit("phone")
    page = v.sign_in(*ADMIN)
    page = v.go("/admin/content")
    room = int(page.locator("#upload-form").get_attribute("data-room"))
    assert room > 0, "the page tells the script how much may be uploaded"
    # The demo's disk has plenty of room: stand in a nearly full one by lowering the number the server gave.
    page.evaluate("document.getElementById('upload-form').dataset.room = '1000000'")
    clip = tmp_path / "lesson.mp4"
    clip.write_bytes(b"\0" * 2_500_000)
    sent = []
    page.on("request", lambda r: r.method == "POST" and sent.append(r.url))
    page.get_by_label("ไฟล์วิดีโอ").set_input_files(str(clip))
    page.get_by_role("button", name="อัปโหลด").click()
    expect(page.locator("#upload-percent")).to_contain_text("พื้นที่ดิสก์ไม่พอสำหรับไฟล์นี้")
    expect(page.locator("#upload-percent")).to_contain_text("1.0 MB")
    v.shoot("upload-no-room")
    assert sent == [], "nothing was sent"
    assert v.errors == [] and v.foreign == []


def test_a_teacher_uploads_a_lesson_video_to_their_school_and_watches_it_become_playable(visit, klai, tmp_path):
    v = visit("pc")
    page = v.sign_in(*TEACHER)
    source = klai.query("SELECT path FROM source_file WHERE original_name LIKE 'DLTV04_%' LIMIT 1")[0][0]
    clip = tmp_path / "การทดลอง.ts"
    shutil.copy(klai.folder / "Media" / source, clip)
    with open(clip, "ab") as f:  # different bytes from the demo's: MPEG-TS null packets (PID 0x1FFF)
        f.write((b"\x47\x1f\xff\x10" + b"\xff" * 184) * 32)
    page = v.go("/teach")
    page.get_by_role("link", name="อัปโหลดวิดีโอบทเรียนของโรงเรียน").click()
    page.get_by_label("ชื่อบทเรียน").fill("การทดลองแรงเสียดทาน")
    page.get_by_label("ไฟล์วิดีโอ").set_input_files(str(clip))
    page.get_by_role("button", name="อัปโหลด").click()
    page.wait_for_url(re.compile(r"/teach/uploads\?made=\d+"))
    expect(page.get_by_role("status")).to_contain_text("รับไฟล์แล้ว")
    school = klai.query("""SELECT i.school_id FROM catalog_item i WHERE i.title = 'การทดลองแรงเสียดทาน'""")[0][0]
    teacher_school = klai.query("""SELECT g.school_id FROM learning_role g JOIN learning_user u ON u.id = g.user_id
                                   WHERE u.username = ? AND g.role = 'teacher'""", TEACHER[0])[0][0]
    assert school == teacher_school
    deadline = time.time() + 300
    while time.time() < deadline:
        row = page.locator("li", has_text="การทดลองแรงเสียดทาน")
        if row.count() and "พร้อมเล่น" in row.first.inner_text():
            break
        time.sleep(3)
        page = v.go("/teach/uploads")
    v.shoot("teacher-upload-ready")
    expect(page.locator("li", has_text="การทดลองแรงเสียดทาน").first).to_contain_text("พร้อมเล่น")
    page.get_by_role("link", name="การทดลองแรงเสียดทาน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("การทดลองแรงเสียดทาน")
    assert files_left(klai) == []
    assert v.errors == [] and v.foreign == []


def test_settings_open_dltv_recordings_on_the_lan_and_set_the_default_language(visit, klai):
    admin = visit("pc")
    page = admin.sign_in(*ADMIN)
    # The admin chose Thai (the language cookie): that choice outlives a change of the default.
    admin.context.add_cookies([{"name": "klai_lang", "value": "th", "url": klai.url}])
    dltv = klai.query("SELECT id, title FROM catalog_item WHERE kind = 'dltv_recording' AND asset_id IS NOT NULL LIMIT 1")[0]
    other = klai.query("SELECT id FROM catalog_item WHERE kind NOT IN ('dltv_recording', 'attachment') LIMIT 1")[0][0]
    stranger = visit("phone")
    stranger.go(f"/lessons/{dltv[0]}")
    expect(stranger.page).to_have_url(re.compile(r"/sign-in"))
    try:
        page = admin.go("/admin/system")
        page.get_by_label("เปิดให้ดูวิดีโอ DLTV ในเครือข่ายโรงเรียนได้โดยไม่ต้องเข้าสู่ระบบ").check()
        page.get_by_label("ภาษาเริ่มต้น").select_option("en")
        page.get_by_role("button", name="บันทึกการตั้งค่า").click()
        expect(page.get_by_text("บันทึกแล้ว")).to_be_visible()  # the admin chose Thai: their cookie wins

        # Someone on the school's network (the browser is on loopback) without a session: the recording plays.
        page = stranger.go(f"/lessons/{dltv[0]}")
        expect(page.get_by_role("heading", level=1)).to_have_text(dltv[1])
        assert page.evaluate("document.documentElement.lang") == "en"
        # Its HLS tree answers without a session too (the page's own link is signed; this is the plain path).
        folder = page.locator("[data-player]").get_attribute("data-master").split("/")[-2]
        assert stranger.context.request.get(f"{klai.url}/hls/{folder}/master.m3u8").status == 200
        stranger.shoot("dltv-open-on-lan")
        # Everything else still asks them to sign in, in English now.
        page = stranger.go(f"/lessons/{other}")
        expect(page).to_have_url(re.compile(r"/sign-in"))
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        assert stranger.errors == [] and stranger.foreign == []
    finally:
        page = admin.go("/admin/system")
        page.get_by_label("เปิดให้ดูวิดีโอ DLTV ในเครือข่ายโรงเรียนได้โดยไม่ต้องเข้าสู่ระบบ").uncheck()
        page.get_by_label("ภาษาเริ่มต้น").select_option("th")
        page.get_by_role("button", name="บันทึกการตั้งค่า").click()
        expect(page.get_by_text("บันทึกแล้ว")).to_be_visible()
