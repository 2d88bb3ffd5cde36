"""Helpers of the player's browser tests: a tab that collects console errors and foreign requests
and polls the page without eval (the pages' CSP forbids it), and waiting for events to arrive."""

from __future__ import annotations

import time
from pathlib import Path

from player_harness import REPOSITORY

# Beside the page journeys' screenshots (git-ignored): look at them.
SCREENSHOTS = REPOSITORY / "Tests" / "Browser" / "screenshots"


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
        path = SCREENSHOTS / f"player-{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))
        return path


def wait_for_kinds(harness, item: int, kinds: set[str], timeout: float = 30) -> list[dict]:
    """The events of `item` the server received, once every kind in `kinds` has arrived."""
    deadline = time.monotonic() + timeout
    while True:
        events = harness.events(item)
        if kinds <= {event["kind"] for event in events}:
            return events
        assert time.monotonic() < deadline, f"events of item {item}: {[e['kind'] for e in events]}, wanted {kinds}"
        time.sleep(0.25)
