#!/usr/bin/env python3
"""N players for Benchmarks/live.sh: each reloads a live HLS playlist every 2 s and downloads every init and
media segment it has not fetched yet, for SECONDS. Prints "segments bytes failures" summed over all players.

usage: live-players.py URL N SECONDS
"""
import sys, threading, time, urllib.request

url, count, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
base = url.rsplit("/", 1)[0]
totals = {"segments": 0, "bytes": 0, "failures": 0}
lock = threading.Lock()

def play():
    seen, end = set(), time.time() + seconds
    while time.time() < end:
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode()
        except Exception:
            with lock: totals["failures"] += 1
            time.sleep(2); continue
        names = [l.split('"')[1] if l.startswith("#EXT-X-MAP") else l for l in text.splitlines()
                 if l and (not l.startswith("#") or l.startswith("#EXT-X-MAP"))]
        for name in names:
            if name in seen: continue
            seen.add(name)
            try:
                size = len(urllib.request.urlopen(base + "/" + name, timeout=10).read())
                with lock:
                    totals["bytes"] += size
                    totals["segments"] += name.endswith(".m4s")
            except Exception:
                with lock: totals["failures"] += 1
        time.sleep(2)

threads = [threading.Thread(target=play) for _ in range(count)]
for t in threads: t.start(); time.sleep(0.02)
for t in threads: t.join()
print(totals["segments"], totals["bytes"], totals["failures"])
