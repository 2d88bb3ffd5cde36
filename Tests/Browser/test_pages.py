"""Every page, as each kind of screen shows it: a 360 px phone, a school PC and a classroom TV.

For each: a screenshot to look at, no console errors, no request to another host, Thai drawn with
Klai's own Thai font, and no serious or critical axe-core accessibility violation.
"""
import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import PUPIL, SIZES, TEACHER

ADMIN = ("admin", "klai-admin")

PAGES = [
    (None, "/sign-in", "sign-in"),
    (None, "/sign-in/pictures", "picture-classes"),
    (PUPIL, "/", "pupil-home"),
    (PUPIL, "/catalog", "catalog"),
    (PUPIL, "/catalog?grade=P4&area=%E0%B8%84", "catalog-units"),
    (PUPIL, "/catalog?q=%E0%B9%80%E0%B8%A8%E0%B8%A9", "catalog-search"),
    (PUPIL, "/today", "today"),
    (PUPIL, "/today?grade=P4&week=1", "today-week"),
    (PUPIL, "/lessons/1", "lesson"),
    (PUPIL, "/live", "live"),
    (PUPIL, "/live/DLTV4", "live-channel"),
    (PUPIL, "/account", "account"),
    (PUPIL, "/password", "password"),
    (TEACHER, "/teach", "teacher-classes"),
    (TEACHER, "/teach/classes/1", "teacher-class"),
    (TEACHER, "/teach/uploads", "teacher-uploads"),
    (TEACHER, "/lessons/1?class=1", "play-for-class"),
    (ADMIN, "/admin", "admin"),
    (ADMIN, "/admin/people", "admin-people"),
    (ADMIN, "/admin/people/new", "admin-person-new"),
    (ADMIN, "/admin/people/1", "admin-person"),
    (ADMIN, "/admin/schools", "admin-schools"),
    (ADMIN, "/admin/roster", "admin-roster"),
    (ADMIN, "/admin/content", "admin-content"),
    (ADMIN, "/admin/catalog", "admin-catalog"),
    (ADMIN, "/admin/catalog/1", "admin-catalog-item"),
    (ADMIN, "/admin/catalog/import", "admin-catalog-import"),
    (ADMIN, "/admin/jobs", "admin-jobs"),
    (ADMIN, "/admin/system", "admin-system"),
    (("nitet", "klai-nitet"), "/supervision", "supervision-schools"),
    (("nitet", "klai-nitet"), "/supervision/schools/1", "supervision-school"),
    (("nitet", "klai-nitet"), "/supervision/classes/1", "supervision-class"),
    (("director", "klai-director"), "/supervision/schools/1/readiness", "supervision-readiness"),
    (("director", "klai-director"), "/supervision/schools/1/report", "supervision-report"),
    (("director", "klai-director"), "/supervision/schools/1/self-assessment", "supervision-self-assessment"),
    (PUPIL, "/surveys/1", "survey-pupil"),
]

axe = Axe()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("who,path,name", PAGES, ids=[p[2] for p in PAGES])
def test_page_looks_right_and_is_accessible(request, visit, klai, who, path, name, size):
    if path.startswith("/live"):
        request.getfixturevalue("live_channel")  # DLTV4 relayed, so the live pages have a channel to show
    v = visit(size)
    if who:
        v.sign_in(*who)
    page = v.go(path + ("&tv=1" if "?" in path and size == "tv" else "?tv=1" if size == "tv" else ""))
    assert page.locator("html").get_attribute("lang") == "th"
    thai_font = page.evaluate("""document.fonts.ready.then(() =>
        [...document.fonts].some(f => f.family.includes('Klai Thai') && f.status === 'loaded'))""")
    assert thai_font, "Thai text is drawn with Klai's Thai font"
    v.shoot(f"{name}-{size}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the screen"
    violations = [x for x in axe.run(page).response["violations"] if x["impact"] in ("serious", "critical")]
    assert violations == [], [(x["id"], x["help"], [n["target"] for n in x["nodes"]][:3]) for x in violations]
    assert v.errors == [], v.errors
    assert v.foreign == [], v.foreign
