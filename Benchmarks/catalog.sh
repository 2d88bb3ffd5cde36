#!/bin/sh
# Catalog benchmark: import 100,000 lessons/recordings with Thai titles, then 1,000 varied filtered
# searches. Targets (issue 4): import ≥ 20,000 records/s, search p95 ≤ 20 ms. Wall-clock figures depend on
# what else the machine runs; the CPU-time figures printed next to them are the steadier measure.
#
# usage: Benchmarks/catalog.sh [COUNT] [WORKDIR]      (defaults: 100000, a temporary folder)
# Uses the release build (swift build -c release --product klai); set KLAI=path to use another binary.
set -eu
COUNT=${1:-100000}
WORK=${2:-$(mktemp -d /tmp/klai-catalog-bench.XXXXXX)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${KLAI:-}" ]; then
    (cd "$ROOT" && swift build -c release --product klai >/dev/null)
    KLAI="$ROOT/.build/release/klai"
fi
mkdir -p "$WORK"
rm -rf "$WORK/data"
python3 "$ROOT/Benchmarks/catalog-generate.py" "$COUNT" "$WORK"
echo "== reference data"
"$KLAI" catalog import --data "$WORK/data" --catalog "$ROOT/Catalog"
echo "== import of $COUNT records (parse, check every record, insert; full-text and secondary indexes built after the rows; one transaction)"
"$KLAI" catalog import --data "$WORK/data" --catalog "$ROOT/Catalog" "$WORK/catalog.json"
echo "== re-import (every record unchanged)"
"$KLAI" catalog import --data "$WORK/data" --catalog "$ROOT/Catalog" "$WORK/catalog.json"
echo "== search"
"$KLAI" catalog search --data "$WORK/data" --catalog "$ROOT/Catalog" --queries "$WORK/queries.json"
ls -l "$WORK/data/Klai.sqlite" | awk '{ printf "database: %.1f MB\n", $5 / 1000000 }'
echo "work folder: $WORK"
