"""Catalog editing in real Chromium against a real Klai: an admin corrects a lesson's title (seen on the
lesson page and in search), adds a PDF worksheet a pupil then downloads, and imports a manifest that is
refused while two records are wrong; a teacher may not edit the catalog, and a director edits only their own
school's lessons, never the DLIT and DLTV items every school shares."""
import re
import sqlite3
import subprocess

from playwright.sync_api import expect

from conftest import PUPIL, TEACHER

ADMIN = ("admin", "klai-admin")


def make_pdf(text):
    """A one-page PDF showing `text` (ASCII), with a correct cross-reference table (ISO 32000-1 §7.5)."""
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def problems(v):
    """The console errors of a visit but the 422 a refused form is answered with on purpose (Chromium logs it)."""
    return [e for e in v.errors if "status of 422" not in e]


def a_lesson(klai):
    """The sample ป.5 mathematics lesson: no other browser test names it, so renaming it changes none of their searches."""
    return klai.query("SELECT id, title FROM catalog_item WHERE stable_key = 'dlit-p5-math-001'")[0]


def test_an_admin_edits_a_lesson_title_and_sees_it_on_the_lesson_page_and_in_search(visit, klai):
    lesson_id, old_title = a_lesson(klai)
    v = visit("pc")
    page = v.sign_in(*ADMIN)
    v.go("/admin")
    page.get_by_role("link", name=re.compile("^แก้ไขคลังบทเรียน")).click()
    page.get_by_label("ค้นหาบทเรียน").fill(old_title)
    page.get_by_role("button", name="ค้นหา").click()
    page.get_by_role("link", name=old_title, exact=True).first.click()
    page.wait_for_url(re.compile(rf"/admin/catalog/{lesson_id}$"))
    # An indicator of another learning area is refused on its field, in Thai, and nothing is saved.
    page.get_by_label("ตัวชี้วัด").fill("ว 1.1 ป.5/1")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator(".error-summary")).to_contain_text("ตัวชี้วัด 'ว 1.1 ป.5/1' เป็นของกลุ่มสาระ ว ไม่ใช่ ค")
    expect(page.locator("#indicators-error")).to_be_visible()
    v.shoot("admin-catalog-edit-refused")
    assert klai.query("SELECT title FROM catalog_item WHERE id = ?", lesson_id)[0][0] == old_title
    # Corrected: the new title is saved and audited with the old one.
    page.get_by_label("ตัวชี้วัด").fill("ค 1.1 ป.5/1")
    page.get_by_label("ชื่อบทเรียน").fill("โจทย์ปัญหาการหารยาว (ฉบับปรับปรุง)")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกแล้ว")
    v.shoot("admin-catalog-edit-saved")
    detail = klai.query("SELECT detail FROM learning_audit WHERE action = 'catalog.edit' AND target = ?", f"catalog_item:{lesson_id}")
    assert detail and f"title: '{old_title}' → 'โจทย์ปัญหาการหารยาว (ฉบับปรับปรุง)'" in detail[-1][0]
    # A pupil sees it on the lesson page and finds it by a word of the new title.
    pupil = visit("phone")
    p = pupil.sign_in(*PUPIL)
    pupil.go(f"/lessons/{lesson_id}")
    expect(p.get_by_role("heading", level=1)).to_have_text("โจทย์ปัญหาการหารยาว (ฉบับปรับปรุง)")
    pupil.go("/catalog?q=%E0%B8%89%E0%B8%9A%E0%B8%B1%E0%B8%9A%E0%B8%9B%E0%B8%A3%E0%B8%B1%E0%B8%9A%E0%B8%9B%E0%B8%A3%E0%B8%B8%E0%B8%87")
    expect(p.locator(".lesson-card")).to_have_count(1)
    expect(p.locator(".lesson-card .title")).to_have_text("โจทย์ปัญหาการหารยาว (ฉบับปรับปรุง)")
    assert problems(v) == [] and v.foreign == [] and pupil.errors == []


def test_an_admin_uploads_a_pdf_worksheet_that_a_pupil_downloads_from_the_lesson_page(visit, klai, tmp_path):
    lesson_id, _ = a_lesson(klai)
    attachments = klai.folder / "Media" / "attachments"
    files_before = set(attachments.iterdir())
    v = visit("pc")
    page = v.sign_in(*ADMIN)
    v.go(f"/admin/catalog/{lesson_id}")
    # A PDF cut off by a dropped connection is refused with a sentence and leaves no file.
    whole = make_pdf("Klai worksheet 42: long division")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) - 40] + b" " * 1100)
    page.get_by_label("ชื่อไฟล์ที่นักเรียนเห็น").fill("ใบงานที่ 9 การหารยาว")
    page.get_by_label("ไฟล์ PDF").set_input_files(str(cut))
    page.get_by_role("button", name="อัปโหลด").click()
    expect(page.locator("#attachment-file-error")).to_contain_text("ไฟล์ PDF ไม่ครบ")
    v.shoot("admin-catalog-pdf-refused")
    assert set(attachments.iterdir()) == files_before
    # The whole PDF is added and listed (the title typed before is still there).
    good = tmp_path / "worksheet.pdf"
    good.write_bytes(whole)
    expect(page.get_by_label("ชื่อไฟล์ที่นักเรียนเห็น")).to_have_value("ใบงานที่ 9 การหารยาว")
    page.get_by_label("ไฟล์ PDF").set_input_files(str(good))
    page.get_by_role("button", name="อัปโหลด").click()
    expect(page.get_by_role("status")).to_contain_text("เพิ่มไฟล์แล้ว")
    expect(page.locator("#attachments")).to_contain_text("ใบงานที่ 9 การหารยาว")
    v.shoot("admin-catalog-pdf-added")
    assert len(set(attachments.iterdir()) - files_before) == 1
    assert not [f for f in (klai.folder / "Media" / "uploads").rglob("*") if f.is_file()], "nothing is left in uploads"
    # A pupil downloads it from the lesson page and it reads as the worksheet.
    pupil = visit("phone")
    p = pupil.sign_in(*PUPIL)
    pupil.go(f"/lessons/{lesson_id}")
    row = p.locator("#sheets + ul li", has_text="ใบงานที่ 9 การหารยาว")
    with p.expect_download() as download:
        row.get_by_role("link", name="ดาวน์โหลด").click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "ใบงานที่ 9 การหารยาว.pdf"
    text = subprocess.run(["pdftotext", str(saved), "-"], check=True, capture_output=True, text=True).stdout
    assert "Klai worksheet 42: long division" in text
    pupil.shoot("lesson-with-uploaded-worksheet")
    # Removing it takes the file away too.
    page.locator("#attachments li", has_text="ใบงานที่ 9 การหารยาว").get_by_role("button", name="ลบ").click()
    expect(page.get_by_role("status")).to_contain_text("ลบไฟล์แล้ว")
    assert set(attachments.iterdir()) == files_before
    assert problems(v) == [] and v.foreign == [] and pupil.errors == []


def write_manifest(path, rows):
    header = "key,kind,title,grade,learning_area,unit,indicators"
    path.write_bytes(("\r\n".join([header] + [",".join(r) for r in rows]) + "\r\n").encode("cp874"))


def test_a_manifest_with_two_bad_records_names_both_in_thai_and_imports_nothing_then_the_fixed_one_imports(visit, klai, tmp_path):
    before = klai.query("SELECT count(*) FROM catalog_item")[0][0]
    rows = [["school-p4-sci-1", "local_lesson", "พืชรอบตัวเรา", "ป.4", "ว", "หน่วยที่ 1 สิ่งมีชีวิต", "ว 1.1 ป.4/1"],
            ["school-p4-sci-2", "local_lesson", "ส่วนต่าง ๆ ของพืช", "ป.9", "ว", "หน่วยที่ 1 สิ่งมีชีวิต", ""],
            ["school-p4-sci-3", "local_lesson", "แสงกับการมองเห็น", "ป.4", "ว", "หน่วยที่ 2 แสง", "ค 1.1 ป.4/1"]]
    path = tmp_path / "school-lessons.csv"
    write_manifest(path, rows)
    v = visit("pc")
    page = v.sign_in(*ADMIN)
    v.go("/admin/catalog")
    page.get_by_role("link", name="นำเข้าไฟล์รายการบทเรียน (manifest)").click()
    page.get_by_label("ไฟล์รายการบทเรียน (.csv หรือ .json)").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("ไม่มีข้อมูลใดถูกนำเข้า")
    expect(summary).to_contain_text("แถวที่ 3 · ชั้น: ไม่รู้จักชั้น 'ป.9'")
    expect(summary).to_contain_text("แถวที่ 4 · ตัวชี้วัด: ตัวชี้วัด 'ค 1.1 ป.4/1' เป็นของกลุ่มสาระ ค ไม่ใช่ ว")
    expect(page.locator(".manifest-problems li")).to_have_count(2)
    v.shoot("admin-catalog-import-problems")
    assert klai.query("SELECT count(*) FROM catalog_item")[0][0] == before
    assert not list((klai.folder / "Media" / "uploads" / "manifests").iterdir()), "a refused file is not kept"
    # Fixed: the preview counts three new items and still imports nothing until confirmed.
    rows[1][3] = "ป.4"
    rows[2][6] = "ว 2.3 ป.4/1"
    write_manifest(path, rows)
    page.get_by_role("link", name="อัปโหลดไฟล์ที่แก้แล้ว").click()
    page.get_by_label("ไฟล์รายการบทเรียน (.csv หรือ .json)").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    expect(page.locator("#manifest-counts")).to_contain_text("Windows-874")
    expect(page.locator("#manifest-counts")).to_contain_text("ใหม่ 3 · เปลี่ยน 0 · เหมือนเดิม 0")
    v.shoot("admin-catalog-import-preview")
    assert klai.query("SELECT count(*) FROM catalog_item")[0][0] == before
    page.get_by_role("button", name="ยืนยันนำเข้า").click()
    expect(page.get_by_role("status")).to_contain_text("นำเข้าเรียบร้อย")
    expect(page.get_by_role("status")).to_contain_text("ใหม่ 3")
    assert klai.query("SELECT count(*) FROM catalog_item")[0][0] == before + 3
    assert klai.query("SELECT title FROM catalog_item WHERE stable_key = 'school-p4-sci-2'")[0][0] == "ส่วนต่าง ๆ ของพืช"
    assert klai.query("SELECT count(*) FROM learning_audit WHERE action = 'catalog.import'")[0][0] >= 1
    assert not list((klai.folder / "Media" / "uploads" / "manifests").iterdir()), "an imported file is not kept"
    assert v.errors == [] and v.foreign == []


def test_a_teacher_may_not_edit_the_catalog(visit, klai):
    v = visit("pc")
    page = v.sign_in(*TEACHER)
    for path in ["/admin/catalog", "/admin/catalog/1", "/admin/catalog/import"]:
        response = page.goto(klai.url + path)
        assert response.status == 403, path
    v.go("/admin")
    expect(page.locator('a[href="/admin/catalog"]')).to_have_count(0)


def a_school_lesson_of_the_director(klai):
    """A local lesson of the director's school, as a teacher's upload records it (`catalog_item.school_id`);
    dated in January so no page listing the newest lessons shows it to the other tests."""
    with sqlite3.connect(klai.folder / "Klai.sqlite", timeout=10) as db:
        school = db.execute("""SELECT g.school_id FROM learning_role g JOIN learning_user u ON u.id = g.user_id
                               WHERE u.username = 'director' AND g.role = 'director'""").fetchone()[0]
        db.execute("""INSERT OR IGNORE INTO catalog_item (kind, stable_key, title, school_id, created_at, updated_at)
                      VALUES ('local_lesson', ?, 'ภูมิปัญญาท้องถิ่นจักสานไม้ไผ่', ?, '2026-01-05T03:00:00.000Z', '2026-01-05T03:00:00.000Z')""",
                   (f"school:{school}:upload:browser-test-director", school))
        return db.execute("SELECT id FROM catalog_item WHERE stable_key = ?", (f"school:{school}:upload:browser-test-director",)).fetchone()[0]


def test_a_director_edits_only_their_schools_lessons_never_the_shared_dlit_catalog(visit, klai):
    own_id = a_school_lesson_of_the_director(klai)
    shared_id, shared_title = a_lesson(klai)
    v = visit("pc")
    page = v.sign_in("director", "klai-director")
    v.go("/admin")
    page.get_by_role("link", name=re.compile("^แก้ไขคลังบทเรียน")).click()
    # The list holds their school's lesson and nothing every school shares; no manifest import.
    expect(page.locator(".catalog-admin-list li")).to_have_count(1)
    expect(page.locator(".catalog-admin-list")).to_contain_text("ภูมิปัญญาท้องถิ่นจักสานไม้ไผ่")
    expect(page.get_by_role("link", name="นำเข้าไฟล์รายการบทเรียน (manifest)")).to_have_count(0)
    v.shoot("admin-catalog-director-list")
    page.get_by_role("link", name="ภูมิปัญญาท้องถิ่นจักสานไม้ไผ่").click()
    page.wait_for_url(re.compile(rf"/admin/catalog/{own_id}$"))
    page.get_by_label("ชื่อบทเรียน").fill("ภูมิปัญญาท้องถิ่น: จักสานไม้ไผ่")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกแล้ว")
    assert klai.query("SELECT title FROM catalog_item WHERE id = ?", own_id)[0][0] == "ภูมิปัญญาท้องถิ่น: จักสานไม้ไผ่"
    # A DLIT lesson every school plays: refused with a sentence saying why, and unchanged.
    response = page.goto(f"{klai.url}/admin/catalog/{shared_id}")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("บทเรียนนี้ใช้ร่วมกันทุกโรงเรียน")
    v.shoot("admin-catalog-director-refused")
    assert page.goto(klai.url + "/admin/catalog/import").status == 403
    assert klai.query("SELECT title FROM catalog_item WHERE id = ?", shared_id)[0][0] == shared_title
    assert [e for e in v.errors if "status of 403" not in e] == [] and v.foreign == []
