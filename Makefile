# wan-preflight: two commands set everything up on a fresh Debian/Ubuntu machine with Swift 6.
#   make demo   install what is missing, build, and run the tool on the bundled fixtures
#   make test   install what is missing and run the whole test suite

SWIFT ?= swift
BIN := .build/debug/wan-preflight
MEDIA := fixtures/media

.PHONY: deps test-tools build demo test examples docs install uninstall test-install sdk-test test-asan test-tsan fuzz fuzz-regress bench fixtures lint clean

deps:
	@scripts/install-deps.sh

# Programs the tests run hint commands with (ffmpeg, heif-convert, rsvg-convert) and render pages
# with (chromium); never the tool.
test-tools:
	@scripts/install-deps.sh --test-tools

build: deps
	$(SWIFT) build

demo: build
	@echo "== Checking the sample requests: the six tasks pass =="
	@for f in fixtures/requests/*.json fixtures/requests/*.yaml; do \
	  echo "--- wan-preflight check $$f"; $(BIN) check $$f || exit 1; done
	@echo
	@echo "== The common mistakes fail (exit status 1), each with its rule, place and fix =="
	@for f in fixtures/requests/mistakes/*.json; do \
	  echo "--- wan-preflight check $$f"; $(BIN) check $$f; test $$? -eq 1 || exit 1; done
	@echo
	@echo "== fix rewrites the media of a mistake (into .build/demo-fixed) and checks it again =="
	@rm -rf .build/demo-fixed
	$(BIN) fix fixtures/requests/mistakes/image_problems.json --out .build/demo-fixed
	$(BIN) fix --clip $(MEDIA)/video/webm_vp9_2s_320x240.webm --duration 5 --resolution 720P \
	  --out .build/demo-fixed/clip
	@echo
	@echo "== What the probe sees in the fixtures =="
	$(BIN) probe $(MEDIA)/image/*.* $(MEDIA)/audio/*.* $(MEDIA)/video/*.*

test: deps test-tools
	$(SWIFT) test

# Examples/: a package of its own that depends on this one by path and uses MediaProbe and
# WanPreflight as another project would; built and run on a good request and a mistake.
examples: deps
	SWIFT=$(SWIFT) scripts/test-examples.sh

# DocC archives of MediaProbe and WanPreflight (swift-docc-plugin) in .build/docs; a broken
# symbol link fails the build.
docs: deps
	$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation \
	  --target MediaProbe --target WanPreflight --output-path .build/docs --warnings-as-errors

# The binary (release, the Swift runtime linked in), its man pages and bash/zsh/fish completions
# under $(DESTDIR)$(PREFIX); see scripts/install.sh for the paths.
PREFIX ?= /usr/local
install: deps
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) SWIFT=$(SWIFT) scripts/install.sh install

uninstall:
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) scripts/install.sh uninstall

# make install and make uninstall into a temporary prefix, and what they installed, tried.
test-install: deps test-tools
	scripts/test-install.sh

# The official DashScope Python SDK (pinned, in a virtualenv under .build) against
# `wan-preflight serve`: uploads, the six media combinations, errors, build --curl, a restart.
sdk-test: build
	scripts/sdk-e2e.sh

# The whole suite under AddressSanitizer (with leak detection), in a build folder of its own.
test-asan: deps test-tools
	LSAN_OPTIONS=suppressions=$(CURDIR)/.lsan-suppressions \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan

# The suites with concurrent code under ThreadSanitizer: the emulator (server, scheduler,
# stores), the probe's threads (asynchronous, from memory, the fixtures), check, lint, fix and
# preview (task groups, dispatch queues), and serve and lint end to end. The rest (parsers,
# reporters, corpus sweeps, hostile input) run the same threads through the same calls, and their
# memory errors are AddressSanitizer's. TSAN_ALL=1 runs the whole suite.
TSAN_SUITES := '^(WanEmulatorTests\.|MediaProbeTests\.(AsyncProbeTests|MemoryProbeTests|FixtureProbeTests)|WanPreflightTests\.(CheckTests|LintTests|PreviewTests|FixTests)|CLITests\.(ServeCommandTests|LintCommandTests))'
TSAN_FILTER := $(if $(TSAN_ALL),,--filter $(TSAN_SUITES))
test-tsan: deps test-tools
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan $(TSAN_FILTER)

# libFuzzer targets (probe from memory, request parsing) under AddressSanitizer, side by side
# for FUZZ_SECONDS each; seeds from the fixtures, findings in fuzz/findings/ (see fuzz/run.sh).
FUZZ_SECONDS ?= 60
fuzz: deps
	fuzz/run.sh --seconds $(FUZZ_SECONDS)

# Replays every saved finding (fixtures/fuzz/) through the fuzz targets.
fuzz-regress: deps
	fuzz/run.sh --regress

bench: deps
	bench/probe.sh
	bench/build.sh
	bench/fix.sh
	bench/lint.sh
	bench/preview.sh
	bench/serve.sh
	bench/startup.sh

# Regenerates fixtures/media with the ffmpeg CLI (the tests use the committed files).
fixtures:
	fixtures/make-fixtures.sh

# Every build folder: the tests' and demo's (.build), install's, the sanitizers', the benchmarks',
# the fuzz targets' and the examples'.
clean:
	rm -rf .build .build-* fuzz/.build fuzz/.build-* Examples/.build

# Checks formatting with the toolchain's swift-format (configuration: .swift-format).
lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift fuzz/Package.swift fuzz/Sources \
	  Examples/Package.swift Examples/Sources
