"""The player on Klai's own lesson page, served by a real `klai serve`: a pupil plays, her progress
is stored, she is offered to continue; events made while Klai is stopped arrive once after it
restarts; a thin network settles on a rung that plays without stalling."""

from __future__ import annotations

import re
import time

from player_fixtures import klai_library, chromium  # noqa: F401 (pytest fixtures, used by name)
from player_browser import Tab

QUEUED = "JSON.parse(localStorage.getItem('klai.player.events') || '[]').length"
VIDEO = "document.querySelector('figure.player video')"


def signed_in_tab(chromium, klai_library, viewport=None) -> Tab:
    tab = Tab(chromium, klai_library, viewport or {"width": 1366, "height": 768})
    klai_library.sign_in(tab.context)
    return tab


def start_from_the_beginning(page) -> None:
    """Plays from 0:00, answering the resume offer an earlier journey's progress brings."""
    start_over = page.get_by_role("button", name="เริ่มใหม่")
    if start_over.count() > 0:
        start_over.click()
    else:
        page.get_by_role("button", name="เล่น").click()


def coverage(klai_library) -> float:
    rows = klai_library.query("""SELECT p.coverage FROM learning_progress p JOIN learning_user u ON u.id = p.user_id
                                 WHERE u.username = '1099990001-01001' AND p.item_id = ?""", klai_library.lesson)
    return rows[0][0] if rows else 0.0


def test_on_klais_lesson_page_a_pupil_plays_her_coverage_rises_and_she_may_continue_later(chromium, klai_library):
    tab = signed_in_tab(chromium, klai_library)
    try:
        page = tab.page
        page.goto(f"{klai_library.url}/lessons/{klai_library.lesson}")
        before = coverage(klai_library)
        start_from_the_beginning(page)
        tab.wait_until(f"{VIDEO}.currentTime >= 10", 60, "ten seconds played")
        assert tab.state()["engineActive"] == "mse"
        page.get_by_role("button", name="หยุดชั่วคราว").click()
        tab.screenshot("klai-lesson-paused")
        deadline = time.monotonic() + 20
        while coverage(klai_library) <= before and time.monotonic() < deadline:
            time.sleep(0.25)
        assert coverage(klai_library) >= before + 8 / 24, "ten seconds of a 24 s lesson are stored as covered"
        page.reload()
        resume = page.get_by_role("button", name=re.compile(r"^ดูต่อจาก 0:1\d$"))
        assert resume.is_visible() and page.get_by_role("button", name="เริ่มใหม่").is_visible()
        resume.click()
        tab.wait_until(f"{VIDEO}.currentTime >= 12", 30)
        assert tab.errors == [] and tab.foreign == []
    finally:
        tab.context.close()


def test_on_klai_events_made_while_klai_is_stopped_arrive_once_after_it_restarts(chromium, klai_library):
    tab = signed_in_tab(chromium, klai_library)
    try:
        page = tab.page
        page.goto(f"{klai_library.url}/lessons/{klai_library.lesson}")
        session = page.locator("figure.player").get_attribute("data-session")
        start_from_the_beginning(page)
        tab.wait_until(f"{VIDEO}.currentTime >= 3", 60)
        # Paused first: stopping Klai can take seconds (requests finish, a transcode stops) and the
        # 24 s lesson would end meanwhile.
        page.get_by_role("button", name="หยุดชั่วคราว").click()
        klai_library.stop()
        try:
            page.locator("figure.player").focus()
            page.keyboard.press("ArrowLeft")            # back to the start: buffered, so it plays offline
            page.get_by_role("button", name="เล่น").click()
            tab.wait_until(f"!{VIDEO}.paused && {VIDEO}.currentTime >= 1", 10, "playing again from the buffer")
            page.get_by_role("button", name="หยุดชั่วคราว").click()
            tab.wait_until(f"{QUEUED} >= 3", 10, "seeked, started and paused queued while Klai is stopped")
            queued = page.evaluate("JSON.parse(localStorage.getItem('klai.player.events')).map(e => e.event_id)")
        finally:
            klai_library.start()
        tab.wait_until(f"{QUEUED} === 0", 60, "the queue to drain after Klai restarted")
        stored = klai_library.query("SELECT lower(hex(event_id)) FROM learning_event WHERE lower(hex(session_id)) = ?",
                                    session.replace("-", ""))
        stored_ids = [row[0] for row in stored]
        assert len(stored_ids) == len(set(stored_ids))
        assert {event_id.replace("-", "") for event_id in queued} <= set(stored_ids), "every queued event is stored"
    finally:
        tab.context.close()


def test_on_klai_at_400_kbps_the_player_settles_on_a_rung_that_plays_without_stalling(chromium, klai_library):
    tab = signed_in_tab(chromium, klai_library)
    try:
        page = tab.page
        page.goto(f"{klai_library.url}/lessons/{klai_library.lesson}")
        cdp = tab.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": 40, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8})
        start_from_the_beginning(page)
        tab.wait_until(f"{VIDEO}.currentTime >= 1", 40, "start-up")
        tab.wait_until(f"{VIDEO}.ended", 60, "the end of the lesson")
        state = tab.state()
        assert state["stalls"] == "0" and state["rendition"] == "234p", state
        print(f"Klai at 400 kb/s: estimate {state['estimate']} b/s, rendition {state['rendition']}")
    finally:
        tab.context.close()


def test_on_klai_forcing_the_native_path_still_plays(chromium, klai_library):
    tab = signed_in_tab(chromium, klai_library)
    try:
        page = tab.page
        page.goto(f"{klai_library.url}/lessons/{klai_library.lesson}?player=native")
        start_from_the_beginning(page)
        tab.wait_until(f"{VIDEO}.currentTime >= 10", 60, "ten seconds played")
        state = tab.state()
        assert state["engineActive"] == "native" or state["fallback"].startswith("native→mse"), state
    finally:
        tab.context.close()
