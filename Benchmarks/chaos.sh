#!/bin/bash
# Chaos test: N SIGKILLs of `klai serve` at random moments under mixed load, with checks after each.
#
# Load while the server runs: a pupil posting playback-event batches (curl, session cookie + CSRF token),
# teachers signing in, a new recording dropped into Media/inbox/ every few rounds (so ingest runs), a lesson
# video imported from a manifest every few rounds (so transcodes are under way when the kill comes), page
# fetches, and the signed-in pupil downloading HLS playlists, init segments and media segments through
# /hls/ (each complete download compared byte for byte with the published file). After every kill
# (before the restart) and at the end:
#   - PRAGMA integrity_check is ok (https://sqlite.org/pragma.html#pragma_integrity_check);
#   - every event batch the server acknowledged (HTTP 200) is stored, each event exactly once;
#   - no recording is lost: every file dropped in the inbox is either still in the inbox or kept in
#     Media/sources/ with the SHA-256 the catalog recorded (or in Media/quarantine/);
#   - every job that has ended stays ended, once: a done job keeps its published tree, which holds a master
#     playlist and every playlist and segment the playlists name; a failed job has a reason;
#   - every segment download that completed matched the published file;
#   - `klai traffic verify` passes (the next start repairs a torn tail with a `(repair)` line; counted).
# At the end `klai jobs run` finishes the queue, and the same checks run once more with no temporary folder left.
#
# usage: Benchmarks/chaos.sh [N=20] [KLAI=.build/debug/klai]   (needs curl, jq, sqlite3, ffmpeg)
set -u
cd "$(dirname "$0")/.."
N=${1:-20}
KLAI=${2:-${KLAI:-.build/debug/klai}}
[ -x "$KLAI" ] || { echo "no klai executable at $KLAI (build first: swift build)"; exit 2; }
WORK=$(mktemp -d /tmp/klai-chaos-XXXXXX)
DATA=$WORK/library
DB=$DATA/Klai.sqlite
ACKED=$WORK/acked.txt; : > "$ACKED"
: > "$WORK/ended.txt"; : > "$WORK/downloads.log"; : > "$WORK/downloads-all.log"; : > "$WORK/sign-ins.log"
DROPPED=$WORK/dropped.txt; : > "$DROPPED"
export KLAI_DISK_FLOOR=1   # 1 MB: this run is about kills, not about disk space
"$KLAI" demo --data "$DATA" --clips 1 >/dev/null || exit 2
"$KLAI" jobs run --data "$DATA" >/dev/null || exit 2   # the demo's clips ready: something to post events for
failures=0
fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }

# A lesson video listed in a manifest: `klai catalog import` queues its transcode (run by the server).
import_lesson() {
    local n=$1
    nice -n 15 ffmpeg -loglevel error -f lavfi -i "testsrc2=size=320x240:rate=25" -f lavfi -i "sine=frequency=$((300 + n))" \
        -t 8 -c:v mpeg2video -c:a mp2 "$WORK/lesson-$n.ts" || return
    echo "{\"records\": [{\"kind\": \"local_lesson\", \"key\": \"chaos-$n\", \"title\": \"chaos $n\", \"media\": \"lesson-$n.ts\"}]}" \
        > "$WORK/lesson-$n.json"
    "$KLAI" catalog import "$WORK/lesson-$n.json" --data "$DATA" > /dev/null || fail "round $n: catalog import"
}

# A recording dropped into the inbox (kept as unmatched: no DLTV name), different bytes each time.
drop_recording() {
    local n=$1 name="DLTV04_chaos_$1.ts"
    nice -n 15 ffmpeg -loglevel error -f lavfi -i "testsrc2=size=320x240:rate=25" -f lavfi -i "sine=frequency=$((200 + n))" \
        -t $((4 + n % 5)) -c:v mpeg2video -c:a mp2 -metadata title="chaos $n" "$WORK/$name" &&
    echo "$name $(sha256sum "$WORK/$name" | cut -d' ' -f1)" >> "$DROPPED" &&
    mv "$WORK/$name" "$DATA/Media/inbox/$name"
}

# Posts batches of 5 progress events as the demo pupil until killed. An event counts as acknowledged
# when the server answered 200 and did not list it in `rejected` (accepted, or a duplicate of a stored one).
post_events() {
    local port=$1 jar=$WORK/pupil.jar item token
    token=$(cat "$WORK/pupil.token")
    item=$(sqlite3 "file:$DB?mode=ro" "SELECT c.id FROM catalog_item c JOIN media_asset a ON a.id = c.asset_id
                                      WHERE a.status = 'ready' AND a.duration_seconds > 10 ORDER BY c.id LIMIT 1")
    if [ -z "$item" ] || [ -z "$token" ] || [ "$token" = null ]; then
        echo "port $port: no sign-in (token '$token') or no ready item ('$item')" >> "$WORK/poster.log"
        return 0
    fi
    local session; session=$(cat /proc/sys/kernel/random/uuid)
    local position=0
    while :; do
        local ids=() events="" now; now=$(date +%s%3N)
        for i in 1 2 3 4 5; do
            local id; id=$(cat /proc/sys/kernel/random/uuid); ids+=("$id")
            position=$((position + 1))
            events+="${events:+,}{\"event_id\":\"$id\",\"session_id\":\"$session\",\"item\":$item,\"kind\":\"progress\",\"position\":$((position % 10)),\"device_time\":$now}"
        done
        local answer; answer=$(curl -s -m 10 -w '\n%{http_code}' -b "$jar" -H 'Content-Type: application/json' \
            -H "X-CSRF-Token: $token" -d "{\"events\":[$events]}" "http://127.0.0.1:$port/api/events")
        if [ "$(tail -1 <<< "$answer")" = 200 ]; then
            local rejected; rejected=$(head -1 <<< "$answer" | jq -r '.rejected[].event_id' | tr 'A-Z' 'a-z')
            for id in "${ids[@]}"; do grep -qx "$id" <<< "$rejected" || echo "$id" >> "$ACKED"; done
            [ -n "$rejected" ] && head -1 <<< "$answer" >> "$WORK/poster.log"
        fi
        sleep 0.2
    done
}

# Downloads what a player fetches, as the signed-in pupil, until killed: a ready asset's master playlist,
# one of its media playlists, that playlist's init segment and a media segment. A complete answer (200)
# must equal the file on disk; a cut-off one (the kill) is not counted. Results go to downloads.log.
download_segments() {
    local port=$1 jar=$WORK/pupil.jar
    while :; do
        local folder; folder=$(sqlite3 "file:$DB?mode=ro" "SELECT substr(hls_path, 5) FROM media_asset
                                     WHERE status = 'ready' AND hls_path IS NOT NULL ORDER BY random() LIMIT 1" 2>/dev/null)
        [ -n "$folder" ] || { sleep 0.5; continue; }
        local master; master=$(curl -sf -m 10 -b "$jar" "http://127.0.0.1:$port/hls/$folder/master.m3u8") || continue
        local playlist; playlist=$(grep -v '^#' <<< "$master" | grep . | shuf -n 1)
        [ -n "$playlist" ] || continue
        local text; text=$(curl -sf -m 10 -b "$jar" "http://127.0.0.1:$port/hls/$folder/$playlist") || continue
        local dir; dir=$(dirname "$playlist")
        local segment; segment=$(grep -v '^#' <<< "$text" | grep . | shuf -n 1)
        for file in $(grep -o 'URI="[^"]*"' <<< "$text" | head -1 | cut -d'"' -f2) $segment; do
            local path="$folder/$dir/$file" out=$WORK/download.bin code
            code=$(curl -s -m 20 -b "$jar" -o "$out" -w '%{http_code}' "http://127.0.0.1:$port/hls/$path") || continue
            if [ "$code" != 200 ]; then echo "FAIL $path: HTTP $code" >> "$WORK/downloads.log"
            elif cmp -s "$out" "$DATA/Media/hls/$path"; then echo "ok $(stat -c %s "$out")" >> "$WORK/downloads.log"
            else echo "FAIL $path: the bytes served differ from the published file" >> "$WORK/downloads.log"; fi
        done
        sleep 0.1
    done
}

# Every job that has ended: done with its published tree complete (a master playlist, and every playlist
# and segment the playlists name, non-empty), or failed with a reason. Once ended, a job stays as it ended.
check_jobs() {
    local round=$1
    sqlite3 "$DB" "SELECT count(*) FROM transcode_job WHERE state = 'failed' AND coalesce(last_error, '') = ''" | grep -qx 0 ||
        fail "round $round: a failed job without a reason"
    sqlite3 "$DB" "SELECT j.id || '|' || j.state || '|' || coalesce(a.hls_path, '') FROM transcode_job j
                   JOIN media_asset a ON a.id = j.asset_id WHERE j.state IN ('done', 'failed', 'cancelled') ORDER BY j.id" |
        sort > "$WORK/ended-now.txt"
    # Jobs that had ended at an earlier check must still be there unchanged (a job ends once).
    local changed; changed=$(comm -23 "$WORK/ended.txt" "$WORK/ended-now.txt" | head -3 | tr '\n' ' ')
    [ -z "$changed" ] || fail "round $round: an ended job changed: $changed"
    cp "$WORK/ended-now.txt" "$WORK/ended.txt"
    while IFS='|' read -r job hls; do
        local folder="$DATA/Media/$hls"
        [ -f "$folder/master.m3u8" ] || { fail "round $round: job $job: no master playlist in $hls"; continue; }
        for playlist in "$folder"/*/index.m3u8 "$folder"/*.m3u8; do
            [ -f "$playlist" ] || continue
            for file in $(grep -v '^#' "$playlist"; grep -o 'URI="[^"]*"' "$playlist" | cut -d'"' -f2); do
                [ -s "$(dirname "$playlist")/$file" ] || fail "round $round: job $job: $playlist names a missing $file"
            done
        done
    done < <(sqlite3 "$DB" "SELECT j.id, a.hls_path FROM transcode_job j JOIN media_asset a ON a.id = j.asset_id
                            WHERE j.state = 'done' AND a.hls_path = 'hls/' || a.id || '-v' || j.id")
}

# Signs a teacher in and fetches pages until killed.
browse() {
    local port=$1
    while :; do
        [ "$(curl -s -o /dev/null -w '%{http_code}' -d '{"username":"kru.somsri","password":"klai-kru"}' \
            -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/sign-in")" = 200 ] && echo ok >> "$WORK/sign-ins.log"
        curl -s -o /dev/null "http://127.0.0.1:$port/healthz"
        curl -s -o /dev/null "http://127.0.0.1:$port/"
        sleep 0.3
    done
}

check_after_kill() {
    local round=$1
    [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "round $round: integrity_check"
    local stored
    stored=$(sort -u "$ACKED" | sed "s/-//g; s/.*/INSERT INTO acked VALUES (upper('&'));/" |
        { echo "CREATE TEMP TABLE acked (hex TEXT PRIMARY KEY);"; cat;
          echo "SELECT (SELECT count(*) FROM acked), (SELECT count(*) FROM acked a JOIN learning_event e ON hex(e.event_id) = a.hex),
                       (SELECT count(*) FROM (SELECT event_id FROM learning_event GROUP BY event_id HAVING count(*) > 1));"; } |
        sqlite3 "$DB")
    IFS='|' read -r acked found twice <<< "$stored"
    [ "$acked" = "$found" ] || fail "round $round: $acked acknowledged events, $found stored"
    [ "$twice" = 0 ] || fail "round $round: $twice events stored twice"
    while read -r name hash; do
        [ -f "$DATA/Media/inbox/$name" ] && continue
        local path; path=$(sqlite3 "$DB" "SELECT path FROM source_file WHERE content_hash = '$hash'")
        if [ -z "$path" ] || [ ! -f "$DATA/Media/$path" ]; then fail "round $round: $name is neither in the inbox nor kept"
        elif [ "$(sha256sum "$DATA/Media/$path" | cut -d' ' -f1)" != "$hash" ]; then fail "round $round: kept $path is damaged"; fi
    done < "$DROPPED"
    check_jobs "$round"
    local bad; bad=$(grep '^FAIL' "$WORK/downloads.log" | sort -u | head -3 | tr '\n' ' ')
    [ -z "$bad" ] || fail "round $round: segment downloads: $bad"
    cat "$WORK/downloads.log" >> "$WORK/downloads-all.log"; : > "$WORK/downloads.log"
    "$KLAI" traffic verify --data "$DATA" > "$WORK/verify.txt" 2>&1 || fail "round $round: traffic verify: $(tail -2 "$WORK/verify.txt")"
}

# The pupil signs in once (sessions live in the database and survive every kill): a sign-in costs a
# deliberately slow password hash, longer than some rounds last.
"$KLAI" serve --data "$DATA" --port 0 > "$WORK/serve-0.log" 2>&1 &
server=$!
for _ in $(seq 1 400); do grep -q healthz "$WORK/serve-0.log" && break; sleep 0.05; done
port=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$WORK/serve-0.log" | head -1 | grep -o '[0-9]*/$' | tr -d /)
curl -s -m 120 -c "$WORK/pupil.jar" -H 'Content-Type: application/json' \
    -d '{"username":"1099990001-01001","password":"klai-pupil"}' "http://127.0.0.1:$port/api/sign-in" |
    jq -r .csrf_token > "$WORK/pupil.token"
kill -TERM $server; wait $server
echo "chaos: $N kills, library $DATA"
start=$(date +%s)
for round in $(seq 1 "$N"); do
    [ $((round % 3)) = 1 ] && drop_recording "$round"
    [ $((round % 3)) = 2 ] && import_lesson "$round"
    "$KLAI" serve --data "$DATA" --port 0 > "$WORK/serve-$round.log" 2>&1 &
    server=$!
    port=""
    for _ in $(seq 1 200); do
        port=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$WORK/serve-$round.log" 2>/dev/null | head -1 | grep -o '[0-9]*/$' | tr -d /)
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { fail "round $round: the server did not start: $(tail -3 "$WORK/serve-$round.log")"; kill -9 $server; continue; }
    post_events "$port" & poster=$!
    browse "$port" & browser=$!
    download_segments "$port" & downloader=$!
    sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 1 + r % 1400 / 100 }')"
    kill -9 $server
    wait $server 2>/dev/null
    kill $poster $browser $downloader 2>/dev/null; wait $poster $browser $downloader 2>/dev/null
    sleep 0.3   # workers notice their closed pipe and stop
    check_after_kill "$round"
    echo "round $round: killed after $(grep -c . "$ACKED") acknowledged events so far; jobs $(sqlite3 "$DB" "SELECT group_concat(state || ':' || n, ' ') FROM (SELECT state, count(*) n FROM transcode_job GROUP BY state)")"
done

# Finish every job and check each ended once with a complete tree or a reason.
"$KLAI" jobs run --data "$DATA" > "$WORK/jobs-run.txt" 2>&1
sqlite3 "$DB" "SELECT count(*) FROM transcode_job WHERE state NOT IN ('done', 'failed', 'cancelled')" | grep -qx 0 ||
    fail "unfinished jobs after jobs run"
leftovers=$(find "$DATA/Media/hls" -maxdepth 1 -name '.*partial*' | wc -l)
[ "$leftovers" = 0 ] || fail "$leftovers temporary folder(s) left in Media/hls"
check_after_kill final
workers=$(pgrep -c -f "klai worker" || true)
[ "$workers" = 0 ] || fail "$workers media worker(s) outlived their server"

echo "summary: $N kills in $(( $(date +%s) - start )) s; $(sort -u "$ACKED" | wc -l) acknowledged events;" \
    "every check after every kill passed: $( [ $failures = 0 ] && echo yes || echo "no ($failures failures, listed above)")"
echo "  recordings dropped: $(wc -l < "$DROPPED"), sources kept: $(sqlite3 "$DB" 'SELECT count(*) FROM source_file'), in quarantine: $(ls "$DATA/Media/quarantine" 2>/dev/null | wc -l)"
echo "  segment downloads checked byte for byte: $(grep -c '^ok' "$WORK/downloads-all.log") ($(awk '/^ok/ { n += $2 } END { printf "%.1f", n / 1048576 }' "$WORK/downloads-all.log") MiB), teacher sign-ins: $(grep -c . "$WORK/sign-ins.log")"
echo "  traffic log tails repaired on restart: $(cat "$DATA"/traffic/*.log 2>/dev/null | grep -c '(repair)')"
echo "  jobs: $(sqlite3 "$DB" "SELECT group_concat(state || ' ' || n, ', ') FROM (SELECT state, count(*) n FROM transcode_job GROUP BY state)")"
echo "  failures: $failures"
[ -s "$WORK/poster.log" ] && echo "  poster notes: $(sort "$WORK/poster.log" | uniq -c | sort -rn | head -3)"
[ $failures = 0 ] && rm -rf "$WORK"
[ $failures = 0 ]
