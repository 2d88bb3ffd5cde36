#!/usr/bin/env bash
# Builds the request parser with libFuzzer and runs it for SECONDS (default 600).
# Usage: Tests/Fuzz/run.sh [SECONDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-600}"
out="$here/artifacts"
mkdir -p "$out/corpus"
src="$root/Sources/KlaiHTTP"
swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
    "$src/HTTPRequestParser.swift" "$src/HTTPRequestParser+Head.swift" "$src/HTTPRequestParser+Chunked.swift" \
    "$src/HTTPRequestHead.swift" "$src/HTTPHeaders.swift" "$src/HTTPParserError.swift" \
    "$src/HTTPParserLimits.swift" "$src/HTTPStatus.swift" "$here/FuzzHarness.swift" \
    -o "$out/fuzz-parser"
cd "$out"
# Seeds stay read-only in Tests/Fuzz/corpus; new inputs go to artifacts/corpus.
exec "$out/fuzz-parser" -max_total_time="$seconds" -max_len=4096 -timeout=5 \
    -artifact_prefix="$out/" "$out/corpus" "$here/corpus"
