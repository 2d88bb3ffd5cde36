#!/usr/bin/env bash
# Uploads a large sparse file (default 3 GB) through the admin content page, the browser's path
# (multipart/form-data POST to /admin/content/upload), with curl, and reports klai's peak resident memory
# (VmHWM from /proc/PID/status) before and after, the RSS sampled once a second, and the throughput.
# Klai spools the body to Media/uploads/ and the multipart parser copies the file part beside it in 64 KiB
# pieces, so the peak should not grow with the size (target: under 64 MB above the idle peak).
# Then it cancels a second upload half-way and checks nothing is left behind.
#
# Usage: Benchmarks/upload.sh [SIZE]   (SIZE as truncate(1) takes it: 3G, 500M; needs ~2×SIZE free disk)
set -euo pipefail
size="${1:-3G}"
root="$(cd "$(dirname "$0")/.." && pwd)"
klai="${KLAI_BINARY:-$root/.build/release/klai}"
work="$(mktemp -d "${KLAI_UPLOAD_WORK:-/var/tmp}/klai-upload-XXXXXX")"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "making a demo library in $work/data (admin/klai-admin)…"
"$klai" demo --data "$work/data" >/dev/null
"$klai" serve --data "$work/data" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do grep -q "serving" "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out" | head -1)"
echo "klai (pid $server) at $url"

jar="$work/cookies"
token() { curl -s -b "$jar" -c "$jar" "$url$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=admin" --data-urlencode "password=klai-admin" \
     --data-urlencode "_csrf=$(token /sign-in)" "$url/sign-in"
csrf="$(curl -s -b "$jar" "$url/admin/content" | grep -o 'upload?_csrf=[^"]*' | head -1 | sed 's/.*_csrf=//')"
[ -n "$csrf" ] || { echo "could not sign in as admin" >&2; exit 1; }

truncate -s "$size" "$work/DLTV04_2026-06-12_0830.ts"
status() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$server/status"; }
hwm_before="$(status VmHWM)"
echo "idle: VmRSS $(status VmRSS) kB, VmHWM $hwm_before kB"
max=0
curl -s -b "$jar" -o "$work/answer.html" -w "%{http_code} %{size_upload} %{time_total}\n" \
     -F "file=@$work/DLTV04_2026-06-12_0830.ts;type=video/mp2t" "$url/admin/content/upload?_csrf=$csrf" >"$work/curl.out" &
upload=$!
second=0
while kill -0 "$upload" 2>/dev/null; do
    now="$(status VmRSS)"; [ "$now" -gt "$max" ] && max="$now"
    [ $((second % 10)) -eq 0 ] && printf '  %4d s: RSS %s kB, on disk in Media/uploads: %s\n' "$second" "$now" \
        "$(du -sh "$work/data/Media/uploads" 2>/dev/null | cut -f1)"
    sleep 1; second=$((second + 1))
done
wait "$upload"
read -r code sent seconds <"$work/curl.out"
hwm_after="$(status VmHWM)"
echo "HTTP $code, $sent bytes in $seconds s: $(awk -v b="$sent" -v s="$seconds" 'BEGIN { printf "%.1f", b / s / 1e6 }') MB/s"
echo "VmHWM before $hwm_before kB, after $hwm_after kB: grew $(( (hwm_after - hwm_before) / 1024 )) MB" \
     "(highest VmRSS sampled while uploading: $max kB)"

echo "cancelling an upload half-way…"
curl -s -b "$jar" -o /dev/null --limit-rate 100M -F "file=@$work/DLTV04_2026-06-12_0830.ts" "$url/admin/content/upload?_csrf=$csrf" &
upload=$!
sleep 3
kill "$upload" 2>/dev/null || true
wait "$upload" 2>/dev/null || true
sleep 2
left="$(find "$work/data/Media/uploads" -type f | wc -l)"
echo "files left in Media/uploads after the cancelled upload: $left"
