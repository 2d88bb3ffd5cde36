#!/usr/bin/env bash
# Runs the real-Chromium tests against the release klai (make test builds it and installs what they need).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
exec python3 -m pytest -q -p no:cacheprovider "$@" .
