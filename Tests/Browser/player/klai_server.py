"""A real `klai serve` on a demo library, for the player's journeys on Klai's own lesson page."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from pathlib import Path

from player_harness import REPOSITORY, klai_binary


class KlaiServer:
    """`klai serve` on a demo library in `folder`; `stop()` then `start()` again keeps the port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.binary = str(klai_binary())
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.url = ""
        subprocess.run([self.binary, "demo", "--data", str(folder), "--catalog", str(REPOSITORY / "Catalog"),
                        "--clips", "1"], check=True, capture_output=True)

    def start(self) -> None:
        log = open(self.folder / "serve.log", "a")
        self.process = subprocess.Popen([self.binary, "serve", "--data", str(self.folder), "--port", str(self.port),
                                         "--catalog", str(REPOSITORY / "Catalog")],
                                        stdout=subprocess.PIPE, stderr=log, text=True)
        assert self.process.stdout is not None
        for line in self.process.stdout:
            found = re.search(r"at (http://127\.0\.0\.1:(\d+))/", line)
            if found:
                self.url, self.port = found.group(1), int(found.group(2))
                return
        raise AssertionError("klai serve did not print its address (see serve.log)")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def query(self, sql: str, *args) -> list[tuple]:
        with sqlite3.connect(f"file:{self.folder / 'Klai.sqlite'}?mode=ro", uri=True, timeout=10) as db:
            return db.execute(sql, args).fetchall()

    def ready_lesson(self, timeout: float = 600) -> int:
        """The id of the demo's DLIT lesson once its transcode has finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.query("""SELECT i.id FROM catalog_item i JOIN media_asset a ON a.id = i.asset_id
                                 WHERE a.status = 'ready' AND i.kind = 'dlit_lesson' ORDER BY i.id LIMIT 1""")
            if rows:
                return rows[0][0]
            time.sleep(1)
        raise AssertionError("the demo lesson's transcode did not finish")

    def sign_in(self, context, username: str = "1099990001-01001", password: str = "klai-pupil") -> None:
        """Signs a browser context in: through the JSON API the first time (the session cookie lands in
        the context), then with the same cookie. A sign-in costs 210,000 PBKDF2 rounds, which a debug
        build on a busy 2-core box can take many seconds over."""
        cookies = getattr(self, "cookies", {}).get(username)
        if cookies:
            context.add_cookies(cookies)
            return
        response = context.request.post(f"{self.url}/api/sign-in", data={"username": username, "password": password},
                                        timeout=120_000)
        assert response.ok, response.text()
        self.cookies = {**getattr(self, "cookies", {}), username: context.cookies()}
