#!/usr/bin/env bash
# The web pages on a district-sized library (200 schools, 2,000 teachers, 40,000 pupils, 10 million events):
# server time p95 (Server-Timing's app entry: from the page's admission to its answer, see AdmissionMiddleware) and
# the client-observed time p50/p95 (from sending the request to reading the whole answer, the wait for admission
# included) of the pupil home, a lesson page, a teacher's 30×40 grid and search under 32 concurrent signed-in
# clients (target ≤ 20 ms server time each); the 08:30 rush: 60 pupils sign in within one second and
# load their home page while segments keep flowing (target p95 ≤ 3 s, no errors); and the bytes a first visit
# to a lesson page transfers (target ≤ 150 KB, font, CSS and script included).
# Usage: Benchmarks/web.sh [SECONDS_PER_PAGE]   (the district is generated once into Benchmarks/out/district)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
.ci/ensure-packages chromium fonts-noto-core
.ci/ensure-python playwright
swift build -c release --product klai 2>&1 | grep -E 'error|Build complete' || true
klai=.build/release/klai
data=Benchmarks/out/district
if [ ! -f "$data/.generated" ]; then
    rm -rf "$data"; mkdir -p "$data"
    "$klai" demo --clips 1 --data "$data" >/dev/null
    "$klai" jobs run --data "$data" >/dev/null
    python3 Benchmarks/district-generate.py "$data"
    touch "$data/.generated"
fi
log=$(mktemp)
"$klai" serve --data "$data" --port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "is serving" "$log" && break; sleep 0.2; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)
echo "klai at $url (pid $server)"
python3 Benchmarks/web-load.py "$url" "$data" "$seconds"
echo "klai's peak memory: $(awk '/VmHWM/ {print $2 / 1024 " MB"}' /proc/$server/status)"
