#!/usr/bin/env bash
# Benchmarks/transcode.sh — Klai's in-process HLS ladder against its peers, in one run.
#
#   Benchmarks/transcode.sh [OUTDIR]        (default Benchmarks/out/transcode)
#
# Inputs (generated here with the ffmpeg CLI, the only place Klai's repository uses it):
#   ts720   60 s 1280x720 25 fps H.264 (5 Mb/s, 0.5 s GOP, like a satellite recording) + MP2, MPEG-TS
#   mp41080 60 s 1920x1080 30 fps H.264 (8 Mb/s) + AAC, MP4
#   copy720 60 s 1280x720 25 fps H.264 (2 Mb/s, 2 s GOP) + AAC, MP4: fits the 720p rung, for the copy path
#           (video and audio both fit, so both are copied)
# Contenders, same ladder (234p 110k, 360p 400k, 540p 1100k, 720p 2200k; maxrate 1.5x, bufsize 2x, but
# maxrate 1.2x and 1 s of buffer for the thin-link 234p rung), libx264 preset veryfast, High@4.1, closed
# 2 s GOPs, no scene cuts, AAC 96k stereo 48 kHz for the larger rungs and AAC 32k mono 48 kHz for 234p,
# fMP4 HLS 6 s:
#   klai     `klai transcode` (release build): decode once, rungs on parallel threads
#   ffmpeg   one ffmpeg process: decode once, split filter, 4 encoders, hls muxer with var_stream_map
#   peertube one ffmpeg process per rung, one after another (PeerTube's way): decodes the source 4 times
# Reports wall time, x realtime, CPU time, peak RSS (/usr/bin/time -v) and the ratios klai / peer;
# each run also shows the load average when it ended (other work on the machine skews wall times).
# Environment: PRESET (veryfast), KLAI (path to a built klai; default: swift build -c release),
# ROUNDS (1): run every contender this many times, alternating, and keep each one's fastest run
# (the machine may be shared; the best run is the least disturbed one).
set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${1:-$HERE/out/transcode}
PRESET=${PRESET:-veryfast}
DURATION=60
ROUNDS=${ROUNDS:-1}

# ------------------------------------------------------------------ peers
RUNGS=("416:234:110" "640:360:400" "960:540:1100" "1280:720:2200")
vbv() { # kb/s -> "maxrate bufsize" in kb/s, as PlannedRendition.swift sets them
  if (( $1 <= 250 )); then echo "$(( $1 * 6 / 5 )) $(( $1 * 6 / 5 ))"; else echo "$(( $1 * 3 / 2 )) $(( $1 * 2 ))"; fi
}
x264_args() { # fps -> X264 array: the same encoder settings Klai uses (VideoEncoder.swift)
  local g=$(( $1 * 2 ))
  X264=(-c:v libx264 -preset "$PRESET" -profile:v high -level:v 4.1 -pix_fmt yuv420p -g $g -keyint_min $g
        -sc_threshold 0 -force_key_frames 'expr:gte(t,n_forced*2)' -x264-params open-gop=0)
}
HLS=(-f hls -hls_time 6 -hls_playlist_type vod -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4
     -hls_flags independent_segments+temp_file)

ffmpeg_ladder() { # input fps outdir: one process, decode once, split to every rung
  local input=$1 fps=$2 dir=$3 n=${#RUNGS[@]} filter maps=() rates=() vsm="" i w h k max buf
  filter="[0:v]split=$n"
  for ((i = 0; i < n; i++)); do filter+="[s$i]"; done
  for ((i = 0; i < n; i++)); do
    IFS=: read -r w h k <<<"${RUNGS[i]}"
    filter+=";[s$i]scale=$w:$h[o$i]"
    maps+=(-map "[o$i]")
    read -r max buf <<<"$(vbv "$k")"
    rates+=(-b:v:$i ${k}k -maxrate:v:$i ${max}k -bufsize:v:$i ${buf}k)
    if (( k <= 250 )); then vsm+="v:$i,agroup:thin,name:${h}p "; else vsm+="v:$i,agroup:aud,name:${h}p "; fi
  done
  x264_args "$fps"
  rm -rf "$dir"; mkdir -p "$dir"
  ffmpeg -hide_banner -loglevel error -y -i "$input" -filter_complex "$filter" "${maps[@]}" -map 0:a:0 -map 0:a:0 \
    "${X264[@]}" "${rates[@]}" -c:a aac -b:a:0 96k -ac:a:0 2 -b:a:1 32k -ac:a:1 1 -ar 48000 \
    "${HLS[@]}" -master_pl_name master.m3u8 -hls_segment_filename "$dir/%v/s%05d.m4s" \
    -var_stream_map "${vsm}a:0,agroup:aud,name:audio a:1,agroup:thin,name:audio-low" "$dir/%v/index.m3u8"
}

peertube_ladder() { # input fps outdir: one process per rung, one after another, each decoding the source
  local input=$1 fps=$2 dir=$3 rung w h k max buf sound
  x264_args "$fps"
  rm -rf "$dir"; mkdir -p "$dir"
  for rung in "${RUNGS[@]}"; do
    IFS=: read -r w h k <<<"$rung"
    mkdir -p "$dir/${h}p"
    read -r max buf <<<"$(vbv "$k")"
    if (( k <= 250 )); then sound=(-b:a 32k -ac 1); else sound=(-b:a 96k -ac 2); fi
    ffmpeg -hide_banner -loglevel error -y -i "$input" -vf "scale=$w:$h" "${X264[@]}" \
      -b:v ${k}k -maxrate ${max}k -bufsize ${buf}k -c:a aac "${sound[@]}" -ar 48000 \
      "${HLS[@]}" -hls_segment_filename "$dir/${h}p/s%05d.m4s" "$dir/${h}p/index.m3u8"
  done
}

# The peers run as this script again, so /usr/bin/time measures them as one process tree.
case "${MODE:-}" in
  ffmpeg) ffmpeg_ladder "$@"; exit ;;
  peertube) peertube_ladder "$@"; exit ;;
esac

# ------------------------------------------------------------------ tools
need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
[[ -x /usr/bin/time ]] || need+=(time)
command -v bc >/dev/null || need+=(bc)
if [[ ${#need[@]} -gt 0 ]]; then
  echo "installing: ${need[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [[ -z "${KLAI:-}" ]]; then
  echo "building klai (release)…"
  (cd "$ROOT" && swift build -c release 2>&1 | tail -1)
  KLAI=$(cd "$ROOT" && swift build -c release --show-bin-path)/klai
fi

mkdir -p "$OUT/inputs" "$OUT/runs"
IN=$OUT/inputs

# ------------------------------------------------------------------ inputs
gen() { # name args...
  local file=$1; shift
  [[ -s "$file" ]] && return 0
  echo "generating $(basename "$file")…"
  ffmpeg -hide_banner -loglevel error -y "$@" "$file.part.${file##*.}" && mv "$file.part.${file##*.}" "$file"
}
gen "$IN/ts720.ts" -f lavfi -i "testsrc2=size=1280x720:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
  -t $DURATION -c:v libx264 -preset veryfast -b:v 5M -maxrate 5M -bufsize 10M -g 12 -pix_fmt yuv420p \
  -c:a mp2 -b:a 192k -ac 2 -f mpegts
gen "$IN/mp41080.mp4" -f lavfi -i "testsrc2=size=1920x1080:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
  -t $DURATION -c:v libx264 -preset veryfast -b:v 8M -maxrate 8M -bufsize 16M -g 60 -pix_fmt yuv420p \
  -c:a aac -b:a 128k -ac 2 -movflags +faststart
gen "$IN/copy720.mp4" -f lavfi -i "testsrc2=size=1280x720:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
  -t $DURATION -c:v libx264 -preset veryfast -profile:v high -level 4.1 -b:v 1800k -maxrate 2200k -bufsize 4400k \
  -g 50 -keyint_min 50 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 128k -ac 2 -movflags +faststart

# ------------------------------------------------------------------ measuring
# measure NAME CMD... -> appends "NAME wall rss_kb" to $OUT/results.tsv
measure() {
  local name=$1; shift
  local log=$OUT/runs/$name.time start end
  start=$(date +%s.%N)
  if ! /usr/bin/time -v -o "$log" "$@" >"$OUT/runs/$name.log" 2>&1; then
    echo "FAILED: $name (see $OUT/runs/$name.log)"; tail -5 "$OUT/runs/$name.log"; return 1
  fi
  end=$(date +%s.%N)
  local wall rss cpu load
  wall=$(echo "$end - $start" | bc -l)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {t += $2} END {printf "%.1f", t}' "$log")
  load=$(cut -d' ' -f1 /proc/loadavg)
  printf '%s\t%.2f\t%s\t%s\n' "$name" "$wall" "$rss" "$cpu" >>"$OUT/results.tsv"
  printf '  %-22s %7.2f s  %6.1fx realtime  peak RSS %5d MB  CPU %6.1f s  (load %s)\n' "$name" "$wall" \
    "$(echo "$DURATION / $wall" | bc -l)" $((rss / 1024)) "$cpu" "$load"
}

: >"$OUT/results.tsv"
echo "preset $PRESET, $ROUNDS round(s), $(nproc) cores, $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
for case in "ts720.ts 25" "mp41080.mp4 30"; do
  read -r file fps <<<"$case"
  name=${file%%.*}
  echo "$file:"
  for ((round = 1; round <= ROUNDS; round++)); do
    measure "klai-$name" "$KLAI" transcode "$IN/$file" --out "$OUT/klai-$name" --preset "$PRESET" --no-copy
    measure "ffmpeg-$name" env MODE=ffmpeg "$0" "$IN/$file" "$fps" "$OUT/ffmpeg-$name"
    measure "peertube-$name" env MODE=peertube "$0" "$IN/$file" "$fps" "$OUT/peertube-$name"
  done
done
echo "copy720.mp4 (fits the 720p rung; its AAC-LC stereo 48 kHz audio fits too: both copied):"
for ((round = 1; round <= ROUNDS; round++)); do
  measure "klai-copy720" "$KLAI" transcode "$IN/copy720.mp4" --out "$OUT/klai-copy720" --ladder 720:2200
done

# ------------------------------------------------------------------ report
echo
echo "results ($OUT/results.tsv):"
awk -F'\t' -v d=$DURATION '
  { if (!($1 in wall) || $2 < wall[$1]) { wall[$1] = $2; cpu[$1] = $4 }; if ($3 > rss[$1]) rss[$1] = $3 }
  END {
    printf "  %-10s %-9s %9s %9s %9s %9s %12s %12s\n", "input", "tool", "wall s", "x rt", "CPU s", "RSS MB", "klai/tool", "RSS ratio"
    split("ts720 mp41080", inputs, " ")
    split("klai ffmpeg peertube", tools, " ")
    for (i = 1; i <= 2; i++) for (j = 1; j <= 3; j++) {
      n = tools[j] "-" inputs[i]; k = "klai-" inputs[i]
      if (!(n in wall)) continue
      printf "  %-10s %-9s %9.2f %9.1f %9.1f %9d %12.2f %12.2f\n", inputs[i], tools[j], wall[n], d / wall[n], cpu[n], rss[n] / 1024, \
        wall[k] / wall[n], rss[k] / rss[n]
    }
    if ("klai-copy720" in wall)
      printf "  %-10s %-9s %9.2f %9.1f %9.1f %9d\n", "copy720", "klai", wall["klai-copy720"], d / wall["klai-copy720"], \
        cpu["klai-copy720"], rss["klai-copy720"] / 1024
  }' "$OUT/results.tsv" | tee "$OUT/report.txt"
echo "outputs: $OUT/{klai,ffmpeg,peertube}-*/ (check with an HLS validator, e.g. check-hls.sh DIR SOURCE)"
