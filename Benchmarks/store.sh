#!/usr/bin/env bash
# KlaiStore against the SQLite C API, in the same run, on the same disk.
#   Benchmarks/store.sh [SINGLE BATCHED QUERIES]   (defaults 3000 200000 500000)
# Prints rows/s for each side and KlaiStore's share of raw C throughput. Target: ≥ 0.80 on each line.
set -euo pipefail
cd "$(dirname "$0")/.."
single=${1:-3000} batched=${2:-200000} queries=${3:-500000}
.ci/ensure-packages pkg-config libsqlite3-dev gcc
out=Benchmarks/out/store
mkdir -p "$out"
swift build -c release --product klai >/dev/null
cc -O2 -o "$out/store_c" Benchmarks/store_c.c $(pkg-config --cflags --libs sqlite3)

# Alternate the two sides, seven rounds each, and keep each side's best per workload, so a noisy
# neighbour on a shared machine hurts both alike. Both wall-clock and CPU-time (all threads, user +
# system) rates are shown: CPU time is the steadier measure of work done when the machine is busy;
# inserts one transaction per row wait on fsync, so there wall-clock is the measure that matters.
for round in 1 2 3 4 5 6 7; do
    "$out/store_c" "$out/c.sqlite" "$single" "$batched" "$queries" | sed 's/^/c /' >> "$out/results.$$"
    .build/release/klai bench store "$out/klai.sqlite" --single "$single" --batched "$batched" --queries "$queries" \
        | sed 's/^/klai /' >> "$out/results.$$"
done
python3 - "$out/results.$$" <<'PY'
import sys
best = {}
for line in open(sys.argv[1]):
    side, name, count, wall, cpu = line.split()
    for clock, seconds in (("wall", wall), ("cpu", cpu)):
        key = (side, name, clock)
        best[key] = max(best.get(key, 0), int(count) / max(float(seconds), 1e-9))
print(f"{'workload':<16}{'clock':<6}{'C (rows/s)':>14}{'KlaiStore':>14}{'ratio':>8}")
for name in ["insert-single", "insert-batched", "point-query", "point-query-row"]:
    for clock in ("wall", "cpu"):
        c, k = best[("c", name.replace("-row", ""), clock)], best[("klai", name, clock)]
        print(f"{name:<16}{clock:<6}{c:>14,.0f}{k:>14,.0f}{k / c:>8.2f}")
print("point-query: columns decoded from the statement; point-query-row: each row copied into a Row")
print("target: KlaiStore ≥ 0.80 × C")
PY
rm -f "$out/results.$$" "$out"/*.sqlite*
