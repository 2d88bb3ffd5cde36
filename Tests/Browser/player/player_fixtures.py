"""Fixtures of the player's browser tests: the harness server, Chromium, a fresh browser context
(own localStorage) per test, and a real `klai serve` on a demo library.

Test modules import them by name. They are not in a conftest.py because the page journeys one folder
up have their own conftest.py and import names from it (`from conftest import …`): two conftest
modules would take turns being `conftest`."""

from __future__ import annotations

import atexit
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


_own: dict[str, object] = {}


def _own_chromium():
    """One Playwright and one Chromium for this process: the sync API allows only one at a time."""
    if "browser" not in _own:
        playwright = sync_playwright().start()
        # Debian's chromium, not Playwright's download (no `playwright install`).
        _own["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=["--mute-audio", "--no-sandbox"])

        def close() -> None:
            try:
                _own["browser"].close()
                playwright.stop()
            except Exception:  # noqa: BLE001 - the process is ending anyway
                pass
        atexit.register(close)
    return _own["browser"]


@pytest.fixture(scope="session")
def chromium(request):
    """The page journeys' Chromium when their conftest.py is loaded (a second Playwright could not run
    beside it), otherwise one of our own."""
    try:
        return request.getfixturevalue("browser")
    except pytest.FixtureLookupError:
        return _own_chromium()


@pytest.fixture
def tab(chromium, harness):
    opened = Tab(chromium, harness, {"width": 1366, "height": 768})
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
