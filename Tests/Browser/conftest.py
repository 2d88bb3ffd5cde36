"""Shared pieces of the player's browser tests: one harness server and one Chromium for the run,
a fresh browser context (own localStorage) per test, and console errors collected per page."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from player_harness import OUT, Harness

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def harness():
    server = Harness()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        # Debian's chromium, not Playwright's download (no `playwright install`).
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--mute-audio"])
        yield launched
        launched.close()


class Tab:
    """A page in its own context, with the console errors and failed requests it produced."""

    def __init__(self, browser, harness, viewport):
        self.context = browser.new_context(viewport=viewport, locale="th-TH")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        origin = f"http://127.0.0.1:{harness.port}"
        self.page.on("request", lambda request: self.foreign.append(request.url)
                     if not request.url.startswith((origin, "blob:", "data:")) else None)

    def wait_until(self, expression: str, timeout: float = 30.0, what: str = "") -> object:
        """Polls `expression` until it is truthy. Playwright's wait_for_function would compile it
        with eval, which the page's CSP (script-src 'self') rightly forbids; evaluate() does not."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.page.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout:.0f} s for {what or expression}")
            time.sleep(0.25)

    def state(self) -> dict:
        """The player's own account of itself (data-* on the figure) and its media element."""
        return self.page.evaluate("""(() => {
            const figure = document.querySelector('[data-player]');
            const video = figure.querySelector('video');
            return { ...figure.dataset, time: video.currentTime, paused: video.paused, muted: video.muted,
                     rate: video.playbackRate, classes: figure.className };
        })()""")

    def screenshot(self, name: str) -> Path:
        path = OUT / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def tab(browser, harness):
    opened = Tab(browser, harness, {"width": 1366, "height": 768})
    yield opened
    opened.context.close()
