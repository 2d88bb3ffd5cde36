#!/usr/bin/env bash
# Builds a libFuzzer target and runs it for SECONDS (default 600), at the lowest CPU priority.
#
#   Tests/Fuzz/run.sh [TARGET] [SECONDS]
#
# TARGET:
#   all        (default) KlaiHTTP: the first input byte picks the request parser (most inputs), the
#              multipart parser, Range/percent-decoding/route splitting, or the connection state machine
#   cookie | query | form | multipart | forwarded
#              KlaiHTTP: Cookie fields, request-target and query, urlencoded forms, whole multipart
#              uploads, Host and X-Forwarded-For/-Proto values
#   parser     just the request parser (the smallest build)
#   events     the POST /api/events body decoder (KlaiLearning's PlaybackEvent with KlaiStore's timestamps)
#   csv        KlaiText's CSV reader and Windows-874 decoder
# Each target keeps its own corpus in artifacts/corpus-TARGET; seeds in corpus/ (and corpus-TARGET/ when
# present) stay read-only. A crash leaves artifacts/crash-* and a non-zero exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then target=all; seconds="$1"; else target="${1:-all}"; seconds="${2:-600}"; fi
out="$here/artifacts"
mkdir -p "$out/corpus-$target"
src="$root/Sources/KlaiHTTP"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g)
seeds=("$here/corpus")
case "$target" in
parser)
    swiftc "${flags[@]}" \
        "$src/HTTPRequestParser.swift" "$src/HTTPRequestParser+Head.swift" "$src/HTTPRequestParser+Chunked.swift" \
        "$src/HTTPRequestHead.swift" "$src/HTTPVersion.swift" "$src/HTTPBodyFraming.swift" \
        "$src/HTTPHeaders.swift" "$src/StringProtocol+HTTP.swift" "$src/HTTPParserError.swift" \
        "$src/HTTPParserLimits.swift" "$src/HTTPStatus.swift" "$here/FuzzHarness.swift" \
        -o "$out/fuzz-http-parser"
    binary="$out/fuzz-http-parser"
    ;;
events)
    # PlaybackEvent needs only ISO8601Timestamp from KlaiStore: build that one file as a KlaiStore module.
    swiftc -wmo -parse-as-library -O -sanitize=address -module-name KlaiStore \
        -emit-module -emit-module-path "$out/KlaiStore.swiftmodule" \
        -c "$root/Sources/KlaiStore/ISO8601Timestamp.swift" -o "$out/KlaiStore.o"
    progress="$root/Sources/KlaiLearning/Progress"
    swiftc "${flags[@]}" -module-name KlaiLearning -I "$out" \
        "$progress/PlaybackEvent.swift" "$progress/PlaybackTimeline.swift" "$progress/IntervalSet.swift" \
        "$here/Events/FuzzEvents.swift" "$out/KlaiStore.o" -o "$out/fuzz-events"
    binary="$out/fuzz-events"
    seeds=("$here/Events/corpus")
    ;;
csv)
    swiftc "${flags[@]}" -module-name KlaiText "$root"/Sources/KlaiText/*.swift "$here/CSV/FuzzCSV.swift" \
        -o "$out/fuzz-csv"
    binary="$out/fuzz-csv"
    seeds=("$here/CSV/corpus")
    ;;
*)
    # The whole module, with the small C glue target reached through a generated module map.
    if [ ! -x "$out/fuzz-http" ] || [ "${REBUILD:-1}" = 1 ]; then
        cat > "$out/module.modulemap" <<MAP
module CKlaiHTTP {
    header "$root/Sources/CKlaiHTTP/include/CKlaiHTTP.h"
    export *
}
module CKlaiCrypto {
    header "$root/Sources/CKlaiCrypto/include/CKlaiCrypto.h"
    export *
}
MAP
        # KlaiCrypto (SHA-256 and HMAC for the traffic log, with its C SHA-extensions loop) as its own module.
        clang -c -O1 -fsanitize=address -I "$root/Sources/CKlaiCrypto/include" \
            "$root/Sources/CKlaiCrypto/CKlaiCrypto.c" -o "$out/CKlaiCrypto.o"
        swiftc -wmo -parse-as-library -O -sanitize=address -module-name KlaiCrypto \
            -Xcc -fmodule-map-file="$out/module.modulemap" \
            -emit-module -emit-module-path "$out/KlaiCrypto.swiftmodule" \
            -c "$root"/Sources/KlaiCrypto/*.swift -o "$out/KlaiCrypto.o"
        # KlaiRuntime (the blocking-work queue, services) as its own module too.
        swiftc -wmo -parse-as-library -O -sanitize=address -module-name KlaiRuntime \
            -emit-module -emit-module-path "$out/KlaiRuntime.swiftmodule" \
            -c "$root"/Sources/KlaiRuntime/*.swift -o "$out/KlaiRuntime.o"
        clang -c -O1 -fsanitize=fuzzer-no-link,address -I "$root/Sources/CKlaiHTTP/include" \
            "$root/Sources/CKlaiHTTP/CKlaiHTTP.c" -o "$out/CKlaiHTTP.o"
        swiftc "${flags[@]}" -D KLAI_FUZZ_ALL -module-name KlaiHTTP \
            -Xcc -fmodule-map-file="$out/module.modulemap" -I "$out" \
            "$src"/*.swift "$here/FuzzHarness.swift" "$here/FuzzTargets.swift" "$here/FuzzFormTargets.swift" \
            "$out/CKlaiHTTP.o" "$out/KlaiCrypto.o" "$out/CKlaiCrypto.o" "$out/KlaiRuntime.o" -o "$out/fuzz-http"
    fi
    binary="$out/fuzz-http"
    [ "$target" = all ] || export KLAI_FUZZ_TARGET="$target"
    [ -d "$here/corpus-$target" ] && seeds=("$here/corpus-$target")
    ;;
esac
mkdir -p "${seeds[0]}"
cd "$out"
exec nice -n 19 "$binary" -max_total_time="$seconds" -max_len=4096 -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/$target-" "$out/corpus-$target" "${seeds[@]}"
