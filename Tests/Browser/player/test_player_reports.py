"""What the server hears about playback: events survive an outage and arrive once, a busy
server's Retry-After is honoured, and time with the tab hidden is not counted."""

from __future__ import annotations

import json
import time

from player_fixtures import harness, chromium, tab  # noqa: F401 (pytest fixtures, used by name)
from player_browser import wait_for_kinds

QUEUED = "JSON.parse(localStorage.getItem('klai.player.events') || '[]').length"


def test_events_made_while_the_server_is_down_arrive_exactly_once_when_it_returns(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", item="811"))
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until("document.querySelector('[data-player] video').currentTime >= 3", 30)
    wait_for_kinds(harness, 811, {"started"})
    harness.stop()
    try:
        page.get_by_role("button", name="หยุดชั่วคราว").click()
        page.locator("[data-player]").focus()
        page.keyboard.press("ArrowRight")            # seeked, while paused
        page.get_by_role("button", name="เล่น").click()
        time.sleep(2)
        page.get_by_role("button", name="หยุดชั่วคราว").click()
        tab.wait_until(f"{QUEUED} >= 4", 10, "four events queued while the server is down")
        time.sleep(2)
    finally:
        harness.start()
    tab.wait_until(f"{QUEUED} === 0", 60, "the queue to drain after the server returned")
    events = harness.events(811)
    ids = [event["event_id"] for event in events]
    assert len(ids) == len(set(ids)), "no event was delivered twice"
    kinds = [event["kind"] for event in events]
    assert kinds.count("started") == 2 and kinds.count("paused") == 2 and "seeked" in kinds, kinds
    seeked = next(event for event in events if event["kind"] == "seeked")
    assert seeked["position"] - seeked["from"] >= 9, "the seek reports where it jumped from"


def test_events_left_in_storage_are_delivered_by_the_next_page(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", item="812"))
    page.get_by_role("button", name="เล่น").click()
    wait_for_kinds(harness, 812, {"started"})
    harness.stop()
    try:
        page.get_by_role("button", name="หยุดชั่วคราว").click()
        tab.wait_until(f"{QUEUED} >= 1", 10)
        # The pupil closes the tab while the server is still down.
        stored = page.evaluate("localStorage.getItem('klai.player.events')")
        page.close()
        # Closing sends what is queued once more with `keepalive`; let that try meet the stopped server (a
        # server that came back at that instant would get the event from both pages: Klai keeps it once).
        time.sleep(1)
    finally:
        harness.start()
    second = tab.context.new_page()
    second.goto(harness.url(player="mse", item="999"))
    deadline = time.monotonic() + 20
    while second.evaluate(QUEUED) > 0 and time.monotonic() < deadline:
        time.sleep(0.25)
    assert second.evaluate(QUEUED) == 0
    left = [event["event_id"] for event in json.loads(stored)]
    delivered = [event["event_id"] for event in harness.events(812)]
    assert left and all(delivered.count(event_id) == 1 for event_id in left), "each left event arrives once"


def test_a_busy_server_is_asked_again_only_after_its_retry_after(tab, harness):
    harness.recorder.events_status.append((503, {"Retry-After": "3"}))
    page = tab.page
    page.goto(harness.url(player="mse", item="813"))
    page.get_by_role("button", name="เล่น").click()
    events = wait_for_kinds(harness, 813, {"started"}, timeout=20)
    posts = [at for at, method, path in harness.recorder.requests if method == "POST"]
    refused, accepted = posts[-2], posts[-1]
    assert accepted - refused >= 2.9, f"asked again after {accepted - refused:.1f} s, Retry-After was 3"
    assert [event["kind"] for event in events].count("started") == 1


def test_time_with_the_tab_hidden_is_not_reported_as_played(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", item="814"))
    page.evaluate("""(() => {
        window.klaiHidden = false;
        Object.defineProperty(document, 'visibilityState', {
            configurable: true, get: () => (window.klaiHidden ? 'hidden' : 'visible') });
    })()""")
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until("document.querySelector('[data-player] video').currentTime >= 2", 30)
    page.evaluate("window.klaiHidden = true; document.dispatchEvent(new Event('visibilitychange'))")
    hidden_at = page.evaluate("document.querySelector('[data-player] video').currentTime")
    time.sleep(3)
    page.evaluate("window.klaiHidden = false; document.dispatchEvent(new Event('visibilitychange'))")
    shown_at = page.evaluate("document.querySelector('[data-player] video').currentTime")
    events = wait_for_kinds(harness, 814, {"started", "paused"})
    deadline = time.monotonic() + 10
    while [event["kind"] for event in events].count("started") < 2 and time.monotonic() < deadline:
        time.sleep(0.25)
        events = harness.events(814)
    kinds = [event["kind"] for event in events]
    assert kinds[:3] == ["started", "paused", "started"], kinds
    paused, resumed = events[1], events[2]
    assert abs(paused["position"] - hidden_at) < 0.5 and resumed["position"] >= shown_at - 0.5
    assert resumed["position"] - paused["position"] >= 2.5, "the video went on while hidden; those seconds are not claimed"


def test_events_refused_for_a_signed_out_pupil_stay_queued_until_they_can_be_delivered(tab, harness):
    harness.recorder.events_status.append((401, {}))
    page = tab.page
    page.goto(harness.url(player="mse", item="815"))
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until("document.querySelector('[data-player] video').currentTime >= 1", 30)
    # The first send was answered 401: nothing stored, nothing forgotten.
    deadline = time.monotonic() + 10
    while harness.recorder.events_status and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not harness.recorder.events_status, "the player sent its first batch"
    time.sleep(0.5)
    assert tab.page.evaluate(QUEUED) >= 1
    assert harness.events(815) == []
    # Back online (or signed in again): the `online` event sends the queue at once.
    page.evaluate("window.dispatchEvent(new Event('online'))")
    tab.wait_until(f"{QUEUED} === 0", 15, "the kept events to go out")
    kinds = [event["kind"] for event in harness.events(815)]
    assert kinds.count("started") == 1, kinds
