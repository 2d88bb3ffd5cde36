#!/usr/bin/env bash
# Runs every fuzz target one after another for SECONDS each (default 600) and prints one summary
# line per target: its duration, executions, corpus growth and whether it crashed.
# Logs: artifacts/log-TARGET.txt.  Usage: Tests/Fuzz/run-all.sh [SECONDS] [TARGET...]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(cookie query form multipart forwarded events csv all)
mkdir -p "$here/artifacts"
built=0
for target in "${targets[@]}"; do
    log="$here/artifacts/log-$target.txt"
    rebuild=1
    case "$target" in events|csv|parser) ;; *) [ $built = 1 ] && rebuild=0; built=1 ;; esac
    start=$(date +%s)
    REBUILD=$rebuild "$here/run.sh" "$target" "$seconds" > "$log" 2>&1
    status=$?
    end=$(date +%s)
    execs=$(grep -o 'number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    added=$(grep -o 'new_units_added: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "$target: $((end - start)) s wall, exit $status, $execs executions, $added new inputs$(grep -q 'ERROR: libFuzzer\|==ERROR\|Fatal error' "$log" && echo ', CRASH (see log)')"
done
