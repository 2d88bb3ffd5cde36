"""A satellite-to-IP receiver on loopback for the live journeys: Klai's synthetic clip as H.264/AAC
MPEG-TS (made once by `klai-live-source`, kept in Tests/Browser/player/out/), sent over UDP in datagrams
of seven 188-byte packets, paced so the clip plays out in real time. `stop()` silences it as a lost
signal does; `start()` resumes at the point the broadcast has reached meanwhile (what aired during the
gap is gone), so the relay sees a gap, reconnects, and publishes a discontinuity.
"""
from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLIP_SECONDS = 240
DATAGRAM = 7 * 188


def source_program() -> Path:
    for flavour in ("release", "debug"):
        binary = ROOT / ".build" / flavour / "klai-live-source"
        if binary.exists():
            return binary
    subprocess.run(["swift", "build", "--product", "klai-live-source"], cwd=ROOT, check=True)
    return ROOT / ".build" / "debug" / "klai-live-source"


def clip() -> Path:
    """The channel's content: a 240 s clip, encoded once (a few minutes on a busy box) and kept."""
    path = ROOT / "Tests" / "Browser" / "player" / "out" / f"live-source-{CLIP_SECONDS}.ts"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        subprocess.run([str(source_program()), str(partial), str(CLIP_SECONDS)], check=True)
        os.replace(partial, path)
    return path


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class UDPSource:
    """Sends the clip to 127.0.0.1:`port` in real time from when it was made, while not stopped."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.bytes = clip().read_bytes()
        self.rate = len(self.bytes) / CLIP_SECONDS  # bytes per second of broadcast
        self.began = time.monotonic()
        self.sending = threading.Event()
        self.closed = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"udp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.sending.set()

    def stop(self) -> None:
        self.sending.clear()

    def close(self) -> None:
        self.closed = True
        self.sending.set()
        self.thread.join(timeout=5)

    def run(self) -> None:
        sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sent = None  # offset reached; None after a silence: resume where the broadcast is now
        while not self.closed:
            if not self.sending.wait(timeout=0.2):
                sent = None
                continue
            due = min(len(self.bytes), int(self.rate * (time.monotonic() - self.began)))
            if sent is None:
                sent = due - due % 188  # on a packet boundary
            while sent + DATAGRAM <= due:
                sink.sendto(self.bytes[sent:sent + DATAGRAM], ("127.0.0.1", self.port))
                sent += DATAGRAM
            time.sleep(0.01)
        sink.close()
