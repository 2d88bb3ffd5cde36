"""Shared pieces of the player's browser tests: one harness server and one Chromium for the run,
a fresh browser context (own localStorage) per test, and console errors collected per page."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import sync_playwright

from player_browser import Tab
from player_harness import Harness

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


@pytest.fixture
def tab(browser, harness):
    opened = Tab(browser, harness, {"width": 1366, "height": 768})
    yield opened
    opened.context.close()
