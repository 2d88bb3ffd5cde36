"""Watching DLTV live in a real Chromium: the demo's `klai serve` relays DLTV4 from a loopback UDP source
(conftest's `live_channel`), a pupil opens /live/DLTV4, and the picture keeps going through a lost signal.
"""
import time

from conftest import PUPIL


def media(page, expression):
    return page.evaluate(f"(() => {{ const v = document.querySelector('figure[data-player] video'); return {expression}; }})()")


def wait_for(page, expression, seconds, message):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if media(page, expression):
            return
        time.sleep(0.5)
    raise AssertionError(f"{message} (currentTime {media(page, 'v.currentTime')}, "
                         f"buffered to {media(page, 'v.buffered.length ? v.buffered.end(v.buffered.length - 1) : 0')})")


def test_live_playback_continues_past_a_lost_signal_and_is_reported_as_live(visit, klai, live_channel):
    v = visit("pc")
    v.sign_in(*PUPIL)
    page = v.go("/live/DLTV4")
    assert "ดูสด DLTV4" in page.locator("h1").inner_text()
    item = page.locator("figure[data-player]").get_attribute("data-item")
    assert item, "the period on air (period 2 at 09:35) has its catalog item"
    page.get_by_role("button", name="เล่น").click()
    wait_for(page, "v.currentTime >= 10", 60, "live playback did not advance 10 s")
    assert page.locator(".player-live").is_visible(), "the controls say สด instead of a position bar"
    assert not page.locator(".player-seek").is_visible()
    v.shoot("live-playing")

    # The satellite signal is lost: the relay notices the silence and reconnects; the player plays what it has.
    folder = klai.folder / "Media" / "live" / "DLTV4"
    live_channel.stop()
    deadline = time.time() + 40
    while time.time() < deadline and '"state":"live"' in (folder / "status.json").read_text().replace(" ", ""):
        time.sleep(0.5)
    assert '"state":"live"' not in (folder / "status.json").read_text().replace(" ", ""), "the relay noticed the gap"
    before_gap = media(page, "v.buffered.end(v.buffered.length - 1)")
    live_channel.start()
    deadline = time.time() + 60
    while time.time() < deadline and "#EXT-X-DISCONTINUITY\n" not in (folder / "index.m3u8").read_text():
        time.sleep(0.5)
    assert "#EXT-X-DISCONTINUITY\n" in (folder / "index.m3u8").read_text(), "the relay marked the gap"
    # Only media from after the gap can take playback 8 s beyond what was buffered before it.
    wait_for(page, f"v.currentTime >= {before_gap + 8}", 90, "playback did not continue past the discontinuity")
    assert media(page, "!v.paused && !v.ended")
    v.shoot("live-after-gap")
    page.get_by_role("button", name="หยุดชั่วคราว").click()

    # Every event of this viewing is stored as live, against the period on air, at positions in its broadcast
    # (09:35 is 300 s into period 2).
    deadline = time.time() + 30
    rows = []
    while time.time() < deadline:
        rows = klai.query("SELECT live, position, kind FROM learning_event WHERE item_id = ? AND live = 1", int(item))
        if any(kind == 2 for _, _, kind in rows):  # the pause has arrived
            break
        time.sleep(1)
    assert rows, "no live events were stored"
    assert all(live == 1 and position >= 300 for live, position, _ in rows), rows
    assert max(position for _, position, _ in rows) - min(position for _, position, _ in rows) >= 18
    assert v.errors == [], v.errors
    assert v.foreign == [], v.foreign
