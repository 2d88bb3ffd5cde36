"""Journeys of a pupil playing a lesson: through MSE, through the browser's own HLS, audio only,
and on a thin network."""

from __future__ import annotations

import re

from player_fixtures import harness, chromium, tab  # noqa: F401 (pytest fixtures, used by name)
from player_browser import wait_for_kinds
from player_harness import SIGNATURE

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
PLAYED_TEN_SECONDS = "document.querySelector('[data-player] video').currentTime >= 10"


def test_a_pupil_plays_a_lesson_through_mse_and_it_advances_ten_seconds(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", item="801"))
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until(PLAYED_TEN_SECONDS, 40, "ten seconds played")
    assert tab.state()["engineActive"] == "mse"
    assert page.get_by_role("button", name="หยุดชั่วคราว").is_visible()
    tab.screenshot("mse-playing")
    # Started low, then a fast network lifted it to the top rung.
    tab.wait_until("document.querySelector('[data-player]').dataset.rendition === '360p'", 20, "the 360p rung")
    requested = [path for _, _, path in harness.recorder.requests if path.startswith("/hls/video/")]
    assert any("/234p/s00000.m4s" in path for path in requested), "the first segment comes from the lowest rung"
    assert all(path.endswith("?" + SIGNATURE) for path in requested), "every playlist and segment keeps the signature"
    tab.wait_until("document.querySelector('[data-player] video').currentTime >= 12", 20)
    page.get_by_role("button", name="หยุดชั่วคราว").click()
    events = wait_for_kinds(harness, 801, {"started", "progress", "paused"})
    started = next(event for event in events if event["kind"] == "started")
    assert UUID4.match(started["event_id"]) and UUID4.match(started["session_id"])
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", started["device_time"])
    assert started["rendition"] in ("234p", "360p") and started["stalls"] == 0 and "class_id" not in started
    paused = next(event for event in events if event["kind"] == "paused")
    assert paused["position"] >= 10
    assert tab.errors == [] and tab.foreign == []


def test_forcing_the_native_path_plays_natively_or_falls_back_to_mse(tab, harness):
    page = tab.page
    page.goto(harness.url(player="native", item="802"))
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until(PLAYED_TEN_SECONDS, 40, "ten seconds played")
    state = tab.state()
    if state["engineActive"] == "native":
        print("this Chromium plays HLS by itself")
    else:
        # Debian's Chromium has no HLS player of its own (media error 4): the lesson must still play.
        assert state["engineActive"] == "mse"
        assert state["fallback"].startswith("native→mse")
    assert not [text for text in tab.errors if "Failed to load resource" not in text]


def test_an_audio_only_lesson_plays(tab, harness):
    page = tab.page
    page.goto(harness.url(tree="audio", item="803"))
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until("document.querySelector('[data-player] video').currentTime >= 5", 30, "five seconds of sound")
    state = tab.state()
    assert "audio-only" in state["classes"]
    # Klai gives a radio lesson a stereo and a mono rendition: the menu offers them by rate.
    options = page.get_by_role("combobox", name="ความคมชัด").locator("option").all_inner_texts()
    assert options[0].startswith("อัตโนมัติ") and [text.endswith(" kb/s") for text in options[1:]] == [True, True]
    assert state["rendition"] in ("audio", "audio-low")
    tab.screenshot("audio-only")
    assert tab.errors == []


def test_at_400_kbps_the_player_settles_on_a_rung_that_plays_without_stalling(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", item="804"))
    before = len(harness.recorder.requests)
    cdp = tab.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 40, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8,
    })
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until("document.querySelector('[data-player] video').currentTime >= 1", 30, "start-up")
    tab.wait_until("document.querySelector('[data-player] video').ended", 60, "the end of the lesson")
    state = tab.state()
    assert state["stalls"] == "0", "no stall after start-up"
    assert state["rendition"] == "234p"
    estimate = int(state["estimate"])
    assert 200_000 <= estimate <= 440_000, f"estimated {estimate} b/s on a 400 kb/s link"
    segments = [path for _, _, path in harness.recorder.requests[before:] if path.endswith(".m4s?" + SIGNATURE)]
    assert not [path for path in segments if "/360p/" in path], "the 619 kb/s rung is never tried at 400 kb/s"
    print(f"400 kb/s: estimate {estimate} b/s, {len(segments)} segments, stalls {state['stalls']}")


def test_at_200_kbps_the_lowest_rung_plays_without_a_stall_after_start_up(tab, harness):
    """Issue 14's thinnest link: the lowest video variant (with the mono audio-low rendition) fits 200 kb/s."""
    master = (harness.trees["video"] / "master.m3u8").read_text()
    lowest = min(int(line.split("BANDWIDTH=")[1].split(",")[0]) for line in master.splitlines()
                 if line.startswith("#EXT-X-STREAM-INF") and "RESOLUTION" in line)
    assert lowest <= 200_000, f"the lowest video variant declares {lowest} b/s"
    page = tab.page
    page.goto(harness.url(player="mse", item="805"))
    before = len(harness.recorder.requests)
    cdp = tab.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 40, "downloadThroughput": 200_000 / 8, "uploadThroughput": 200_000 / 8,
    })
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until("document.querySelector('[data-player] video').currentTime >= 1", 60, "start-up")
    started = tab.state()["stalls"]
    tab.wait_until("document.querySelector('[data-player] video').ended", 90, "the end of the lesson")
    state = tab.state()
    assert state["stalls"] == started == "0", f"stalls after start-up: {state['stalls']}"
    assert state["rendition"] == "234p"
    segments = [path for _, _, path in harness.recorder.requests[before:] if path.endswith(".m4s?" + SIGNATURE)]
    assert not [path for path in segments if "/360p/" in path or "/audio/" in path], segments
    print(f"200 kb/s: lowest variant {lowest} b/s, estimate {state['estimate']} b/s, {len(segments)} segments, "
          f"stalls {state['stalls']}")


def test_segments_the_server_fails_to_send_are_fetched_again_and_the_lesson_plays(tab, harness):
    harness.recorder.failing_segments = 3
    page = tab.page
    page.goto(harness.url(player="mse", item="805"))
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until("document.querySelector('[data-player] video').currentTime >= 8", 60, "eight seconds played")
    assert harness.recorder.failing_segments == 0, "the three failures were met"
    assert tab.state()["engineActive"] == "mse" and "fallback" not in tab.state()
    assert page.locator(".player-status").inner_text() == "", "the retry notice goes once loading works again"
    assert [text for text in tab.errors if "503" not in text] == []
