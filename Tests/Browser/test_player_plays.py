"""Journeys of a pupil playing a lesson: through MSE, through the browser's own HLS, audio only."""

from __future__ import annotations

from player_harness import SIGNATURE


def current_time(page) -> float:
    return page.evaluate("document.querySelector('[data-player] video').currentTime")


def test_a_pupil_plays_a_lesson_through_mse_and_it_advances_ten_seconds(tab, harness):
    page = tab.page
    page.goto(harness.url(player="mse"))
    page.get_by_role("button", name="เล่น").click()
    page.wait_for_function("document.querySelector('[data-player] video').currentTime >= 10", timeout=40_000)
    figure = page.locator("[data-player]")
    assert figure.get_attribute("data-engine-active") == "mse"
    assert page.get_by_role("button", name="หยุดชั่วคราว").is_visible()
    tab.screenshot("mse-playing")
    hls = [path for _, method, path in harness.recorder.requests if path.startswith("/hls/")]
    assert hls and all(path.endswith("?" + SIGNATURE) for path in hls), "every playlist and segment keeps the signature"
    assert tab.errors == [] and tab.foreign == []
