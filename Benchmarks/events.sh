#!/bin/sh
# Events benchmark for KlaiLearning (issue 6): playback-event ingest as 40 classes × 30 pupils send it
# (a batch of 10 events every 10 s each), then at 10×, then 20,000 events/s offered open-loop, then as fast as 64 posters can go, then the same
# ingest done naively (one transaction per event) in the same run; finally a term of 10 million stored
# events and the supervisor's per-school term summary.
#
# Targets: ≥ 20,000 events/s sustained with p99 batch commit ≤ 50 ms; term summary ≤ 200 ms per school.
#
# usage: Benchmarks/events.sh [--seconds 15] [--stored 10000000] [--classes 40] [--pupils 30] [--data DIR]
# The database is written to a temporary folder (about 2 GB for 10 million events) and left there.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product klai-learning-stress >/dev/null
BIN="$(swift build -c release --show-bin-path)/klai-learning-stress"
OUT="Benchmarks/events-results.txt"
{
    echo "# $(date -u '+%Y-%m-%dT%H:%M:%SZ') $(uname -srm), $(nproc) cores"
    "$BIN" bench "$@"
} | tee "$OUT"
