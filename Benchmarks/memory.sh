#!/usr/bin/env bash
# Benchmarks/memory.sh — does a long recording transcode in constant memory?
#
#   Benchmarks/memory.sh [MINUTES] [OUTDIR]     (defaults: 20, Benchmarks/out/memory)
#
# Generates (with the ffmpeg CLI) two 720p25 H.264 + MP2 MPEG-TS inputs shaped like a satellite
# capture, one of 1 minute and one of MINUTES, transcodes both with `klai transcode` to the default
# four-rung ladder, and samples Klai's resident memory twice a second. It prints the peak RSS of each
# run, the RSS at each quarter of the long run, and long-peak / short-peak: memory that does not grow
# with the recording's length stays near 1.0. The issue's bound: a 720p source stays under ~400 MB.
# For a school's real case, a 6-hour day of DLTV, run it with MINUTES=360 (takes about 2 hours on 2 cores).
set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
MINUTES=${1:-20}
OUT=${2:-$HERE/out/memory}

command -v ffmpeg >/dev/null || {
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
}
if [[ -z "${KLAI:-}" ]]; then
  (cd "$ROOT" && swift build -c release --product klai 2>&1 | tail -1)
  KLAI=$(cd "$ROOT" && swift build -c release --show-bin-path)/klai
fi
mkdir -p "$OUT"

gen() { # file seconds
  [[ -s "$1" ]] && return 0
  echo "generating $(basename "$1") ($2 s)…"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=25" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$2" -c:v libx264 -preset ultrafast -b:v 4M \
    -maxrate 4M -bufsize 8M -g 12 -pix_fmt yuv420p -c:a mp2 -b:a 192k -ac 2 -f mpegts "$1.part" && mv "$1.part" "$1"
}
gen "$OUT/short.ts" 60
gen "$OUT/long.ts" $((MINUTES * 60))

# run NAME INPUT: transcodes, sampling VmRSS every 0.5 s into $OUT/NAME.rss (kB, one line a sample)
run() {
  local name=$1 input=$2 pid status
  : >"$OUT/$name.rss"
  "$KLAI" transcode "$input" --out "$OUT/$name-hls" >"$OUT/$name.log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" >>"$OUT/$name.rss" 2>/dev/null || true
    sleep 0.5
  done
  wait "$pid" && status=0 || status=$?
  if [[ $status -ne 0 ]]; then echo "FAILED: $name (see $OUT/$name.log)"; tail -3 "$OUT/$name.log"; exit 1; fi
}

start=$(date +%s); run short "$OUT/short.ts"; short_s=$(( $(date +%s) - start ))
start=$(date +%s); run long "$OUT/long.ts"; long_s=$(( $(date +%s) - start ))

python3 - "$OUT/short.rss" "$OUT/long.rss" "$MINUTES" "$short_s" "$long_s" <<'PY'
import sys
short = [int(x) for x in open(sys.argv[1]) if x.strip()]
long = [int(x) for x in open(sys.argv[2]) if x.strip()]
minutes, short_s, long_s = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
mb = lambda kb: kb / 1024
print(f"1-minute 720p TS:  {short_s:5d} s, peak RSS {mb(max(short)):6.0f} MB")
print(f"{minutes}-minute 720p TS: {long_s:5d} s, peak RSS {mb(max(long)):6.0f} MB")
quarters = [long[min(len(long) - 1, len(long) * q // 4)] for q in (1, 2, 3)] + [long[-1]]
print("long run, RSS at 25/50/75/100% of its time: " + " / ".join(f"{mb(k):.0f}" for k in quarters) + " MB")
ratio = max(long) / max(short)
print(f"peak RSS long / short: {ratio:.2f}  (constant memory: close to 1.0; bound: < 400 MB for 720p)")
PY
