"""Real-Chromium journeys through Klai's pages (Playwright from PyPI, Debian's chromium).

One demo library is made per test run (`klai demo`), served by the release `klai` on a free port, and
its transcodes are awaited before the journeys start. Screenshots go to Tests/Browser/screenshots/
(git-ignored): look at them.
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
KLAI = os.environ.get("KLAI_BINARY", str(ROOT / ".build" / "release" / "klai"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "Tests" / "Browser" / "screenshots"
SIZES = {"phone": (360, 740), "pc": (1366, 768), "tv": (1920, 1080)}

PUPIL = ("1099990001-01001", "klai-pupil")
TEACHER = ("kru.somsri", "klai-kru")


class Klai:
    """A running `klai serve` on a demo library."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.process = None
        self.url = None

    def start(self):
        log = open(self.folder / "serve.log", "a")
        self.process = subprocess.Popen([KLAI, "serve", "--data", str(self.folder), "--port", str(getattr(self, "port", 0)),
                                         "--pretend-time", self.morning.isoformat()],
                                        stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT)
        for line in self.process.stdout:
            found = re.search(r"at (http://127\.0\.0\.1:(\d+))/", line)
            if found:
                self.url, self.port = found.group(1), int(found.group(2))
                self.started = datetime.now(timezone.utc)
                break
        assert self.url, "klai serve did not print its address"

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def db(self):
        return sqlite3.connect(f"file:{self.folder / 'Klai.sqlite'}?mode=ro", uri=True, timeout=10)

    def query(self, sql, *args):
        with self.db() as connection:
            return connection.execute(sql, args).fetchall()

    def wait_for_transcodes(self, seconds=600):
        deadline = time.time() + seconds
        while time.time() < deadline:
            pending = self.query("SELECT count(*) FROM transcode_job WHERE state NOT IN ('done', 'failed', 'cancelled')")[0][0]
            if pending == 0:
                return
            time.sleep(1)
        raise AssertionError("the demo's transcodes did not finish")


@pytest.fixture(scope="session")
def klai():
    assert Path(KLAI).exists(), f"build klai first ({KLAI})"
    folder = Path(tempfile.mkdtemp(prefix="klai-browser-"))
    subprocess.run([KLAI, "demo", "--data", str(folder)], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    server = Klai(folder)
    # The journeys happen on the morning the demo's DLTV4 recordings aired, at 09:35 in Bangkok (period 2),
    # whatever the hour CI runs at: Klai and the browser both pretend it is then, and time runs on.
    with sqlite3.connect(folder / "Klai.sqlite") as db:
        air_date = db.execute("SELECT air_date FROM catalog_item WHERE channel = 'DLTV4' AND period = 2").fetchone()[0]
    server.morning = datetime.fromisoformat(air_date).replace(hour=9, minute=35, tzinfo=timezone(timedelta(hours=7)))
    server.start()
    server.wait_for_transcodes()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def live_channel(klai):
    """DLTV4 relayed live by the demo's `klai serve` from a loopback UDP source (see live_source.py);
    yields the source once the relay has published its first three segments."""
    from live_source import UDPSource, free_udp_port

    source = UDPSource(free_udp_port())
    source.start()
    subprocess.run([KLAI, "live", "add", "DLTV4", source.url, "--data", str(klai.folder)], check=True,
                   stdout=subprocess.DEVNULL, cwd=ROOT)
    playlist = klai.folder / "Media" / "live" / "DLTV4" / "index.m3u8"
    deadline = time.time() + 60
    while time.time() < deadline and (not playlist.exists() or playlist.read_text().count("#EXTINF") < 3):
        time.sleep(0.5)
    assert playlist.exists() and playlist.read_text().count("#EXTINF") >= 3, "the relay published no live playlist"
    yield source
    subprocess.run([KLAI, "live", "remove", "DLTV4", "--data", str(klai.folder)], stdout=subprocess.DEVNULL, cwd=ROOT)
    source.close()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
        yield chromium
        chromium.close()


class Visit:
    """One browser context: watches the console and every request, and takes screenshots."""

    def __init__(self, browser, klai, size="pc", **options):
        width, height = SIZES[size]
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale="th-TH",
                                           timezone_id="Asia/Bangkok", accept_downloads=True, **options)
        # The browser's clock agrees with the server's pretended morning (events carry the device's time).
        self.context.clock.install(time=klai.morning + (datetime.now(timezone.utc) - klai.started))
        self.page = self.context.new_page()
        self.klai = klai
        self.errors = []
        self.foreign = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: (not r.url.startswith(klai.url) and not r.url.startswith("blob:")
                                           and not r.url.startswith("data:") and self.foreign.append(r.url)))

    def go(self, path):
        self.page.goto(self.klai.url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def sign_in(self, username, password):
        page = self.go("/sign-in")
        page.get_by_label("ชื่อผู้ใช้").fill(username)
        page.get_by_label("รหัสผ่าน").fill(password)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_url(re.compile(r"^(?!.*/sign-in).*$"))
        return page

    def shoot(self, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, klai):
    opened = []

    def make(size="pc", **options):
        v = Visit(browser, klai, size, **options)
        opened.append(v)
        return v

    yield make
    for v in opened:
        v.close()
