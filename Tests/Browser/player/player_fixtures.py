"""Fixtures of the player's browser tests: the harness server, Chromium, a fresh browser context
(own localStorage) per test, and a real `klai serve` on a demo library.

Test modules import them by name. They are not in a conftest.py because the page journeys one folder
up have their own conftest.py and import names from it (`from conftest import …`): two conftest
modules would take turns being `conftest`."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from player_browser import Tab
from klai_server import KlaiServer
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


@pytest.fixture(scope="session")
def klai_library():
    """A demo library served by the real klai, for the journeys on Klai's lesson page."""
    folder = Path(tempfile.mkdtemp(prefix="klai-player-"))
    server = KlaiServer(folder)
    server.start()
    server.lesson = server.ready_lesson()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)
