"""A stand-in for Klai's lesson page while KlaiWeb is being built: serves a page with the player's
markup contract (docs/PLAYER.md), the player's assets from Sources/KlaiWeb/Assets, HLS trees made
by `klai transcode`, and a recording POST /api/events that answers like Klai's.

Run it by hand to try the player in a browser:  python3 Tests/Browser/player_harness.py
"""

from __future__ import annotations

import html
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

REPOSITORY = Path(__file__).resolve().parents[3]
ASSETS = REPOSITORY / "Sources" / "KlaiWeb" / "Assets"
OUT = Path(__file__).resolve().parent / "out"
# The signed-URL query a lesson page hands out; every HLS request without it is refused, as Klai's is.
SIGNATURE = "exp=4102444800&sig=harness"
CSRF = "harness-csrf-token"
# The lesson page's stylesheet stands in for the lead's: Debian's Thai fonts (fonts-noto-core) and colours.
HARNESS_CSS = """body { font-family: "Noto Sans Thai", "Noto Sans", "Loma", sans-serif; line-height: 1.6;
  margin: 0 auto; max-width: 960px; padding: 0.5rem; --fg: #0b0c0c; --bg: #fff; --accent: #1d70b8; --focus: #ffdd00; }
body.tv { max-width: none; font-size: 1.5rem; }
"""
CONTENT_TYPES = {".m3u8": "application/vnd.apple.mpegurl", ".m4s": "video/iso.segment", ".mp4": "video/mp4",
                 ".js": "text/javascript", ".css": "text/css", ".jpg": "image/jpeg"}


def klai_binary() -> Path:
    """The klai program: $KLAI_BIN (or $KLAI_BINARY, as the page journeys name it), else this checkout's
    release build, else its debug build (built when missing)."""
    named = os.environ.get("KLAI_BIN") or os.environ.get("KLAI_BINARY")
    if named:
        return Path(named)
    for flavour in ("release", "debug"):
        binary = REPOSITORY / ".build" / flavour / "klai"
        if binary.exists():
            return binary
    subprocess.run(["swift", "build", "--product", "klai"], cwd=REPOSITORY, check=True)
    return REPOSITORY / ".build" / "debug" / "klai"


def audio_only_tree(video_tree: Path, destination: Path) -> None:
    """An audio-only lesson (a radio programme) as `klai transcode` lays one out: two variants with
    CODECS "mp4a.40.2" and no groups, stereo first and mono last. Made from the video tree's own AAC
    renditions, because this build of `klai transcode` refuses WAV input ("could not resample the audio")."""
    shutil.rmtree(destination, ignore_errors=True)
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for folder in ("audio", "audio-low"):
        if not (video_tree / folder).exists():
            continue
        shutil.copytree(video_tree / folder, destination / folder)
        playlist = (destination / folder / "index.m3u8").read_text().splitlines()
        durations = [float(line.split(":")[1].rstrip(",")) for line in playlist if line.startswith("#EXTINF:")]
        sizes = [(destination / folder / line).stat().st_size for line in playlist if line.endswith(".m4s")]
        average = int(sum(sizes) * 8 / sum(durations))
        peak = int(max(size * 8 / max(duration, 6.0) for size, duration in zip(sizes, durations)))
        lines += [f'#EXT-X-STREAM-INF:BANDWIDTH={max(peak, average)},AVERAGE-BANDWIDTH={average},CODECS="mp4a.40.2"',
                  f"{folder}/index.m3u8"]
    (destination / "master.m3u8").write_text("\n".join(lines) + "\n")


def build_fixtures() -> dict[str, Path]:
    """HLS trees for the tests, made once and kept in Tests/Browser/out/hls (git-ignored):
    `video` from the synthetic lesson clip `klai demo` makes (24 s, 640×360, a 234p and a 360p rung,
    the shared audio rendition), `audio` an audio-only lesson (see audio_only_tree)."""
    hls = OUT / "hls"
    trees = {"video": hls / "video", "audio": hls / "audio"}
    klai = klai_binary()
    # Made again when klai changes: the trees must be what this Klai's transcoder writes.
    stamp = f"{klai.resolve()} {klai.stat().st_mtime_ns}\n"
    if all((tree / "master.m3u8").exists() for tree in trees.values()) and \
            (hls / "made-by").exists() and (hls / "made-by").read_text() == stamp:
        return trees
    with tempfile.TemporaryDirectory() as scratch:
        library = Path(scratch) / "library"
        subprocess.run([str(klai), "demo", "--data", str(library), "--catalog", str(REPOSITORY / "Catalog"),
                        "--clips", "1"], check=True, capture_output=True)
        clip = next(path for path in (library / "Media" / "sources").iterdir() if path.suffix == ".mp4")
        shutil.rmtree(trees["video"], ignore_errors=True)
        hls.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(klai), "transcode", str(clip), "--out", str(trees["video"])],
                       check=True, capture_output=True)
    audio_only_tree(trees["video"], trees["audio"])
    (hls / "made-by").write_text(stamp)
    return trees


@dataclass
class Recorder:
    """What the harness saw: every request, every event batch, and how to answer the next ones."""
    requests: list[tuple[float, str, str]] = field(default_factory=list)
    batches: list[list[dict]] = field(default_factory=list)
    stored: dict[str, dict] = field(default_factory=dict)
    events_status: list[tuple[int, dict]] = field(default_factory=list)  # answers to give first
    failing_segments: int = 0  # the next this many segment requests are answered 503
    lock: threading.Lock = field(default_factory=threading.Lock)

    def all_event_ids(self) -> list[str]:
        with self.lock:
            return [event["event_id"] for batch in self.batches for event in batch]


def page(query: dict[str, str]) -> str:
    """The lesson page: the markup contract of docs/PLAYER.md, with no inline script."""
    tree = query.get("tree", "video")
    master = f"/hls/{tree}/master.m3u8?{SIGNATURE}"
    lang = query.get("lang", "th")
    body_class = ' class="tv"' if query.get("tv") == "1" else ""
    attribute = lambda value: html.escape(value, quote=True)  # noqa: E731
    return f"""<!doctype html>
<html lang="{attribute(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>บทเรียน</title>
<link rel="stylesheet" href="/harness.css">
<link rel="stylesheet" href="/assets/dev/css/player.css"></head>
<body{body_class}><main>
<h1>เศษส่วน ตอนที่ 1</h1>
<figure class="player" data-player data-master="{attribute(master)}" data-item="{attribute(query.get('item', '812'))}"
  data-resume="{attribute(query.get('resume', ''))}" data-class-id="{attribute(query.get('class', ''))}"
  data-events="/api/events" data-csrf="{CSRF}" data-title="เศษส่วน ตอนที่ 1"
  {'data-engine="' + attribute(query['engine']) + '"' if 'engine' in query else ''}>
  <video playsinline preload="none"></video>
</figure>
</main>
<script type="module" src="/assets/dev/js/player.js"></script>
</body></html>"""


def handler_for(recorder: Recorder, trees: dict[str, Path]):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: tests read the recorder instead
            pass

        def send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            with recorder.lock:
                recorder.requests.append((time.time(), "GET", self.path))
            if url.path == "/lesson":
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                csp = "default-src 'self'; script-src 'self'; media-src 'self' blob:; frame-ancestors 'none'"
                return self.send(200, page(query).encode(), "text/html; charset=utf-8",
                                 {"Content-Security-Policy": csp})
            if url.path == "/harness.css":
                return self.send(200, HARNESS_CSS.encode(), "text/css")
            if url.path == "/favicon.ico":
                return self.send(204, b"", "image/x-icon")
            if url.path.startswith("/assets/dev/"):
                return self.file(ASSETS, url.path[len("/assets/dev/"):])
            if url.path.startswith("/hls/"):
                if url.query != SIGNATURE:
                    return self.send(403, b"unsigned\n", "text/plain")
                if url.path.endswith(".m4s"):
                    with recorder.lock:
                        failing = recorder.failing_segments > 0
                        recorder.failing_segments -= 1 if failing else 0
                    if failing:
                        return self.send(503, b"busy\n", "text/plain")
                tree, _, rest = url.path[len("/hls/"):].partition("/")
                if tree not in trees:
                    return self.send(404, b"no such asset\n", "text/plain")
                return self.file(trees[tree], rest)
            self.send(404, b"not found\n", "text/plain")

        def file(self, root: Path, relative: str) -> None:
            path = (root / relative).resolve()
            if root.resolve() not in path.parents or not path.is_file():
                return self.send(404, b"not found\n", "text/plain")
            self.send(200, path.read_bytes(), CONTENT_TYPES.get(path.suffix, "application/octet-stream"))

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with recorder.lock:
                recorder.requests.append((time.time(), "POST", self.path))
            if url.path != "/api/events":
                return self.send(404, b"not found\n", "text/plain")
            if self.headers.get("X-CSRF-Token") != CSRF:
                return self.send(403, b'{"error":"CSRF token missing"}', "application/json")
            with recorder.lock:
                if recorder.events_status:
                    status, headers = recorder.events_status.pop(0)
                    return self.send(status, b'{"error":"busy"}', "application/json", headers)
            events = json.loads(body)["events"]
            accepted = duplicates = 0
            with recorder.lock:
                recorder.batches.append(events)
                for event in events:
                    if event["event_id"] in recorder.stored:
                        duplicates += 1
                    else:
                        recorder.stored[event["event_id"]] = event
                        accepted += 1
            answer = {"accepted": accepted, "duplicates": duplicates, "rejected": []}
            self.send(200, json.dumps(answer).encode(), "application/json")

    return Handler


class TrackingServer(ThreadingHTTPServer):
    """A server that can cut its open keep-alive connections, so that stopping it is a real outage."""
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, *args, **kwargs) -> None:
        self.connections: set[socket.socket] = set()
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        """A browser closing a connection mid-answer is normal here (closed tabs, the outage test)."""

    def cut_connections(self) -> None:
        for connection in list(self.connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class Harness:
    """The test server; `stop()` and `start()` again on the same port to play a server outage."""

    def __init__(self, port: int = 0) -> None:
        self.trees = build_fixtures()
        self.recorder = Recorder()
        self.port = port
        self.server: ThreadingHTTPServer | None = None
        self.start()

    def start(self) -> None:
        self.server = TrackingServer(("127.0.0.1", self.port), handler_for(self.recorder, self.trees))
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, name="harness", daemon=True).start()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server.cut_connections()
            self.server = None

    def events(self, item: int) -> list[dict]:
        """Every event the server received for `item`, in arrival order (resent ones included)."""
        with self.recorder.lock:
            return [event for batch in self.recorder.batches for event in batch if event["item"] == item]

    def url(self, **query: str) -> str:
        parts = "&".join(f"{key}={value}" for key, value in query.items())
        return f"http://127.0.0.1:{self.port}/lesson" + (f"?{parts}" if parts else "")


if __name__ == "__main__":
    harness = Harness(int(os.environ.get("PORT", "8090")))
    print(f"player harness: {harness.url()}  (?player=native|mse, resume=, tree=audio, lang=en, tv=1)")
    threading.Event().wait()
