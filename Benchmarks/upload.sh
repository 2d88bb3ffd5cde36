#!/usr/bin/env bash
# Uploads a large sparse file (default 3 GB) through the admin content page, the browser's path
# (multipart/form-data POST to /admin/content/upload), with curl, and samples klai's resident memory
# (VmRSS from /proc/PID/status) once a second meanwhile. Klai spools the body to a temporary file and
# the multipart parser copies the file part to Media/uploads/ in 64 KiB pieces, so the RSS should stay
# flat whatever the size. Then it cancels a second upload half-way and checks nothing is left behind.
#
# Usage: Benchmarks/upload.sh [SIZE]   (SIZE as truncate(1) takes it: 3G, 500M; needs ~2×SIZE free disk)
set -euo pipefail
size="${1:-3G}"
root="$(cd "$(dirname "$0")/.." && pwd)"
klai="${KLAI_BINARY:-$root/.build/release/klai}"
work="$(mktemp -d /tmp/klai-upload-XXXXXX)"
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
csrf="$(token /admin/content)"
[ -n "$csrf" ] || { echo "could not sign in as admin" >&2; exit 1; }

truncate -s "$size" "$work/big.ts"
rss() { awk '/VmRSS/ { print $2 }' "/proc/$server/status"; }
echo "RSS before: $(rss) kB"
max=0
curl -s -b "$jar" -o "$work/answer.html" -w "HTTP %{http_code}, %{size_upload} bytes sent in %{time_total} s\n" \
     -F "file=@$work/big.ts;type=video/mp2t" "$url/admin/content/upload?_csrf=$csrf" &
upload=$!
while kill -0 "$upload" 2>/dev/null; do
    now="$(rss)"; [ "$now" -gt "$max" ] && max="$now"
    printf '  RSS %s kB\n' "$now"; sleep 1
done
wait "$upload"
echo "RSS after: $(rss) kB; highest while uploading: $max kB"

echo "cancelling an upload half-way…"
curl -s -b "$jar" -o /dev/null --limit-rate 200M -F "file=@$work/big.ts" "$url/admin/content/upload?_csrf=$csrf" &
upload=$!
sleep 3
kill "$upload" 2>/dev/null || true
wait "$upload" 2>/dev/null || true
sleep 2
left="$(find "$work/data/Media/uploads" -type f | wc -l)"
echo "files left in Media/uploads after the cancelled upload: $left"
