#!/usr/bin/env bash
# The live relay and recorder, measured (issue 14). Three parts, each against a peer or a target:
#  1. relay: a 2 Mb/s H.264/AAC channel (HLS on loopback) relayed by `klai serve` and served by `klai files`
#     to N players: CPU used by Klai (target ≤ 5 % of one core) and upstream bytes against the bytes aired
#     (target 1×);
#  2. recorder: the same channel recorded period after period (40 s test periods) on the copy path for
#     SECONDS, against `ffmpeg -c copy` capturing the same stream to MP4, in CPU seconds per recorded hour.
#     The recording is cut (and finished: hashed, put in the catalog) by the relay thread from the packets
#     it relays, so that thread's CPU is relay + recorder; the recorder's own cost is that minus the
#     relay-only figure of part 1. The ladder jobs the finished periods queue run in the job runner and
#     are reported apart (the rest of klai serve, less its relay-only figure);
#  3. transcoding relay: a DVB-like channel (720×576i25 MPEG-2 at 4 Mb/s with MP2 sound) relayed as 540p
#     H.264/AAC: Klai's CPU, whether it keeps up (media seconds published per wall second), and the same
#     encode done by the ffmpeg CLI from the same live source.
# CPU is counted in CPU seconds (from /proc and wait4), so other load on the machine slows the run but
# does not change the figures much; keeping up does depend on it.
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
nice -n 19 swift build -c release --product klai >/dev/null
klai=$here/.build/release/klai
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }            # utime + stime, in clock ticks
threads() { python3 Benchmarks/live-cpu.py "$1"; }              # "total relay", in clock ticks
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
segments_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["segments"])' "$1/status.json"; }

echo "making $((seconds * 2 + 120)) s of a 2 Mb/s 720p H.264/AAC channel cut in 2 s segments…"
mkdir -p "$work/source" "$work/dvb"
ffmpeg -y -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
    -t $((seconds * 2 + 120)) -c:v libx264 -preset veryfast -b:v 1900k -maxrate 2000k -bufsize 2000k -g 50 -keyint_min 50 \
    -sc_threshold 0 -c:a aac -b:a 96k -f hls -hls_time 2 -hls_list_size 0 -hls_playlist_type vod \
    -hls_segment_filename "$work/source/src%05d.ts" "$work/source/source.m3u8"
echo "making $((seconds * 2 + 60)) s of a DVB-like channel: 720×576i25 MPEG-2 4 Mb/s, MP2 192 kb/s…"
ffmpeg -y -loglevel error -f lavfi -i "testsrc2=size=720x576:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
    -t $((seconds * 2 + 60)) -vf setsar=64/45 -c:v mpeg2video -b:v 4000k -maxrate 5000k -bufsize 1835k -g 12 -bf 2 \
    -flags +ilme+ildct -top 1 -c:a mp2 -b:a 192k -f hls -hls_time 2 -hls_list_size 0 -hls_playlist_type vod \
    -hls_segment_filename "$work/dvb/src%05d.ts" "$work/dvb/source.m3u8"
source_port=$(free_port)
python3 Benchmarks/live-source.py "$work/source" "$source_port" & pids+=($!)
sleep 1

# 1. Relay to N players.
"$klai" live add DLTV4 "http://127.0.0.1:$source_port/live/index.m3u8" --data "$work/lib" --catalog Catalog >/dev/null
KLAI_AV_LOG=fatal "$klai" serve --data "$work/lib" --port 0 --catalog Catalog >"$work/serve.log" 2>&1 & serve=$!; pids+=($serve)
until [ -f "$work/lib/Media/live/DLTV4/index.m3u8" ]; do sleep 0.5; done
lan_port=$(free_port)
"$klai" files "$work/lib/Media/live" --data "$work/files" --port "$lan_port" >/dev/null 2>&1 & files=$!; pids+=($files)
sleep 2

echo "relay: $players players for $seconds s…"
read -r up0 _ _ aired0 < <(curl -s "http://127.0.0.1:$source_port/stats")
read -r serve0 relay0 < <(threads $serve); files0=$(cpu $files); t0=$(date +%s.%N)
read -r segs bytes failures < <(python3 Benchmarks/live-players.py "http://127.0.0.1:$lan_port/DLTV4/index.m3u8" "$players" "$seconds")
t1=$(date +%s.%N); read -r serve1 relay1 < <(threads $serve); files1=$(cpu $files)
read -r up1 _ connections aired1 < <(curl -s "http://127.0.0.1:$source_port/stats")
read -r relay_only rest_only < <(python3 - "$serve0" "$serve1" "$relay0" "$relay1" "$files0" "$files1" "$t0" "$t1" "$hz" "$up0" "$up1" \
    "$segs" "$bytes" "$failures" "$players" "$connections" "$aired0" "$aired1" <<'PY'
import sys
s0, s1, r0, r1, f0, f1, t0, t1, hz, u0, u1, segs, got, fails, n, conns, a0, a1 = sys.argv[1:]
wall = float(t1) - float(t0)
share = lambda a, b: (int(b) - int(a)) / int(hz) / wall * 100
relay, thread, files = share(s0, s1), share(r0, r1), share(f0, f1)
print(f"relay to {n} players over {wall:.0f} s: {segs} segments, {int(got)/1e6:.1f} MB served, {fails} failures", file=sys.stderr)
print(f"  CPU: klai serve {relay:.2f} % of a core (its relay thread {thread:.2f} %), klai files serving {n} players "
      f"{files:.2f} %, together {relay + files:.2f} % (target ≤ 5 %)", file=sys.stderr)
fetched, aired = int(u1) - int(u0), int(a1) - int(a0)
print(f"  upstream: {fetched/1e6:.1f} MB fetched in {wall:.0f} s while {aired/1e6:.1f} MB of segments went on air "
      f"({fetched / aired:.2f}× the stream, target 1×; {aired * 8 / wall / 1e6:.2f} Mb/s with MPEG-TS overhead), "
      f"{conns} TCP connections to the source in all", file=sys.stderr)
per_hour = lambda a, b: (int(b) - int(a)) / int(hz) * 3600 / wall
# For part 2: the relay thread and the rest of klai serve when only relaying, CPU s per hour.
print(f"{per_hour(r0, r1):.3f} {per_hour(s0, s1) - per_hour(r0, r1):.3f}")
PY
)
kill $files
kill $serve; wait $serve 2>/dev/null || true

# 2. Recorder on the copy path against ffmpeg -c copy.
echo "recorder: $seconds s of the channel on the copy path, Klai against ffmpeg -c copy…"
"$klai" live add DLTV4 "http://127.0.0.1:$source_port/live/index.m3u8" --record --pre-roll 0 --post-roll 0 \
    --data "$work/lib" --catalog Catalog >/dev/null
KLAI_LIVE_TEST_PERIOD_SECONDS=40 KLAI_AV_LOG=fatal "$klai" serve --data "$work/lib" --port 0 --catalog Catalog \
    >"$work/serve2.log" 2>&1 & serve=$!; pids+=($serve)
until "$klai" live status --data "$work/lib" --catalog Catalog | grep ": recording," >/dev/null; do sleep 0.5; done
read -r k0 r0 < <(threads $serve); t0=$(date +%s.%N)
ffcpu=$(python3 Benchmarks/live-rusage.py ffmpeg -y -loglevel error -i "http://127.0.0.1:$source_port/live/index.m3u8" \
    -c copy -t "$seconds" "$work/ffmpeg.mp4")
t1=$(date +%s.%N); read -r k1 r1 < <(threads $serve)
"$klai" live status --data "$work/lib" --catalog Catalog | sed 's/^/  /'
periods=$("$klai" live status --data "$work/lib" --catalog Catalog | grep -cE ": (complete|incomplete)," || true)
python3 - "$r0" "$r1" "$k0" "$k1" "$ffcpu" "$t0" "$t1" "$hz" "$relay_only" "$rest_only" "$periods" <<'PY'
import sys
r0, r1, k0, k1, ff, t0, t1, hz, relay_only, rest_only, periods = sys.argv[1:]
wall, hz = float(t1) - float(t0), int(hz)
per_hour = lambda ticks: ticks / hz * 3600 / wall
thread = per_hour(int(r1) - int(r0))
recorder = thread - float(relay_only)
ffmpeg = float(ff) * 3600 / wall
rest = per_hour((int(k1) - int(k0)) - (int(r1) - int(r0)))
jobs = rest - float(rest_only)
print(f"  CPU per recorded hour: klai relay thread (relay + recorder) {thread:.1f} s, of which the recorder "
      f"{recorder:.1f} s (relay alone {float(relay_only):.1f} s); ffmpeg -c copy {ffmpeg:.1f} s")
print(f"  ratio to ffmpeg -c copy: relay + recorder {thread / ffmpeg:.2f}, recorder alone {recorder / ffmpeg:.2f}")
print(f"  ladder jobs queued by {periods} finished period(s) (copy path + audio-low mono encode): about {jobs:.1f} CPU s "
      f"per recorded hour (rest of klai serve {rest:.1f} s, {float(rest_only):.1f} s when only relaying)")
PY
kill $serve; wait $serve 2>/dev/null || true

# 3. Transcoding relay of an MPEG-2/MP2 channel against the ffmpeg CLI doing the same encode.
echo "transcoding relay: $seconds s of 720×576i MPEG-2/MP2 → 540p H.264 1.2 Mb/s + AAC…"
dvb_port=$(free_port)
python3 Benchmarks/live-source.py "$work/dvb" "$dvb_port" & pids+=($!)
sleep 1
"$klai" live add DLTV5 "http://127.0.0.1:$dvb_port/live/index.m3u8" --data "$work/lib3" --catalog Catalog >/dev/null
KLAI_AV_LOG=fatal "$klai" serve --data "$work/lib3" --port 0 --catalog Catalog >"$work/serve3.log" 2>&1 & serve=$!; pids+=($serve)
live=$work/lib3/Media/live/DLTV5
until [ -f "$live/index.m3u8" ]; do sleep 0.5; done
sleep 4   # past the start-up burst of the source's older segments
read -r k0 _ < <(threads $serve); s0=$(segments_of "$live"); t0=$(date +%s.%N)
sleep "$seconds"
t1=$(date +%s.%N); read -r k1 _ < <(threads $serve); s1=$(segments_of "$live")
"$klai" live status --data "$work/lib3" --catalog Catalog | sed 's/^/  /'
kill $serve; wait $serve 2>/dev/null || true
mkdir -p "$work/ffmpeg-hls"
ffcpu=$(python3 Benchmarks/live-rusage.py ffmpeg -y -loglevel error -i "http://127.0.0.1:$dvb_port/live/index.m3u8" -t "$seconds" \
    -vf "bwdif=mode=send_frame:parity=auto:deint=all,scale=960:540" -c:v libx264 -preset veryfast -profile:v high \
    -b:v 1200k -maxrate 1800k -bufsize 2400k -g 102 -force_key_frames "expr:gte(t,n_forced*4)" -sc_threshold 0 \
    -c:a aac -b:a 96k -ar 48000 -ac 2 -f hls -hls_time 4 -hls_segment_type fmp4 -hls_list_size 6 \
    -hls_flags delete_segments "$work/ffmpeg-hls/index.m3u8")
python3 - "$k0" "$k1" "$s0" "$s1" "$t0" "$t1" "$hz" "$ffcpu" "$seconds" <<'PY'
import sys
k0, k1, s0, s1, t0, t1, hz, ff, seconds = sys.argv[1:]
wall = float(t1) - float(t0)
klai = (int(k1) - int(k0)) / int(hz) / wall * 100
media = (int(s1) - int(s0)) * 4   # the relay forces a keyframe at each 4 s segment's start
ffmpeg = float(ff) / float(seconds) * 100
print(f"  CPU: klai serve {klai:.1f} % of one core (of the box's 200 %); ffmpeg CLI, same encode from the same source, "
      f"{ffmpeg:.1f} %; ratio {klai / ffmpeg:.2f}")
print(f"  keeping up: {media} s of media published in {wall:.0f} s of wall time ({media / wall:.2f}× real time)")
PY
