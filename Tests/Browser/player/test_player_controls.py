"""The player's controls as a person meets them: the quality menu remembers a choice, the resume
prompt, keyboard-only use, English labels, and sizes from a phone to a classroom TV."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from player_fixtures import harness, chromium, tab  # noqa: F401 (pytest fixtures, used by name)
from player_browser import Tab, wait_for_kinds

VIDEO = "document.querySelector('[data-player] video')"


def test_a_chosen_quality_is_remembered_on_the_next_visit(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", item="821"))
    page.get_by_role("button", name="เล่น").click()
    quality = page.get_by_role("combobox", name="ความคมชัด")
    tab.wait_until(f"{VIDEO}.currentTime >= 1", 30)
    assert quality.is_visible()
    options = quality.locator("option").all_inner_texts()
    assert options[0].startswith("อัตโนมัติ") and options[1:] == ["360p", "234p"]
    quality.select_option(label="234p")
    tab.wait_until(f"{VIDEO}.currentTime >= 13", 30)
    assert tab.state()["rendition"] == "234p"
    before = len(harness.recorder.requests)
    page.reload()
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until(f"{VIDEO}.currentTime >= 2", 30)
    assert page.get_by_role("combobox", name="ความคมชัด").input_value() == "234p"
    assert tab.state()["rendition"] == "234p"
    after = [path for _, _, path in harness.recorder.requests[before:] if "/hls/video/" in path]
    assert not [path for path in after if "/360p/" in path], "a remembered 234p loads nothing of 360p"
    assert tab.errors == []


def test_a_pupil_is_offered_to_continue_where_she_stopped(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", item="822", resume="12.5"))
    resume = page.get_by_role("button", name="ดูต่อจาก 0:12")
    assert resume.is_visible() and page.get_by_role("button", name="เริ่มใหม่").is_visible()
    tab.screenshot("resume-prompt")
    resume.click()
    tab.wait_until(f"{VIDEO}.currentTime >= 13", 30)
    started = next(event for event in wait_for_kinds(harness, 822, {"started"}) if event["kind"] == "started")
    assert 12 <= started["position"] < 14
    assert not page.get_by_role("button", name="เริ่มใหม่").is_visible(), "the prompt goes once answered"


def test_starting_over_plays_from_the_beginning(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", item="823", resume="12.5"))
    page.get_by_role("button", name="เริ่มใหม่").click()
    tab.wait_until(f"{VIDEO}.currentTime >= 1", 30)
    started = next(event for event in wait_for_kinds(harness, 823, {"started"}) if event["kind"] == "started")
    assert started["position"] < 1


def test_the_keyboard_alone_plays_seeks_mutes_and_changes_speed(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", item="824"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[data-player]')"), "the player is the first stop"
    page.keyboard.press("k")
    tab.wait_until(f"{VIDEO}.currentTime >= 1", 30, "k to play")
    page.keyboard.press("ArrowRight")
    tab.wait_until(f"{VIDEO}.currentTime >= 11", 5, "→ to jump 10 s")
    page.keyboard.press("m")
    assert tab.state()["muted"]
    assert page.get_by_role("button", name="เปิดเสียง").is_visible()
    page.keyboard.press(" ")
    tab.wait_until(f"{VIDEO}.paused", 5, "space to pause")
    # The button follows the media element's pause event, a task after `paused` turns true: wait for what is seen.
    expect(page.get_by_role("button", name="เล่น")).to_be_visible(timeout=5000)
    # Tab through the controls: each has a name a screen reader reads out.
    names = []
    for _ in range(7):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert names == ["เล่น", "ตำแหน่ง", "เปิดเสียง", "ความเร็ว", "ความคมชัด", "เต็มจอ", None], tab.state()
    page.get_by_role("combobox", name="ความเร็ว").select_option(label="1.5×")
    assert tab.state()["rate"] == 1.5


def test_an_english_page_gets_english_labels(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse", lang="en", resume="75"))
    assert page.get_by_role("button", name="Continue from 1:15").is_visible()
    assert page.get_by_role("button", name="Start over").is_visible()
    assert page.get_by_role("button", name="Play").is_visible()
    assert page.get_by_role("slider", name="Position").is_visible()


@pytest.mark.parametrize("width,height,tv", [(360, 740, ""), (1366, 768, ""), (1920, 1080, "1")])
def test_the_player_fits_a_phone_a_school_pc_and_a_classroom_tv(chromium, harness, width, height, tv):
    opened = Tab(chromium, harness, {"width": width, "height": height})
    try:
        page = opened.page
        page.goto(harness.url(player="mse", tv=tv, resume="12"))
        play = page.get_by_role("button", name="เล่น")
        box = play.bounding_box()
        assert box and box["height"] >= (72 if tv else 44), "controls big enough to hit (from 3 m in TV mode)"
        assert box["y"] + box["height"] <= height, "the controls are on screen without scrolling"
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, "nothing sticks out sideways"
        opened.screenshot(f"{width}x{height}{'-tv' if tv else ''}")
        assert opened.errors == []
    finally:
        opened.context.close()


def test_a_first_visit_loads_the_controls_only_and_the_engine_comes_with_the_first_play(tab, harness):
    page = tab.page
    scripts: list[tuple[str, int]] = []
    page.on("response", lambda response: scripts.append((response.url, len(response.body())))
            if response.url.endswith(".js") else None)
    page.goto(harness.url(player="mse", item="825"))
    page.wait_for_load_state("networkidle")
    first = dict(scripts)
    assert first and not [url for url in first if "mse-" in url or "abr.js" in url], "no engine before play"
    assert sum(first.values()) < 45_000, f"{sum(first.values())} bytes of script on a first visit"
    page.get_by_role("button", name="เล่น").click()
    tab.wait_until("document.querySelector('[data-player] video').currentTime >= 1", 30)
    assert any(url.endswith("/mse-engine.js") for url, _ in scripts)
    print(f"first visit: {sum(first.values())} bytes of script; with the engine: {sum(dict(scripts).values())}")
