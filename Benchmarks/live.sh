#!/usr/bin/env bash
# The live relay and recorder, measured (issue 14):
#  1. a 2 Mb/s channel (HLS on loopback) relayed by `klai serve` and served by `klai files` to N players:
#     CPU used by Klai (target ≤ 5 % of one core) and upstream bytes against the bytes aired (target 1×);
#  2. recording the same channel for SECONDS on the copy path: Klai's CPU (relay + recorder) against
#     `ffmpeg -c copy` capturing the same stream to MP4, both as CPU seconds per recorded hour.
# usage: Benchmarks/live.sh [SECONDS=120] [PLAYERS=100]     (needs ffmpeg and python3; builds release)
set -euo pipefail
seconds=${1:-120}
players=${2:-100}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/klai-live-bench.XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
cd "$here"
nice -n 10 swift build -c release --product klai >/dev/null
klai=$here/.build/release/klai
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }            # utime + stime, in clock ticks
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "making $((seconds + 120)) s of a 2 Mb/s 720p H.264/AAC channel cut in 2 s segments…"
mkdir -p "$work/source"
ffmpeg -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
    -t $((seconds + 120)) -c:v libx264 -preset veryfast -b:v 1900k -maxrate 2000k -bufsize 2000k -g 50 -keyint_min 50 \
    -sc_threshold 0 -c:a aac -b:a 96k -f hls -hls_time 2 -hls_list_size 0 -hls_playlist_type vod \
    -hls_segment_filename "$work/source/src%05d.ts" "$work/source/source.m3u8"
source_port=$(free_port)
python3 Benchmarks/live-source.py "$work/source" "$source_port" & pids+=($!)
sleep 1

"$klai" live add DLTV4 "http://127.0.0.1:$source_port/live/index.m3u8" --data "$work/lib" --catalog Catalog >/dev/null
KLAI_AV_LOG=fatal "$klai" serve --data "$work/lib" --port 0 --catalog Catalog >"$work/serve.log" 2>&1 & serve=$!; pids+=($serve)
until [ -f "$work/lib/Media/live/DLTV4/index.m3u8" ]; do sleep 0.5; done
lan_port=$(free_port)
"$klai" files "$work/lib/Media/live" --data "$work/files" --port "$lan_port" >/dev/null 2>&1 & files=$!; pids+=($files)
sleep 2

echo "relay: $players players for $seconds s…"
read -r up0 _ _ < <(curl -s "http://127.0.0.1:$source_port/stats")
serve0=$(cpu $serve); files0=$(cpu $files); t0=$(date +%s.%N)
read -r segs bytes failures < <(python3 Benchmarks/live-players.py "http://127.0.0.1:$lan_port/DLTV4/index.m3u8" "$players" "$seconds")
t1=$(date +%s.%N); serve1=$(cpu $serve); files1=$(cpu $files)
read -r up1 _ connections < <(curl -s "http://127.0.0.1:$source_port/stats")
python3 - "$serve0" "$serve1" "$files0" "$files1" "$t0" "$t1" "$hz" "$up0" "$up1" "$segs" "$bytes" "$failures" "$players" "$connections" <<'PY'
import sys
s0, s1, f0, f1, t0, t1, hz, u0, u1, segs, got, fails, n, conns = sys.argv[1:]
wall = float(t1) - float(t0)
relay = (int(s1) - int(s0)) / int(hz) / wall * 100
files = (int(f1) - int(f0)) / int(hz) / wall * 100
aired = 2_000_000 / 8 * wall
print(f"relay to {n} players over {wall:.0f} s: {segs} segments, {int(got)/1e6:.1f} MB served, {fails} failures")
print(f"  CPU: klai serve (relay) {relay:.2f} % of a core, klai files (serving {n} players) {files:.2f} %, together {relay + files:.2f} %")
print(f"  upstream: {(int(u1) - int(u0))/1e6:.1f} MB in {wall:.0f} s ({(int(u1) - int(u0)) / aired:.2f}× a 2 Mb/s stream), "
      f"{conns} TCP connections to the source in all")
PY
kill $files

echo "recorder: $seconds s of the channel on the copy path, Klai against ffmpeg -c copy…"
kill $serve; wait $serve 2>/dev/null || true
"$klai" live add DLTV4 "http://127.0.0.1:$source_port/live/index.m3u8" --record --pre-roll 0 --post-roll 0 \
    --data "$work/lib" --catalog Catalog >/dev/null
# Test periods as long as the run, so one recording covers it.
KLAI_LIVE_TEST_PERIOD_SECONDS=$seconds KLAI_AV_LOG=fatal "$klai" serve --data "$work/lib" --port 0 --catalog Catalog \
    >"$work/serve2.log" 2>&1 & serve=$!; pids+=($serve)
sleep 1
ffmpeg -loglevel error -i "http://127.0.0.1:$source_port/live/index.m3u8" -c copy -t "$seconds" "$work/ffmpeg.mp4" & ff=$!
k0=$(cpu $serve); t0=$(date +%s.%N)
ffcpu=0
while kill -0 $ff 2>/dev/null; do ffcpu=$(cpu $ff 2>/dev/null || echo "$ffcpu"); sleep 0.5; done
t1=$(date +%s.%N); k1=$(cpu $serve)
"$klai" live status --data "$work/lib" --catalog Catalog | sed 's/^/  /'
python3 - "$k0" "$k1" "$ffcpu" "$t0" "$t1" "$hz" <<'PY'
import sys
k0, k1, ff, t0, t1, hz = sys.argv[1:]
wall = float(t1) - float(t0)
klai = (int(k1) - int(k0)) / int(hz) * 3600 / wall
ffmpeg = int(ff) / int(hz) * 3600 / wall
print(f"  CPU per recorded hour: klai (relay + recorder) {klai:.1f} s, ffmpeg -c copy {ffmpeg:.1f} s, "
      f"ratio {klai / ffmpeg if ffmpeg else float('nan'):.2f}")
PY
