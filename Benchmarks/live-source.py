#!/usr/bin/env python3
"""A live HLS channel for Benchmarks/live.sh: serves pre-cut MPEG-TS segments as a growing live playlist
(window of 5, each new segment when the media before it has aired in real time) and counts every byte it sends.

usage: live-source.py DIR PORT   (DIR holds source.m3u8 and its segments, from ffmpeg's hls muxer)
GET /stats answers "bytes requests connections aired" of the live paths so far, aired being the bytes of
the segments that have gone on air (what one viewer from the start would have fetched).
"""
import http.server, os, re, sys, threading, time

folder, port = sys.argv[1], int(sys.argv[2])
text = open(os.path.join(folder, "source.m3u8")).read()
segments = re.findall(r"#EXTINF:([\d.]+),\n(\S+)", text)
duration = max((float(d) for d, _ in segments), default=2.0)   # EXT-X-TARGETDURATION: the longest
sizes = [os.path.getsize(os.path.join(folder, name)) for _, name in segments]
# Segment i goes on air when the media before it has played in real time (segments of uneven length, as
# ffmpeg cuts MPEG-2 with short GOPs, must not make the channel air faster or slower than real time).
starts = [sum(float(d) for d, _ in segments[:i]) for i in range(len(segments))]

def on_air():
    """How many segments are on air now: three at once when the channel starts, then one per segment's time."""
    elapsed = time.time() - started
    return min(len(segments), 3 + sum(1 for start in starts[1:] if start <= elapsed))
started = time.time()
lock = threading.Lock()
stats = {"bytes": 0, "requests": 0, "connections": set()}

class Source(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def send(self, body, kind):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        if self.path == "/stats":
            with lock:
                aired = sum(sizes[:on_air()])
                return self.send(f"{stats['bytes']} {stats['requests']} {len(stats['connections'])} {aired}\n".encode(),
                                 "text/plain")
        name = self.path.rsplit("/", 1)[-1]
        if name == "index.m3u8":
            aired = on_air()
            first = max(0, aired - 5)
            body = f"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{int(duration + 0.999)}\n#EXT-X-MEDIA-SEQUENCE:{first}\n"
            body += "".join(f"#EXTINF:{d},\n{n}\n" for d, n in segments[first:aired])
            data, kind = body.encode(), "application/vnd.apple.mpegurl"
        elif re.fullmatch(r"[\w-]+\.ts", name) and os.path.exists(os.path.join(folder, name)):
            data, kind = open(os.path.join(folder, name), "rb").read(), "video/mp2t"
        else:
            self.send_error(404)
            return
        with lock:
            stats["bytes"] += len(data)
            stats["requests"] += 1
            stats["connections"].add(self.client_address[1])
        self.send(data, kind)

class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # ffmpeg or the relay hanging up when a part of live.sh ends is expected; other errors are still shown.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

Server(("127.0.0.1", port), Source).serve_forever()
