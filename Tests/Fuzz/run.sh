#!/usr/bin/env bash
# Builds KlaiHTTP with libFuzzer and runs it for SECONDS (default 600).
# Targets: the request parser (most inputs), the multipart parser, Range/percent-decoding/route
# splitting, and the connection state machine; the first input byte picks one.
# Usage: Tests/Fuzz/run.sh [SECONDS]        (PARSER_ONLY=1 builds just the request parser)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-600}"
out="$here/artifacts"
mkdir -p "$out/corpus"
src="$root/Sources/KlaiHTTP"
if [ "${PARSER_ONLY:-0}" = 1 ]; then
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
        "$src/HTTPRequestParser.swift" "$src/HTTPRequestParser+Head.swift" "$src/HTTPRequestParser+Chunked.swift" \
        "$src/HTTPRequestHead.swift" "$src/HTTPVersion.swift" "$src/HTTPBodyFraming.swift" \
        "$src/HTTPHeaders.swift" "$src/StringProtocol+HTTP.swift" "$src/HTTPParserError.swift" \
        "$src/HTTPParserLimits.swift" "$src/HTTPStatus.swift" "$here/FuzzHarness.swift" \
        -o "$out/fuzz-http-parser"
    binary="$out/fuzz-http-parser"
else
    # The whole module, with the small C glue target reached through a generated module map.
    cat > "$out/module.modulemap" <<MAP
module CKlaiHTTP {
    header "$root/Sources/CKlaiHTTP/include/CKlaiHTTP.h"
    export *
}
MAP
    # KlaiCrypto (SHA-256 for the traffic log) as its own module, linked in.
    swiftc -wmo -parse-as-library -O -sanitize=address -module-name KlaiCrypto \
        -emit-module -emit-module-path "$out/KlaiCrypto.swiftmodule" \
        -c "$root"/Sources/KlaiCrypto/*.swift -o "$out/KlaiCrypto.o"
    clang -c -O1 -fsanitize=fuzzer-no-link,address -I "$root/Sources/CKlaiHTTP/include" \
        "$root/Sources/CKlaiHTTP/CKlaiHTTP.c" -o "$out/CKlaiHTTP.o"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -D KLAI_FUZZ_ALL -module-name KlaiHTTP \
        -Xcc -fmodule-map-file="$out/module.modulemap" -I "$out" \
        "$src"/*.swift "$here/FuzzHarness.swift" "$here/FuzzTargets.swift" "$out/CKlaiHTTP.o" "$out/KlaiCrypto.o" \
        -o "$out/fuzz-http"
    binary="$out/fuzz-http"
fi
cd "$out"
# Seeds stay read-only in Tests/Fuzz/corpus; new inputs go to artifacts/corpus.
exec "$binary" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
    -artifact_prefix="$out/" "$out/corpus" "$here/corpus"
