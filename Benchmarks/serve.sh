#!/usr/bin/env bash
# Serving benchmark: the same HLS-like tree served by `klai files` (traffic log on) and by Debian's
# nginx (sendfile on, one worker per core, access log off), both on loopback, loaded with wrk
# (64 connections, 10 s each) on a ~1.5 MB segment, a small master playlist and a 404; then 1,000
# concurrent keep-alive connections held 30 s against Klai with its RSS sampled.
#
# Usage: Benchmarks/serve.sh            (DURATION=10s CONNECTIONS=64 HOLD_SECONDS=30 to change)
# Target: Klai >= 0.8x nginx requests/s on segments and small files, p99 <= 2x nginx's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/Benchmarks/out"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
hold="${HOLD_SECONDS:-30}"
klai_port="${KLAI_PORT:-18480}"
nginx_port="${NGINX_PORT:-18481}"
threads="$(nproc)"

need() { command -v "$1" >/dev/null 2>&1; }
install() {
    local packages=()
    need wrk || packages+=(wrk)
    need nginx || [ -x /usr/sbin/nginx ] || packages+=(nginx-light)
    need python3 || packages+=(python3)
    if [ "${#packages[@]}" -gt 0 ]; then
        echo "installing: ${packages[*]}"
        local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq && $sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
    fi
}
install
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

echo "== building klai (release)"
(cd "$root" && swift build -c release --product klai 2>&1 | tail -1)
klai="$root/.build/release/klai"

echo "== generating the HLS tree"
rm -rf "$out" && mkdir -p "$out/tree/hls/lesson-001/720p" "$out/klai-data" "$out/nginx"
head -c 1572864 /dev/urandom > "$out/tree/hls/lesson-001/720p/seg00001.m4s"
cat > "$out/tree/hls/lesson-001/master.m3u8" <<'M3U8'
#EXTM3U
#EXT-X-VERSION:7
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-STREAM-INF:BANDWIDTH=2400000,AVERAGE-BANDWIDTH=2200000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=25.000
720p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1200000,AVERAGE-BANDWIDTH=1100000,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=960x540,FRAME-RATE=25.000
540p/index.m3u8
M3U8

cat > "$out/nginx/nginx.conf" <<NGINX
worker_processes $threads;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log warn;
events { worker_connections 4096; }
http {
    types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; }
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $out/nginx/body; proxy_temp_path $out/nginx/proxy;
    fastcgi_temp_path $out/nginx/fastcgi; uwsgi_temp_path $out/nginx/uwsgi; scgi_temp_path $out/nginx/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $out/tree;
    }
}
NGINX

ulimit -n 65536 2>/dev/null || ulimit -n 4096 || true
cleanup() {
    [ -n "${klai_pid:-}" ] && kill -TERM "$klai_pid" 2>/dev/null || true
    [ -f "$out/nginx/nginx.pid" ] && kill -QUIT "$(cat "$out/nginx/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

# The load generator is one address holding 1,000 connections: lift the per-address cap meant for the LAN.
"$klai" files "$out/tree" --port "$klai_port" --data "$out/klai-data" --max-connections-per-address 4096 > "$out/klai.log" 2>&1 &
klai_pid=$!
"$nginx_bin" -c "$out/nginx/nginx.conf" -p "$out/nginx" 2>/dev/null
for port in "$klai_port" "$nginx_port"; do
    for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/hls/lesson-001/master.m3u8" && break; sleep 0.1; done
done

# wrk_run NAME URL -> prints "req/s MB/s p50_ms p99_ms errors"
wrk_run() {
    local text
    text="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$2")"
    echo "$text" > "$out/wrk-$1.txt"
    python3 - "$out/wrk-$1.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    n, u = re.match(r"([\d.]+)(\w+)", v).groups(); n = float(n)
    return n / 1000 if u == "us" else n * 1000 if u == "s" else n
def mb(v):
    n, u = re.match(r"([\d.]+)(\w+)", v).groups(); n = float(n)
    return n / 1024 if u == "KB" else n * 1024 if u == "GB" else n / 1048576 if u == "B" else n
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
tr = mb(re.search(r"Transfer/sec:\s+(\S+)", t).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1)); p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
errs = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", t))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{rps:.0f} {tr:.1f} {p50:.3f} {p99:.3f} {errs}")
PY
}

echo "== wrk: $connections connections, $duration each, $threads threads"
results="$out/results.txt"
: > "$results"
for target in segment:/hls/lesson-001/720p/seg00001.m4s playlist:/hls/lesson-001/master.m3u8 404:/hls/lesson-001/missing.m4s; do
    name="${target%%:*}"; path="${target#*:}"
    k="$(wrk_run "klai-$name" "http://127.0.0.1:$klai_port$path")"
    n="$(wrk_run "nginx-$name" "http://127.0.0.1:$nginx_port$path")"
    echo "$name $k $n" >> "$results"
done

python3 - "$results" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print(f"{'target':9} {'server':6} {'req/s':>9} {'MB/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
verdict = True
for r in rows:
    name = r[0]; k = list(map(float, r[1:6])); n = list(map(float, r[6:11]))
    for label, v in (("klai", k), ("nginx", n)):
        print(f"{name:9} {label:6} {v[0]:9.0f} {v[1]:8.1f} {v[2]:8.3f} {v[3]:8.3f} {v[4]:6.0f}")
    rps_ratio = k[0] / n[0] if n[0] else 0
    p99_ratio = k[3] / n[3] if n[3] else 0
    ok = rps_ratio >= 0.8 and p99_ratio <= 2.0
    if name != "404": verdict = verdict and ok
    print(f"{name:9} ratio  req/s klai/nginx = {rps_ratio:.2f} (target >= 0.80), p99 klai/nginx = {p99_ratio:.2f} (target <= 2.00) {'OK' if ok else 'SHORT'}")
print("throughput/latency target:", "MET" if verdict else "NOT MET")
PY

echo "== $hold s with 1000 concurrent keep-alive connections against klai (RSS sampled every second)"
python3 - "$klai_port" "$klai_pid" "$hold" <<'PY'
import asyncio, sys, time
port, pid, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
request = b"GET /hls/lesson-001/master.m3u8 HTTP/1.1\r\nHost: bench\r\nUser-Agent: keepalive-hold\r\n\r\n"
errors = 0; responses = 0
def rss_kb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1])
async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"): length = int(line.split(b":")[1])
    await reader.readexactly(length)
    if not head.startswith(b"HTTP/1.1 200"): raise RuntimeError(head[:40])
async def client(i, end):
    global errors, responses
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.sleep(i % 100 / 100)
        while time.monotonic() < end:
            writer.write(request); await writer.drain()
            await read_response(reader); responses += 1
            await asyncio.sleep(1.0)
        writer.close()
    except Exception as e:
        errors += 1
async def main():
    end = time.monotonic() + hold
    samples = []
    async def sample():
        while time.monotonic() < end:
            samples.append(rss_kb()); await asyncio.sleep(1)
    await asyncio.gather(sample(), *(client(i, end) for i in range(1000)))
    print(f"connections 1000, responses {responses}, errors {errors}")
    print(f"klai RSS MB: start {samples[0]/1024:.1f}, after 5 s {samples[min(5,len(samples)-1)]/1024:.1f}, "
          f"max {max(samples)/1024:.1f}, end {samples[-1]/1024:.1f}")
    settled = samples[min(5, len(samples)-1):]
    flat = max(settled) - min(settled) < 0.1 * max(settled) + 4096
    print("keep-alive hold:", "OK (no errors, flat memory)" if errors == 0 and flat else "PROBLEM")
asyncio.run(main())
PY

kill -TERM "$klai_pid"; wait "$klai_pid" || true; klai_pid=""
echo "== traffic log after the run"
"$klai" traffic verify --data "$out/klai-data"
echo "lines recorded: $(cat "$out"/klai-data/traffic/*.log | wc -l)"
