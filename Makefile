# Klai: two commands do everything on a Debian bookworm machine with the Swift toolchain.
#   make serve   install missing system packages, build, create the demo library on first run, serve it
#   make test    install what the tests need, run every test
#   make install the production install on a Debian box (root): service user, /etc/klai, systemd units, backups
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

SWIFT ?= swift
DATA ?= $(CURDIR)
PORT ?= 8080
BIND ?= 127.0.0.1

# Debian packages: the C libraries Klai links (see Package.swift's providers) and pkg-config to find them.
BUILD_PACKAGES := pkg-config libsqlite3-dev libavformat-dev libavcodec-dev libavutil-dev \
                  libswscale-dev libswresample-dev libavfilter-dev
# What the running server serves from Debian: the Thai web font (Noto Sans Thai) for every page.
SERVE_PACKAGES := fonts-noto-core
# The browser tests: Debian's Chromium drives the pages, poppler-utils reads the PDFs they download.
TEST_PACKAGES := $(BUILD_PACKAGES) $(SERVE_PACKAGES) chromium poppler-utils
# From PyPI, for the browser tests only: Playwright (driving Debian's chromium) and axe-core's checks.
TEST_PYTHON := pytest playwright axe-playwright-python

# make install: DESTDIR stages the files only; TLS=self-signed or TLS=/path/cert.pem,/path/key.pem adds nginx.
DESTDIR ?=
TLS ?=
PREFIX ?= /usr/local
TLS_PACKAGES := nginx openssl

.PHONY: serve test build install packages test-packages toolchain clean format lint

serve: packages toolchain
	@$(SWIFT) build -c release --product klai 2>&1 | grep -E 'error|warning: |Compiling|Build complete' | grep -v '^\[' || true
	@test -x .build/release/klai || { echo "klai: the release build failed (see above)" >&2; exit 1; }
	@.build/release/klai demo --if-missing --data "$(DATA)"
	@exec .build/release/klai serve --data "$(DATA)" --port "$(PORT)" --bind "$(BIND)"

# One test at a time: the suite runs live servers with timeouts next to CPU-heavy transcodes, and on a
# 2-core machine running them side by side makes timing tests measure the machine, not Klai.
# SWIFT_BACKTRACE=enable=no: a crashing child process exits at once instead of pausing in Swift's
# backtracer, which can hold a test that waits for it past CI's limit.
# Then the real-Chromium journeys (Tests/Browser) against the release binary, as a school would run it.
test: test-packages toolchain lint
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --no-parallel
	@$(SWIFT) build -c release --product klai 2>&1 | grep -E 'error|warning: |Build complete' | grep -v '^\[' || true
	@.ci/ensure-python $(TEST_PYTHON)
	Tests/Browser/run.sh

build: packages toolchain
	$(SWIFT) build -c release --product klai

# Builds the release binary, then lets it install itself (klai install --help lists what it writes). PORT and
# BIND are passed on only when given on the command line, so the install's own defaults (0.0.0.0, or 127.0.0.1
# behind the TLS front) and an existing /etc/klai/klai.conf's values otherwise stand.
install: packages toolchain
	@$(SWIFT) build -c release --product klai 2>&1 | grep -E 'error|warning: |Build complete' | grep -v '^\[' || true
	@test -x .build/release/klai || { echo "klai: the release build failed (see above)" >&2; exit 1; }
	@if [ -z "$(DESTDIR)" ] && [ -n "$(TLS)" ]; then .ci/ensure-packages $(TLS_PACKAGES); fi
	@.build/release/klai install --prefix "$(PREFIX)" --catalog "$(CURDIR)/Catalog" \
		$(if $(DESTDIR),--destdir "$(abspath $(DESTDIR))") $(if $(TLS),--tls "$(TLS)") \
		$(if $(filter command line,$(origin PORT)),--port "$(PORT)") \
		$(if $(filter command line,$(origin BIND)),--bind "$(BIND)")

packages:
	@.ci/ensure-packages $(BUILD_PACKAGES) $(SERVE_PACKAGES)

test-packages:
	@.ci/ensure-packages $(TEST_PACKAGES)

toolchain:
	@command -v $(SWIFT) >/dev/null || { echo "klai: the Swift toolchain (6.x) is not on PATH; install it from swift.org and run again" >&2; exit 1; }

# The code's style (.swift-format) applied in place by the toolchain's swift-format.
format: toolchain
	$(SWIFT) format -i -r --parallel Sources Tests

# Part of make test: code that drifts from the style fails here first (fix with make format).
lint: toolchain
	$(SWIFT) format lint --strict -r --parallel Sources Tests

clean:
	rm -rf .build
